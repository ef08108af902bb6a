# Google Secret Manager, stateful: the key set resource verifies the keys, and the JSON
# provider::vippsmobilepay::credentials_json builds from it becomes the secret version's data.
# The Terraform state holds the keys twice (the key set and the secret version), marked
# sensitive: keep it in an encrypted backend with restricted access.
terraform {
  required_version = ">= 1.8" # provider::vippsmobilepay::credentials_json

  required_providers {
    google = {
      source  = "hashicorp/google"
      version = ">= 5.0"
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

resource "google_secret_manager_secret" "vipps" {
  secret_id = "vipps-${var.merchant_serial_number}"

  replication {
    auto {}
  }
}

# A new secret version is added only after the new keys have proven themselves.
resource "google_secret_manager_secret_version" "vipps" {
  secret      = google_secret_manager_secret.vipps.id
  secret_data = provider::vippsmobilepay::credentials_json(vippsmobilepay_key_set.shop)
}
