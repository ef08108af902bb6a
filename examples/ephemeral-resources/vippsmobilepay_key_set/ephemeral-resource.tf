terraform {
  required_providers {
    vippsmobilepay = {
      source  = "vippsmobilepay-community/vippsmobilepay"
      version = "~> 0.1"
    }
  }
}

# Terraform 1.10 and later. Checks a key set's format, proves it works with a token
# exchange, and hands it on without storing anything in the plan or the state. Feed the
# results to other providers' write-only arguments (the "Wiring keys into secret stores"
# guide has one example per store), to provisioners, or to provider blocks.
variable "shop_keys" {
  description = "The sales unit's keys from the business portal."
  type = object({
    client_id                  = string
    client_secret              = string
    subscription_key_primary   = string
    subscription_key_secondary = optional(string)
  })
  sensitive = true
  ephemeral = true
}

variable "shop_keys_version" {
  description = "Bump when shop_keys change, so write-only consumers receive the new keys."
  type        = number
  default     = 1
}

ephemeral "vippsmobilepay_key_set" "shop" {
  merchant_serial_number     = "123456"
  environment                = "test"
  client_id                  = var.shop_keys.client_id
  client_secret              = var.shop_keys.client_secret
  subscription_key_primary   = var.shop_keys.subscription_key_primary
  subscription_key_secondary = var.shop_keys.subscription_key_secondary
}

# credentials_json is what an application reads:
#   {"base_url":"https://apitest.vipps.no","client_id":"…","client_secret":"…",
#    "merchant_serial_number":"123456","subscription_key":"…"}
# For example, hand it to kubectl as a Kubernetes secret (the provisioner runs again when
# shop_keys_version changes; Terraform suppresses its output).
resource "terraform_data" "app_credentials" {
  triggers_replace = [var.shop_keys_version]

  provisioner "local-exec" {
    command = <<-EOT
      printf '%s' "$VIPPS_CREDENTIALS" |
        kubectl create secret generic vipps-credentials --namespace shop \
          --from-file=credentials.json=/dev/stdin --dry-run=client --output=yaml |
        kubectl apply --filename=-
    EOT
    environment = {
      VIPPS_CREDENTIALS = ephemeral.vippsmobilepay_key_set.shop.credentials_json
    }
  }
}
