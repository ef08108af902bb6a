// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package sandbox

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/management"
)

// managementState is the Management API's part of the state. Lists keep the order of the data
// file (and creation order after that), so Data round-trips; the maps index them. Partner key
// sets live with every other key set in state.keySets, owned by unitKey{partner: id}, so that
// the token endpoint and authorize find them the same way.
type managementState struct {
	merchants     []Merchant
	merchantIndex map[BusinessIdentifier]int
	partners      []Partner
	partnerIndex  map[string]int
	connected     map[string]map[BusinessIdentifier]bool // partner ID → its merchants
	pricePackages []PricePackage
	orders        []ProductOrder
	orderIndex    map[string]int
	idempotency   map[idempotencyRef]int // → index in orders
	// refused holds the requests refused as invalid, by Idempotency-Key: a 4xx stays a 4xx for
	// its key (the 2026 toolkit's platform rule). They are not part of Data.
	refused map[idempotencyRef]refusedOrder
	// nextMSN is where the search for a free MSN for a completed order starts.
	nextMSN int
}

// refusedOrder is a product order request refused as invalid: its body's digest and why.
type refusedOrder struct {
	digest   string
	problems []problemExtra
}

// idempotencyRef scopes an Idempotency-Key to the partner that sent it.
type idempotencyRef struct {
	partner string
	key     string
}

// FirstOrderMSN is the first MSN tried for a sales unit created by a COMPLETED product order.
const FirstOrderMSN = 800000

// ErrInvalidTransition is returned by AdvanceProductOrder for a status change the lifecycle
// does not allow. It matches ErrConflict too, so the admin endpoint answers 409.
var ErrInvalidTransition = fmt.Errorf("%w: invalid product order status change", ErrConflict)

func partnerOwner(partnerID string) unitKey {
	return unitKey{environment: keys.EnvironmentProduction, partner: partnerID}
}

// loadManagement checks and indexes the Management API's lists of d. Sales units and key sets
// are already loaded.
func (st *state) loadManagement(d *Data) error {
	st.managementState = managementState{
		merchantIndex: make(map[BusinessIdentifier]int, len(d.Merchants)),
		partnerIndex:  make(map[string]int, len(d.Partners)),
		connected:     make(map[string]map[BusinessIdentifier]bool, len(d.Partners)),
		orderIndex:    make(map[string]int, len(d.ProductOrders)),
		idempotency:   make(map[idempotencyRef]int),
		refused:       make(map[idempotencyRef]refusedOrder),
		nextMSN:       FirstOrderMSN,
	}
	m := &st.managementState
	for i, mer := range d.Merchants {
		if err := mer.check(); err != nil {
			return fmt.Errorf("merchants[%d]: %w", i, err)
		}
		if _, dup := m.merchantIndex[mer.BusinessIdentifier]; dup {
			return fmt.Errorf("merchants[%d]: merchant %s is listed twice", i, mer.BusinessIdentifier)
		}
		m.merchantIndex[mer.BusinessIdentifier] = len(m.merchants)
		m.merchants = append(m.merchants, mer.clone())
	}
	for i, u := range d.SalesUnits {
		if u.Merchant == (BusinessIdentifier{}) {
			continue
		}
		if _, ok := m.merchantIndex[u.Merchant]; !ok {
			return fmt.Errorf("sales_units[%d]: merchant %s is not in merchants", i, u.Merchant)
		}
	}
	for i, p := range d.Partners {
		if err := st.addPartner(p); err != nil {
			return fmt.Errorf("partners[%d]: %w", i, err)
		}
	}
	for i, pks := range d.PartnerKeySets {
		if err := st.addPartnerKeySet(pks); err != nil {
			return fmt.Errorf("partner_key_sets[%d]: %w", i, err)
		}
	}
	seenPackages := map[string]bool{}
	for i, pp := range d.PricePackages {
		if err := pp.check(); err != nil {
			return fmt.Errorf("price_packages[%d]: %w", i, err)
		}
		if _, ok := m.partnerIndex[pp.PartnerID]; !ok {
			return fmt.Errorf("price_packages[%d]: partner %q is not in partners", i, pp.PartnerID)
		}
		if seenPackages[pp.ID] {
			return fmt.Errorf("price_packages[%d]: price package %s is listed twice", i, pp.ID)
		}
		seenPackages[pp.ID] = true
		m.pricePackages = append(m.pricePackages, pp)
	}
	for i, o := range d.ProductOrders {
		if err := st.loadOrder(o); err != nil {
			return fmt.Errorf("product_orders[%d]: %w", i, err)
		}
	}
	return nil
}

