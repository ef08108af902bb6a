// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package vipps

import (
	"context"
	"errors"
	"net/http"
	"strings"
)

// Failure sorts an error of the client by what a caller decides on: did an answer name a key
// as wrong, did anything answer at all, and can running the command again help. Classify is
// the one place answers are sorted; callers only word them.
type Failure int

const (
	// FailureNone: no error.
	FailureNone Failure = iota
	// FailureKeysRejected: an answer that names a key as wrong (ErrKeysRejected);
	// APIError.RefusedCredential says which.
	FailureKeysRejected
	// FailureCancelled: the caller gave up (Ctrl-C) before an answer arrived.
	FailureCancelled
	// FailureMissingCredentials: a credential the call needs is not configured.
	FailureMissingCredentials
	// FailurePlainHTTP: an https:// request got a plain HTTP answer.
	FailurePlainHTTP
	// FailureCertificate: the server's TLS certificate is not trusted here.
	FailureCertificate
	// FailureUnanswered: no HTTP answer at all (refused, reset, timed out, or not sent to a
	// host that answers no one).
	FailureUnanswered
	// FailureTimedOut: no answer within the request timeout (Config.RequestTimeout), or held
	// back from a host that gave none in time: FailureUnanswered with a setting to name.
	FailureTimedOut
	// FailureRedirected: a redirect, which the API never sends.
	FailureRedirected
	// FailureNoSuchAPI: the gateway's own 404 for an operation the host does not have, as
	// every host without the Management API answers (the test environment's among them).
	FailureNoSuchAPI
	// FailureNotFound: the API's own 404; the Management API also means "inactive" by it.
	FailureNotFound
	// FailureForbidden: authenticated but not allowed (403).
	FailureForbidden
	// FailureUnauthorized: a 401 that names no key.
	FailureUnauthorized
	// FailureConflict: 409, an idempotency key reused with another body.
	FailureConflict
	// FailureBadRequest: 400 from an endpoint other than the token endpoint, or another 4xx.
	FailureBadRequest
	// FailureTemporary: 429 or 5xx that outlasted the retries, or a garbled answer: running
	// the command again may well help.
	FailureTemporary
)

// Classify sorts an error of the client.
func Classify(err error) Failure {
	var apiErr *APIError
	switch {
	case err == nil:
		return FailureNone
	case errors.Is(err, context.Canceled):
		return FailureCancelled
	case errors.Is(err, ErrKeysRejected):
		return FailureKeysRejected
	case errors.Is(err, ErrMissingCredentials):
		return FailureMissingCredentials
	case errors.Is(err, ErrPlainHTTP):
		return FailurePlainHTTP
	case errors.Is(err, ErrCertificate):
		return FailureCertificate
	case errors.Is(err, ErrRedirected):
		return FailureRedirected
	case errors.As(err, &apiErr):
		return classifyAnswer(apiErr)
	case errors.Is(err, ErrTimedOut):
		return FailureTimedOut
	}
	// A TransportError, or any other failure to get an answer.
	return FailureUnanswered
}

func classifyAnswer(e *APIError) Failure {
	switch {
	case errors.Is(e, ErrRateLimited), errors.Is(e, ErrServer), errors.Is(e, ErrMalformedResponse):
		return FailureTemporary
	case e.gatewayNotFound():
		return FailureNoSuchAPI
	case errors.Is(e, ErrNotFound):
		return FailureNotFound
	case errors.Is(e, ErrForbidden):
		return FailureForbidden
	case errors.Is(e, ErrUnauthorized):
		return FailureUnauthorized
	case errors.Is(e, ErrConflict):
		return FailureConflict
	}
	return FailureBadRequest
}

// gatewayNotFound tells the gateway's answer for an operation it does not have from the
// Management API's own "not found" (problem+json, which names what was not found).
func (e *APIError) gatewayNotFound() bool {
	return e.StatusCode == http.StatusNotFound && e.Code == "" &&
		strings.EqualFold(strings.TrimSpace(e.Message), "Resource not found")
}

// ErrorHost is the scheme and host a failed call went to, e.g. https://apitest.vipps.no, or
// "" when the error does not say.
func ErrorHost(err error) string {
	var apiErr *APIError
	var tErr *TransportError
	switch {
	case errors.As(err, &apiErr):
		return apiErr.Host
	case errors.As(err, &tErr):
		return tErr.Host
	}
	return ""
}

// StatusCode is the HTTP status of a failed call's answer, 0 when there was none.
func StatusCode(err error) int {
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		return apiErr.StatusCode
	}
	return 0
}

// RefusedCredential is the credential an error's refusal names (see
// APIError.RefusedCredential), "" for any other error.
func RefusedCredential(err error) string {
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		return apiErr.RefusedCredential()
	}
	return ""
}
