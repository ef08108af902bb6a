// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package vipps

import (
	"context"
	"errors"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
)

// SalesUnitFinding is what the Management API said about a key set's MSN.
type SalesUnitFinding int

const (
	// SalesUnitUnchecked: nobody asked (not production, no keys to ask with), or the API could
	// not answer.
	SalesUnitUnchecked SalesUnitFinding = iota
	// SalesUnitActive: an active sales unit with API keys has the MSN.
	SalesUnitActive
	// SalesUnitNotFound: no active sales unit with API keys has the MSN, as the asking keys
	// see it. Vippsnummer units (which have no keys) and inactive units look like this.
	SalesUnitNotFound
)

// VerifyOptions say how much VerifyKeySet proves.
type VerifyOptions struct {
	// Active is the slot requests use, "primary" (the default) or "secondary". It is proven
	// first, so the key set's token is the active key's.
	Active string
	// CheckSalesUnit asks the Management API, with the key set's own keys, about its sales
	// unit once the keys are proven. Only production has the API; elsewhere nothing is asked.
	CheckSalesUnit bool
	// Lookup, when set, are production keys (the provider's own) to ask the Management API
	// whether a refused production key set's MSN is an active sales unit, which tells wrong
	// keys from a wrong MSN.
	Lookup *Credentials
	// Investigate, when a subscription key is refused, makes the few token exchanges more that
	// tell its likely causes apart: the key set's subscription keys not tried yet, and the
	// refused one without the Merchant-Serial-Number header. The gateway answers a key of the
	// other environment, a mistyped key and a key of another sales unit's MSN alike.
	Investigate bool
}

// KeySetVerification is what VerifyKeySet found.
type KeySetVerification struct {
	// Token is the active subscription key's access token, once the key set is proven.
	Token AccessToken
	// Proven lists the slots whose token exchange succeeded, in the order they were tried.
	Proven []string
	// FailedSlot is the slot whose exchange failed, "" when none did.
	FailedSlot string
	// Refused is the attribute the API's refusal points at: client_id, client_secret or the
	// failed slot's subscription key attribute. "" when the failure was no refusal, or did not
	// say which key is wrong.
	Refused string
	// SalesUnit is the key set's sales unit, when the Management API was asked and knew it.
	SalesUnit *SalesUnit
	// SalesUnitFinding is what the Management API said about the MSN.
	SalesUnitFinding SalesUnitFinding
	// SalesUnitErr is why a Management API question went unanswered, for logs.
	SalesUnitErr error

	// What an investigated refusal of a subscription key found (VerifyOptions.Investigate).
	// AlsoRefused lists the other slots the gateway refused too, in the order they were tried
	// (a slot that worked is in Proven). WorksWithoutMSN says the refused key was accepted
	// without the Merchant-Serial-Number header: the keys work, but not for that MSN.
	AlsoRefused     []string
	WorksWithoutMSN bool
}

// VerifyKeySet proves a key set the way an integration would use it: a token exchange with each
// subscription key it holds, the active one first, so a stale idle key is found before it is
// needed. The error is the typed error of the first exchange that failed; the verification
// says which slot and which key it was, and what the Management API knows of the sales unit.
func (c *Client) VerifyKeySet(ctx context.Context, ks keys.KeySet, opts VerifyOptions) (KeySetVerification, error) {
	var v KeySetVerification
	slots := ks.Slots(opts.Active)
	for i, slot := range slots {
		tok, err := c.AccessToken(ctx, ks.Credentials(slot))
		if err != nil {
			v.FailedSlot = slot
			v.Refused = refusedAttribute(err, slot)
			if opts.Investigate && v.Refused == keys.SubscriptionKeyAttribute(slot) {
				c.investigate(ctx, ks, slots[i+1:], &v)
			}
			if errors.Is(err, ErrKeysRejected) && opts.Lookup != nil && ks.Environment == keys.EnvironmentProduction {
				v.SalesUnit, v.SalesUnitFinding, v.SalesUnitErr = c.findSalesUnit(ctx, *opts.Lookup, ks.MerchantSerialNumber)
			}
			return v, err
		}
		if i == 0 {
			v.Token = tok
		}
		v.Proven = append(v.Proven, slot)
	}
	if opts.CheckSalesUnit && ks.Environment == keys.EnvironmentProduction {
		v.SalesUnit, v.SalesUnitFinding, v.SalesUnitErr = c.findSalesUnit(ctx, ks.Credentials(v.Proven[0]), ks.MerchantSerialNumber)
	}
	return v, nil
}

// investigate gathers what tells the causes of a refused subscription key apart: whether the
// key set's other subscription keys work, and, when none does, whether the refused one works
// without the MSN. Only answers count: a probe that got none proves nothing either way.
func (c *Client) investigate(ctx context.Context, ks keys.KeySet, untried []string, v *KeySetVerification) {
	for _, slot := range untried {
		_, err := c.AccessToken(ctx, ks.Credentials(slot))
		switch {
		case err == nil:
			v.Proven = append(v.Proven, slot)
		case refusedAttribute(err, slot) == keys.SubscriptionKeyAttribute(slot):
			v.AlsoRefused = append(v.AlsoRefused, slot)
		}
	}
	if len(v.Proven) > 0 || ks.MerchantSerialNumber == "" {
		return
	}
	creds := ks.Credentials(v.FailedSlot)
	creds.MerchantSerialNumber = ""
	_, err := c.AccessToken(ctx, creds)
	v.WorksWithoutMSN = err == nil
}

// refusedAttribute turns the credential a refusal names into the key set's attribute.
func refusedAttribute(err error, slot string) string {
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		return ""
	}
	switch refused := apiErr.RefusedCredential(); refused {
	case keys.AttrSubscriptionKey:
		return keys.SubscriptionKeyAttribute(slot)
	default:
		return refused
	}
}

// findSalesUnit asks the Management API about an MSN with production credentials.
func (c *Client) findSalesUnit(ctx context.Context, creds Credentials, msn string) (*SalesUnit, SalesUnitFinding, error) {
	if len(creds.Missing()) > 0 {
		return nil, SalesUnitUnchecked, nil
	}
	creds.Environment = keys.EnvironmentProduction
	su, err := c.SalesUnit(ctx, creds, msn)
	switch {
	case err == nil:
		return &su, SalesUnitActive, nil
	case errors.Is(err, ErrNotFound):
		return nil, SalesUnitNotFound, err
	}
	return nil, SalesUnitUnchecked, err
}
