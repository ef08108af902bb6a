variable "merchant_serial_number" {
  description = "The sales unit's merchant serial number (MSN)."
  type        = string
  default     = "123456"
}

variable "client_id" {
  description = "The key set's client_id, a GUID."
  type        = string
  default     = "fb492b5e-7907-4d83-bc20-c7fb60ca35de"
}

# The defaults below are the public example keys, which only the sandbox accepts. Real keys
# never belong in a .tf file: set TF_VAR_client_secret and TF_VAR_subscription_key_primary.
variable "client_secret" {
  description = "The key set's client_secret, padded standard Base64."
  type        = string
  sensitive   = true
  default     = "Y8Kteew6GE3ZmeycEt6egg=="
}

variable "subscription_key_primary" {
  description = "The key set's primary Ocp-Apim-Subscription-Key."
  type        = string
  sensitive   = true
  default     = "0f14ebcab0eb4b29ae0cb90d91b4a84a"
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
}

variable "subscription_key_primary_wo" {
  description = "The primary subscription key, for write-only mode."
  type        = string
  sensitive   = true
  ephemeral   = true
  default     = null
}

variable "secrets_wo_version" {
  description = "Bump when the write-only secrets change, so they are sent and verified again."
  type        = number
  default     = 1
}
