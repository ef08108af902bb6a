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
  client_id                = "fb492b5e-7907-4d83-bc20-c7fb60ca35de"
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
  merchant_serial_number     = "654321"
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
