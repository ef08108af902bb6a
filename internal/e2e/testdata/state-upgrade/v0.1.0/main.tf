# The key sets of provider version 0.1.0 that state_upgrade_test.go plans with today's
# provider: plain keys with both subscription keys and rotation triggers, the secondary key
# active, write-only secrets, and a key set that is not verified. The keys are the sandbox's
# demo keys (cmd/vippsmobilepay-sandbox -print-demo-data), not real ones.
terraform {
  required_providers {
    vippsmobilepay = {
      source = "vippsmobilepay-community/vippsmobilepay"
    }
  }
}

provider "vippsmobilepay" {}

resource "vippsmobilepay_key_set" "plain" {
  merchant_serial_number     = "123456"
  environment                = "test"
  client_id                  = "fb492b5e-7907-4d83-ba20-c7fb60ca35de"
  client_secret              = "Y8Kteew6GE2ZmeycEt6egg=="
  subscription_key_primary   = "0f14ebcab0ec4b29ae0cb90d91b4a84a"
  subscription_key_secondary = "da7d5b0e18a84aeda961c0c31b75c2a9"
  rotation_triggers          = { rotated = "2026-11" }
}

resource "vippsmobilepay_key_set" "secondary_active" {
  merchant_serial_number     = "345678"
  environment                = "test"
  client_id                  = "31b6cae7-fe69-44dd-99d9-b8d7b3ff1c45"
  client_secret              = "orszBPUtO0MQUJNikjhHDJuZYInzXEig4pFPlE3Ju7k="
  subscription_key_primary   = "34a07e571066b410caef85809e581c3e"
  subscription_key_secondary = "79095cec26a16ea6f7f49f6147afb3e2"
  active_subscription_key    = "secondary"
}

resource "vippsmobilepay_key_set" "write_only" {
  merchant_serial_number      = "234567"
  environment                 = "test"
  client_id                   = "4d6bf3f2-3d51-42ac-a9aa-9fee53095551"
  client_secret_wo            = "nndWJr1ZH820cCrEIbD3COXc03ouawXQLGDJzGydtg4="
  subscription_key_primary_wo = "411ca6311d27b0ce8540f2a2aa227159"
  secrets_wo_version          = 1
}

resource "vippsmobilepay_key_set" "not_verified" {
  merchant_serial_number   = "456789"
  environment              = "test"
  client_id                = "bd9ec433-95e9-4c1f-a9ff-c1e16b4b9271"
  client_secret            = "WvUEfVkaSybNJDjmGegRtSAXkCYZcpVUL/npJ1LQ+5E="
  subscription_key_primary = "fd68df03b10506cf37705ccadfe22880"
  verify                   = false
}

# A refresh found these keys refused (regenerated in that sandbox), so 0.1.0 stored the
# fingerprint "rejected". The keys work again in a fresh sandbox: today's refresh heals it.
resource "vippsmobilepay_key_set" "refused" {
  merchant_serial_number   = "567890"
  environment              = "test"
  client_id                = "e7a580a7-a123-4bb9-b506-38e88b0e1c9a"
  client_secret            = "taf1w1UIQYEs0S0bzzX3gEGVUeIUGL5pSkR5LYcnAmU="
  subscription_key_primary = "f92921f056c15b5e0fce33b7bca52d36"
}
