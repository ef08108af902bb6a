# Offline and without secrets: the mocked provider answers for the resource, so no request is
# made; the provider's own format checks still run, from the installed provider. The keys are
# the public examples from Vipps MobilePay's documentation.
#
#   terraform init -backend=false && terraform test -filter=tests/validation.tftest.hcl
mock_provider "vippsmobilepay" {}

variables {
  client_id                  = "fb492b5e-7907-4d83-ba20-c7fb60ca35de"
  client_secret              = "Y8Kteew6GE2ZmeycEt6egg=="
  subscription_key_primary   = "0f14ebcab0ec4b29ae0cb90d91b4a84a"
  subscription_key_secondary = "da7d5b0e18a84aeda961c0c31b75c2a9"
}

run "plans_with_well_formed_keys" {
  command = plan

  assert {
    condition     = vippsmobilepay_key_set.shop.merchant_serial_number == "123456" && vippsmobilepay_key_set.shop.environment == "test"
    error_message = "The configuration should manage MSN 123456 in test."
  }
}

run "requires_both_subscription_keys" {
  command = plan

  variables {
    subscription_key_secondary = null
  }

  expect_failures = [vippsmobilepay_key_set.shop]
}
