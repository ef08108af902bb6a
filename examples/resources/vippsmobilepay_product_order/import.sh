# A product order is imported by its ID, the UUID at the end of its prefill URL (also listed
# by GET /management/v2/product-orders). The API does not return most of what was ordered:
# after the import the arguments are taken from configuration without ordering anew, and
# expires_at stays null.
terraform import vippsmobilepay_product_order.example 81b83246-5c19-7b94-875b-ea6d1114f099
