variable "max_key_age" {
  description = "How old keys may get before the plan warns, in hours: 4320h is 180 days."
  type        = string
  default     = "4320h"

  validation {
    condition     = can(timeadd("2000-01-01T00:00:00Z", var.max_key_age))
    error_message = "max_key_age must be a duration such as 4320h (180 days) or 720h (30 days): timeadd() knows the units h, m and s, but not d."
  }
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
