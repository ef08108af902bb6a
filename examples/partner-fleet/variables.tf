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
# Keep them out of .tf files and out of version control: TF_VAR_sales_unit_keys, or a
# *.tfvars.json file the secret store writes.
#
# There is no validation block here on purpose: each key set checks its own keys when you plan,
# names the MSN and what is wrong ("client_secret has a trailing newline; remove it
# (trimspace())"), and never shows a key. A variable's own validation block would print the
# lines of the var file the keys came from when it fails.
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
