# HCP Terraform or Terraform Enterprise, zero-state: the ephemeral key set verifies the keys and
# its credentials_json becomes a sensitive Terraform variable of another workspace (the one that
# deploys the application), through tfe_variable's write-only value_wo. Neither this
# configuration's plan nor its state holds a secret; HCP Terraform keeps the variable
# write-protected and never shows it. Needs Terraform 1.11 and tfe provider 0.75.0 or later, the
# first release with value_wo_version; the tfe provider reads TFE_TOKEN (and TFE_HOSTNAME for
# Terraform Enterprise).
#
# Checked against tfe_variable's schema in the provider's source
# (hashicorp/terraform-provider-tfe, internal/provider/resource_tfe_variable.go at v0.75.0):
# key and category (terraform or env) are required; value_wo is optional, sensitive and
# write-only, needs value_wo_version (a number) and excludes value; description, sensitive and
# workspace_id (or variable_set_id) are optional.
terraform {
  required_version = ">= 1.11"

  required_providers {
    tfe = {
      source  = "hashicorp/tfe"
      version = ">= 0.75.0"
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

# Ephemeral: Terraform keeps these out of the plan and the state. Set TF_VAR_client_secret
# and TF_VAR_subscription_key_primary on every plan and apply.
variable "client_secret" {
  description = "The key set's client_secret."
  type        = string
  sensitive   = true
  ephemeral   = true
}

variable "subscription_key_primary" {
  description = "The key set's primary subscription key."
  type        = string
  sensitive   = true
  ephemeral   = true
}

variable "keys_version" {
  description = "Bump whenever the keys change: write-only arguments are only sent when their version changes."
  type        = number
  default     = 1
}
# Verifies the keys during plan and apply and hands them on; stores nothing.
ephemeral "vippsmobilepay_key_set" "shop" {
  merchant_serial_number   = var.merchant_serial_number
  environment              = "production"
  client_id                = var.client_id
  client_secret            = var.client_secret
  subscription_key_primary = var.subscription_key_primary
}

variable "workspace_id" {
  description = "The ID (ws-...) of the workspace whose runs read the keys as var.vipps_credentials."
  type        = string
}

# The application's workspace declares variable "vipps_credentials" (sensitive) and reads it with
# jsondecode(). A new value_wo_version writes the current keys again.
resource "tfe_variable" "vipps" {
  workspace_id     = var.workspace_id
  key              = "vipps_credentials"
  category         = "terraform"
  description      = "Vipps MobilePay API keys of sales unit ${var.merchant_serial_number} (managed by Terraform)"
  sensitive        = true
  value_wo         = ephemeral.vippsmobilepay_key_set.shop.credentials_json
  value_wo_version = var.keys_version
}
