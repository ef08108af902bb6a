// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

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
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keyset"
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

// urlCarriesCredentials refuses a URL with a user name or password in it, naming the attribute
// by its whole path in the text instead of pointing at it, for the reason invalidSecretFormat
// gives.
func urlCarriesCredentials(p path.Path, problem string) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Invalid "+p.String(),
		keys.Problem{Attribute: p.String(), Problem: problem}.String()+" The value is not shown, because it holds a password.")
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

// baseURLHostWarning says that base_url (set in the configuration, or by envVar when envVar is
// not "") names a host that may not be the one meant, and that the keys go there.
func baseURLHostWarning(envVar, problem string) diag.Diagnostic {
	const summary = "Check the host base_url sends the keys to"
	detail := " Every request goes there, with the provider's keys and those of every key set it checks: " +
		"make sure it is the host you mean before you apply."
	if envVar != "" {
		return diag.NewWarningDiagnostic(summary, fmt.Sprintf("base_url, set by %s, %s.", envVar, problem)+detail)
	}
	return diag.NewAttributeWarningDiagnostic(path.Root("base_url"), summary, "base_url "+problem+"."+detail)
}

func invalidEnvironmentVariable(attribute, envVar, problem string) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(path.Root(attribute), "Invalid "+envVar,
		fmt.Sprintf("The environment variable %s sets the provider argument %s, which %s.", envVar, attribute, problem))
}

// keySetCheckFailed explains a failed check of a key set: which sales unit, which environment,
// the likeliest cause first, what the API said, and what to do next. The resource, the
// ephemeral key set and the verify action give the same words for the same outcome; skip is the
// component's own way to go on without the check ("" for the action, which only checks). It is
// never an attribute diagnostic: Terraform would print the attribute's source line, and with a
// literal secret in the configuration that line is the secret.
func keySetCheckFailed(cc *ConfiguredClient, out keyset.Outcome, skip string) diag.Diagnostic {
	what := describeSalesUnit(out.KeySet.MerchantSerialNumber, out.KeySet.Environment)
	switch {
	case out.Status == keyset.Rejected:
		return diag.NewErrorDiagnostic("Key set rejected", keySetRejectedDetail(out)+"\n\nFor keys that are not "+
			"live yet, the vippsmobilepay_key_set resource and ephemeral resource skip this check with verify = false.")
	case out.Failure == vipps.FailureCancelled:
		return diag.NewErrorDiagnostic("Key set check cancelled",
			fmt.Sprintf("Terraform was interrupted before the API keys of %s were verified. Nothing was changed "+
				"at Vipps MobilePay; run the command again to finish.", what))
	case out.Failure == vipps.FailureMissingCredentials:
		return diag.NewErrorDiagnostic("Key set not verified",
			fmt.Sprintf("The API keys of %s could not be verified: %s.", what, out.Err))
	}
	if skip != "" {
		skip = "\n\n" + skip
	}
	return diag.NewErrorDiagnostic("Key set not verified",
		fmt.Sprintf("The API keys of %s could not be verified. %s%s", what, unansweredAdvice(cc, out.Err), skip))
}

// skipVerification is the advice of the components with a verify argument.
const skipVerification = "If the keys must be applied before the API can check them, verify = false skips the " +
	"check; set it back once the API answers, and the next apply proves them."

