# Only some units: these MSNs, of those only the ones whose names contain "Fjordkaffe"
# (ignoring case). Use it instead of the list block above, not beside it: with both,
# -generate-config-out writes two key set blocks for the same sales unit.
list "vippsmobilepay_key_set" "fjordkaffe" {
  provider = vippsmobilepay

  config {
    environment             = "production"
    merchant_serial_numbers = ["123456", "123457"]
    name_contains           = "Fjordkaffe"
  }
}
