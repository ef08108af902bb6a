# No validation blocks on the keys: the key set resource checks every key's format when you
# plan, naming the attribute without the value, where a failing variable validation would print
# the value. (base_url's below is no secret.)
variable "base_url" {
  description = "Where the provider sends its requests. Null: VIPPSMOBILEPAY_BASE_URL, else the test environment."
  type        = string
  default     = null

  validation {
    condition     = !var.sandbox_only || can(regex("^http://(?:localhost|127\\.0\\.0\\.1|\\[::1\\]):[0-9]+/?$", var.base_url))
    error_message = "Only a local sandbox may get the example keys: set base_url (TF_VAR_base_url) to the URL the sandbox printed."
  }
}

variable "sandbox_only" {
  description = "Refuse to plan unless base_url is a local sandbox's URL (http:// on a loopback address): tests/sandbox.tftest.hcl sets it."
  type        = bool
  default     = false
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