// keySetRejectedDetail names the likeliest cause of a refusal first, as far as the evidence
// goes (keyset.Cause), then what the API said.
func keySetRejectedDetail(out keyset.Outcome) string {
	ks, refused := out.KeySet, out.Rejection.Credential
	msn, environment, other := ks.MerchantSerialNumber, ks.Environment, otherEnvironment(ks.Environment)
	var b strings.Builder
	fmt.Fprintf(&b, "Vipps MobilePay refused the API keys of %s.\n\n", describeSalesUnit(msn, environment))
	portal := fmt.Sprintf("the business portal (Developer → API keys → %s, MSN %s)", environmentLabel(environment), msn)
	switch out.Rejection.Cause {
	case keyset.CauseNoSuchUnit:
		fmt.Fprintf(&b, "The Management API knows no active sales unit with API keys under MSN %s: check "+
			"merchant_serial_number. Vippsnummer sales units (Shopping Basket and Open Amount) have no API keys "+
			"at all, and an inactive unit's keys stop working.", msn)
	case keyset.CauseKeysOfAnotherUnit:
		fmt.Fprintf(&b, "The keys work, but not for MSN %s: the gateway accepted %s without the "+
			"Merchant-Serial-Number header and refused it for MSN %s, so the keys belong to another sales unit. "+
			"Check merchant_serial_number first (a swapped or missing digit is the usual slip), then that the keys "+
			"are the ones %s shows. If MSN %s is a Vippsnummer sales unit (Shopping Basket or Open Amount), no keys "+
			"work for it: such units have no API keys, so it needs no key set.",
			msn, refused, msn, portal, msn)
	case keyset.CauseKeyReplaced:
		fmt.Fprintf(&b, "%s works, but %s was refused: it was probably regenerated in the portal, or mistyped. "+
			"Copy the current %s from %s.", keys.SubscriptionKeyAttribute(out.Proof.Proven[0]), refused, refused, portal)
	case keyset.CauseOtherEnvironment:
		fmt.Fprintf(&b, "The gateway did not accept %s, nor any other subscription key of the set. The likeliest "+
			"cause is keys of the other environment: %s keys are unknown in %s, and the other way round. If these "+
			"are %s keys, set environment = %q. Otherwise copy %s and the other keys from %s; keys regenerated "+
			"there replace the old ones at once.", refused, other, environment, other, other, refused, portal)
	case keyset.CauseWrongSubscriptionKey:
		fmt.Fprintf(&b, "The gateway did not accept %s, and the answer does not say why. Most often the key is "+
			"mistyped or was regenerated: copy %s again from %s. Otherwise the keys are of the %s environment (then "+
			"set environment = %q), or of another sales unit than MSN %s (check merchant_serial_number).",
			refused, refused, portal, other, other, msn)
	case keyset.CauseUnknownClientID:
		fmt.Fprintf(&b, "Azure AD, behind the API, does not know the client_id: it is mistyped, or of the %s "+
			"environment. Copy it from %s.", other, portal)
	case keyset.CauseWrongClientSecret:
		fmt.Fprintf(&b, "The client_secret was refused: it was probably regenerated in the portal, or mistyped. "+
			"Copy the current one from %s.", portal)
	default:
		fmt.Fprintf(&b, "Check that every key is the one %s shows. Keys of the other environment never work, and "+
			"keys regenerated in the portal replace the old ones at once.", portal)
	}
	if out.Proof.SalesUnitFinding == vipps.SalesUnitActive {
		fmt.Fprintf(&b, " MSN %s is an active sales unit, so it is the keys that are wrong.", msn)
	}
	fmt.Fprintf(&b, "\n\nThe API said: %s", out.Err)
	return b.String()
}

func otherEnvironment(environment string) string {
	if environment == keys.EnvironmentProduction {
		return keys.EnvironmentTest
	}
	return keys.EnvironmentProduction
}

