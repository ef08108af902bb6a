# A GitHub Actions secret, zero-state: the github provider's github_actions_secret has no
# write-only argument (none up to 6.13; check the provider's docs: once it has one, use it like
# the other stores' examples). Until then, hand the verified keys to the GitHub CLI:
# the ephemeral key set verifies them, a local-exec provisioner pipes credentials_json into
# `gh secret set`, and Terraform stores no secret and suppresses the provisioner's output.
# Needs Terraform 1.10, and gh authenticated (GH_TOKEN) where Terraform runs.
terraform {
  required_version = ">= 1.10"

  required_providers {
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
  description = "Bump whenever the keys change: the secret is set again only when it changes."
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

variable "repository" {
  description = "The repository whose workflows read the secret, as OWNER/NAME."
  type        = string
}

resource "terraform_data" "vipps_secret" {
  triggers_replace = [var.repository, var.keys_version]

  provisioner "local-exec" {
    command = "printf '%s' \"$VIPPS_CREDENTIALS\" | gh secret set VIPPS_CREDENTIALS --repo \"$REPOSITORY\""
    environment = {
      VIPPS_CREDENTIALS = ephemeral.vippsmobilepay_key_set.shop.credentials_json
      REPOSITORY        = var.repository
    }
  }
}
