# Terraform 1.5 and later. The id is the product order's UUID; the arguments the API does not
# return are taken from the resource's configuration.
import {
  to = vippsmobilepay_product_order.example
  id = "81b83246-5c19-7b94-875b-ea6d1114f099"
}
