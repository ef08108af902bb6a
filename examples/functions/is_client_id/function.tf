terraform {
  required_providers {
    vippsmobilepay = {
      source  = "vippsmobilepay-community/vippsmobilepay"
      version = "~> 0.1"
    }
  }
}

# Vipps MobilePay lists the client_id among the API keys to keep secret, and the provider treats
# it as one: check it in a precondition of whatever hands it on, not in a validation block of
# its variable (which, when it fails, can print the value). Here an output passes it to an
# application's configuration; a malformed value stops the plan with this message.
variable "client_id" {
  description = "The sales unit's client_id, a GUID, as the business portal shows it."
  type        = string
  sensitive   = true
}

output "client_id_for_app" {
  value     = var.client_id
  sensitive = true

  precondition {
    condition     = provider::vippsmobilepay::is_client_id(var.client_id)
    error_message = "client_id must be a GUID, 8-4-4-4-12 hexadecimal digits as the business portal shows it (Developer → API keys), without braces or whitespace."
  }
}

# The function is false, never an error, for null and for anything that is not a GUID.
output "examples" {
  value = {
    guid     = provider::vippsmobilepay::is_client_id("fb492b5e-7907-4d83-ba20-c7fb60ca35de")   # true
    braces   = provider::vippsmobilepay::is_client_id("{fb492b5e-7907-4d83-ba20-c7fb60ca35de}") # false
    too_long = provider::vippsmobilepay::is_client_id("fb492b5e-7907-4d83-ba20-c7fb60ca35de0")  # false
    null     = provider::vippsmobilepay::is_client_id(null)                                     # false
  }
}
