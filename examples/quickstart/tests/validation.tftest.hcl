# Offline: a mocked provider answers for the resources, so these runs need no sandbox, no
# network and no keys. The provider's own validation still runs, from your installed build, so
# a key in the wrong format fails them, as it would fail a plan in CI.
#
# A key set's own errors cannot be listed in expect_failures, which only takes checkable
# objects (variables, outputs, check blocks and resources' preconditions). To test a check of
# your own, write it as a lifecycle precondition and list the resource there.
mock_provider "vippsmobilepay" {
  # OpenTofu's mocks make up values for computed attributes; the credentials_json output needs a
  # real slot name, as the resource would plan.
  mock_resource "vippsmobilepay_key_set" {
    defaults = {
      active_subscription_key = "primary"
    }
  }
}

# Terraform before 1.17 rejects an ephemeral variable left at its null default in an apply
# run (hashicorp/terraform#38974); only plan runs here, but keep tests uniform.
variables {
  client_secret_wo            = "Y8Kteew6GE2ZmeycEt6egg=="
  subscription_key_primary_wo = "0f14ebcab0ec4b29ae0cb90d91b4a84a"
}

run "plans_with_the_example_keys" {
  command = plan

  assert {
    condition     = vippsmobilepay_key_set.quickstart.merchant_serial_number == "123456" && vippsmobilepay_key_set.quickstart.environment == "test"
    error_message = "The quick start should manage MSN 123456 in test."
  }
}

# In write-only mode the stateful secrets are null and the plan holds no secret.
run "plans_in_write_only_mode" {
  command = plan

  variables {
    write_only               = true
    client_secret            = null
    subscription_key_primary = null
  }

  assert {
    condition     = vippsmobilepay_key_set.quickstart.client_secret == null && vippsmobilepay_key_set.quickstart.subscription_key_primary == null
    error_message = "In write-only mode the plan should hold no client_secret or subscription_key_primary."
  }
}
