output "id" {
  description = "<environment>/<merchant_serial_number>."
  value       = vippsmobilepay_key_set.quickstart.id
}

output "verified_at" {
  description = "When the keys last proved themselves with a token exchange (RFC 3339)."
  value       = vippsmobilepay_key_set.quickstart.verified_at
}

output "fingerprint" {
  description = "A stable, non-secret digest of the key material; it changes when a key changes."
  value       = vippsmobilepay_key_set.quickstart.fingerprint
}

output "client_secret" {
  description = "Shown as <sensitive>; read it with `terraform output -raw client_secret`."
  value       = vippsmobilepay_key_set.quickstart.client_secret
  sensitive   = true
}

output "subscription_key_primary" {
  description = "Shown as <sensitive>; read it with `terraform output -raw subscription_key_primary`."
  value       = vippsmobilepay_key_set.quickstart.subscription_key_primary
  sensitive   = true
}

output "credentials_json" {
  description = "The key set as the JSON object applications read, from provider::vippsmobilepay::credentials_json. Null in write-only mode, where the state holds no secret to build it from."
  value       = var.write_only ? null : provider::vippsmobilepay::credentials_json(vippsmobilepay_key_set.quickstart)
  sensitive   = true
}
