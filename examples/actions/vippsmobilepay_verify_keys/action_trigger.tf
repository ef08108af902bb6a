# Run by the resource that writes the keys, after it changes: a rotation then proves that what
# was written works, and the apply fails with the key set's diagnostics if it does not. Here a
# terraform_data stands in for a secret store's secret version (for example
# aws_secretsmanager_secret_version, whose keys an ephemeral resource would read back); the
# "Rotating keys" guide shows one.
variable "keys_version" {
  description = "Bump when new keys are written."
  type        = number
  default     = 1
}

resource "terraform_data" "keys_written" {
  input = var.keys_version

  lifecycle {
    action_trigger {
      events  = [after_create, after_update]
      actions = [action.vippsmobilepay_verify_keys.shop]
    }
  }
}
