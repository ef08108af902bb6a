terraform {
  required_providers {
    vippsmobilepay = {
      source  = "vippsmobilepay-community/vippsmobilepay"
      version = "~> 0.1"
    }
  }
}

# Product orders need partner keys, which work in production only. Keep them out of .tf
# files: set VIPPSMOBILEPAY_CLIENT_ID, VIPPSMOBILEPAY_CLIENT_SECRET and
# VIPPSMOBILEPAY_SUBSCRIPTION_KEY.
provider "vippsmobilepay" {
  environment = "production"
}

# A prefilled order for a new web shop. Send prefill_url to the merchant, who completes and
# submits it within 14 days; once Vipps MobilePay approves it, status becomes COMPLETED and
# sales_unit holds the new unit's MSN.
resource "vippsmobilepay_product_order" "example" {
  business_identifier = {
    scheme = "business:NO:ORG"
    id     = "926413279"
  }
  product_type     = "CHECKOUT"
  product_use_case = "Website"
  sales_unit_name  = "Havbris Nettbutikk"
  price_package_id = "b387e2df-0701-49fa-976a-4d02b5022022"

  website = {
    url       = "https://havbris.example"
    terms_url = "https://havbris.example/vilkar"
  }
  settlement_bank_account = {
    scheme = "BBAN:NO"
    id     = "86011117947"
  }
  annual_turnover        = 2500000
  merchant_category_code = "5691"
  has_recurring          = false

  # A key of your own makes a re-run after an interrupted apply find the same order instead
  # of creating a second one. The API refuses a used key with a different body, so give the
  # order a new key whenever you change it, and to order again after it expired or was
  # rejected (e.g. "onboard-926413279-2"). Changing any argument replaces the order.
  idempotency_key = "onboard-926413279"
}

output "prefill_url" {
  value = vippsmobilepay_product_order.example.prefill_url
}

output "status" {
  value = vippsmobilepay_product_order.example.status
}

# Null until the order is COMPLETED.
output "new_sales_unit_msn" {
  value = try(vippsmobilepay_product_order.example.sales_unit.merchant_serial_number, null)
}
