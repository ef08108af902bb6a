terraform {
  required_providers {
    vippsmobilepay = {
      source  = "vippsmobilepay-community/vippsmobilepay"
      version = "~> 0.1"
    }
  }
}

# A merchant by its business identifier: a Norwegian organisation number here. Denmark uses
# "business:DK:CVR" and Finland "business:FI:Y-tunnus" (e.g. "3016443-6").
data "vippsmobilepay_merchant" "fjordkaffe" {
  scheme = "business:NO:ORG"
  id     = "914532884"
}

output "merchant" {
  value = {
    name    = data.vippsmobilepay_merchant.fjordkaffe.name
    status  = data.vippsmobilepay_merchant.fjordkaffe.status
    country = data.vippsmobilepay_merchant.fjordkaffe.country_code
    city    = try(data.vippsmobilepay_merchant.fjordkaffe.business_address.city, null)
  }
}

# A deactivated merchant can still be read, but its sales units are gone from the API.
check "merchant_active" {
  assert {
    condition     = data.vippsmobilepay_merchant.fjordkaffe.status == "ACTIVE"
    error_message = "Fjordkaffe AS is ${data.vippsmobilepay_merchant.fjordkaffe.status}."
  }
}
