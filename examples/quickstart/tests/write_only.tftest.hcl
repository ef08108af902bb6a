# The quick start in write-only mode from the first apply, against the sandbox (see
# quickstart.tftest.hcl for how these tests run): the secrets arrive through ephemeral
# variables and write-only arguments, and the state keeps none of them.
#
# Like quickstart.tftest.hcl, every run stops unless var.base_url is a local sandbox
# (sandbox_only).
variables {
  # Stops every run, before any request, unless base_url is a local sandbox (variables.tf).
  sandbox_only = true

  write_only                  = true
  client_secret               = null
  subscription_key_primary    = null
  client_secret_wo            = "Y8Kteew6GE2ZmeycEt6egg=="
  subscription_key_primary_wo = "0f14ebcab0ec4b29ae0cb90d91b4a84a"
  secrets_wo_version          = 1
}

run "create_write_only" {
  assert {
    condition     = output.id == "test/123456" && output.verified_at != null
    error_message = "The key set should be created and verified."
  }

  assert {
    condition = alltrue([
      vippsmobilepay_key_set.quickstart.client_secret == null,
      vippsmobilepay_key_set.quickstart.subscription_key_primary == null,
      output.credentials_json == null,
    ])
    error_message = "The state should hold no secret in write-only mode."
  }

  assert {
    condition     = vippsmobilepay_key_set.quickstart.secrets_wo_version == 1
    error_message = "secrets_wo_version should be recorded: it is the change signal for write-only values."
  }
}

# Terraform never shows write-only values, but the provider computes the fingerprint from them
# at plan time, so a changed write-only key is a changed fingerprint and a planned update, even
# before secrets_wo_version is bumped.
run "changed_write_only_secret_changes_the_planned_fingerprint" {
  command = plan

  variables {
    # OpenTofu reads another run's outputs only here, not in assertions.
    fingerprint_before = run.create_write_only.fingerprint
    client_secret_wo   = "AAAAAAAAAAAAAAAAAAAAAA=="
  }

  assert {
    condition     = vippsmobilepay_key_set.quickstart.fingerprint != var.fingerprint_before
    error_message = "A different write-only client_secret should plan a different fingerprint."
  }
}

# Bumping the version sends the write-only values again; the same keys verify and keep their
# fingerprint.
run "bumped_version_resends_the_same_keys" {
  variables {
    fingerprint_before = run.create_write_only.fingerprint
    secrets_wo_version = 2
  }

  assert {
    condition     = output.verified_at != null && output.fingerprint == var.fingerprint_before
    error_message = "The same keys under a new version should verify again with the same fingerprint."
  }
}
