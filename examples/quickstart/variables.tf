# The defaults below are the public example keys, which only the sandbox accepts. Real keys
# never belong in a .tf file: set TF_VAR_client_secret and TF_VAR_subscription_key_primary.
#
# The validation blocks use the provider's functions, which check formats offline with the
# same rules as the key set resource: a typo fails `terraform validate` and `plan` with the
# variable's own message, before any request (tests/ shows them with expect_failures).
variable "client_secret" {
  description = "The key set's client_secret, padded standard Base64."
  type        = string
  sensitive   = true
  default     = "Y8Kteew6GE3ZmeycEt6egg=="

  # Null in write-only mode (write-only.tfvars.example).
  validation {
    condition     = var.client_secret == null || provider::vippsmobilepay::is_client_secret(var.client_secret)
    error_message = "client_secret must be padded standard Base64 of at least 16 bytes, as the business portal shows it."
  }
}

variable "subscription_key_primary" {
  description = "The key set's primary Ocp-Apim-Subscription-Key."
  type        = string
  sensitive   = true
  default     = "0f14ebcab0eb4b29ae0cb90d91b4a84a"

  validation {
    condition     = var.subscription_key_primary == null || provider::vippsmobilepay::is_subscription_key(var.subscription_key_primary)
    error_message = "subscription_key_primary must be the 32 hexadecimal characters the business portal shows, or canonical Base64."
  }
}

variable "write_only" {
  description = "Pass the secrets through client_secret_wo and subscription_key_primary_wo (Terraform 1.11+), so that neither plan nor state holds them."
  type        = bool
  default     = false
}

# Write-only mode reads these instead: ephemeral, so Terraform never stores them. Set them with
# TF_VAR_client_secret_wo and TF_VAR_subscription_key_primary_wo, and set client_secret and
# subscription_key_primary to null (see write-only.tfvars.example).
variable "client_secret_wo" {
  description = "The client_secret, for write-only mode."
  type        = string
  sensitive   = true
  ephemeral   = true
  default     = null

  validation {
    condition     = var.client_secret_wo == null || provider::vippsmobilepay::is_client_secret(var.client_secret_wo)
    error_message = "client_secret_wo must be padded standard Base64 of at least 16 bytes, as the business portal shows it."
  }
}

variable "subscription_key_primary_wo" {
  description = "The primary subscription key, for write-only mode."
  type        = string
  sensitive   = true
  ephemeral   = true
  default     = null

  validation {
    condition     = var.subscription_key_primary_wo == null || provider::vippsmobilepay::is_subscription_key(var.subscription_key_primary_wo)
    error_message = "subscription_key_primary_wo must be the 32 hexadecimal characters the business portal shows, or canonical Base64."
  }
}

variable "secrets_wo_version" {
  description = "Bump when the write-only secrets change, so they are sent and verified again."
  type        = number
  default     = 1
}