// unansweredAdvice explains a call that got no usable answer, starting from what happened:
// plain HTTP or an untrusted certificate where HTTPS was expected, nothing answered (where, and
// why there), a redirect, a refusal that names no key, or a fault on the API's side, which
// alone is "usually temporary".
func unansweredAdvice(cc *ConfiguredClient, err error) string {
	host := vipps.ErrorHost(err)
	if host == "" {
		host = "the API"
	}
	if vipps.IsRepeat(err) { // a fleet failing for one cause is told it in full once
		return repeatedCause(cc, host, err)
	}
	switch failure := vipps.Classify(err); failure {
	case vipps.FailurePlainHTTP:
		return fmt.Sprintf("%s answered in plain HTTP, not HTTPS: base_url says https://, but the server there "+
			"speaks http://, as the local sandbox does. Write base_url (or VIPPSMOBILEPAY_BASE_URL) with http://, "+
			"exactly as the sandbox printed it.\n\nThe error was: %s", host, err)
	case vipps.FailureCertificate:
		return fmt.Sprintf("%s answered with a TLS certificate this machine does not trust. When a proxy on "+
			"your network inspects TLS, add its CA certificate to the system's trust store (or point "+
			"SSL_CERT_FILE at a bundle that holds it); otherwise check that base_url names the API's own "+
			"host.\n\nThe error was: %s", host, err)
	case vipps.FailureUnanswered, vipps.FailureTimedOut:
		where := fmt.Sprintf("The provider called %s because base_url is not set. To use a local sandbox, set "+
			"base_url (or VIPPSMOBILEPAY_BASE_URL) to the URL it printed; otherwise check the network, any proxy, "+
			"and status.vippsmobilepay.com.", host)
		switch {
		case vipps.OthersAnswered(err):
			where = fmt.Sprintf("%s answered other requests of this run meanwhile, so it is up and only this one "+
				"went unanswered: run the command again. If the same sales unit goes unanswered every time, report it "+
				"to Vipps MobilePay with its MSN.", host)
		case cc != nil && cc.BaseURL != "":
			where = fmt.Sprintf("base_url is %s: check that the sandbox or proxy there is running, or correct "+
				"base_url.", cc.BaseURL)
		}
		if failure == vipps.FailureTimedOut && cc != nil {
			return fmt.Sprintf("No answer came from %s within request_timeout (%s). If the server is up but slow, "+
				"raise request_timeout (or VIPPSMOBILEPAY_REQUEST_TIMEOUT).\n\n%s\n\nThe error was: %s",
				host, cc.RequestTimeout, where, err)
		}
		return fmt.Sprintf("Nothing answered at %s.\n\n%s\n\nThe error was: %s", host, where, err)
	case vipps.FailureRedirected:
		return fmt.Sprintf("%s answered with a redirect, which the Vipps MobilePay API never sends: base_url "+
			"probably points at a web page or a proxy's login, not at the API. Correct base_url.\n\nThe API said: %s",
			host, err)
	case vipps.FailureTemporary, vipps.FailureNone:
		return fmt.Sprintf("Vipps MobilePay answered with an error: %s\n\nThis is usually temporary: run the "+
			"command again. If it persists, check status.vippsmobilepay.com.", err)
	}
	return fmt.Sprintf("%s answered HTTP %d without saying that a key is wrong. A gateway or proxy in between "+
		"can answer this way: check base_url and any proxy, then run the command again.\n\nThe API said: %s",
		host, vipps.StatusCode(err), err)
}

// repeatedCause is the short advice for a failure whose cause an error in full already told in
// this run. It names the cause itself: Terraform prints diagnostics in an order of its own, so
// "the first error" may be printed anywhere among a fleet's.
func repeatedCause(cc *ConfiguredClient, host string, err error) string {
	var cause string
	switch vipps.Classify(err) {
	case vipps.FailurePlainHTTP:
		cause = host + " answers in plain HTTP: write base_url with http://"
	case vipps.FailureCertificate:
		cause = host + " has a TLS certificate this machine does not trust"
	case vipps.FailureTimedOut:
		cause = "No answer came from " + host + " within request_timeout"
		if cc != nil {
			cause += " (" + cc.RequestTimeout.String() + ")"
		}
	case vipps.FailureUnanswered:
		cause = "No answer came from " + host + ": check that it is up and reachable"
	case vipps.FailureRedirected:
		cause = host + " answered with a redirect, which the API never sends: correct base_url"
	default:
		switch status := vipps.StatusCode(err); {
		case errors.Is(err, vipps.ErrRateLimited):
			cause = fmt.Sprintf("%s kept answering HTTP %d (rate limited): run the command again later, or with "+
				"a lower -parallelism", host, status)
		case errors.Is(err, vipps.ErrMalformedResponse):
			cause = fmt.Sprintf("%s answered HTTP %d with something that is not the API's answer: check base_url "+
				"and any proxy", host, status)
		default:
			cause = fmt.Sprintf("%s answered HTTP %d; this is usually temporary: run the command again", host, status)
		}
	}
	return fmt.Sprintf("%s, as for other requests in this run; the error about it in full says more.\n\n"+
		"The error was: %s", cause, err)
}

