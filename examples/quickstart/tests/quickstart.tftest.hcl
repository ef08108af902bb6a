# `terraform test` for the quick start, against the sandbox. In a copy of examples/quickstart,
# with the sandbox running:
#
#   TF_VAR_base_url=http://127.0.0.1:8787 terraform test   # the URL the sandbox printed
#
# These runs send the public example keys, so they go to a local sandbox and nowhere else:
# sandbox_only = true below makes base_url's validation stop every run unless it is http:// on
# a loopback address. VIPPSMOBILEPAY_BASE_URL alone is not enough here, as a test file cannot
# read the environment. The check is the module's own, where base_url is declared a string, so
# every CLI reads TF_VAR_base_url as one (a provider block in a test file cannot declare it on
# Terraform 1.11 and OpenTofu, and Terraform 1.15 would parse it as an expression).
#
# Runs share one state, in order: each apply builds on the one before, and Terraform destroys
# what is left at the end (which, for a key set, only forgets it). validation.tftest.hcl
# needs no sandbox; write_only.tftest.hcl starts in write-only mode.
# Terraform before 1.17 rejects an ephemeral variable left at its null default in an apply
# run ("was not set during the plan phase", hashicorp/terraform#38974), so the write-only
# variables always get a value here; the stateful runs ignore them.
variables {
  # Stops every run, before any request, unless base_url is a local sandbox (variables.tf).
  sandbox_only = true

  client_secret_wo            = "Y8Kteew6GE2ZmeycEt6egg=="
  subscription_key_primary_wo = "0f14ebcab0ec4b29ae0cb90d91b4a84a"
}

# Plan needs no request: the ID and the fingerprint are known from the configuration.
run "plan_knows_id_and_fingerprint" {
  command = plan

  assert {
    condition     = vippsmobilepay_key_set.quickstart.id == "test/123456"
    error_message = "The planned id should be \"test/123456\", <environment>/<merchant_serial_number>."
  }

  assert {
    condition     = can(regex("^sha256:[0-9a-f]{16}$", vippsmobilepay_key_set.quickstart.fingerprint))
    error_message = "The planned fingerprint should be sha256:<16 hexadecimal digits>."
  }
}

# Apply exchanges the keys for a token at the sandbox.
run "apply_verifies_the_keys" {
  assert {
    condition     = output.id == "test/123456"
    error_message = "id should be \"test/123456\"."
  }

  assert {
    condition     = output.verified_at != null && can(formatdate("YYYY", output.verified_at))
    error_message = "verified_at should be an RFC 3339 timestamp after a successful verification."
  }

  assert {
    condition     = can(regex("^sha256:[0-9a-f]{16}$", output.fingerprint))
    error_message = "fingerprint should be sha256:<16 hexadecimal digits>."
  }

  assert {
    condition     = jsondecode(output.credentials_json).merchant_serial_number == "123456"
    error_message = "credentials_json should carry the key set's merchant_serial_number."
  }

  assert {
    condition     = jsondecode(output.credentials_json).subscription_key == var.subscription_key_primary
    error_message = "credentials_json should carry the active (primary) subscription key."
  }
}

# The same keys, now through write-only arguments: nothing secret stays in state, and the
# fingerprint does not change because the key material did not.
run "switch_to_write_only" {
  variables {
    # OpenTofu reads another run's outputs only here, not in assertions.
    fingerprint_before       = run.apply_verifies_the_keys.fingerprint
    write_only               = true
    client_secret            = null
    subscription_key_primary = null
  }

  assert {
    condition     = vippsmobilepay_key_set.quickstart.client_secret == null && vippsmobilepay_key_set.quickstart.subscription_key_primary == null
    error_message = "In write-only mode the state should hold no client_secret or subscription_key_primary."
  }

  assert {
    condition     = output.credentials_json == null
    error_message = "In write-only mode the credentials_json output should be null."
  }

  assert {
    condition     = output.verified_at != null
    error_message = "The write-only keys should have been verified."
  }

  assert {
    condition     = output.fingerprint == var.fingerprint_before
    error_message = "The fingerprint should not change when the same keys move to write-only arguments."
  }
}
