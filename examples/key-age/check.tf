# How old keys may get before the plan warns: a Go duration, 180 days by default.
variable "max_key_age" {
  type    = string
  default = "4320h"
}

# keys_changed_at moves only when the key material does (a new key from the portal), never
# when the same keys are proven again, so it is the keys' age. A check block warns and never
# fails the plan, and it prints no secret.
check "key_age" {
  assert {
    condition = timecmp(
      timeadd(vippsmobilepay_key_set.shop.keys_changed_at, var.max_key_age),
      plantimestamp(),
    ) > 0
    error_message = "The API keys of MSN ${vippsmobilepay_key_set.shop.merchant_serial_number} last changed at ${vippsmobilepay_key_set.shop.keys_changed_at}, longer ago than the policy's ${var.max_key_age}: regenerate them in the business portal and apply the new ones (guide: Rotating keys)."
  }
}
