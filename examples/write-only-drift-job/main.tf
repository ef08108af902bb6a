# A drift job for a key set whose secrets are write-only. Refresh cannot check such a key set
# (the state holds no secret), so a scheduled `terraform plan` stays green after the keys are
# regenerated in the portal. The ephemeral key set below proves the keys from the same source
# on every plan instead, and fails the plan (Key set rejected) as soon as one no longer works.
terraform {
  required_providers {
    vippsmobilepay = {
      source  = "vippsmobilepay-community/vippsmobilepay"
      version = "~> 0.1"
    }
  }
}

# From the secret store or the CI's secret variables, e.g. TF_VAR_client_secret; ephemeral,
# so Terraform never stores them.
variable "client_secret" {
  type      = string
  sensitive = true
  ephemeral = true
}

variable "subscription_key_primary" {
  type      = string
  sensitive = true
  ephemeral = true
}

variable "keys_version" {
  type    = number
  default = 1
}

resource "vippsmobilepay_key_set" "shop" {
  merchant_serial_number      = "123456"
  environment                 = "test"
  client_id                   = "fb492b5e-7907-4d83-ba20-c7fb60ca35de"
  client_secret_wo            = var.client_secret
  subscription_key_primary_wo = var.subscription_key_primary
  secrets_wo_version          = var.keys_version
}

# Opened, and so verified, on every plan and apply; never stored.
ephemeral "vippsmobilepay_key_set" "shop_now" {
  merchant_serial_number   = vippsmobilepay_key_set.shop.merchant_serial_number
  environment              = vippsmobilepay_key_set.shop.environment
  client_id                = vippsmobilepay_key_set.shop.client_id
  client_secret            = var.client_secret
  subscription_key_primary = var.subscription_key_primary
}
