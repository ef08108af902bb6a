# A key-age policy for one key set: check.tf warns once its keys are older than max_key_age.
# Against the sandbox, run it as the rotating-keys guide says (its demo sales unit 123456).
terraform {
  required_providers {
    vippsmobilepay = {
      source  = "vippsmobilepay-community/vippsmobilepay"
      version = "~> 0.1"
    }
  }
}

# The keys come from the business portal (Developer, API keys, Show keys); pass the secrets in
# as sensitive variables, e.g. TF_VAR_client_secret and TF_VAR_subscription_key_primary.
variable "client_secret" {
  type      = string
  sensitive = true
}

variable "subscription_key_primary" {
  type      = string
  sensitive = true
}

resource "vippsmobilepay_key_set" "shop" {
  merchant_serial_number   = "123456"
  environment              = "test"
  client_id                = "fb492b5e-7907-4d83-ba20-c7fb60ca35de"
  client_secret            = var.client_secret
  subscription_key_primary = var.subscription_key_primary
}
