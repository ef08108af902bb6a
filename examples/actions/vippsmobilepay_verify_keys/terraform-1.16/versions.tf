# Terraform 1.16 and later: action_trigger's on_failure (halt, the default; taint; continue)
# and the before_destroy and after_destroy events, whose actions may read the resource that
# calls them through `caller`.
terraform {
  required_version = ">= 1.16"

  required_providers {
    vippsmobilepay = {
      source  = "vippsmobilepay-community/vippsmobilepay"
      version = "~> 0.1"
    }
  }
}
