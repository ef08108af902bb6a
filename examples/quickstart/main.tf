# Quick start: one sales unit's API keys, verified against the sandbox, a local twin of the
# Vipps MobilePay API that needs no account and no network. The getting-started guide shows
# how to install the provider and start the sandbox; then, in a copy of this directory:
#
#   export VIPPSMOBILEPAY_BASE_URL=http://127.0.0.1:8787   # the line the sandbox prints
#   terraform init
#   terraform apply
terraform {
  # Write-only arguments and ephemeral variables (write-only mode) need Terraform 1.11.
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
  # Null unless set: then the provider reads VIPPSMOBILEPAY_BASE_URL, and without that it
  # talks to Vipps MobilePay's test environment, https://apitest.vipps.no.
  base_url = var.base_url
}

# MSN 123456 in the sandbox's test environment holds the example keys from Vipps
# MobilePay's API keys page. Apply exchanges them for an access token to prove they work.
#
# The resource checks every key's format offline when you plan, and names what is wrong
# ("client_secret has a trailing newline; remove it (trimspace())") without ever showing the
# value. A malformed client_id here, in main.tf, already fails `terraform validate`.
#
# With write_only = true the secrets travel through ephemeral variables into write-only
# arguments instead, and never reach the plan or the state.
resource "vippsmobilepay_key_set" "quickstart" {
  merchant_serial_number = "123456"
  environment            = "test"
  client_id              = "fb492b5e-7907-4d83-ba20-c7fb60ca35de"

  client_secret            = var.write_only ? null : var.client_secret
  subscription_key_primary = var.write_only ? null : var.subscription_key_primary

  client_secret_wo            = var.write_only ? var.client_secret_wo : null
  subscription_key_primary_wo = var.write_only ? var.subscription_key_primary_wo : null
  secrets_wo_version          = var.write_only ? var.secrets_wo_version : null
}
