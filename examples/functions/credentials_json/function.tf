terraform {
  required_providers {
    vippsmobilepay = {
      source  = "vippsmobilepay-community/vippsmobilepay"
      version = "~> 0.1"
    }
  }
}

variable "client_id" {
  description = "The sales unit's client_id."
  type        = string
  sensitive   = true
}

variable "client_secret" {
  description = "The sales unit's client_secret."
  type        = string
  sensitive   = true
}

variable "subscription_key_primary" {
  description = "The sales unit's primary subscription key."
  type        = string
  sensitive   = true
}

resource "vippsmobilepay_key_set" "shop" {
  merchant_serial_number   = "123456"
  environment              = "test"
  client_id                = var.client_id
  client_secret            = var.client_secret
  subscription_key_primary = var.subscription_key_primary
}

# The key set as the JSON object applications read, for a secret store:
# {"base_url":"https://apitest.vipps.no","client_id":"…","client_secret":"…",
#  "merchant_serial_number":"123456","subscription_key":"…"}.
# Terraform marks it sensitive because the key set is, so the output must say so too. A store's
# write-only argument (aws_ssm_parameter's value_wo, tfe_variable's value_wo, ...) takes it
# without storing it. For a key set whose secrets are write-only, use
# ephemeral.vippsmobilepay_key_set.NAME.credentials_json instead: this function has no secret to
# build from and says so.
output "credentials_json" {
  value     = provider::vippsmobilepay::credentials_json(vippsmobilepay_key_set.shop)
  sensitive = true
}
