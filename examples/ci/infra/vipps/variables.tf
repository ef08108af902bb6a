# No validation blocks: the key set resource checks every key's format when you plan, naming
# the attribute without the value, where a failing variable validation would print the value.
variable "base_url" {
  description = "Where the provider sends its requests. Null: VIPPSMOBILEPAY_BASE_URL, else the test environment."
  type        = string
  default     = null
}

variable "client_id" {
  description = "The key set's client_id (a GUID)."
  type        = string
  sensitive   = true
}

variable "client_secret" {
  description = "The key set's client_secret."
  type        = string
  sensitive   = true
}

variable "subscription_key_primary" {
  description = "The primary Ocp-Apim-Subscription-Key."
  type        = string
  sensitive   = true
}

variable "subscription_key_secondary" {
  description = "The secondary Ocp-Apim-Subscription-Key."
  type        = string
  sensitive   = true
  default     = null
}