// keySetDrifted warns that a refresh found the stored keys refused.
func keySetDrifted(out keyset.Outcome) diag.Diagnostic {
	ks := out.KeySet
	key := out.Rejection.Credential
	if key == "" {
		key = "API keys"
	}
	why := fmt.Sprintf("It was probably regenerated in the business portal. Copy the new keys from Developer → "+
		"API keys → %s into the configuration and apply", environmentLabel(ks.Environment))
	if out.Rejection.Cause == keyset.CauseNoSuchUnit {
		why = fmt.Sprintf("The Management API knows no active sales unit with API keys under MSN %s any more: a "+
			"deactivated unit's keys stop working with it. If the unit is gone, remove this key set from the "+
			"configuration; otherwise copy its keys from Developer → API keys → %s and apply",
			ks.MerchantSerialNumber, environmentLabel(ks.Environment))
	}
	return diag.NewWarningDiagnostic("Key set no longer accepted",
		fmt.Sprintf("Vipps MobilePay now refuses the stored %s of sales unit MSN %s in the %s environment "+
			"(%s). %s; until then the plan shows this key set as changed (its fingerprint reads %q).",
			key, ks.MerchantSerialNumber, ks.Environment, out.Err, why, keyset.FingerprintRejected))
}

// keySetNotChecked reports a refresh that could not check the stored keys. It is an error unless
// the provider says on_refresh_failure = "warning": a scheduled drift check must not pass when it
// could not look.
func keySetNotChecked(cc *ConfiguredClient, out keyset.Outcome) diag.Diagnostic {
	what := describeSalesUnit(out.KeySet.MerchantSerialNumber, out.KeySet.Environment)
	if out.Failure == vipps.FailureCancelled {
		return diag.NewErrorDiagnostic("Key set check cancelled",
			fmt.Sprintf("Terraform was interrupted before the stored API keys of %s were checked.", what))
	}
	detail := fmt.Sprintf("Refresh could not check the stored API keys of %s, so this plan cannot say whether they "+
		"still work. %s", what, unansweredAdvice(cc, out.Err))
	if cc != nil && cc.OnRefreshFailure == refreshFailureWarning {
		return diag.NewWarningDiagnostic("Key set not checked", detail+"\n\nThe state keeps the last verified result.")
	}
	return diag.NewErrorDiagnostic("Key set not checked", detail+"\n\nTo plan without checking, run "+
		"terraform plan -refresh=false. To plan anyway with a warning, set on_refresh_failure = \"warning\" in the "+
		"provider block (or VIPPSMOBILEPAY_ON_REFRESH_FAILURE=warning).")
}

// keySetNotRefreshable tells, once, when a key set is created, that its write-only secrets are
// out of reach of every later refresh.
func keySetNotRefreshable(msn, environment string) diag.Diagnostic {
	return diag.NewWarningDiagnostic("Refresh cannot check write-only keys",
		fmt.Sprintf("The secrets of %s come through write-only arguments, so the state never holds them and no "+
			"refresh or scheduled plan can check that they still work: a plan stays green after the keys are "+
			"regenerated in the portal. The apply proves them now. To keep watching them, run the "+
			"vippsmobilepay_verify_keys action on a schedule, or open the ephemeral vippsmobilepay_key_set from "+
			"the secret store in the drift job (guide: Rotating keys).", describeSalesUnit(msn, environment)))
}

