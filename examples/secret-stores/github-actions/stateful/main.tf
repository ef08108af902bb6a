# A GitHub Actions secret, stateful: the key set resource verifies the keys, and the JSON
# provider::vippsmobilepay::credentials_json builds from it becomes a repository secret. GitHub
# encrypts the value before it leaves Terraform, but the provider still keeps the plaintext in
# the Terraform state (marked sensitive), next to the key set's own copy: keep the state in an
# encrypted backend with restricted access.
terraform {
  required_version = ">= 1.8" # provider::vippsmobilepay::credentials_json

  required_providers {
    github = {
      source  = "integrations/github"
      version = ">= 6.12" # value; before 6.12 the argument was plaintext_value
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

variable "repository" {
  description = "The repository whose workflows read the secret, e.g. \"shop-backend\"."
  type        = string
}

# A new value is written only after the new keys have proven themselves.
resource "github_actions_secret" "vipps" {
  repository  = var.repository
  secret_name = "VIPPS_CREDENTIALS"
  value       = provider::vippsmobilepay::credentials_json(vippsmobilepay_key_set.shop)
}
