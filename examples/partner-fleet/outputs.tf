output "prefill_urls" {
  description = "Organisation number → the URL to send the merchant, for orders the merchant has not submitted yet (each valid 14 days from creation)."
  value = {
    for org, order in vippsmobilepay_product_order.merchant :
    org => order.prefill_url if contains(["RECEIVED", "MERCHANT_VIEWED"], order.status)
  }
}

output "orders" {
  description = "Organisation number → the order's ID, status, expiry and, once COMPLETED, the new sales unit's MSN."
  value = {
    for org, order in vippsmobilepay_product_order.merchant : org => {
      name                   = local.merchants[org].name
      id                     = order.id
      status                 = order.status
      expires_at             = order.expires_at
      merchant_serial_number = try(order.sales_unit.merchant_serial_number, null)
    }
  }
}

output "awaiting_keys" {
  description = "MSNs of completed sales units whose keys are not in var.sales_unit_keys yet."
  value       = sort([for msn, org in local.completed_sales_units : msn if !contains(local.msns_with_keys, msn)])
}

output "key_sets" {
  description = "MSN → when its keys last proved themselves, and their non-secret fingerprint."
  value = {
    for msn, ks in vippsmobilepay_key_set.sales_unit : msn => {
      verified_at = ks.verified_at
      fingerprint = ks.fingerprint
    }
  }
}
