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
