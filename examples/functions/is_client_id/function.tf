terraform {
  required_providers {
    vippsmobilepay = {
      source  = "vippsmobilepay-community/vippsmobilepay"
      version = "~> 0.1"
    }
  }
}

# A variable validation: a malformed client_id fails `terraform validate` and `plan` with
# your own message, before any provider is configured or any request is made.
variable "client_id" {
  description = "The sales unit's client_id, a GUID, as the business portal shows it."
  type        = string

  validation {
    condition     = provider::vippsmobilepay::is_client_id(var.client_id)
    error_message = "client_id must be a GUID such as fb492b5e-7907-4d83-bc20-c7fb60ca35de (Developer → API keys in the business portal)."
  }
}

# The function is false, never an error, for null and for anything that is not a GUID.
output "examples" {
  value = {
    guid     = provider::vippsmobilepay::is_client_id("fb492b5e-7907-4d83-bc20-c7fb60ca35de")   # true
    braces   = provider::vippsmobilepay::is_client_id("{fb492b5e-7907-4d83-bc20-c7fb60ca35de}") # false
    too_long = provider::vippsmobilepay::is_client_id("fb492b5e-7907-4d83-bc20-c7fb60ca35de0")  # false
    null     = provider::vippsmobilepay::is_client_id(null)                                     # false
  }
}
