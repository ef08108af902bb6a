# AWS Systems Manager Parameter Store, zero-state: the ephemeral key set verifies the keys and
# its credentials_json goes to the write-only value_wo of a SecureString parameter. Neither the
# plan nor the state holds a secret. Needs Terraform 1.11 and the AWS provider's value_wo.
#
# Checked against aws_ssm_parameter's schema in the provider's source
# (hashicorp/terraform-provider-aws, internal/service/ssm/parameter.go at a 6.x commit after
# 6.7.0): name and type are required; value_wo is optional, sensitive and write-only, needs
# value_wo_version (a number) and excludes value and insecure_value; description is optional.
# The provider still reads the parameter back with decryption (kms:Decrypt, as
# hashicorp/terraform-provider-aws#42849 reports) but stores no value.
terraform {
  required_version = ">= 1.11"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 6.8"
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

# Applications read it with GetParameter and WithDecryption. A new value_wo_version writes the
# current keys as the parameter's next version.
resource "aws_ssm_parameter" "vipps" {
  name             = "/shop/vipps/${var.merchant_serial_number}"
  description      = "Vipps MobilePay API keys of sales unit ${var.merchant_serial_number} (managed by Terraform)"
  type             = "SecureString"
  value_wo         = ephemeral.vippsmobilepay_key_set.shop.credentials_json
  value_wo_version = var.keys_version
}
