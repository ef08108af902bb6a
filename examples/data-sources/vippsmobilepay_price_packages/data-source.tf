terraform {
  required_providers {
    vippsmobilepay = {
      source  = "vippsmobilepay-community/vippsmobilepay"
      version = "~> 0.1"
    }
  }
}

# The partner's price packages (partner keys only).
data "vippsmobilepay_price_packages" "partner" {}

locals {
  # Look a package up by market and name, as people know them, rather than by UUID.
  price_package_ids = {
    for p in data.vippsmobilepay_price_packages.partner.price_packages :
    "${p.market}/${p.name}" => p.price_package_id
  }
}

resource "vippsmobilepay_product_order" "kiosk" {
  business_identifier = {
    scheme = "business:NO:ORG"
    id     = "921347758"
  }
  product_type     = "PAYMENT_INTEGRATION"
  product_use_case = "Unknown"
  sales_unit_name  = "Nordlys Kiosk"
  price_package_id = local.price_package_ids["NO/POS standard"]
}

output "price_packages" {
  value = {
    for p in data.vippsmobilepay_price_packages.partner.price_packages :
    p.name => "${p.market} ${p.product_type}: ${p.description}"
  }
}
