terraform {
  required_providers {
    vippsmobilepay = {
      source  = "vippsmobilepay-community/vippsmobilepay"
      version = "~> 0.1"
    }
  }
}

# A precondition on an output that hands the secret to another system: the plan stops with
# this message when the value is not a client_secret, and the value itself is never shown.
variable "client_secret" {
  description = "The sales unit's client_secret, padded standard Base64."
  type        = string
  sensitive   = true
}

output "client_secret_for_app" {
  value     = var.client_secret
  sensitive = true

  precondition {
    condition     = provider::vippsmobilepay::is_client_secret(var.client_secret)
    error_message = "client_secret must be padded standard Base64 of at least 16 bytes, e.g. 24 characters ending in \"==\". Copy it again from the business portal; a trailing newline or a missing \"=\" is a common cause."
  }
}
