package provider

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/vipps"
)

// Every diagnostic the provider shows is built here, so the wording stays the same everywhere.
// None of them quotes a secret: callers pass attribute names and API messages, and API
// messages were redacted by the client.

func invalidAttributeFormat(p path.Path, problem string) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(p, "Invalid "+attributeName(p),
		keys.Problem{Attribute: attributeName(p), Problem: problem}.String())
}

// invalidSecretFormat names a malformed secret in its text instead of pointing at it: with an
// attribute path Terraform prints the attribute's source line, which is the secret itself when
// it is written literally.
func invalidSecretFormat(p path.Path, problem string) diag.Diagnostic {
	name := attributeName(p)
	return diag.NewErrorDiagnostic("Invalid "+name,
		keys.Problem{Attribute: name, Problem: problem}.String()+" The value is not shown, because it is secret.")
}

func attributeName(p path.Path) string {
	steps := p.Steps()
	if len(steps) == 0 {
		return "value"
	}
	if name, ok := steps[len(steps)-1].(path.PathStepAttributeName); ok {
		return string(name)
	}
	return p.String()
}

func unexpectedProviderData(got any) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Unexpected provider data",
		fmt.Sprintf("Expected *ConfiguredClient, got %T. This is a bug in the provider; please report it.", got))
}

func providerNotConfigured() diag.Diagnostic {
	return diag.NewErrorDiagnostic("Provider not configured",
		"The vippsmobilepay provider was not configured before it was used. This is a bug in the provider "+
			"or in Terraform; please report it.")
}

func unknownProviderArguments(names []string) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Provider configuration not known yet",
		fmt.Sprintf("The provider arguments %s depend on values Terraform only knows after apply, so the "+
			"provider cannot call the API now. Set them from values known at plan time (variables, "+
			"environment variables VIPPSMOBILEPAY_<NAME>), or apply the resources they depend on first "+
			"with -target.", strings.Join(names, ", ")))
}

func invalidEnvironmentVariable(attribute, envVar, problem string) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(path.Root(attribute), "Invalid "+envVar,
		fmt.Sprintf("The environment variable %s sets the provider argument %s, which %s.", envVar, attribute, problem))
}

// keySetNotVerified explains a failed verification of a key set: which sales unit, which
// environment, what the API said and what to do next.
func keySetNotVerified(msn, environment, slot string, err error) diag.Diagnostic {
	return keySetNotVerifiedWithFinding(msn, environment, slot, err, salesUnitUnchecked)
}

// salesUnitFinding is what the Management API said about a key set's MSN after the keys were
// refused, when the provider's own keys could ask it.
type salesUnitFinding int

const (
	salesUnitUnchecked salesUnitFinding = iota // the API could not be asked
	salesUnitActive                            // an active unit with API keys: the keys are wrong
	salesUnitUnknown                           // no active unit with API keys has this MSN
)

func keySetNotVerifiedWithFinding(msn, environment, slot string, err error, finding salesUnitFinding) diag.Diagnostic {
	what := fmt.Sprintf("sales unit MSN %s in the %s environment", msn, environment)
	var detail strings.Builder
	attr := ""
	switch {
	case errors.Is(err, vipps.ErrKeysRejected):
		attr = rejectedAttribute(err, slot)
		fmt.Fprintf(&detail, "Vipps MobilePay refused the API keys of %s", what)
		if attr != "" {
			fmt.Fprintf(&detail, " (the answer points at %s)", attr)
		}
		fmt.Fprintf(&detail, ".\n\nThe API said: %s\n\n", err)
		fmt.Fprintf(&detail, "Check that every key is the one the business portal shows for MSN %s under "+
			"Developer → API keys → %s. Keys of the other environment never work, and keys regenerated in "+
			"the portal replace the old ones at once. To plan or apply with keys that are not live yet, set "+
			"verify = false.", msn, environmentLabel(environment))
		switch finding {
		case salesUnitUnknown:
			fmt.Fprintf(&detail, "\n\nThe Management API knows no active sales unit with API keys under MSN %s. "+
				"Vippsnummer sales units (Shopping Basket and Open Amount) have no API keys at all, and an inactive "+
				"unit's keys stop working: check the MSN.", msn)
		case salesUnitActive:
			fmt.Fprintf(&detail, "\n\nMSN %s is an active sales unit, so it is the keys that are wrong.", msn)
		default:
			fmt.Fprint(&detail, "\n\nNote that Vippsnummer sales units (Shopping Basket and Open Amount) have no "+
				"API keys at all.")
		}
	case errors.Is(err, vipps.ErrMissingCredentials):
		fmt.Fprintf(&detail, "The key set of %s could not be verified: %s.", what, err)
	default:
		fmt.Fprintf(&detail, "The key set of %s could not be verified because the API could not be reached "+
			"or answered with an error: %s\n\nThis is usually temporary: run the command again. If it persists, "+
			"check base_url, the network and status.vippsmobilepay.com; set verify = false to skip the check.",
			what, err)
	}
	summary := "Key set not verified"
	if errors.Is(err, vipps.ErrKeysRejected) {
		summary = "Key set rejected"
	}
	// Not an attribute diagnostic on purpose: Terraform would print the attribute's source line,
	// and with a literal secret in the configuration that line is the secret.
	return diag.NewErrorDiagnostic(summary, detail.String())
}

