// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package sandbox

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
)

// adminError is the body of every admin error: a message, and for malformed key sets the
// problems in package keys' words.
type adminError struct {
	Message  string   `json:"message"`
	Problems []string `json:"problems,omitempty"`
}

func writeAdminError(w http.ResponseWriter, err error) {
	status := http.StatusBadRequest
	body := adminError{Message: err.Error()}
	var kse *KeySetError
	switch {
	case errors.As(err, &kse):
		body.Message = "invalid key set"
		for _, p := range kse.Problems {
			body.Problems = append(body.Problems, p.String())
		}
	case errors.Is(err, ErrNotFound):
		status = http.StatusNotFound
	case errors.Is(err, ErrConflict):
		status = http.StatusConflict
	}
	writeAdminJSON(w, status, body)
}

// maxAdminBody bounds an admin request body.
const maxAdminBody = 1 << 20

// decodeAdminBody reads a small JSON body strictly (see decodeOneObject).
func decodeAdminBody(w http.ResponseWriter, r *http.Request, v any) bool {
	if err := decodeOneObject(http.MaxBytesReader(w, r.Body, maxAdminBody), v); err != nil {
		writeAdminJSON(w, http.StatusBadRequest, adminError{Message: "invalid JSON body: " + err.Error()})
		return false
	}
	return true
}

// decodeOneObject reads exactly one JSON object into v: not null, not an array, nothing after
// it, and no field v does not have (a typo to report, not to ignore).
func decodeOneObject(r io.Reader, v any) error {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	var raw json.RawMessage
	if err := dec.Decode(&raw); err != nil {
		if errors.Is(err, io.EOF) {
			return errors.New("the body is empty; send one JSON object")
		}
		return err
	}
	if !bytes.HasPrefix(bytes.TrimLeft(raw, " \t\r\n"), []byte("{")) {
		return errors.New("the body must be one JSON object")
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return errors.New("the body must be one JSON object, with nothing after it")
	}
	strict := json.NewDecoder(bytes.NewReader(raw))
	strict.DisallowUnknownFields()
	return strict.Decode(v)
}

func (s *Sandbox) handleHealth(w http.ResponseWriter, r *http.Request) {
	writeAdminJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

func (s *Sandbox) handleListKeySets(w http.ResponseWriter, r *http.Request) {
	writeAdminJSON(w, http.StatusOK, s.KeySets())
}

// addKeySetRequest is a key set plus the name of the sales unit to create for it.
type addKeySetRequest struct {
	keys.KeySet
	Name string `json:"name"`
}

func (s *Sandbox) handleAddKeySet(w http.ResponseWriter, r *http.Request) {
	var req addKeySetRequest
	if !decodeAdminBody(w, r, &req) {
		return
	}
	ks, err := s.AddKeySet(req.KeySet, req.Name)
	if err != nil {
		writeAdminError(w, err)
		return
	}
	writeAdminJSON(w, http.StatusCreated, ks)
}

// handleRegenerateKeys regenerates all keys, or only those named by repeated "key" query
// parameters (client_id, client_secret, subscription_key_primary, subscription_key_secondary).
func (s *Sandbox) handleRegenerateKeys(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	ks, err := s.regenerate(r.PathValue("msn"), q.Get("environment"), q["key"])
	if err != nil {
		writeAdminError(w, err)
		return
	}
	writeAdminJSON(w, http.StatusOK, ks)
}

func (s *Sandbox) handleData(w http.ResponseWriter, r *http.Request) {
	writeAdminJSON(w, http.StatusOK, s.Data())
}

func (s *Sandbox) handleStats(w http.ResponseWriter, r *http.Request) {
	writeAdminJSON(w, http.StatusOK, s.Stats())
}

func (s *Sandbox) handleReset(w http.ResponseWriter, r *http.Request) {
	s.Reset()
	writeAdminJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

func (s *Sandbox) handleListFaultRules(w http.ResponseWriter, r *http.Request) {
	writeAdminJSON(w, http.StatusOK, s.FaultRules())
}

// handleAddFaultRule is AddFaultRule for scripts: one rule as a JSON object.
func (s *Sandbox) handleAddFaultRule(w http.ResponseWriter, r *http.Request) {
	b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxAdminBody))
	if err != nil {
		writeAdminError(w, fmt.Errorf("read the body: %w", err))
		return
	}
	rule, err := DecodeFaultRule(b)
	if err == nil {
		var added FaultRuleStatus
		added, err = s.AddFaultRule(rule)
		if err == nil {
			writeAdminJSON(w, http.StatusCreated, added)
			return
		}
	}
	writeAdminError(w, err)
}

func (s *Sandbox) handleClearFaultRules(w http.ResponseWriter, r *http.Request) {
	n := len(s.FaultRules())
	s.ClearFaultRules()
	writeAdminJSON(w, http.StatusOK, map[string]int{"removed": n})
}

func (s *Sandbox) handleRemoveFaultRule(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.Atoi(r.PathValue("id"))
	if err != nil {
		writeAdminError(w, fmt.Errorf("%w: a fault rule id is a number", ErrNotFound))
		return
	}
	if err := s.RemoveFaultRule(id); err != nil {
		writeAdminError(w, err)
		return
	}
	writeAdminJSON(w, http.StatusOK, map[string]int{"removed": 1})
}
