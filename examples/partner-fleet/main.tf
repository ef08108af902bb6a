# A partner onboards a fleet of merchants from a CSV file:
#
#   1. one prefilled product order per row of merchants.csv; send each merchant its
#      prefill_url (output prefill_urls);
#   2. the merchant completes and submits the order in the portal, Vipps MobilePay approves
#      it, and the order turns COMPLETED with a new sales unit: the next plan shows it;
#   3. the new unit's production keys reach the partner through the portal or the welcome
#      email (no API hands them out): add them to var.sales_unit_keys, keyed by MSN, and
#      apply again for one verified key set per unit.
#
# Partner keys work in production only. Keep them out of files; the provider reads them from
# the environment:
#
#   export VIPPSMOBILEPAY_CLIENT_ID=...         # the partner's client_id
#   export VIPPSMOBILEPAY_CLIENT_SECRET=...
#   export VIPPSMOBILEPAY_SUBSCRIPTION_KEY=...
#
# README.md shows how to run it against the local sandbox.
provider "vippsmobilepay" {
  environment    = "production"
  system_name    = var.system_name
  system_version = var.system_version
}

locals {
  # One object per merchant, keyed by organisation number: a stable key, so adding or removing
  # a row plans only that merchant's order. Two rows with one number fail the plan. Empty
  # cells become null, so optional columns may be left blank.
  merchants = {
    for row in csvdecode(file(var.merchants_csv)) :
    trimspace(row.org_number) => { for column, value in row : column => trimspace(value) == "" ? null : trimspace(value) }
  }

  # Organisation numbers end in a mod-11 check digit over the digits before it; checking it
  # here stops a typo from sending a prefilled order to the wrong company.
  org_number_rules = {
    "business:NO:ORG"      = { pattern = "^[0-9]{9}$", weights = [3, 2, 7, 6, 5, 4, 3, 2] }
    "business:DK:CVR"      = { pattern = "^[0-9]{8}$", weights = [2, 7, 6, 5, 4, 3, 2] }
    "business:FI:Y-tunnus" = { pattern = "^[0-9]{7}-[0-9]$", weights = [7, 9, 10, 5, 8, 4, 2] }
  }
  org_number_valid = {
    for org, m in local.merchants : org => try(
      length(regexall(local.org_number_rules[m.scheme].pattern, org)) > 0 &&
      (11 - sum([
        for i, weight in local.org_number_rules[m.scheme].weights :
        weight * tonumber(substr(replace(org, "-", ""), i, 1))
      ]) % 11) % 11 == tonumber(substr(org, -1, 1)),
      false
    )
  }

  # The Idempotency-Key of each merchant's order: chosen here rather than generated, and
  # derived from what is ordered (every cell but the name; empty cells left out, so a new
  # empty column changes nothing). The API answers the same key and body with the same order
  # and refuses the same key with another body. So an apply that was interrupted after the
  # API took an order, but before Terraform saved it, finds that order again instead of
  # making a second one, while an edited row gets a new key and a new order. To order the
  # same again after an order expired or was rejected, put 2 (3, ...) in its attempt column.
  idempotency_keys = {
    for org, m in local.merchants :
    org => "onboard-${org}-${substr(sha256(jsonencode({ for column, value in m : column => value if column != "name" && value != null })), 0, 12)}"
  }

  # The market of each merchant ("NO", "DK", "FI"), from its scheme.
  market = { for org, m in local.merchants : org => try(split(":", m.scheme)[1], "") }

  # Price packages by "<market>/<name>", e.g. "NO/POS standard": the CSV names a package, the
  # market follows from the scheme.
  price_package_ids = {
    for p in data.vippsmobilepay_price_packages.partner.price_packages :
    "${p.market}/${p.name}" => p.price_package_id
  }
}

data "vippsmobilepay_price_packages" "partner" {}

resource "vippsmobilepay_product_order" "merchant" {
  for_each = local.merchants

  business_identifier = {
    scheme = each.value.scheme
    id     = each.key
  }
  product_type     = each.value.product_type
  product_use_case = each.value.product_use_case
  sales_unit_name  = each.value.sales_unit_name
  price_package_id = (
    each.value.price_package == null ? null :
    lookup(local.price_package_ids, "${local.market[each.key]}/${each.value.price_package}", null)
  )
  website = each.value.website == null ? null : {
    url       = each.value.website
    terms_url = each.value.terms_url
  }
  settlement_bank_account = each.value.settlement_account == null ? null : {
    scheme = "BBAN:${local.market[each.key]}"
    id     = each.value.settlement_account
  }
  annual_turnover        = each.value.annual_turnover == null ? null : tonumber(each.value.annual_turnover)
  merchant_category_code = each.value.merchant_category_code
  has_recurring          = each.value.has_recurring == null ? null : tobool(each.value.has_recurring)

  idempotency_key = local.idempotency_keys[each.key]

  lifecycle {
    # An edited row orders anew before the old order is deleted, so a failed order leaves
    # the merchant's current link working.
    create_before_destroy = true

    precondition {
      condition     = local.org_number_valid[each.key]
      error_message = "${var.merchants_csv}: ${each.key} is not a valid organisation number in scheme ${coalesce(each.value.scheme, "(empty)")}. The scheme must be one of ${join(", ", keys(local.org_number_rules))}, and the number must have that scheme's format and check digit."
    }
    precondition {
      condition     = each.value.price_package == null || contains(keys(local.price_package_ids), "${local.market[each.key]}/${coalesce(each.value.price_package, "-")}")
      error_message = "${var.merchants_csv}: ${each.key} names price package \"${coalesce(each.value.price_package, "-")}\", which the partner does not have in market \"${local.market[each.key]}\"; data.vippsmobilepay_price_packages lists them."
    }
  }
}

locals {
  # MSN → organisation number, for every order that has created its sales unit.
  completed_sales_units = {
    for org, order in vippsmobilepay_product_order.merchant :
    order.sales_unit.merchant_serial_number => org if order.status == "COMPLETED"
  }

  # MSNs are not secret; only the keys are.
  msns_with_keys = nonsensitive(toset(keys(var.sales_unit_keys)))
}

# One key set per sales unit whose keys you have: on apply the keys prove themselves with a
# token exchange and ask the Management API whether their MSN is an active sales unit; every
# later plan verifies them again. Destroying one only removes it from state: keys are never
# created, rotated or revoked through an API.
resource "vippsmobilepay_key_set" "sales_unit" {
  for_each = local.msns_with_keys

  merchant_serial_number     = each.key
  environment                = "production"
  client_id                  = var.sales_unit_keys[each.key].client_id
  client_secret              = var.sales_unit_keys[each.key].client_secret
  subscription_key_primary   = var.sales_unit_keys[each.key].subscription_key_primary
  subscription_key_secondary = var.sales_unit_keys[each.key].subscription_key_secondary

  lifecycle {
    precondition {
      condition     = contains(keys(local.completed_sales_units), each.key)
      error_message = "sales_unit_keys has keys for MSN ${each.key}, which no COMPLETED order in ${var.merchants_csv} created."
    }
  }
}
