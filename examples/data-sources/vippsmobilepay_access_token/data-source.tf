terraform {
  required_providers {
    vippsmobilepay = {
      source  = "vippsmobilepay-community/vippsmobilepay"
      version = "~> 0.1"
    }
  }
}

# Only for a consumer that cannot take an ephemeral value (another data source's arguments).
# This data source stores the access token in the state and reads a new one on every plan.
# Wherever an ephemeral value can go, use the ephemeral resource of the same name instead:
# same arguments and results, and nothing is stored.

# With no arguments, the provider's credentials are used.
data "vippsmobilepay_access_token" "provider_keys" {}

variable "client_secret" {
  type      = string
  sensitive = true
}

variable "subscription_key" {
  type      = string
  sensitive = true
}

# A sales unit's own keys.
data "vippsmobilepay_access_token" "shop" {
  merchant_serial_number = "123456"
  environment            = "test"
  client_id              = "fb492b5e-7907-4d83-ba20-c7fb60ca35de"
  client_secret          = var.client_secret
  subscription_key       = var.subscription_key
}

# authorization_header ("Bearer …") and the same subscription key are what a standard API
# call needs, e.g. as request_headers of the hashicorp/http data source. The token expires
# (expires_on): a plan saved now and applied much later hands on an expired token.
output "shop_token_expires_on" {
  value = data.vippsmobilepay_access_token.shop.expires_on
}
