# Terraform 1.12 and later (and OpenTofu 1.12): a product order's identity is its ID, the UUID
# at the end of its prefill URL. The arguments the API does not return are taken from the
# resource's configuration.
import {
  to = vippsmobilepay_product_order.example
  identity = {
    id = "81b83246-5c19-7b94-875b-ea6d1114f099"
  }
}
