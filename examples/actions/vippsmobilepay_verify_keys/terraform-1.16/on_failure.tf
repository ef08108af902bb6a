# A failed proof stays in the plan until the keys work. terraform_data.keys_proven records
# "this keys_version was written and proven": Terraform creates it anew for every version, which
# runs the action on the keys as the store holds them. When they fail, the apply fails, and
# on_failure = taint leaves the record tainted: the next plan replaces it (exit code 2 under
# -detailed-exitcode) and the next apply proves the keys again. With the default, halt, the
# record would stay as created, and a second apply would go green on the same bad keys.
# Terraform taints only what it has just created, so the record is replaced per version
# (triggers_replace) rather than updated.
variable "keys_version" {
  description = "Bump when new keys are written to the secret store."
  type        = number
  default     = 1
}

variable "written_keys" {
  description = "The keys as the secret store holds them, read back after the write (ephemeral: never stored)."
  type = object({
    client_id                = string
    client_secret            = string
    subscription_key_primary = string
  })
  sensitive = true
  ephemeral = true
}

resource "terraform_data" "keys_proven" {
  triggers_replace = [var.keys_version]

  lifecycle {
    action_trigger {
      events     = [after_create]
      actions    = [action.vippsmobilepay_verify_keys.written]
      on_failure = taint
    }
  }
}

# after_create is evaluated again at apply, so these keys may be ephemeral.
action "vippsmobilepay_verify_keys" "written" {
  config {
    merchant_serial_number   = "123456"
    environment              = "production"
    client_id                = var.written_keys.client_id
    client_secret            = var.written_keys.client_secret
    subscription_key_primary = var.written_keys.subscription_key_primary
  }
}
