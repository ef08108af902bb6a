// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package sandbox

import (
	"net/http"
	"strings"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
)

// PartnerKeySets returns every partner's key set, secrets included, in the order of the
// partners. Their merchant_serial_number is empty: partner keys serve every connected unit.
func (s *Sandbox) PartnerKeySets() []keys.KeySet {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []keys.KeySet
	for _, p := range s.st.partners {
		if ks, ok := s.st.keySets[partnerOwner(p.ID)]; ok {
			out = append(out, ks)
		}
	}
	return out
}

// ProductOrders returns every product order that has not been deleted, in creation order,
// each with its status at the sandbox clock (EXPIRED included).
func (s *Sandbox) ProductOrders() []ProductOrder {
	now := s.clock.Now()
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []ProductOrder
	for _, o := range s.st.orders {
		if !o.Deleted {
			o.Status = o.statusAt(now)
			out = append(out, o)
		}
	}
	return out
}

// AdvanceProductOrder moves a product order to status, as the merchant and Vipps MobilePay
// would: MERCHANT_VIEWED, ORDER_SUBMITTED, then COMPLETED or REJECTED; EXPIRED before
// submission. Forward jumps are allowed; going back or leaving a final status is an error
// matching ErrInvalidTransition (and ErrConflict). COMPLETED creates the ordered sales unit
// with a new MSN, in production and test, and key sets for both.
func (s *Sandbox) AdvanceProductOrder(id, status string) error {
	_, _, err := s.advanceProductOrder(id, status)
	return err
}

func (s *Sandbox) advanceProductOrder(id, status string) (ProductOrder, []keys.KeySet, error) {
	now := s.clock.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.st.advanceOrder(strings.ToLower(id), status, now)
}

// partnerKeySetView is a partner key set as GET /_sandbox/partner-keys lists it: the key set's
// own attribute names, plus who it belongs to.
type partnerKeySetView struct {
	PartnerID   string `json:"partner_id"`
	PartnerName string `json:"partner_name"`
	keys.KeySet
}

func (s *Sandbox) handleListPartnerKeySets(w http.ResponseWriter, r *http.Request) {
	s.mu.RLock()
	out := []partnerKeySetView{}
	for _, p := range s.st.partners {
		if ks, ok := s.st.keySets[partnerOwner(p.ID)]; ok {
			out = append(out, partnerKeySetView{PartnerID: p.ID, PartnerName: p.Name, KeySet: ks})
		}
	}
	s.mu.RUnlock()
	writeAdminJSON(w, http.StatusOK, out)
}

func (s *Sandbox) handleListProductOrders(w http.ResponseWriter, r *http.Request) {
	out := s.ProductOrders()
	if out == nil {
		out = []ProductOrder{}
	}
	writeAdminJSON(w, http.StatusOK, out)
}

// advanceResponse is the order after the change and, for COMPLETED, the new key sets.
type advanceResponse struct {
	ProductOrder ProductOrder  `json:"product_order"`
	KeySets      []keys.KeySet `json:"key_sets,omitempty"`
}

// handleAdvanceProductOrder is AdvanceProductOrder for scripts: {"status":"COMPLETED"}.
func (s *Sandbox) handleAdvanceProductOrder(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Status string `json:"status"`
	}
	if !decodeAdminBody(w, r, &req) {
		return
	}
	o, sets, err := s.advanceProductOrder(r.PathValue("id"), strings.TrimSpace(req.Status))
	if err != nil {
		writeAdminError(w, err)
		return
	}
	writeAdminJSON(w, http.StatusOK, advanceResponse{ProductOrder: o, KeySets: sets})
}
