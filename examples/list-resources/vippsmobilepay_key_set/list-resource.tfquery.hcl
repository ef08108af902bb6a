# Terraform 1.14 and later, in a .tfquery.hcl file beside the configuration that holds the
# provider block (production partner keys, or a sales unit's production keys):
#
#   terraform query                                   # lists the sales units with keys
#   terraform query -generate-config-out=generated.tf # import and key set blocks for each
list "vippsmobilepay_key_set" "fleet" {
  provider = vippsmobilepay

  config {
    environment = "production"
  }
}
