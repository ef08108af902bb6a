//go:build linux

package main

import (
	"encoding/json"
	"os"
	"path/filepath"
)

// Kinds of resource the benchmark compares.
const (
	kindKeySet = "key_set"
	kindRandom = "random_id"
	kindData   = "terraform_data"
	// kindKeySetSensitiveVar feeds the same key sets through one sensitive map variable
	// (-feeding), to show what that pattern costs Terraform.
	kindKeySetSensitiveVar = "key_set (sensitive variable)"
	// kindKeySetWriteOnly passes the secrets through the write-only arguments (-feeding), which
	// keeps them, and credentials_json, out of state.
	kindKeySetWriteOnly = "key_set (write-only secrets)"
)

var allKinds = []string{kindKeySet, kindRandom, kindData}

// Every kind iterates over the same map from the same JSON file, so Terraform's cost of
// reading the fleet is the same for all of them; only the resources differ.
const fleetLocals = `
locals {
  # One entry per sales unit, keyed by MSN, as a partner exports them.
  key_sets = jsondecode(file("${path.module}/key_sets.json"))
}
`

var configs = map[string]string{
	kindKeySet: `terraform {
  required_providers {
    vippsmobilepay = { source = "vippsmobilepay-community/vippsmobilepay" }
  }
}
` + fleetLocals + `
resource "vippsmobilepay_key_set" "fleet" {
  for_each = local.key_sets

  merchant_serial_number     = each.key
  environment                = "test"
  client_id                  = each.value.client_id
  client_secret              = each.value.client_secret
  subscription_key_primary   = each.value.subscription_key_primary
  subscription_key_secondary = try(each.value.subscription_key_secondary, null)
}
`,
	kindRandom: `terraform {
  required_providers {
    random = { source = "hashicorp/random" }
  }
}
` + fleetLocals + `
resource "random_id" "fleet" {
  for_each = local.key_sets

  byte_length = 8
}
`,
	kindData: fleetLocals + `
resource "terraform_data" "fleet" {
  for_each = local.key_sets

  input = each.key
}
`,
	kindKeySetWriteOnly: `terraform {
  required_providers {
    vippsmobilepay = { source = "vippsmobilepay-community/vippsmobilepay" }
  }
}
` + fleetLocals + `
resource "vippsmobilepay_key_set" "fleet" {
  for_each = local.key_sets

  merchant_serial_number        = each.key
  environment                   = "test"
  client_id                     = each.value.client_id
  client_secret_wo              = each.value.client_secret
  subscription_key_primary_wo   = each.value.subscription_key_primary
  subscription_key_secondary_wo = try(each.value.subscription_key_secondary, null)
  secrets_wo_version            = 1
}
`,
	kindKeySetSensitiveVar: `terraform {
  required_providers {
    vippsmobilepay = { source = "vippsmobilepay-community/vippsmobilepay" }
  }
}

variable "key_sets" {
  type = map(object({
    client_id                  = string
    client_secret              = string
    subscription_key_primary   = string
    subscription_key_secondary = optional(string)
  }))
  sensitive = true
}

resource "vippsmobilepay_key_set" "fleet" {
  # for_each cannot take a sensitive value; the MSNs are not secret.
  for_each = toset(nonsensitive(keys(var.key_sets)))

  merchant_serial_number     = each.key
  environment                = "test"
  client_id                  = var.key_sets[each.key].client_id
  client_secret              = var.key_sets[each.key].client_secret
  subscription_key_primary   = var.key_sets[each.key].subscription_key_primary
  subscription_key_secondary = var.key_sets[each.key].subscription_key_secondary
}
`,
}

// fleetEntry is one key set as the configuration reads it.
type fleetEntry struct {
	ClientID                 string `json:"client_id"`
	ClientSecret             string `json:"client_secret"`
	SubscriptionKeyPrimary   string `json:"subscription_key_primary"`
	SubscriptionKeySecondary string `json:"subscription_key_secondary,omitempty"`
}

// writeConfig writes the configuration of a kind and the fleet it reads into dir: the map
// goes into key_sets.json, or terraform.tfvars.json for the sensitive-variable pattern.
func writeConfig(dir, kind string, sets []keySet, secondary bool) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	fleet := make(map[string]fleetEntry, len(sets))
	for _, ks := range sets {
		e := fleetEntry{ClientID: ks.ClientID, ClientSecret: ks.ClientSecret, SubscriptionKeyPrimary: ks.SubscriptionKeyPrimary}
		if secondary {
			e.SubscriptionKeySecondary = ks.SubscriptionKeySecondary
		}
		fleet[ks.MerchantSerialNumber] = e
	}
	var data []byte
	var err error
	name := "key_sets.json"
	if kind == kindKeySetSensitiveVar {
		name = "terraform.tfvars.json"
		data, err = json.MarshalIndent(map[string]any{"key_sets": fleet}, "", "  ")
	} else {
		data, err = json.MarshalIndent(fleet, "", "  ")
	}
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "main.tf"), []byte(configs[kind]), 0o644)
}
