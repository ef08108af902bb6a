# Quick start: one sales unit's API keys, verified against the local sandbox.
#
# `make demo` runs this for you. By hand (the getting-started guide has every step):
#   1. install the provider: `make install-local` (before a Registry release), which puts it
#      in ~/.terraform.d/plugins, where terraform init finds it with no network;
#   2. start the sandbox: go run ./cmd/vippsmobilepay-sandbox
#   3. export the VIPPSMOBILEPAY_BASE_URL=... line it prints;
#   4. terraform init, then terraform apply.
terraform {
  required_providers {
    vippsmobilepay = {
      source  = "vippsmobilepay-community/vippsmobilepay"
      version = "~> 0.1"
    }
  }
}

# The base URL comes from VIPPSMOBILEPAY_BASE_URL, which the sandbox prints when it starts.
# Without it, the provider talks to https://apitest.vipps.no.
provider "vippsmobilepay" {
  environment = "test"
}

# MSN 123456 in the sandbox's test environment holds the example keys from Vipps
# MobilePay's API keys page. Apply exchanges them for an access token to prove they work.
#
# With write_only = true the secrets travel through ephemeral variables into write-only
# arguments instead, and never reach the plan or the state.
#
# The MSN and client_id are written here because they are not secrets, and because
# `terraform validate` then checks them: it treats variables as unknown.
resource "vippsmobilepay_key_set" "quickstart" {
  merchant_serial_number = "123456"
  environment            = "test"
  client_id              = "fb492b5e-7907-4d83-bc20-c7fb60ca35de"

  client_secret            = var.write_only ? null : var.client_secret
  subscription_key_primary = var.write_only ? null : var.subscription_key_primary

  client_secret_wo            = var.write_only ? var.client_secret_wo : null
  subscription_key_primary_wo = var.write_only ? var.subscription_key_primary_wo : null
  secrets_wo_version          = var.write_only ? var.secrets_wo_version : null
}
