terraform {
  required_providers {
    vippsmobilepay = {
      source  = "vippsmobilepay-community/vippsmobilepay"
      version = "~> 0.1"
    }
  }
}

# The Management API exists only in production: configure the provider with production
# keys, partner keys or the merchant's own, e.g. through VIPPSMOBILEPAY_CLIENT_ID,
# VIPPSMOBILEPAY_CLIENT_SECRET and VIPPSMOBILEPAY_SUBSCRIPTION_KEY.
provider "vippsmobilepay" {
  environment = "production"
}

data "vippsmobilepay_sales_unit" "shop" {
  merchant_serial_number = "123456"
}

output "shop" {
  value = {
    name         = data.vippsmobilepay_sales_unit.shop.name
    merchant     = data.vippsmobilepay_sales_unit.shop.business_identifier.id
    capture_type = data.vippsmobilepay_sales_unit.shop.capture_type
  }
}

# A flag the API leaves out is null, which does not mean false: compare with false
# explicitly. A Login-only unit says payment_allowed = false.
check "shop_takes_payments" {
  assert {
    condition     = data.vippsmobilepay_sales_unit.shop.configuration.payment_allowed != false
    error_message = "Sales unit 123456 cannot take payments (a Login-only unit?)."
  }
}
