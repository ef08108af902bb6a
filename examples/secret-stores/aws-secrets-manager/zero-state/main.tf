# AWS Secrets Manager, zero-state: the ephemeral key set verifies the keys and its
# credentials_json goes to the write-only secret_string_wo. Neither the plan nor the state
# holds a secret. Needs Terraform 1.11 and AWS provider 5.88 or later (secret_string_wo).
terraform {
  required_version = ">= 1.11"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.88"
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

resource "aws_secretsmanager_secret" "vipps" {
  name        = "shop/vipps-${var.merchant_serial_number}"
  description = "Vipps MobilePay API keys of sales unit ${var.merchant_serial_number} (managed by Terraform)"
}

resource "aws_secretsmanager_secret_version" "vipps" {
  secret_id                = aws_secretsmanager_secret.vipps.id
  secret_string_wo         = ephemeral.vippsmobilepay_key_set.shop.credentials_json
  secret_string_wo_version = var.keys_version
}

# Optional: a key set resource with write-only secrets keeps a record in the state (the sales
# unit, the fingerprint, when the keys were last verified) without any secret. It verifies
# again whenever keys_version changes.
resource "vippsmobilepay_key_set" "shop" {
  merchant_serial_number      = var.merchant_serial_number
  environment                 = "production"
  client_id                   = var.client_id
  client_secret_wo            = var.client_secret
  subscription_key_primary_wo = var.subscription_key_primary
  secrets_wo_version          = var.keys_version
}
