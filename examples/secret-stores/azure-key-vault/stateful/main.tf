# Azure Key Vault, stateful: the key set resource verifies the keys, and the JSON
# provider::vippsmobilepay::credentials_json builds from it becomes the secret's value. The
# Terraform state holds the keys twice (the key set and the Key Vault secret), marked
# sensitive: keep it in an encrypted backend with restricted access.
terraform {
  required_version = ">= 1.8" # provider::vippsmobilepay::credentials_json

  required_providers {
    azurerm = {
      source  = "hashicorp/azurerm"
      version = ">= 4.0"
    }
    vippsmobilepay = {
      source  = "vippsmobilepay-community/vippsmobilepay"
      version = "~> 0.1"
    }
  }
}

variable "merchant_serial_number" {
  description = "The sales unit's merchant serial number (MSN)."
  type        = string
}

variable "client_id" {
  description = "The key set's client_id, from the business portal. Vipps MobilePay counts it among the keys to keep secret."
  type        = string
  sensitive   = true
}

variable "client_secret" {
  description = "The key set's client_secret. Set TF_VAR_client_secret; never write it in a file."
  type        = string
  sensitive   = true
}

variable "subscription_key_primary" {
  description = "The key set's primary subscription key. Set TF_VAR_subscription_key_primary."
  type        = string
  sensitive   = true
}

# Verified on every create and update, and re-checked on every refresh: regenerated keys show
# up as drift in the plan.
resource "vippsmobilepay_key_set" "shop" {
  merchant_serial_number   = var.merchant_serial_number
  environment              = "production"
  client_id                = var.client_id
  client_secret            = var.client_secret
  subscription_key_primary = var.subscription_key_primary
}

provider "azurerm" {
  features {}
}

variable "key_vault_id" {
  description = "The ID of the Key Vault that holds the application's secrets."
  type        = string
}

# A new secret version is written only after the new keys have proven themselves.
resource "azurerm_key_vault_secret" "vipps" {
  name         = "vipps-${var.merchant_serial_number}"
  key_vault_id = var.key_vault_id
  content_type = "application/json"
  value        = provider::vippsmobilepay::credentials_json(vippsmobilepay_key_set.shop)
}