// rejectedAttribute names the attribute a token refusal points at, from the API's error code.
func rejectedAttribute(err error, slot string) string {
	var apiErr *vipps.APIError
	if !errors.As(err, &apiErr) {
		return ""
	}
	text := strings.ToLower(apiErr.Code + " " + apiErr.Message)
	switch {
	case strings.Contains(text, "subscription key"):
		return slot
	case strings.Contains(text, "aadsts700016"), strings.Contains(text, "unauthorized_client"):
		return keys.AttrClientID
	case strings.Contains(text, "aadsts7000215"), strings.Contains(text, "invalid client secret"):
		return keys.AttrClientSecret
	}
	return ""
}

func keySetDrifted(msn, environment string, err error) diag.Diagnostic {
	return diag.NewWarningDiagnostic("Key set no longer accepted",
		fmt.Sprintf("Vipps MobilePay now refuses the stored API keys of sales unit MSN %s in the %s environment "+
			"(%s). They were probably regenerated in the business portal. Copy the new keys from Developer → "+
			"API keys → %s into the configuration and apply; until then the plan shows this key set as changed.",
			msn, environment, err, environmentLabel(environment)))
}

func keySetNotRechecked(msn, environment string, err error) diag.Diagnostic {
	return diag.NewWarningDiagnostic("Key set not re-checked",
		fmt.Sprintf("Could not re-check the API keys of sales unit MSN %s in the %s environment during refresh: "+
			"%s. The state keeps the last verified result; run the command again to re-check.", msn, environment, err))
}

func invalidImportID(id string) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Invalid import ID",
		fmt.Sprintf("Import a key set by <environment>/<merchant_serial_number>, for example test/123456; got %q. "+
			"The environment %s, and the merchant serial number %s.", id, keys.ProblemEnvironment,
			keys.ProblemMerchantSerialNumber))
}

func environmentLabel(environment string) string {
	if environment == keys.EnvironmentProduction {
		return "Production"
	}
	return "Test"
}

func secondaryKeyRequired() diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(path.Root("active_subscription_key"), "Secondary subscription key missing",
		`active_subscription_key is "secondary", but subscription_key_secondary is not set. Set `+
			`subscription_key_secondary to the secondary key the business portal shows, or use "primary".`)
}

func missingCredentials(attrs []string) diag.Diagnostic {
	slices.Sort(attrs)
	vars := make([]string, len(attrs))
	for i, a := range attrs {
		vars[i] = envVarName(a)
	}
	return diag.NewErrorDiagnostic("Missing credentials",
		fmt.Sprintf("This operation calls the Vipps MobilePay API and needs %s. Set them here, in the provider "+
			"block, or through the environment variables %s.", strings.Join(attrs, ", "), strings.Join(vars, ", ")))
}

// describeSalesUnit names what a key set belongs to, for messages.
func describeSalesUnit(msn, environment string) string {
	if msn == "" {
		return fmt.Sprintf("the key set in the %s environment", environment)
	}
	return fmt.Sprintf("sales unit MSN %s in the %s environment", msn, environment)
}

func accessTokenFailed(msn, environment string, err error) diag.Diagnostic {
	what := describeSalesUnit(msn, environment)
	if errors.Is(err, vipps.ErrKeysRejected) {
		return diag.NewErrorDiagnostic("Access token refused",
			fmt.Sprintf("Vipps MobilePay refused the API keys of %s.\n\nThe API said: %s\n\nCheck the keys against "+
				"the business portal (Developer → API keys → %s); keys of the other environment never work, and "+
				"regenerated keys replace the old ones at once.", what, err, environmentLabel(environment)))
	}
	return diag.NewErrorDiagnostic("Access token not issued",
		fmt.Sprintf("Could not get an access token for %s: %s\n\nThis is usually temporary: run the command "+
			"again. If it persists, check base_url, the network and status.vippsmobilepay.com.", what, err))
}