func (st *state) addPartner(p Partner) error {
	m := &st.managementState
	switch {
	case !partnerIDPattern.MatchString(p.ID):
		return fmt.Errorf("partner_id must be 1 to 50 lower-case letters, digits and hyphens")
	case management.CheckName(p.Name, management.NameMaxLength) != "":
		return fmt.Errorf("name %s", management.CheckName(p.Name, management.NameMaxLength))
	}
	if _, dup := m.partnerIndex[p.ID]; dup {
		return fmt.Errorf("partner %q is listed twice", p.ID)
	}
	conn := make(map[BusinessIdentifier]bool, len(p.Merchants))
	for _, bi := range p.Merchants {
		if _, ok := m.merchantIndex[bi]; !ok {
			return fmt.Errorf("merchant %s is not in merchants", bi)
		}
		if conn[bi] {
			return fmt.Errorf("merchant %s is listed twice", bi)
		}
		conn[bi] = true
	}
	m.partnerIndex[p.ID] = len(m.partners)
	m.partners = append(m.partners, p.clone())
	m.connected[p.ID] = conn
	return nil
}

func (st *state) addPartnerKeySet(pks PartnerKeySet) error {
	if _, ok := st.partnerIndex[pks.PartnerID]; !ok {
		return fmt.Errorf("partner %q is not in partners", pks.PartnerID)
	}
	if err := pks.check(); err != nil {
		return err
	}
	owner := partnerOwner(pks.PartnerID)
	if _, has := st.keySets[owner]; has {
		return fmt.Errorf("%w: partner %q already has a key set", ErrConflict, pks.PartnerID)
	}
	if err := st.checkUnused(pks.KeySet, owner); err != nil {
		return err
	}
	st.index(owner, pks.KeySet)
	return nil
}

func (st *state) loadOrder(o ProductOrder) error {
	m := &st.managementState
	if err := o.check(); err != nil {
		return err
	}
	if _, ok := m.partnerIndex[o.PartnerID]; !ok {
		return fmt.Errorf("partner %q is not in partners", o.PartnerID)
	}
	if _, dup := m.orderIndex[o.ID]; dup {
		return fmt.Errorf("product order %s is listed twice", o.ID)
	}
	if o.SalesUnitMSN != "" {
		if _, ok := st.units[unitKey{environment: keys.EnvironmentProduction, msn: o.SalesUnitMSN}]; !ok {
			return fmt.Errorf("sales_unit_msn %s is not a production sales unit", o.SalesUnitMSN)
		}
	}
	ref := idempotencyRef{o.PartnerID, o.IdempotencyKey}
	if o.IdempotencyKey != "" {
		if _, dup := m.idempotency[ref]; dup {
			return fmt.Errorf("idempotency_key is used twice by partner %q", o.PartnerID)
		}
		m.idempotency[ref] = len(m.orders)
	}
	m.orderIndex[o.ID] = len(m.orders)
	m.orders = append(m.orders, o)
	return nil
}

// fillManagement adds the Management API's lists to d, leaving empty lists nil so a data file
// without them round-trips unchanged.
func (st *state) fillManagement(d *Data) {
	m := &st.managementState
	d.Merchants = cloneEach(m.merchants, Merchant.clone)
	d.Partners = cloneEach(m.partners, Partner.clone)
	for _, p := range m.partners {
		if ks, ok := st.keySets[partnerOwner(p.ID)]; ok {
			d.PartnerKeySets = append(d.PartnerKeySets, PartnerKeySet{PartnerID: p.ID, KeySet: ks})
		}
	}
	d.PricePackages = slices.Clone(m.pricePackages)
	d.ProductOrders = slices.Clone(m.orders)
}

func (m *managementState) merchant(bi BusinessIdentifier) (Merchant, bool) {
	i, ok := m.merchantIndex[bi]
	if !ok {
		return Merchant{}, false
	}
	return m.merchants[i], true
}

func (m *managementState) isConnected(partnerID string, bi BusinessIdentifier) bool {
	return m.connected[partnerID][bi]
}

// order returns a partner's product order, unless it does not exist, is another partner's or
// was deleted: to the API all three are "not found".
func (m *managementState) order(partnerID, id string) (ProductOrder, bool) {
	i, ok := m.orderIndex[id]
	if !ok || m.orders[i].PartnerID != partnerID || m.orders[i].Deleted {
		return ProductOrder{}, false
	}
	return m.orders[i], true
}

