# Terraform 1.5 and later. The id is "<environment>/<merchant_serial_number>"; the secrets
# come from the resource's configuration, as no API reveals them.
import {
  to = vippsmobilepay_key_set.example
  id = "test/123456"
}
