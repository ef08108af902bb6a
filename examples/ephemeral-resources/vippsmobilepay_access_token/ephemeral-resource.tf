terraform {
  required_providers {
    vippsmobilepay = {
      source  = "vippsmobilepay-community/vippsmobilepay"
      version = "~> 0.1"
    }
  }
}

# Terraform 1.10 and later. The token is fetched during plan and again during apply, and is
# never written to the plan or the state. A token lives 1 hour in test and 24 hours in
# production; within one run, every reference to the same keys shares one token.

# With no arguments, the provider's credentials are used (VIPPSMOBILEPAY_CLIENT_ID,
# VIPPSMOBILEPAY_CLIENT_SECRET, VIPPSMOBILEPAY_SUBSCRIPTION_KEY, VIPPSMOBILEPAY_MERCHANT_SERIAL_NUMBER).
ephemeral "vippsmobilepay_access_token" "provider_keys" {}

# Or a sales unit's own keys, here from ephemeral variables so they are not stored either.
variable "client_id" {
  type      = string
  sensitive = true
}

variable "client_secret" {
  type      = string
  sensitive = true
  ephemeral = true
}

variable "subscription_key" {
  type      = string
  sensitive = true
  ephemeral = true
}

ephemeral "vippsmobilepay_access_token" "shop" {
  merchant_serial_number = "123456"
  environment            = "test"
  client_id              = var.client_id
  client_secret          = var.client_secret
  subscription_key       = var.subscription_key
}

# Ephemeral values can go to provider blocks, other ephemeral resources, write-only
# arguments and provisioners. Here a provisioner lists the sales unit's webhooks with curl
# whenever the key set below changes: a smoke test that the keys reach an API. Terraform
# suppresses the output of a provisioner that uses ephemeral values.
#
# The request goes where the provider's own requests go: VIPPSMOBILEPAY_BASE_URL when it is set
# (a sandbox, a proxy; the provisioner sees Terraform's environment), else the test
# environment's public API, which base_url("test") returns. A token from one API is no good at
# another. (The sandbox serves no Webhooks API: there the smoke test gets a 404 and fails.)
resource "vippsmobilepay_key_set" "shop" {
  merchant_serial_number      = "123456"
  environment                 = "test"
  client_id                   = var.client_id
  client_secret_wo            = var.client_secret
  subscription_key_primary_wo = var.subscription_key
  secrets_wo_version          = 1
}

resource "terraform_data" "webhooks_smoke_test" {
  triggers_replace = [vippsmobilepay_key_set.shop.fingerprint]

  provisioner "local-exec" {
    command = <<-EOT
      curl --fail --silent --show-error "$${VIPPSMOBILEPAY_BASE_URL:-$BASE_URL}/webhooks/v1/webhooks" \
        --header "Authorization: $AUTHORIZATION" \
        --header "Ocp-Apim-Subscription-Key: $SUBSCRIPTION_KEY" \
        --header "Merchant-Serial-Number: 123456" \
        --header "Vipps-System-Name: acme-platform"
    EOT
    environment = {
      BASE_URL         = provider::vippsmobilepay::base_url("test")
      AUTHORIZATION    = ephemeral.vippsmobilepay_access_token.shop.authorization_header
      SUBSCRIPTION_KEY = var.subscription_key
    }
  }
}