// newOrder is a validated POST /management/v1/product-orders.
type newOrder struct {
	partnerID      string
	idempotencyKey string
	digest         string
	order          ProductOrder
}

// errKeyReused is a conflict: the Idempotency-Key came before with another body.
var errKeyReused = fmt.Errorf("%w: the Idempotency-Key was used before with a different request body", ErrConflict)

// earlierAnswer is what an earlier request with n's Idempotency-Key got: its order (replayed
// is then true), or the problems it was refused for. The same key with another body is
// errKeyReused.
func (st *state) earlierAnswer(n newOrder) (o ProductOrder, replayed bool, refused []problemExtra, err error) {
	m := &st.managementState
	ref := idempotencyRef{n.partnerID, n.idempotencyKey}
	if i, ok := m.idempotency[ref]; ok {
		if m.orders[i].RequestDigest != n.digest {
			return ProductOrder{}, false, nil, errKeyReused
		}
		return m.orders[i], true, nil, nil
	}
	if r, ok := m.refused[ref]; ok {
		if r.digest != n.digest {
			return ProductOrder{}, false, nil, errKeyReused
		}
		return ProductOrder{}, false, r.problems, nil
	}
	return ProductOrder{}, false, nil, nil
}

// refuseOrder records that n was refused for problems, so that its key stays refused.
func (st *state) refuseOrder(n newOrder, problems []problemExtra) {
	st.refused[idempotencyRef{n.partnerID, n.idempotencyKey}] = refusedOrder{digest: n.digest, problems: problems}
}

// createOrder stores a new product order, or returns the one created earlier with the same
// Idempotency-Key and body (replayed is then true). The same key with another body, or a key
// an invalid request was refused for, is ErrConflict.
func (st *state) createOrder(n newOrder) (o ProductOrder, replayed bool, err error) {
	m := &st.managementState
	ref := idempotencyRef{n.partnerID, n.idempotencyKey}
	o, replayed, refused, err := st.earlierAnswer(n)
	switch {
	case err != nil || replayed:
		return o, replayed, err
	case refused != nil:
		return ProductOrder{}, false, errKeyReused
	}
	o = n.order
	o.PartnerID, o.IdempotencyKey, o.RequestDigest = n.partnerID, n.idempotencyKey, n.digest
	m.idempotency[ref] = len(m.orders)
	m.orderIndex[o.ID] = len(m.orders)
	m.orders = append(m.orders, o)
	return o, false, nil
}

// errNotDeletable is why DELETE refuses an order the merchant has submitted or that has ended.
var errNotDeletable = errors.New("the product order can no longer be deleted")

// deleteOrder deletes a partner's order that the merchant has not submitted yet. It returns
// the order's status at now.
func (st *state) deleteOrder(partnerID, id string, now time.Time) (string, error) {
	o, ok := st.order(partnerID, id)
	if !ok {
		return "", ErrNotFound
	}
	status := o.statusAt(now)
	if status != OrderStatusReceived && status != OrderStatusMerchantViewed {
		return status, fmt.Errorf("%w: its status is %s", errNotDeletable, status)
	}
	st.orders[st.orderIndex[id]].Deleted = true
	return status, nil
}

// orderSteps orders the statuses a product order moves through; COMPLETED and REJECTED are
// the two ends of the same step.
var orderSteps = map[string]int{
	OrderStatusReceived:       0,
	OrderStatusMerchantViewed: 1,
	OrderStatusSubmitted:      2,
	OrderStatusCompleted:      3,
	OrderStatusRejected:       3,
}

// checkTransition allows any move forward (a script may take an order from RECEIVED straight
// to COMPLETED), EXPIRED only before submission, and nothing out of a final status.
// Template and manual orders know only RECEIVED, COMPLETED and REJECTED.
func checkTransition(o ProductOrder, from, to string) error {
	if !slices.Contains(OrderStatuses(), to) {
		return fmt.Errorf("unknown product order status %q: must be one of %v", to, OrderStatuses())
	}
	switch {
	case from == OrderStatusCompleted || from == OrderStatusRejected || from == OrderStatusExpired:
		return fmt.Errorf("%w: the order is %s, which is final", ErrInvalidTransition, from)
	case o.Type != OrderTypePrefill && to != OrderStatusCompleted && to != OrderStatusRejected:
		return fmt.Errorf("%w: a %s order moves only to %s or %s", ErrInvalidTransition, o.Type, OrderStatusCompleted, OrderStatusRejected)
	case to == OrderStatusExpired:
		if from == OrderStatusSubmitted {
			return fmt.Errorf("%w: a submitted order does not expire", ErrInvalidTransition)
		}
		return nil
	case orderSteps[to] <= orderSteps[from]:
		return fmt.Errorf("%w: %s cannot follow %s", ErrInvalidTransition, to, from)
	}
	return nil
}

