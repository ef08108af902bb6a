// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package sandbox

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/google/uuid"
)

// Content types, as the real services send them.
const (
	contentTypeToken   = "application/json;charset=UTF-8" // the Access Token API's 200
	contentTypeJSON    = "application/json; charset=utf-8"
	contentTypeProblem = "application/problem+json"
	contentTypeHTML    = "text/html"
)

// HeaderReason carries the sandbox's explanation of a deliberately vague error (for example
// why a 401 says "invalid subscription key"). The real API has no such header; bodies keep the
// real shape so that clients classify them as they would in production.
const HeaderReason = "X-Vippsmobilepay-Sandbox-Reason"

// failure is an error response, built while holding no lock on the network.
type failure struct {
	status      int
	contentType string
	body        []byte
	header      map[string]string
}

func (f *failure) write(w http.ResponseWriter) {
	for k, v := range f.header {
		w.Header().Set(k, v)
	}
	w.Header().Set("Content-Type", f.contentType)
	w.WriteHeader(f.status)
	_, _ = w.Write(f.body)
}

func (f *failure) withHeader(k, v string) *failure {
	if f.header == nil {
		f.header = make(map[string]string)
	}
	f.header[k] = v
	return f
}

func (f *failure) because(reason string) *failure { return f.withHeader(HeaderReason, reason) }

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // only fixed, marshalable types are passed
	}
	return b
}

// Azure API Management answers for the gateway: subscription keys, rate limits, routing.
const (
	apimMissingSubscriptionKey = "Access denied due to missing subscription key. " +
		"Make sure to include subscription key when making requests to an API."
	apimInvalidSubscriptionKey = "Access denied due to invalid subscription key. " +
		"Make sure to provide a valid key for an active subscription."
	apimRateLimited   = "Rate limit is exceeded. Try again in 1 seconds."
	apimNotFound      = "Resource not found"
	apimInvalidBearer = "Unauthorized. Access token is missing or invalid."
)

type apimBody struct {
	StatusCode int    `json:"statusCode"`
	Message    string `json:"message"`
}

func apimError(status int, message string) *failure {
	return &failure{status: status, contentType: contentTypeJSON, body: mustJSON(apimBody{status, message})}
}

// Azure AD answers for the credentials themselves.

// directory is the Azure AD tenant named in AADSTS messages; the real one is Vipps's own.
const directory = "vippsmobilepay-sandbox.onmicrosoft.com"

type aadBody struct {
	Error            string `json:"error"`
	ErrorDescription string `json:"error_description"`
	ErrorCodes       []int  `json:"error_codes"`
	Timestamp        string `json:"timestamp"`
	TraceID          string `json:"trace_id"`
	CorrelationID    string `json:"correlation_id"`
	ErrorURI         string `json:"error_uri"`
}

// aadError builds an Azure AD token error. description is the text after "AADSTS<code>: ";
// Azure appends the trace, correlation and time lines itself, and so does this.
func aadError(status int, errorCode string, code int, description string, now time.Time) *failure {
	traceID, correlationID := uuid.NewString(), uuid.NewString()
	ts := now.UTC().Format("2006-01-02 15:04:05Z")
	return &failure{
		status:      status,
		contentType: contentTypeJSON,
		body: mustJSON(aadBody{
			Error: errorCode,
			ErrorDescription: fmt.Sprintf("AADSTS%d: %s\r\nTrace ID: %s\r\nCorrelation ID: %s\r\nTimestamp: %s",
				code, description, traceID, correlationID, ts),
			ErrorCodes:    []int{code},
			Timestamp:     ts,
			TraceID:       traceID,
			CorrelationID: correlationID,
			ErrorURI:      fmt.Sprintf("https://login.windows.net/error?code=%d", code),
		}),
	}
}

// problem is RFC 7807, as the Management API sends it.
type problem struct {
	Type     string `json:"type"`
	Title    string `json:"title"`
	Status   int    `json:"status"`
	Detail   string `json:"detail"`
	Instance string `json:"instance"`
}

func problemError(status int, title, detail string) *failure {
	return &failure{
		status:      status,
		contentType: contentTypeProblem,
		body: mustJSON(problem{
			Type:     "about:blank",
			Title:    title,
			Status:   status,
			Detail:   detail,
			Instance: "urn:uuid:" + uuid.NewString(),
		}),
	}
}

func writeJSON(w http.ResponseWriter, status int, contentType string, v any) {
	w.Header().Set("Content-Type", contentType)
	w.WriteHeader(status)
	_, _ = w.Write(mustJSON(v))
}

// writeAdminJSON indents, because people read admin answers with curl.
func writeAdminJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		panic(err)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(append(b, '\n'))
}