// keySetRemoved warns that removing a key set revoked nothing; refused says the last refresh
// found the stored keys refused already.
func keySetRemoved(msn, environment string, refused bool) diag.Diagnostic {
	what, where := describeSalesUnit(msn, environment), environmentLabel(environment)
	if refused {
		return diag.NewWarningDiagnostic("Key set removed from the state only",
			fmt.Sprintf("The last refresh found the stored API keys of %s refused, so they were probably regenerated "+
				"in the business portal already; the key set was only removed from the state. Keys that must stop "+
				"working can only be regenerated there, under Developer → API keys → %s.", what, where))
	}
	return diag.NewWarningDiagnostic("Key set removed from the state only",
		fmt.Sprintf("The API keys of %s keep working at Vipps MobilePay: they were only removed from the state. Only the "+
			"business portal can revoke keys: regenerate them under Developer → API keys → %s if they must stop "+
			"working.", what, where))
}

func invalidImportID(id string) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Invalid import ID",
		fmt.Sprintf("Import a key set by <environment>/<merchant_serial_number>, for example test/123456; got %q. "+
			"The environment %s, and the merchant serial number %s.", id, keys.ProblemEnvironment,
			keys.ProblemMerchantSerialNumber))
}

func invalidKeySetIdentity(problems []string) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Invalid import identity",
		fmt.Sprintf("Import a key set by identity = { environment = \"test\" or \"production\", merchant_serial_number "+
			"= \"123456\" }; here the %s.", strings.Join(problems, ", and the ")))
}

func clientIDMissing() diag.Diagnostic {
	return diag.NewErrorDiagnostic("Missing client_id",
		"The key set sets keys but no client_id. Set client_id to the GUID the business portal shows beside the "+
			"other keys (Developer → API keys).")
}

// keySetKeysMissing reports, at plan, a key set that sets no key at all: what terraform query
// -generate-config-out writes, since no API reveals keys.
func keySetKeysMissing(msn, environment string) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Key set has no keys",
		fmt.Sprintf("The key set of %s sets no keys yet, like the blocks terraform query -generate-config-out "+
			"writes: no API reveals keys. Set client_id, client_secret_wo and subscription_key_primary_wo (write-only: "+
			"from a secret store's ephemeral resource or an ephemeral variable) to the keys the business portal "+
			"shows under Developer → API keys → %s, or use the plain client_secret and subscription_key_primary.",
			describeSalesUnit(msn, environment), environmentLabel(environment)))
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

// secretLooksSwapped warns, naming no value, that client_secret holds what looks like a
// subscription key and the subscription key attribute what looks like a client_secret.
func secretLooksSwapped(keyAttr string) diag.Diagnostic {
	return diag.NewWarningDiagnostic("client_secret and "+keyAttr+" look swapped",
		"client_secret is 32 hexadecimal characters, as the business portal shows subscription keys, and "+
			keyAttr+" is padded Base64, as it shows a client_secret. If each was pasted in the other's place, "+
			"swap them back: the token exchange refuses them as they are. The values are not shown, because "+
			"they are secret.")
}

