# A key set is imported by "<environment>/<merchant_serial_number>". No API reveals keys,
# so the secrets are not read back: after the import they come from configuration, and the
# next apply verifies them.
terraform import vippsmobilepay_key_set.example test/123456
