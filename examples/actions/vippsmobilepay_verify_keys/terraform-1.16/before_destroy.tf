# A last proof when a key set leaves state. Removing a key set only makes Terraform forget its
# keys; they keep working until they are regenerated in the business portal. Before the key set
# goes (removed from the configuration, one instance of a for_each, terraform destroy), the
# action proves its keys as the state holds them, through caller: "Verified ..." in the apply
# log means they still work and must be regenerated if the sales unit is gone; a refusal shows
# as a warning, and on_failure = continue never lets it block the removal.
#
# caller reads the state, so this needs a key set with the plain arguments (keys in state,
# sensitive). A write-only key set's state has no keys to prove (the action would say it
# received none), and destroy actions take no ephemeral values: prove those on a schedule.
variable "shop_keys" {
  description = "The sales unit's keys from the business portal."
  type = object({
    client_id                = string
    client_secret            = string
    subscription_key_primary = string
  })
  sensitive = true
}

resource "vippsmobilepay_key_set" "shop" {
  merchant_serial_number   = "123456"
  environment              = "production"
  client_id                = var.shop_keys.client_id
  client_secret            = var.shop_keys.client_secret
  subscription_key_primary = var.shop_keys.subscription_key_primary

  lifecycle {
    action_trigger {
      events     = [before_destroy]
      actions    = [action.vippsmobilepay_verify_keys.leaving]
      on_failure = continue
    }
  }
}

action "vippsmobilepay_verify_keys" "leaving" {
  config {
    merchant_serial_number     = caller.merchant_serial_number
    environment                = caller.environment
    client_id                  = caller.client_id
    client_secret              = caller.client_secret
    subscription_key_primary   = caller.subscription_key_primary
    subscription_key_secondary = caller.subscription_key_secondary
    active_subscription_key    = caller.active_subscription_key
  }
}
