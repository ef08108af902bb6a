variable "merchants_csv" {
  description = "The CSV file with one row per merchant to onboard (columns: see README.md), relative to the directory Terraform runs in."
  type        = string
  default     = "merchants.csv"

  validation {
    condition     = fileexists(var.merchants_csv)
    error_message = "No such file: ${var.merchants_csv}."
  }
}

# The production keys of the sales units the completed orders created, keyed by MSN. No API
# hands out keys: they reach the partner through the business portal (Developer, API keys) or
# the partner welcome email. Add a unit's keys here once it has them; Terraform verifies them
# with a token exchange and keeps them in state, marked sensitive.
#
# Keep them out of .tf files and out of version control: a *.tfvars.json file the secret store
# writes, or TF_VAR_sales_unit_keys.
variable "sales_unit_keys" {
  description = "Production keys per sales unit, keyed by MSN."
  type = map(object({
    client_id                  = string
    client_secret              = string
    subscription_key_primary   = string
    subscription_key_secondary = optional(string)
  }))
  sensitive = true
  default   = {}

  # The same checks the key set resource makes, offline, for every unit at once. The
  # function never echoes a value, so its sentences are safe to show.
  validation {
    condition = alltrue([
      for msn, k in var.sales_unit_keys :
      length(provider::vippsmobilepay::key_set_problems(merge(k, { merchant_serial_number = msn }))) == 0
    ])
    error_message = join("\n", nonsensitive(flatten([
      for msn, k in var.sales_unit_keys : [
        for problem in provider::vippsmobilepay::key_set_problems(merge(k, { merchant_serial_number = msn })) :
        "sales_unit_keys[\"${msn}\"]: ${problem}"
      ]
    ])))
  }
}

variable "system_name" {
  description = "Sent as Vipps-System-Name (at most 30 characters); partners must send it."
  type        = string
  default     = "acme-partner-onboarding"
}

variable "system_version" {
  description = "Sent as Vipps-System-Version (at most 30 characters)."
  type        = string
  default     = "1.0.0"
}