// writeOnlyKeysEmpty goes with the framework's "Missing Attribute Configuration" for a key set
// that sets secrets_wo_version, whose write-only keys may have arrived empty rather than been
// left out.
func writeOnlyKeysEmpty(names []string) diag.Diagnostic {
	what, has, it := strings.Join(names, " and "), "has", "it is"
	if len(names) > 1 {
		has, it = "have", "they are"
	}
	return diag.NewWarningDiagnostic("Write-only keys without a value",
		fmt.Sprintf("secrets_wo_version is set, but %s %s no value here. If %s set from an ephemeral "+
			"resource, OpenTofu passes them on empty while that resource cannot open, because its own arguments "+
			"are known only after apply (a resource not created yet). Apply what the ephemeral resource depends "+
			"on first (-target), or give it arguments known at plan; otherwise set %s.", what, has, it, what))
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

func accessTokenFailed(cc *ConfiguredClient, msn, environment string, err error) diag.Diagnostic {
	what := describeSalesUnit(msn, environment)
	switch vipps.Classify(err) {
	case vipps.FailureCancelled:
		return diag.NewErrorDiagnostic("Access token request cancelled",
			fmt.Sprintf("Terraform was interrupted before an access token for %s arrived.", what))
	case vipps.FailureKeysRejected:
		return diag.NewErrorDiagnostic("Access token refused", keySetRejectedDetail(keyset.Outcome{
			Status: keyset.Rejected, KeySet: keys.KeySet{MerchantSerialNumber: msn, Environment: environment},
			Rejection: keyset.RejectionOf(err), Err: err,
		}))
	case vipps.FailureMissingCredentials:
		return diag.NewErrorDiagnostic("Access token not issued",
			fmt.Sprintf("Could not get an access token for %s: %s.", what, err))
	}
	return diag.NewErrorDiagnostic("Access token not issued",
		fmt.Sprintf("Could not get an access token for %s. %s", what, unansweredAdvice(cc, err)))
}

func accessTokenExpired(expiresOn time.Time) diag.Diagnostic {
	return diag.NewWarningDiagnostic("Access token expired",
		fmt.Sprintf("The access token opened for this run expired at %s, while Terraform was still using it; "+
			"calls made with it from now on are refused. Run the command again to get a fresh token, or split "+
			"a long apply into shorter ones.", expiresOn.UTC().Format(time.RFC3339)))
}

// managementFailed explains a failed Management API call in the user's terms.
func managementFailed(cc *ConfiguredClient, what string, err error) diag.Diagnostic {
	switch vipps.Classify(err) {
	case vipps.FailureCancelled:
		return diag.NewErrorDiagnostic("Management API call cancelled",
			fmt.Sprintf("Terraform was interrupted before the request for %s was answered.", what))
	case vipps.FailureNoSuchAPI:
		return diag.NewErrorDiagnostic("No Management API at this host",
			fmt.Sprintf("%s has no Management API: it answered the request for %s with the gateway's \"Resource "+
				"not found\", as every host without that API does. The Management API exists only in production, "+
				"at %s; check base_url (the test environment's host has none).\n\nThe API said: %s",
				vipps.ErrorHost(err), what, keys.BaseURLProduction, err))
	case vipps.FailureNotFound:
		return diag.NewErrorDiagnostic("Not found or inactive",
			fmt.Sprintf("Vipps MobilePay found no %s. The Management API answers the same way when there is "+
				"none, when it is inactive or deactivated, and when the provider's keys do not reach it: partner "+
				"keys reach the merchants connected to the partner, and a sales unit's keys only that unit's own "+
				"merchant. Check the identifier, and that the keys reach it.\n\nThe API said: %s", what, err))
	case vipps.FailureForbidden:
		return diag.NewErrorDiagnostic("Not allowed",
			fmt.Sprintf("The provider's keys may not read or change %s. Price packages and product orders need "+
				"partner keys; with partner keys, a Merchant-Serial-Number must name a merchant connected to the "+
				"partner.\n\nThe API said: %s", what, err))
	case vipps.FailureKeysRejected, vipps.FailureUnauthorized:
		return diag.NewErrorDiagnostic("Management API refused the keys",
			fmt.Sprintf("Vipps MobilePay refused the provider's keys for %s. The Management API exists only in "+
				"production, so the provider's client_id, client_secret and subscription_key must be production "+
				"keys: partner keys (which price packages and product orders need), or a sales unit's keys.\n\n"+
				"The API said: %s", what, err))
	case vipps.FailureConflict:
		return diag.NewErrorDiagnostic("Idempotency key already used",
			fmt.Sprintf("Vipps MobilePay refused the request for %s: its Idempotency-Key was already used for a "+
				"different request. Set a new idempotency_key (or leave it unset to get a fresh one) and apply "+
				"again.\n\nThe API said: %s", what, err))
	case vipps.FailureBadRequest:
		return diag.NewErrorDiagnostic("Request refused",
			fmt.Sprintf("Vipps MobilePay refused the request for %s as invalid; correct the arguments it names.\n\n"+
				"The API said: %s", what, err))
	}
	return diag.NewErrorDiagnostic("Management API call failed",
		fmt.Sprintf("The request for %s failed. %s", what, unansweredAdvice(cc, err)))
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

func productOrderKeysExhausted(what string, generations int) diag.Diagnostic {
	return diag.NewErrorDiagnostic("No idempotency key left for these arguments",
		fmt.Sprintf("Vipps MobilePay answered each of the %d keys the provider derives for %s with an order "+
			"that has since been deleted, rejected or expired: that many orders with these same arguments. Set "+
			"idempotency_key to a new value to order anew.", generations, what))
}

// productOrderEarlier warns that a create found an order its key made before, which the merchant
// has submitted since or which has ended, and placed no new one.
func productOrderEarlier(id, status string, ownKey bool) diag.Diagnostic {
	anew := "To order anew, set idempotency_key to a new value."
	if !ownKey {
		anew = "It was made earlier with the same arguments and kept when its resource was destroyed. To order " +
			"anew, set idempotency_key to a new value."
	}
	return diag.NewWarningDiagnostic("Existing product order adopted, none placed",
		fmt.Sprintf("Vipps MobilePay answered the create with product order %s, which is %s: no new order was "+
			"placed, and the state now holds that one. %s", id, status, anew))
}

// productOrderKeyOfReplaced refuses a replacement that would send the replaced order's own key.
func productOrderKeyOfReplaced(key string) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(path.Root("idempotency_key"), "Idempotency key of the order being replaced",
		fmt.Sprintf("This change replaces the product order, but idempotency_key is still %q, the key of the order "+
			"it replaces. Terraform would delete that order, and Vipps MobilePay would then refuse the new one "+
			"(409: the key was used with another request), leaving the merchant with no order. Give the new order a "+
			"new idempotency_key (e.g. a suffix -2), or leave it unset to let the provider derive one.", key))
}

// productOrderKeptWhenReplaced warns that replacing a submitted or completed order sends the
// merchant a second one.
func productOrderKeptWhenReplaced(id, status string) diag.Diagnostic {
	return diag.NewWarningDiagnostic("Replacing a product order the merchant has "+strings.ToLower(statusWords(status)),
		fmt.Sprintf("Product order %s is %s, so Vipps MobilePay keeps it: this change does not amend it, but orders "+
			"anew, and the merchant gets a second prefilled order. If only the configuration needed correcting, undo "+
			"the change, or import the order again to adopt the configured values without a new order.", id, status))
}

func statusWords(status string) string {
	if status == "COMPLETED" {
		return "Completed"
	}
	return "Submitted"
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

func invalidProductOrderIdentity(id string) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Invalid import identity",
		fmt.Sprintf("Import a product order by identity = { id = \"<UUID>\" }, its ID such as "+
			"81b83246-5c19-7b94-875b-ea6d1114f099; got %q.", id))
}