// advanceOrder moves an order (of any partner) to status. COMPLETED creates the sales unit
// the merchant ordered, in production and test, with key sets in both, and connects the
// partner to the merchant (created when the sandbox does not know it yet).
func (st *state) advanceOrder(id, status string, now time.Time) (ProductOrder, []keys.KeySet, error) {
	m := &st.managementState
	i, ok := m.orderIndex[id]
	if !ok || m.orders[i].Deleted {
		return ProductOrder{}, nil, fmt.Errorf("%w: no product order %s", ErrNotFound, id)
	}
	o := m.orders[i]
	if err := checkTransition(o, o.statusAt(now), status); err != nil {
		return ProductOrder{}, nil, err
	}
	var created []keys.KeySet
	if status == OrderStatusCompleted {
		msn, sets, err := st.completeOrder(o, now)
		if err != nil {
			return ProductOrder{}, nil, err
		}
		o.SalesUnitMSN, created = msn, sets
	}
	o.Status = status
	m.orders[i] = o
	return o, created, nil
}

func (st *state) completeOrder(o ProductOrder, now time.Time) (string, []keys.KeySet, error) {
	m := &st.managementState
	bi := o.BusinessIdentifier
	mer, ok := m.merchant(bi)
	if !ok {
		mer = Merchant{
			BusinessIdentifier: bi,
			Name:               newMerchantName(o),
			Status:             MerchantActive,
			CountryCode:        cmp.Or(bi.countryCode(), "NO"),
			CreatedAt:          now.UTC(),
			UpdatedAt:          now.UTC(),
		}
		m.merchantIndex[bi] = len(m.merchants)
		m.merchants = append(m.merchants, mer)
	}
	if !m.isConnected(o.PartnerID, bi) {
		m.connected[o.PartnerID][bi] = true
		p := &m.partners[m.partnerIndex[o.PartnerID]]
		p.Merchants = append(p.Merchants, bi)
	}

	msn := st.freeMSN()
	name := cmp.Or(o.SalesUnitName, mer.Name)
	cfg := configurationFor(o)
	var sets []keys.KeySet
	for _, env := range keys.Environments() {
		st.units[unitKey{environment: env, msn: msn}] = SalesUnit{
			MerchantSerialNumber: msn, Environment: env, Name: name, Kind: KindAPI,
			Merchant: bi, Configuration: ptr(cfg.clone()),
		}
		ks, err := keys.Generate(nil, msn, env)
		if err != nil {
			return "", nil, err
		}
		if _, err := st.addKeySet(ks, ""); err != nil {
			return "", nil, err // 122 random bits collided: practically never
		}
		sets = append(sets, ks)
	}
	return msn, sets, nil
}

// freeMSN returns the next MSN that no sales unit uses in either environment.
func (st *state) freeMSN() string {
	for ; ; st.nextMSN++ {
		msn := strconv.Itoa(st.nextMSN)
		_, test := st.units[unitKey{environment: keys.EnvironmentTest, msn: msn}]
		_, prod := st.units[unitKey{environment: keys.EnvironmentProduction, msn: msn}]
		if !test && !prod {
			st.nextMSN++
			return msn
		}
	}
}

// newMerchantName names a merchant the sandbox learns of from a completed order. The real
// API looks the name up in the business register; the order's sales unit name is the best
// guess the sandbox has.
func newMerchantName(o ProductOrder) string {
	if o.SalesUnitName != "" {
		return o.SalesUnitName
	}
	name := "Merchant " + o.BusinessIdentifier.ID
	if utf8.RuneCountInString(name) > 50 {
		name = string([]rune(name)[:50])
	}
	return name
}

// configurationFor is the configuration of a sales unit made for an order: a Login order
// makes a unit that cannot take payments.
func configurationFor(o ProductOrder) SalesUnitConfiguration {
	if o.ProductType == ProductTypeLogin {
		return SalesUnitConfiguration{PaymentAllowed: ptr(false), CaptureType: CaptureTypeNotApplicable}
	}
	return SalesUnitConfiguration{
		PaymentAllowed:           ptr(true),
		CaptureType:              CaptureTypeReserve,
		RecurringAllowed:         ptr(o.HasRecurring),
		CreditCardPaymentAllowed: ptr(true),
	}
}
