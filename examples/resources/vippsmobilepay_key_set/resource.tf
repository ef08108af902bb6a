terraform {
  required_providers {
    vippsmobilepay = {
      source  = "vippsmobilepay-community/vippsmobilepay"
      version = "~> 0.1"
    }
  }
}

# The keys come from the business portal (portal.vippsmobilepay.com: Developer, API keys,
# Show keys). Pass the secrets in as sensitive variables, for example from
# TF_VAR_client_secret and TF_VAR_subscription_key_primary, or from a secret store.
variable "client_secret" {
  type      = string
  sensitive = true
}

variable "subscription_key_primary" {
  type      = string
  sensitive = true
}

resource "vippsmobilepay_key_set" "example" {
  merchant_serial_number   = "123456"
  environment              = "test"
  client_id                = "fb492b5e-7907-4d83-ba20-c7fb60ca35de"
  client_secret            = var.client_secret
  subscription_key_primary = var.subscription_key_primary
}

# A key set with both subscription keys, using the secondary one while the primary is being
# regenerated in the portal.
variable "shop_keys" {
  type = object({
    client_id                  = string
    client_secret              = string
    subscription_key_primary   = string
    subscription_key_secondary = string
  })
  sensitive = true
}

resource "vippsmobilepay_key_set" "shop" {
  merchant_serial_number     = "123456"
  environment                = "production"
  client_id                  = var.shop_keys.client_id
  client_secret              = var.shop_keys.client_secret
  subscription_key_primary   = var.shop_keys.subscription_key_primary
  subscription_key_secondary = var.shop_keys.subscription_key_secondary
  active_subscription_key    = "secondary"
}

# Downstream resources can react to rotation without seeing a secret.
output "key_set_fingerprint" {
  value = vippsmobilepay_key_set.example.fingerprint
}

# Write-only secrets (Terraform 1.11 and later): the secrets come from ephemeral variables and
# reach neither the plan nor the state, which keeps the sales unit, the fingerprint and
# verified_at. Bump secrets_wo_version whenever a secret changes: it sends the current values
# and verifies them again. Terraform never shows write-only values; the planned fingerprint
# changes when they do.
#
# Rotation triggers: any change re-verifies the keys. Here a new month does, so even keys that
# nothing else touches are proven again on the first apply of each month (write-only key sets
# are not re-checked on refresh, as the state has no secret to check with). With the
# hashicorp/time provider, `{ rotated = time_rotating.keys.id }` does the same on any schedule.
variable "kiosk_client_secret" {
  type      = string
  sensitive = true
  ephemeral = true
}

variable "kiosk_subscription_key_primary" {
  type      = string
  sensitive = true
  ephemeral = true
}

resource "vippsmobilepay_key_set" "kiosk" {
  merchant_serial_number      = "234567"
  environment                 = "test"
  client_id                   = "4d6bf3f2-3d51-42ac-a9aa-9fee53095551"
  client_secret_wo            = var.kiosk_client_secret
  subscription_key_primary_wo = var.kiosk_subscription_key_primary
  secrets_wo_version          = 1

  rotation_triggers = {
    month = formatdate("YYYY-MM", plantimestamp())
  }
}
