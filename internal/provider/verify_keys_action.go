// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keyset"
)

var (
	_ action.Action                   = (*verifyKeysAction)(nil)
	_ action.ActionWithConfigure      = (*verifyKeysAction)(nil)
	_ action.ActionWithModifyPlan     = (*verifyKeysAction)(nil)
	_ action.ActionWithValidateConfig = (*verifyKeysAction)(nil)
)

// NewVerifyKeysAction returns the vippsmobilepay_verify_keys action.
func NewVerifyKeysAction() action.Action { return &verifyKeysAction{} }

// verifyKeysAction proves a key set on demand (terraform apply -invoke) or when another
// resource changes (action_trigger), e.g. after a rotation wrote new keys to a secret store.
type verifyKeysAction struct {
	cc *ConfiguredClient
}

type verifyKeysModel struct {
	keySetInputs
}

func (a *verifyKeysAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_verify_keys"
}

func (a *verifyKeysAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Proves a key set works (Terraform 1.14 and later): a token exchange " +
			"(`POST /accesstoken/get`) with each subscription key it holds, the active one first, and in production " +
			"a look at the sales unit through the Management API. It stores nothing and changes nothing. It fails " +
			"with the same diagnostics as the `vippsmobilepay_key_set` resource, naming the key that was refused, " +
			"and reports its progress without ever showing a secret.\n\n" +
			"Run it on demand with `terraform apply -invoke=action.vippsmobilepay_verify_keys.<name>`, or from an " +
			"`action_trigger` in the `lifecycle` of the resource that writes keys to a secret store, so a rotation " +
			"proves that what was written works.\n\n" +
			"The arguments are the ephemeral `vippsmobilepay_key_set`'s. The keys are write-only: they may come from " +
			"ephemeral values (an ephemeral variable, or an ephemeral resource that reads the secret store) and are " +
			"never shown in the plan.",
		// Actions have no results and no Sensitive arguments: the secrets are write-only, which
		// keeps them out of the plan's rendering and lets them come from ephemeral values.
		Attributes: map[string]schema.Attribute{
			"merchant_serial_number": schema.StringAttribute{
				MarkdownDescription: keySetMSNDescription,
				Required:            true,
				Validators:          []validator.String{keyFormatValidator(keys.AttrMerchantSerialNumber)},
			},
			"environment": schema.StringAttribute{
				MarkdownDescription: keySetEnvironmentDescription,
				Optional:            true,
				Validators:          []validator.String{stringvalidator.OneOf(keys.Environments()...)},
			},
			"client_id": schema.StringAttribute{
				MarkdownDescription: keySetClientIDDescription,
				Required:            true,
				WriteOnly:           true,
				Validators:          []validator.String{keyFormatValidator(keys.AttrClientID)},
			},
			"client_secret": schema.StringAttribute{
				MarkdownDescription: keySetClientSecretDescription,
				Required:            true,
				WriteOnly:           true,
				Validators:          []validator.String{keyFormatValidator(keys.AttrClientSecret)},
			},
			"subscription_key_primary": schema.StringAttribute{
				MarkdownDescription: keySetPrimaryKeyDescription,
				Required:            true,
				WriteOnly:           true,
				Validators:          []validator.String{keyFormatValidator(keys.AttrSubscriptionKeyPrimary)},
			},
			"subscription_key_secondary": schema.StringAttribute{
				MarkdownDescription: keySetSecondaryKeyDescription,
				Optional:            true,
				WriteOnly:           true,
				Validators:          []validator.String{keyFormatValidator(keys.AttrSubscriptionKeySecondary)},
			},
			"active_subscription_key": schema.StringAttribute{
				MarkdownDescription: keySetActiveKeyDescription,
				Optional:            true,
				Validators:          []validator.String{stringvalidator.OneOf(keys.SubscriptionKeySlots()...)},
			},
		},
	}
}

func (a *verifyKeysAction) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	a.cc = configuredClient(req.ProviderData, &resp.Diagnostics)
}

func (a *verifyKeysAction) ValidateConfig(ctx context.Context, req action.ValidateConfigRequest, resp *action.ValidateConfigResponse) {
	resp.Diagnostics.Append(checkKeyPairs(ctx, req.Config, false)...)
}

// ModifyPlan checks the formats of what is known at plan: Terraform validates an action's
// configuration once, before variables and references have values.
func (a *verifyKeysAction) ModifyPlan(ctx context.Context, req action.ModifyPlanRequest, resp *action.ModifyPlanResponse) {
	var m verifyKeysModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if !resp.Diagnostics.HasError() {
		resp.Diagnostics.Append(m.formatProblems()...)
	}
}

func (a *verifyKeysAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var m verifyKeysModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if resp.Diagnostics.Append(a.cc.ready(true)...); resp.Diagnostics.HasError() {
		return
	}
	m.keySetInputs = m.withDefaults(a.cc)
	// Values known only now (after_create of the resource that wrote them) are checked before
	// any call.
	if resp.Diagnostics.Append(m.formatProblems()...); resp.Diagnostics.HasError() {
		return
	}
	ks, _ := m.keySet()
	what := describeSalesUnit(ks.MerchantSerialNumber, ks.Environment)
	progress(resp, fmt.Sprintf("Verifying the API keys of %s: a token exchange with %s.", what, slotList(ks.Slots(m.active()))))

	out := a.cc.KeySets.Check(maskKeySet(ctx, ks), ks, m.active(), keyset.Invoke)
	for _, slot := range out.Proof.Proven {
		progress(resp, fmt.Sprintf("%s works: Vipps MobilePay issued an access token.", keys.SubscriptionKeyAttribute(slot)))
	}
	if out.Status != keyset.Verified {
		resp.Diagnostics.Append(keySetCheckFailed(a.cc, out, ""))
		return
	}
	switch {
	case out.Proof.SalesUnit != nil:
		progress(resp, fmt.Sprintf("MSN %s is the active sales unit %q.", ks.MerchantSerialNumber, out.Proof.SalesUnit.Name))
	case out.UnitInactive():
		resp.Diagnostics.Append(salesUnitNotActive(ks.MerchantSerialNumber, out.Proof.SalesUnitErr))
	}
	progress(resp, fmt.Sprintf("Verified the API keys of %s (fingerprint %s).", what, out.Fingerprint))
}

// progress reports a step of an invocation. Messages name sales units, environments and key
// slots, never a key.
func progress(resp *action.InvokeResponse, message string) {
	if resp.SendProgress != nil {
		resp.SendProgress(action.InvokeProgressEvent{Message: message})
	}
}

// slotList names the subscription keys a verification tries, in order.
func slotList(slots []string) string {
	names := make([]string, len(slots))
	for i, slot := range slots {
		names[i] = keys.SubscriptionKeyAttribute(slot)
	}
	if len(names) == 1 {
		return names[0]
	}
	return "each subscription key: " + strings.Join(names, ", then ")
}
