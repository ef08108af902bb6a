terraform {
  required_providers {
    vippsmobilepay = {
      source  = "vippsmobilepay-community/vippsmobilepay"
      version = "~> 0.1"
    }
  }
}

# Every argument can also be set as an environment variable VIPPSMOBILEPAY_<NAME>, e.g.
# VIPPSMOBILEPAY_ENVIRONMENT or VIPPSMOBILEPAY_BASE_URL. An argument in the block wins over
# the environment variable.
#
# The provider's own credentials are optional: a key set resource verifies itself with its
# own keys. Keep credentials out of .tf files; set them in the environment instead:
#
#   export VIPPSMOBILEPAY_CLIENT_ID=...               # a GUID
#   export VIPPSMOBILEPAY_CLIENT_SECRET=...           # Base64
#   export VIPPSMOBILEPAY_SUBSCRIPTION_KEY=...        # Ocp-Apim-Subscription-Key
#   export VIPPSMOBILEPAY_MERCHANT_SERIAL_NUMBER=...  # MSN, 4 to 10 digits
provider "vippsmobilepay" {
  # "test" (https://apitest.vipps.no, the default) or "production" (https://api.vipps.no).
  # Test keys never work in production, nor the other way round.
  environment = "test"

  # Talk to the local sandbox instead of Vipps MobilePay. It prints the URL to use when it
  # starts (go run ./cmd/vippsmobilepay-sandbox); plain http is allowed for loopback only.
  # base_url = "http://127.0.0.1:8787"

  # Sent as the Vipps-System-Name and Vipps-System-Version headers (at most 30 characters).
  system_name    = "acme-platform"
  system_version = "1.4.0"
}
