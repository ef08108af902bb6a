# GitLab CI/CD variables, stateful: gitlab_project_variable has no write-only argument (none up
# to gitlab provider 19.1.0), so this is the stateful pattern. The key set resource verifies the
# keys and each key becomes a masked, protected CI/CD variable; the Terraform state holds the
# keys twice (the key set and the variables): keep it in an encrypted backend with restricted
# access. The provider's schema does not even mark value sensitive; Terraform still shows
# "(sensitive value)" and records the mark in the state, because the values come from the key
# set. Once gitlab_project_variable has a write-only value, use it as the zero-state examples do.
# Needs Terraform 1.8 (provider::vippsmobilepay::credentials_json); the gitlab provider reads
# GITLAB_TOKEN (and GITLAB_BASE_URL for a self-managed instance).
#
# Checked against gitlab_project_variable's schema as the provider documents it
# (gitlabhq/terraform-provider-gitlab, docs/resources/project_variable.md, generated from the
# schema, at 18.11.0 and 19.1.0): project, key and value are required; description, masked and
# protected are optional; nothing is write-only.
terraform {
  required_version = ">= 1.8"

  required_providers {
    gitlab = {
      source  = "gitlabhq/gitlab"
      version = ">= 18.11"
    }
    vippsmobilepay = {
      source  = "vippsmobilepay-community/vippsmobilepay"
      version = "~> 0.1"
    }
  }
}

variable "merchant_serial_number" {
  description = "The sales unit's merchant serial number (MSN)."
  type        = string
}

variable "client_id" {
  description = "The key set's client_id, from the business portal. Vipps MobilePay counts it among the keys to keep secret."
  type        = string
  sensitive   = true
}

variable "client_secret" {
  description = "The key set's client_secret. Set TF_VAR_client_secret; never write it in a file."
  type        = string
  sensitive   = true
}

variable "subscription_key_primary" {
  description = "The key set's primary subscription key. Set TF_VAR_subscription_key_primary."
  type        = string
  sensitive   = true
}
# Verified on every create and update, and re-checked on every refresh: regenerated keys show
# up as drift in the plan.
resource "vippsmobilepay_key_set" "shop" {
  merchant_serial_number   = var.merchant_serial_number
  environment              = "production"
  client_id                = var.client_id
  client_secret            = var.client_secret
  subscription_key_primary = var.subscription_key_primary
}

variable "project" {
  description = "The GitLab project whose pipelines read the keys: its ID or its path (group/name)."
  type        = string
}

locals {
  # The JSON applications read, one CI/CD variable per field: GitLab masks only values of one
  # word of 8 or more characters, which each key is and the JSON object is not.
  credentials = jsondecode(provider::vippsmobilepay::credentials_json(vippsmobilepay_key_set.shop))
  ci_variables = {
    VIPPS_CLIENT_ID              = { value = local.credentials.client_id, masked = true }
    VIPPS_CLIENT_SECRET          = { value = local.credentials.client_secret, masked = true }
    VIPPS_SUBSCRIPTION_KEY       = { value = local.credentials.subscription_key, masked = true }
    VIPPS_MERCHANT_SERIAL_NUMBER = { value = local.credentials.merchant_serial_number, masked = false }
    VIPPS_BASE_URL               = { value = local.credentials.base_url, masked = false }
  }
}

resource "gitlab_project_variable" "vipps" {
  # The names, not the sensitive map: Terraform refuses sensitive values in for_each.
  for_each = toset(["VIPPS_CLIENT_ID", "VIPPS_CLIENT_SECRET", "VIPPS_SUBSCRIPTION_KEY", "VIPPS_MERCHANT_SERIAL_NUMBER", "VIPPS_BASE_URL"])

  project     = var.project
  key         = each.key
  value       = local.ci_variables[each.key].value
  masked      = local.ci_variables[each.key].masked
  protected   = true # only pipelines of protected branches and tags see them
  description = "Vipps MobilePay API keys of sales unit ${var.merchant_serial_number} (managed by Terraform)"
}
