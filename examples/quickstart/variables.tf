# The defaults below are the public example keys, which only the sandbox accepts. Real keys
# never belong in a .tf file: set TF_VAR_client_secret and TF_VAR_subscription_key_primary.
#
# The secrets have no validation blocks on purpose. The key set resource checks them itself and
# never shows them; a variable's own validation block does, on Terraform: when it fails,
# Terraform prints the value, or the line of the .tfvars file it came from, even for a
# sensitive or ephemeral variable. (base_url's below is no secret.)
variable "base_url" {
  description = "Where the provider sends its requests: the sandbox's URL, as it prints it (VIPPSMOBILEPAY_BASE_URL=...). Null means the VIPPSMOBILEPAY_BASE_URL environment variable, or Vipps MobilePay's test environment when that is not set either."
  type        = string
  default     = null

  validation {
    condition     = !var.sandbox_only || can(regex("^http://(?:localhost|127\\.0\\.0\\.1|\\[::1\\]):[0-9]+/?$", var.base_url))
    error_message = "Only a local sandbox may get the example keys: set base_url (TF_VAR_base_url) to the URL the sandbox printed."
  }
}

variable "sandbox_only" {
  description = "Refuse to plan unless base_url is a local sandbox's URL (http:// on a loopback address). The tests set it, so that the example keys go nowhere else."
  type        = bool
  default     = false
}

variable "client_secret" {
  description = "The key set's client_secret, padded standard Base64. Null in write-only mode."
  type        = string
  sensitive   = true
  default     = "Y8Kteew6GE2ZmeycEt6egg=="
}

variable "subscription_key_primary" {
  description = "The key set's primary Ocp-Apim-Subscription-Key. Null in write-only mode."
  type        = string
  sensitive   = true
  default     = "0f14ebcab0ec4b29ae0cb90d91b4a84a"
}

variable "write_only" {
  description = "Pass the secrets through client_secret_wo and subscription_key_primary_wo, so that neither plan nor state holds them."
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