func listNeedsProduction() diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(path.Root("environment"), "Sales units are listed in production only",
		fmt.Sprintf("The Management API, which lists sales units, exists only in production (%s); the test "+
			"environment has none. Set environment = %q and give the provider production keys (partner keys, or a "+
			"sales unit's keys). To adopt a test key set, import it by identity: environment = %q and its "+
			"merchant_serial_number.", keys.BaseURLProduction, keys.EnvironmentProduction, keys.EnvironmentTest))
}

func salesUnitsNotListed(msns []string) diag.Diagnostic {
	return diag.NewWarningDiagnostic("Sales units not found",
		fmt.Sprintf("merchant_serial_numbers names %s, which the provider's keys do not reach: no such active sales "+
			"unit with API keys, or its merchant is not connected to the partner, is deactivated, or the unit is a "+
			"Vippsnummer unit (which has no API keys). The query lists the others.", strings.Join(msns, ", ")))
}

func salesUnitNotActive(msn string, err error) diag.Diagnostic {
	return diag.NewWarningDiagnostic("Sales unit not active",
		fmt.Sprintf("The keys of MSN %s work, but the Management API does not list MSN %s as an active sales unit "+
			"they reach (%s). An inactive unit cannot take payments; check the unit in the business portal.",
			msn, msn, err))
}
