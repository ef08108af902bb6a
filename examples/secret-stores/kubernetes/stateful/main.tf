# A Kubernetes secret, stateful: the key set resource verifies the keys, and each becomes a
# key of the secret, ready for a Deployment's envFrom. The Terraform state holds the keys
# twice (the key set and the Kubernetes secret), marked sensitive: keep it in an encrypted
# backend with restricted access.
terraform {
  required_version = ">= 1.8" # provider::vippsmobilepay::base_url

  required_providers {
    kubernetes = {
      source  = "hashicorp/kubernetes"
      version = ">= 2.7" # kubernetes_secret_v1
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

resource "kubernetes_secret_v1" "vipps" {
  metadata {
    name      = "vipps-credentials"
    namespace = "shop"
  }

  # The secret is updated only after the new keys have proven themselves.
  data = {
    VIPPS_CLIENT_ID              = vippsmobilepay_key_set.shop.client_id
    VIPPS_CLIENT_SECRET          = vippsmobilepay_key_set.shop.client_secret
    VIPPS_SUBSCRIPTION_KEY       = vippsmobilepay_key_set.shop.subscription_key_primary
    VIPPS_MERCHANT_SERIAL_NUMBER = vippsmobilepay_key_set.shop.merchant_serial_number
    VIPPS_BASE_URL               = provider::vippsmobilepay::base_url(vippsmobilepay_key_set.shop.environment)
  }
}
