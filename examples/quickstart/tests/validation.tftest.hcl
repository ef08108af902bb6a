# Variable validation, offline: a mocked provider answers for the resources, so these runs
# need no sandbox, no network and no keys (the provider's functions still run, from the
# local build). Use the same pattern to test your own module's checks in CI without secrets.
mock_provider "vippsmobilepay" {}

# Terraform before 1.17 rejects an ephemeral variable left at its null default in an apply
# run (hashicorp/terraform#38974); only plan runs here, but keep tests uniform.
variables {
  client_secret_wo            = "Y8Kteew6GE3ZmeycEt6egg=="
  subscription_key_primary_wo = "0f14ebcab0eb4b29ae0cb90d91b4a84a"
}

run "accepts_the_example_keys" {
  command = plan
}

run "rejects_client_secret_without_padding" {
  command = plan

  variables {
    client_secret = "Y8Kteew6GE3ZmeycEt6egg"
  }

  expect_failures = [var.client_secret]
}

run "rejects_subscription_key_with_spaces" {
  command = plan

  variables {
    subscription_key_primary = "0f14ebca b0eb4b29 ae0cb90d 91b4a84a"
  }

  expect_failures = [var.subscription_key_primary]
}

run "rejects_malformed_write_only_secret" {
  command = plan

  variables {
    write_only               = true
    client_secret            = null
    subscription_key_primary = null
    client_secret_wo         = "not base64!"
  }

  expect_failures = [var.client_secret_wo]
}

# In write-only mode the stateful secrets are null, which their validations allow.
run "accepts_write_only_mode" {
  command = plan

  variables {
    write_only               = true
    client_secret            = null
    subscription_key_primary = null
  }
}
