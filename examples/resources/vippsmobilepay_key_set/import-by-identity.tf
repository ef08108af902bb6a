# Terraform 1.12 and later (and OpenTofu 1.12): the key set's identity is its environment and
# merchant serial number. The secrets come from the resource's configuration, as no API
# reveals them; the first apply verifies them.
import {
  to = vippsmobilepay_key_set.example
  identity = {
    environment            = "test"
    merchant_serial_number = "123456"
  }
}
