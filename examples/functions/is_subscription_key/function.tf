terraform {
  required_providers {
    vippsmobilepay = {
      source  = "vippsmobilepay-community/vippsmobilepay"
      version = "~> 0.1"
    }
  }
}

# A check block: Terraform reports a warning at the end of every plan and apply when a
# subscription key is malformed, without stopping the run. Useful for keys that come from
# somewhere else (a secret store, another team's module) and are not used here directly.
variable "subscription_keys" {
  description = "The primary and secondary Ocp-Apim-Subscription-Key of a sales unit."
  type = object({
    primary   = string
    secondary = optional(string)
  })
  sensitive = true
}

check "subscription_keys_well_formed" {
  assert {
    condition = alltrue([
      provider::vippsmobilepay::is_subscription_key(var.subscription_keys.primary),
      # A missing secondary key is fine; a malformed one is not.
      var.subscription_keys.secondary == null || provider::vippsmobilepay::is_subscription_key(var.subscription_keys.secondary),
    ])
    error_message = "A subscription key is malformed: each must be the 32 hexadecimal characters the business portal shows, or canonical Base64."
  }
}
