// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

//go:build linux

package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
)

// Kinds of resource the benchmark compares: the -kinds names.
const (
	// kindKeySet stores its secrets in plain (sensitive) arguments.
	kindKeySet = "key_set"
	// kindKeySetWriteOnly passes the secrets through the write-only arguments, which keeps
	// them out of state.
	kindKeySetWriteOnly = "key_set_wo"
	// kindFloor is what Terraform charges to store exactly what the user gives, in the
	// simplest resource: time_static whose triggers hold the key set's MSN, environment and
	// the three credentials, the credentials wrapped in sensitive().
	kindFloor = "floor"
	// kindPeer is time_static with the MSN in its triggers (hashicorp/time 0.14.2, a
	// plugin-framework provider): a resource that stores no secret.
	kindPeer = "time_static"
	// kindData is terraform_data (no provider at all). Not in the default run: it stores its
	// input twice (once as output), so it is no fair floor.
	kindData = "terraform_data"
	// kindKeySetSensitiveVar feeds the stored key sets through one sensitive map variable
	// (-feeding), to show what that pattern costs Terraform.
	kindKeySetSensitiveVar = "key_set_sensitive_var"
)

// defaultKinds are measured unless -kinds says otherwise; knownKinds may be asked for.
var (
	defaultKinds = []string{kindKeySet, kindKeySetWriteOnly, kindFloor, kindPeer}
	knownKinds   = []string{kindKeySet, kindKeySetWriteOnly, kindFloor, kindPeer, kindData}
)

// kindLabel is how the report names a kind.
var kindLabel = map[string]string{
	kindKeySet:             "key sets",
	kindKeySetWriteOnly:    "key sets, write-only secrets",
	kindFloor:              "floor (`time_static` + the keys)",
	kindPeer:               "peer (`time_static`)",
	kindData:               "`terraform_data` (stores its input twice)",
	kindKeySetSensitiveVar: "key sets from a sensitive variable",
}

// isKeySet reports whether a kind is vippsmobilepay_key_set (it talks to the API).
func isKeySet(kind string) bool { return strings.HasPrefix(kind, kindKeySet) }

// usesTime reports whether a kind needs hashicorp/time.
func usesTime(kind string) bool { return kind == kindFloor || kind == kindPeer }

// resourceType is the type of the kind's resources in its state.
func resourceType(kind string) string {
	switch {
	case isKeySet(kind):
		return "vippsmobilepay_key_set"
	case usesTime(kind):
		return "time_static"
	default:
		return kind
	}
}

// Every kind iterates over the same map from the same JSON file, so Terraform's cost of
// reading the fleet is the same for all of them; only the resources differ.
const fleetLocals = `
locals {
  # One entry per sales unit, keyed by MSN, as a partner exports them.
  key_sets = jsondecode(file("${path.module}/key_sets.json"))
}
`

const keySetProvider = `terraform {
  required_providers {
    vippsmobilepay = { source = "vippsmobilepay-community/vippsmobilepay" }
  }
}
`

const timeProvider = `terraform {
  required_providers {
    time = { source = "hashicorp/time" }
  }
}
`

// config is the main.tf of a kind. With secondary, every kind that carries the keys carries
// the secondary subscription key too.
func config(kind string, secondary bool) string {
	ifSecondary := func(line string) string {
		if secondary {
			return line
		}
		return ""
	}
	switch kind {
	case kindKeySet:
		return keySetProvider + fleetLocals + `
resource "vippsmobilepay_key_set" "fleet" {
  for_each = local.key_sets

  merchant_serial_number   = each.key
  environment              = "test"
  client_id                = each.value.client_id
  client_secret            = each.value.client_secret
  subscription_key_primary = each.value.subscription_key_primary
` + ifSecondary("  subscription_key_secondary = each.value.subscription_key_secondary\n") + `}
`
	case kindKeySetWriteOnly:
		return keySetProvider + fleetLocals + `
resource "vippsmobilepay_key_set" "fleet" {
  for_each = local.key_sets

  merchant_serial_number      = each.key
  environment                 = "test"
  client_id                   = each.value.client_id
  client_secret_wo            = each.value.client_secret
  subscription_key_primary_wo = each.value.subscription_key_primary
` + ifSecondary("  subscription_key_secondary_wo = each.value.subscription_key_secondary\n") + `  secrets_wo_version          = 1
}
`
	case kindFloor:
		return timeProvider + fleetLocals + `
resource "time_static" "fleet" {
  for_each = local.key_sets

  # What a key set's user gives, stored as simply as Terraform can.
  triggers = {
    merchant_serial_number   = each.key
    environment              = "test"
    client_id                = sensitive(each.value.client_id)
    client_secret            = sensitive(each.value.client_secret)
    subscription_key_primary = sensitive(each.value.subscription_key_primary)
` + ifSecondary("    subscription_key_secondary = sensitive(each.value.subscription_key_secondary)\n") + `  }
}
`
	case kindPeer:
		return timeProvider + fleetLocals + `
resource "time_static" "fleet" {
  for_each = local.key_sets

  triggers = {
    merchant_serial_number = each.key
  }
}
`
	case kindData:
		return fleetLocals + `
resource "terraform_data" "fleet" {
  for_each = local.key_sets

  input = each.key
}
`
	case kindKeySetSensitiveVar:
		return keySetProvider + `
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
`
	}
	panic("bench: no configuration for kind " + kind)
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
	return os.WriteFile(filepath.Join(dir, "main.tf"), []byte(config(kind, secondary)), 0o644)
}
