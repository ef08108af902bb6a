package sandbox

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"

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

// decodeAdminBody reads a small JSON body strictly: an unknown field is a typo to report.
func decodeAdminBody(w http.ResponseWriter, r *http.Request, v any) bool {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		writeAdminJSON(w, http.StatusBadRequest, adminError{Message: "invalid JSON body: " + err.Error()})
		return false
	}
	return true
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

// handleSetFault is SetFault for scripts: {"mode":"503"}, or {"mode":""} to stop.
func (s *Sandbox) handleSetFault(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Mode string `json:"mode"`
	}
	if !decodeAdminBody(w, r, &req) {
		return
	}
	req.Mode = strings.TrimSpace(req.Mode)
	if err := CheckFault(req.Mode); err != nil {
		writeAdminError(w, err)
		return
	}
	s.SetFault(req.Mode)
	writeAdminJSON(w, http.StatusOK, req)
}
