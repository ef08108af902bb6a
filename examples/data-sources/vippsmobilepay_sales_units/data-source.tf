terraform {
  required_providers {
    vippsmobilepay = {
      source  = "vippsmobilepay-community/vippsmobilepay"
      version = "~> 0.1"
    }
  }
}

# Every sales unit the provider's production keys reach: with partner keys, the units of
# every merchant connected to the partner.
data "vippsmobilepay_sales_units" "all" {}

# One merchant's units only. A merchant with no active unit the keys reach is an error.
data "vippsmobilepay_sales_units" "fjordkaffe" {
  business_identifier = {
    scheme = "business:NO:ORG"
    id     = "914532884"
  }
}

# by_msn is keyed by MSN, ready for for_each: here, every unit's details.
data "vippsmobilepay_sales_unit" "each" {
  for_each = data.vippsmobilepay_sales_units.all.by_msn

  merchant_serial_number = each.key
}

output "sales_unit_names" {
  value = { for msn, unit in data.vippsmobilepay_sales_units.all.by_msn : msn => unit.name }
}

output "units_without_payments" {
  value = sort([for msn, unit in data.vippsmobilepay_sales_unit.each : msn if unit.configuration.payment_allowed == false])
}

output "fjordkaffe_msns" {
  value = data.vippsmobilepay_sales_units.fjordkaffe.sales_units[*].merchant_serial_number
}
