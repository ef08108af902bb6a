# A Kubernetes secret, zero-state: the ephemeral key set verifies the keys and they go to the
# write-only data_wo. Neither the plan nor the state holds a secret. Needs Terraform 1.11 and
# kubernetes provider 2.36 or later (data_wo).
terraform {
  required_version = ">= 1.11"

  required_providers {
    kubernetes = {
      source  = "hashicorp/kubernetes"
      version = ">= 2.36"
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

resource "kubernetes_secret_v1" "vipps" {
  metadata {
    name      = "vipps-credentials"
    namespace = "shop"
  }

  data_wo = {
    VIPPS_CLIENT_ID              = ephemeral.vippsmobilepay_key_set.shop.client_id
    VIPPS_CLIENT_SECRET          = ephemeral.vippsmobilepay_key_set.shop.client_secret
    VIPPS_SUBSCRIPTION_KEY       = ephemeral.vippsmobilepay_key_set.shop.subscription_key
    VIPPS_MERCHANT_SERIAL_NUMBER = ephemeral.vippsmobilepay_key_set.shop.merchant_serial_number
    VIPPS_BASE_URL               = ephemeral.vippsmobilepay_key_set.shop.base_url
  }
  # Required for data_wo to be written at all, and bumped to write it again.
  data_wo_revision = var.keys_version
}
