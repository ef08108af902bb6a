# terraform query and list blocks need Terraform 1.14 or later.
terraform {
  required_version = ">= 1.14"

  required_providers {
    vippsmobilepay = {
      source  = "vippsmobilepay-community/vippsmobilepay"
      version = "~> 0.1"
    }
  }
}
