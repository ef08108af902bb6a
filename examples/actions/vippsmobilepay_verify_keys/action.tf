# Terraform 1.14 and later. Proves a key set works, on demand and without changing anything:
#
#   terraform apply -invoke=action.vippsmobilepay_verify_keys.shop
#
# The keys are write-only arguments: the plan shows "(write-only attribute)" instead of them.
# For -invoke they come from a sensitive variable that is not ephemeral: Terraform 1.16 and
# later run an invoked action with the values they planned, and a plan never keeps ephemeral
# values, so keys from an ephemeral variable would arrive empty (the action then says so and
# calls nothing). Nothing here reaches the state; a plan saved with -out would hold the keys,
# as it holds every variable that is not ephemeral, so invoke with `apply`, not a saved plan.
terraform {
  required_version = ">= 1.14"

  required_providers {
    vippsmobilepay = {
      source  = "vippsmobilepay-community/vippsmobilepay"
      version = "~> 0.1"
    }
  }
}

variable "shop_keys" {
  description = "The sales unit's keys from the business portal."
  type = object({
    client_id                  = string
    client_secret              = string
    subscription_key_primary   = string
    subscription_key_secondary = optional(string)
  })
  sensitive = true
}

action "vippsmobilepay_verify_keys" "shop" {
  config {
    merchant_serial_number     = "123456"
    environment                = "production"
    client_id                  = var.shop_keys.client_id
    client_secret              = var.shop_keys.client_secret
    subscription_key_primary   = var.shop_keys.subscription_key_primary
    subscription_key_secondary = var.shop_keys.subscription_key_secondary
  }
}
