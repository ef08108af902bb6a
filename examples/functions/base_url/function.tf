terraform {
  required_providers {
    vippsmobilepay = {
      source  = "vippsmobilepay-community/vippsmobilepay"
      version = "~> 0.1"
    }
  }
}

variable "environment" {
  description = "The Vipps MobilePay environment: test or production."
  type        = string
  default     = "test"
}

# The API base URL for an application's configuration, next to its keys:
# "https://apitest.vipps.no" for test, "https://api.vipps.no" for production.
output "vipps_api_base_url" {
  value = provider::vippsmobilepay::base_url(var.environment)
}