func accessTokenExpired(expiresOn time.Time) diag.Diagnostic {
	return diag.NewWarningDiagnostic("Access token expired",
		fmt.Sprintf("The access token opened for this run expired at %s, while Terraform was still using it; "+
			"calls made with it from now on are refused. Run the command again to get a fresh token, or split "+
			"a long apply into shorter ones.", expiresOn.UTC().Format(time.RFC3339)))
}

// managementFailed explains a failed Management API call in the user's terms.
func managementFailed(what string, err error) diag.Diagnostic {
	switch {
	case errors.Is(err, vipps.ErrNotFound):
		return diag.NewErrorDiagnostic("Not found or inactive",
			fmt.Sprintf("Vipps MobilePay found no %s. The Management API answers the same way when it does not "+
				"exist, is inactive (or its merchant is deactivated), or is not connected to the partner whose keys "+
				"the provider uses. Check the identifier, and that the keys reach it.\n\nThe API said: %s", what, err))
	case errors.Is(err, vipps.ErrForbidden):
		return diag.NewErrorDiagnostic("Not allowed",
			fmt.Sprintf("The provider's keys may not read or change %s. Price packages and product orders need "+
				"partner keys; with partner keys, a Merchant-Serial-Number must name a merchant connected to the "+
				"partner.\n\nThe API said: %s", what, err))
	case errors.Is(err, vipps.ErrKeysRejected), errors.Is(err, vipps.ErrUnauthorized):
		return diag.NewErrorDiagnostic("Management API refused the keys",
			fmt.Sprintf("Vipps MobilePay refused the provider's keys for %s. The Management API exists only in "+
				"production, so the provider's client_id, client_secret and subscription_key must be production "+
				"keys (partner keys, or a sales unit's keys).\n\nThe API said: %s", what, err))
	case errors.Is(err, vipps.ErrConflict):
		return diag.NewErrorDiagnostic("Idempotency key already used",
			fmt.Sprintf("Vipps MobilePay refused the request for %s: its Idempotency-Key was already used for a "+
				"different request. Set a new idempotency_key (or leave it unset to get a fresh one) and apply "+
				"again.\n\nThe API said: %s", what, err))
	case errors.Is(err, vipps.ErrBadRequest):
		return diag.NewErrorDiagnostic("Request refused",
			fmt.Sprintf("Vipps MobilePay refused the request for %s as invalid; correct the arguments it names.\n\n"+
				"The API said: %s", what, err))
	}
	return diag.NewErrorDiagnostic("Management API call failed",
		fmt.Sprintf("The request for %s failed: %s\n\nThis is usually temporary: run the command again. If it persists, check "+
			"base_url, the network and status.vippsmobilepay.com.", what, err))
}

func productOrderGone(id string) diag.Diagnostic {
	return diag.NewWarningDiagnostic("Product order gone",
		fmt.Sprintf("Product order %s no longer exists at Vipps MobilePay (deleted outside Terraform, or never "+
			"created with these partner keys). It was removed from the state. To order anew, apply again; if the "+
			"order sets its own idempotency_key, give it a new one, or the API answers with the old order.", id))
}

func productOrderReplayedGone(id, key string) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Idempotency key belongs to a deleted order",
		fmt.Sprintf("Vipps MobilePay answered the create with product order %s, which an earlier request with the "+
			"same Idempotency-Key (%s) made and which no longer exists. Set a new idempotency_key to order anew.",
			id, key))
}

func productOrderNotDeletable(id, status string, err error) diag.Diagnostic {
	return diag.NewWarningDiagnostic("Product order kept at Vipps MobilePay",
		fmt.Sprintf("Product order %s (last seen %s) can no longer be deleted: the merchant has submitted it, or it "+
			"completed, was rejected or expired. It was removed from the Terraform state only.\n\nThe API said: %s",
			id, status, err))
}

func invalidProductOrderImportID(id string) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Invalid import ID",
		fmt.Sprintf("Import a product order by its ID, a UUID such as 81b83246-5c19-7b94-875b-ea6d1114f099; got %q.", id))
}

func salesUnitNotActive(msn string, err error) diag.Diagnostic {
	return diag.NewWarningDiagnostic("Sales unit not active",
		fmt.Sprintf("The keys of MSN %s work, but the Management API does not list MSN %s as an active sales unit "+
			"they reach (%s). An inactive unit cannot take payments; check the unit in the business portal.",
			msn, msn, err))
}
