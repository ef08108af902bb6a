# HashiCorp Vault KV v2, zero-state: the ephemeral key set verifies the keys and its
# credentials_json goes to the write-only data_json_wo. Neither the plan nor the state holds
# a secret. Needs Terraform 1.11 and a Vault provider with write-only arguments (5.0 or later).
terraform {
  required_version = ">= 1.11"

  required_providers {
    vault = {
      source  = "hashicorp/vault"
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

resource "vault_kv_secret_v2" "vipps" {
  mount = "secret"
  name  = "shop/vipps"

  # Vault provider 5.x never reads the secret's data back into the state, so nothing secret is
  # stored; a refresh still notices a secret deleted outside Terraform.
  data_json_wo         = ephemeral.vippsmobilepay_key_set.shop.credentials_json
  data_json_wo_version = var.keys_version
}
