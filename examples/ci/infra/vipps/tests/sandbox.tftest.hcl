# Against the sandbox, without secrets: its demo data holds MSN 123456 with the public example
# keys below. They go to a local sandbox and nowhere else: sandbox_only makes base_url's
# validation (variables.tf) stop every run, before any request, unless it is http:// on a
# loopback address. The check is the configuration's own, where base_url is declared a string,
# so every CLI reads TF_VAR_base_url as one.
#
#   TF_VAR_base_url=http://127.0.0.1:8787 terraform test -filter=tests/sandbox.tftest.hcl
variables {
  sandbox_only = true

  client_id                  = "fb492b5e-7907-4d83-ba20-c7fb60ca35de"
  client_secret              = "Y8Kteew6GE2ZmeycEt6egg=="
  subscription_key_primary   = "0f14ebcab0ec4b29ae0cb90d91b4a84a"
  subscription_key_secondary = "da7d5b0e18a84aeda961c0c31b75c2a9"
}

# Apply exchanges the keys for an access token at the sandbox.
run "apply_verifies_the_keys" {
  assert {
    condition     = vippsmobilepay_key_set.shop.verified_at != null
    error_message = "Apply should have verified the keys (verified_at is null)."
  }

  assert {
    condition     = can(regex("^sha256:[0-9a-f]{16}$", output.fingerprint))
    error_message = "The fingerprint should be sha256:<16 hexadecimal digits>."
  }
}
