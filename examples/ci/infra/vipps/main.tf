# A small configuration for the CI pipelines next to it (../../github-actions.yml,
# ../../gitlab-ci.yml), which expect it in infra/vipps: one sales unit's key set in the test
# environment, its keys from CI secrets (TF_VAR_client_secret, ...). The "Plan checks in CI"
# guide explains each part.
terraform {
  required_version = ">= 1.11"

  required_providers {
    vippsmobilepay = {
      source  = "vippsmobilepay-community/vippsmobilepay"
      version = "~> 0.1"
    }
  }
}

provider "vippsmobilepay" {
  environment = "test"
  # Null: VIPPSMOBILEPAY_BASE_URL if set (the sandbox prints it), else https://apitest.vipps.no.
  base_url = var.base_url
}

resource "vippsmobilepay_key_set" "shop" {
  merchant_serial_number     = "123456" # your sales unit's MSN: not a secret, so validate checks it
  environment                = "test"
  client_id                  = var.client_id
  client_secret              = var.client_secret
  subscription_key_primary   = var.subscription_key_primary
  subscription_key_secondary = var.subscription_key_secondary

  lifecycle {
    # A rule of this configuration, beyond the formats the resource checks itself: both
    # subscription keys, so that regenerating one in the portal never leaves the apps without
    # a working key. A failed precondition names the variable but never shows its value.
    precondition {
      condition     = var.subscription_key_secondary != null
      error_message = "Set subscription_key_secondary too (TF_VAR_subscription_key_secondary), so that a key can be regenerated while the other serves."
    }
  }
}

output "fingerprint" {
  description = "Changes when any key changes; never secret."
  value       = vippsmobilepay_key_set.shop.fingerprint
}
