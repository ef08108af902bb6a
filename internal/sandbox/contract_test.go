// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package sandbox

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
)

// The contract tests check what the sandbox answers against the published OpenAPI specs, with
// kin-openapi. Copies of the published specs live in testdata. Where a spec and the
// reference (the API's guides) disagree, the reference wins, and the spec is patched in
// loadContract's callers, each patch with its reason.
//
// One patch is stricter than OpenAPI: an object schema with properties gets
// additionalProperties: false, so that a misspelt field in the sandbox cannot pass.

// contract validates answers against one spec and remembers which (operation, status) pairs
// it saw.
type contract struct {
	t      *testing.T
	doc    *openapi3.T
	router routers.Router
	opts   []openapi3.SchemaValidationOption
	seen   map[string]bool
}

// uuidFormat is stricter than RFC 4122: the sandbox writes UUIDs in lower case, as the specs'
// examples do.
var uuidFormat = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

func loadContract(t *testing.T, path string, patch func(*openapi3.T)) *contract {
	t.Helper()
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromFile(path)
	if err != nil {
		t.Fatalf("load %s: %v", path, err)
	}
	if patch != nil {
		patch(doc)
	}
	closeObjects(doc)
	// Examples are not checked: spec 2.0.9's own date-time example is not a date.
	if err := doc.Validate(context.Background(), openapi3.DisableExamplesValidation()); err != nil {
		t.Fatalf("%s is not a valid OpenAPI document: %v", path, err)
	}
	// The router matches the spec's server URLs; the contract asks about paths only.
	doc.Servers = openapi3.Servers{{URL: "https://api.vipps.no"}}
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	return &contract{t: t, doc: doc, router: router, seen: map[string]bool{}, opts: []openapi3.SchemaValidationOption{
		openapi3.MultiErrors(),
		openapi3.WithStringFormatValidator("uuid", openapi3.NewCallbackValidator(func(s string) error {
			if !uuidFormat.MatchString(s) {
				return fmt.Errorf("%q is not a lower-case UUID", s)
			}
			return nil
		})),
		openapi3.WithStringFormatValidator("uri", openapi3.NewCallbackValidator(func(s string) error {
			if u, err := url.Parse(s); err != nil || u.Scheme == "" {
				return fmt.Errorf("%q is not an absolute URI", s)
			}
			return nil
		})),
	}}
}

// closeObjects sets additionalProperties: false on every object schema that lists properties
// and has no allOf (whose parts each see only their own properties).
func closeObjects(doc *openapi3.T) {
	no := false
	seen := map[*openapi3.Schema]bool{}
	var visit func(*openapi3.SchemaRef)
	visit = func(ref *openapi3.SchemaRef) {
		if ref == nil || ref.Value == nil || seen[ref.Value] {
			return
		}
		s := ref.Value
		seen[s] = true
		if len(s.Properties) > 0 && len(s.AllOf) == 0 && s.AdditionalProperties.Has == nil && s.AdditionalProperties.Schema == nil {
			s.AdditionalProperties.Has = &no
		}
		for _, p := range s.Properties {
			visit(p)
		}
		for _, sub := range s.AllOf {
			visit(sub)
		}
		visit(s.Items)
	}
	for _, ref := range doc.Components.Schemas {
		visit(ref)
	}
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			for _, resp := range op.Responses.Map() {
				for _, mt := range resp.Value.Content {
					visit(mt.Schema)
				}
			}
		}
	}
}

// operation finds the spec's operation for a request: its path template, or "" when the spec
// has none.
func (c *contract) operation(method, path string) (*routers.Route, map[string]string) {
	req := httptest.NewRequest(method, "https://api.vipps.no"+path, nil)
	route, params, err := c.router.FindRoute(req)
	if err != nil {
		return nil, nil
	}
	return route, params
}

// validate checks one answer; it returns false when the spec has no such operation.
func (c *contract) validate(method, path string, r response) bool {
	c.t.Helper()
	path, query, _ := strings.Cut(path, "?")
	route, params := c.operation(method, path)
	if route == nil {
		return false
	}
	key := fmt.Sprintf("%s %s %d", method, route.Path, r.status)
	c.seen[key] = true
	req := httptest.NewRequest(method, "https://api.vipps.no"+path+"?"+query, nil)
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route},
		Status:                 r.status,
		Header:                 r.header,
		Body:                   io.NopCloser(strings.NewReader(r.body)),
		Options:                &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true, SchemaValidationOptions: c.opts},
	}
	if err := openapi3filter.ValidateResponse(context.Background(), in); err != nil {
		c.t.Errorf("%s: %v\n\tbody: %s", key, err, r.body)
	}
	if declared := route.Operation.Responses.Status(r.status); declared != nil && len(declared.Value.Content) == 0 && r.body != "" && r.status < 300 {
		c.t.Errorf("%s: the spec declares no body, got %q", key, r.body)
	}
	return true
}

// checkSchema validates a JSON body against a named component schema.
func (c *contract) checkSchema(name, body string) error {
	ref := c.doc.Components.Schemas[name]
	if ref == nil {
		c.t.Fatalf("the spec has no schema %s", name)
	}
	var v any
	dec := json.NewDecoder(bytes.NewReader([]byte(body)))
	if err := dec.Decode(&v); err != nil {
		c.t.Fatalf("%s: %v", body, err)
	}
	return ref.Value.VisitJSON(v, append(c.opts, openapi3.VisitAsResponse())...)
}

// problemResponse is Problem as application/problem+json, the shape of the API's own errors.
func problemResponse(doc *openapi3.T) *openapi3.ResponseRef {
	desc := "Problem (added by the contract test: every error of the API is problem+json)"
	return &openapi3.ResponseRef{Value: &openapi3.Response{
		Description: &desc,
		Content: openapi3.Content{contentTypeProblem: &openapi3.MediaType{
			Schema: &openapi3.SchemaRef{Ref: "#/components/schemas/Problem", Value: doc.Components.Schemas["Problem"].Value},
		}},
	}}
}

// isGatewayError reports whether an answer is Azure APIM's {statusCode, message}.
func isGatewayError(r response) bool {
	var b map[string]any
	if json.Unmarshal([]byte(r.body), &b) != nil {
		return false
	}
	_, hasCode := b["statusCode"]
	return hasCode
}

// checkGatewayError checks an APIM answer: a 401 for credentials, or a 404 for an operation
// the gateway does not have.
func checkGatewayError(t *testing.T, seen map[string]bool, method, path string, r response, unknownOperation bool) {
	t.Helper()
	var b apimBody
	err := json.Unmarshal([]byte(r.body), &b)
	ok := err == nil && b.StatusCode == r.status && b.Message != "" &&
		(r.status == http.StatusUnauthorized || r.status == http.StatusNotFound)
	if unknownOperation {
		ok = ok && r.status == http.StatusNotFound
	}
	if !ok {
		t.Errorf("%s %s: %d %s, want the gateway's 401 or 404 {statusCode, message}", method, path, r.status, r.body)
	}
	seen[fmt.Sprintf("gateway %d", r.status)] = true
}
