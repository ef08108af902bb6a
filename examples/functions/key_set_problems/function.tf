terraform {
  required_providers {
    vippsmobilepay = {
      source  = "vippsmobilepay-community/vippsmobilepay"
      version = "~> 0.1"
    }
  }
}

# One call checks a whole key set and names every problem, in the words the
# vippsmobilepay_key_set resource would use. Attributes left out are not checked.
variable "key_set" {
  description = "A sales unit's keys, as one object."
  type = object({
    merchant_serial_number     = string
    environment                = optional(string, "test")
    client_id                  = string
    client_secret              = string
    subscription_key_primary   = string
    subscription_key_secondary = optional(string)
  })
  sensitive = true
}

# A precondition of whatever hands the keys on, here an output with the JSON an application
# reads (in a real module, a secret store's resource): the plan stops with every problem, and
# no value. The sentences never contain a value, so nonsensitive() may show them. Not a
# validation block on the variable: when that fails, Terraform can print the value.
output "credentials_json" {
  value = jsonencode({
    base_url               = provider::vippsmobilepay::base_url(var.key_set.environment)
    client_id              = var.key_set.client_id
    client_secret          = var.key_set.client_secret
    merchant_serial_number = var.key_set.merchant_serial_number
    subscription_key       = var.key_set.subscription_key_primary
  })
  sensitive = true

  precondition {
    condition     = length(provider::vippsmobilepay::key_set_problems(var.key_set)) == 0
    error_message = nonsensitive(join(" ", provider::vippsmobilepay::key_set_problems(var.key_set)))
  }
}

# The same check for keys assembled inside the module, which are not secret here.
locals {
  shop_keys = {
    merchant_serial_number = "123456"
    environment            = "test"
  }
}

output "shop_key_set_id" {
  value = "${local.shop_keys.environment}/${local.shop_keys.merchant_serial_number}"

  precondition {
    condition     = length(provider::vippsmobilepay::key_set_problems(local.shop_keys)) == 0
    error_message = join("\n", provider::vippsmobilepay::key_set_problems(local.shop_keys))
  }
}

# For example, key_set_problems({ client_id = "not-a-guid", merchant_serial_number = "12" })
# returns:
#   [
#     "merchant_serial_number must be 4 to 10 digits (for example 123456).",
#     "client_id must be a GUID as the business portal shows it: 32 hexadecimal digits in the groups 8-4-4-4-12, without braces or whitespace.",
#   ]
