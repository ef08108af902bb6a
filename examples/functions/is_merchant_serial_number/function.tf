terraform {
  required_providers {
    vippsmobilepay = {
      source  = "vippsmobilepay-community/vippsmobilepay"
      version = "~> 0.1"
    }
  }
}

# A variable validation over a whole fleet: every MSN must be 4 to 10 digits. MSNs are not
# secret, so a validation block suits them, and its message may list the bad ones.
variable "merchant_serial_numbers" {
  description = "The sales units to manage, by merchant serial number (MSN)."
  type        = set(string)

  validation {
    condition = alltrue([
      for msn in var.merchant_serial_numbers : provider::vippsmobilepay::is_merchant_serial_number(msn)
    ])
    error_message = "Every merchant serial number must be 4 to 10 digits, e.g. \"123456\". Not valid: ${join(", ", [for msn in var.merchant_serial_numbers : msn if !provider::vippsmobilepay::is_merchant_serial_number(msn)])}."
  }
}
