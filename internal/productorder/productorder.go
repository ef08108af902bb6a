// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

// Package productorder is the product order's lifecycle in plain Go: which Idempotency-Key a
// create sends (the caller's own, or one derived from the request, generation after
// generation), what the API's answers mean for the order (made, or found again after a lost
// answer; gone; kept because it can no longer be deleted), when its prefill URL expires, and
// when a changed argument replaces it.
//
// It knows nothing of Terraform: the vippsmobilepay_product_order resource translates its
// arguments in, and these outcomes out into state and diagnostics. What an order may carry is
// package management's, which the sandbox applies too.
package productorder

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/clock"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/management"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/vipps"
)

// Orders creates, reads and deletes product orders through the run's one client.
type Orders struct {
	Client *vipps.Client
	Clock  clock.Clock
	// Logger, when set, hears each derived key that belongs to a deleted order.
	Logger vipps.Logger
}

// Created is an order a create made, or found again: the API answers a key it has seen with
// the order that key made, so a rerun after a lost answer gets the first run's order back.
type Created struct {
	// Key is the Idempotency-Key the create sent.
	Key string
	// Order is the order as reading it back found it or, when that read failed (DetailsErr),
	// as the create's answer tells it: RECEIVED, with its prefill URL. The order exists either
	// way; the next refresh tells the rest.
	Order      vipps.ProductOrderDetails
	DetailsErr error
	// ExpiresAt is when the prefill URL stops working. For an order an earlier, interrupted run
	// made it is a little later than the truth: the API does not tell when an order was created.
	// Zero for an order past the prefill (Earlier), whose URL no longer matters.
	ExpiresAt time.Time
	// Earlier reports an order the key made before this run, which the merchant has submitted
	// since or which has ended: the create placed no new order.
	Earlier bool
}

// DeletedOrderError is a create with the caller's own Idempotency-Key that the API answered
// with the order the key made earlier, which has since been deleted. The key means what the
// caller says, so it does not move on: only a new key orders anew.
type DeletedOrderError struct {
	ID  string // the deleted order
	Key string
}

func (e *DeletedOrderError) Error() string {
	return fmt.Sprintf("the Idempotency-Key %s belongs to product order %s, which has been deleted", e.Key, e.ID)
}

// GenerationsSpentError is a create whose every derived Idempotency-Key belongs to an order
// that has since been deleted, rejected or expired: that many orders with the same arguments.
type GenerationsSpentError struct {
	Generations int
}

func (e *GenerationsSpentError) Error() string {
	return fmt.Sprintf("each of the %d derived Idempotency-Keys belongs to a deleted, rejected or expired product order",
		e.Generations)
}

// Create orders req. With key "" it sends the key derived from req and the partner's client_id
// (management.DerivedIdempotencyKey), moving on a generation while the API answers with a
// deleted, rejected or expired order, so an order destroyed on purpose is made anew; else it sends key, and an order
// deleted since is a *DeletedOrderError. A create the API refused is the client's error.
func (o Orders) Create(ctx context.Context, creds vipps.Credentials, key string, req vipps.ProductOrderRequest) (Created, error) {
	var a attempt
	if key != "" {
		if a = o.attempt(ctx, creds, key, req); a.gone {
			return Created{}, &DeletedOrderError{ID: a.created.ID, Key: key}
		}
	} else if a = o.withDerivedKey(ctx, creds, req); a.gone {
		return Created{}, &GenerationsSpentError{Generations: management.MaxIdempotencyKeyGeneration + 1}
	}
	if a.err != nil {
		return Created{}, a.err
	}
	c := Created{Key: a.key, Order: a.details, DetailsErr: a.detailsErr}
	if a.detailsErr != nil {
		c.Order = vipps.ProductOrderDetails{Status: management.OrderStatusReceived}
	}
	if c.Earlier = !prefilling(c.Order.Status); !c.Earlier {
		c.ExpiresAt = clock.OrReal(o.Clock).Now().Add(management.ProductOrderLifetime)
	}
	c.Order.ID = a.created.ID
	c.Order.URL = cmp.Or(c.Order.URL, a.created.PrefillURL)
	return c, nil
}

// attempt is one create with one Idempotency-Key, and what reading the order back said.
type attempt struct {
	key        string
	created    vipps.ProductOrderResponse
	err        error // the create failed
	gone       bool  // the API answered with an order made earlier with this key, since deleted
	details    vipps.ProductOrderDetails
	detailsErr error // reading the order back failed otherwise
}

// attempt creates an order with key and reads it back. An order that neither the read nor the
// partner's list of orders finds right after its create is one the key made earlier and that
// was deleted since. When the list cannot be read, the order is taken to exist: ordering again
// on a read's word alone duplicated orders whenever the read lagged or was misrouted.
func (o Orders) attempt(ctx context.Context, creds vipps.Credentials, key string, req vipps.ProductOrderRequest) attempt {
	a := attempt{key: key}
	if a.created, a.err = o.Client.CreateProductOrder(ctx, creds, key, req); a.err != nil {
		return a
	}
	var found bool
	a.details, found, a.detailsErr = o.find(ctx, creds, a.created.ID)
	a.gone = !found && a.detailsErr == nil
	return a
}

// find reads an order, and when the read answers 404, looks for it in the partner's list of
// orders before calling it gone: a lagging or misrouted read must not make an order look
// deleted. err is set when neither says for certain.
func (o Orders) find(ctx context.Context, creds vipps.Credentials, id string) (order vipps.ProductOrderDetails, found bool, err error) {
	order, err = o.Client.ProductOrderDetails(ctx, creds, id)
	if !errors.Is(err, vipps.ErrNotFound) {
		return order, err == nil, err
	}
	orders, listErr := o.Client.ProductOrders(ctx, creds)
	if listErr != nil {
		return vipps.ProductOrderDetails{}, false, fmt.Errorf("%w; listing the orders to check: %w", err, listErr)
	}
	for _, listed := range orders {
		if strings.EqualFold(listed.ID, id) {
			return listed, true, nil
		}
	}
	return vipps.ProductOrderDetails{}, false, nil
}

// withDerivedKey tries the derived key of each generation in turn while it belongs to an order
// that is deleted, rejected or expired (an order of an earlier life of the resource, which no
// merchant can complete), and returns the first attempt that is not, or the last one.
func (o Orders) withDerivedKey(ctx context.Context, creds vipps.Credentials, req vipps.ProductOrderRequest) attempt {
	body, _ := json.Marshal(req) // strings, numbers and booleans: it cannot fail
	var a attempt
	for generation := 0; generation <= management.MaxIdempotencyKeyGeneration; generation++ {
		a = o.attempt(ctx, creds, management.DerivedIdempotencyKey(creds.ClientID, body, generation), req)
		if !a.gone && !ended(a.details.Status) {
			return a
		}
		a.gone = true
		if o.Logger != nil {
			o.Logger.Debug(ctx, "the derived Idempotency-Key belongs to a deleted, rejected or expired product order; "+
				"trying the next generation", map[string]any{"order": a.created.ID, "generation": generation})
		}
	}
	return a
}

// ended reports an order no merchant can complete any more.
func ended(status string) bool {
	return status == management.OrderStatusRejected || status == management.OrderStatusExpired
}

// prefilling reports an order whose prefill URL the merchant may still open.
func prefilling(status string) bool {
	return status == management.OrderStatusReceived || status == management.OrderStatusMerchantViewed
}

// KeyOfReplacedOrder reports whether replacing an order would send, as its own key, the
// Idempotency-Key of the order it replaces: the API answers that key with 409 for the new
// request, after Terraform has deleted the old order, and leaves the merchant with none.
func KeyOfReplacedOrder(ownKey, priorKey string) bool {
	return ownKey != "" && ownKey == priorKey
}

// KeptWhenReplaced reports whether the API keeps an order its replacement leaves behind: the
// merchant has submitted it, or it completed. The replacement is a second order.
func KeptWhenReplaced(status string) bool {
	return status == management.OrderStatusSubmitted || status == management.OrderStatusCompleted
}

// Read reads an order. gone reports one the API does not know, neither by its details nor in
// the partner's list (deleted outside Terraform, or not made with these partner keys): state
// forgets it.
func (o Orders) Read(ctx context.Context, creds vipps.Credentials, id string) (order vipps.ProductOrderDetails, gone bool, err error) {
	order, found, err := o.find(ctx, creds, id)
	return order, !found && err == nil, err
}

// Deletion is what a delete came to.
type Deletion int

const (
	// Deleted: the API deleted the order.
	Deleted Deletion = iota + 1
	// AlreadyGone: the API does not know the order; there was nothing to delete.
	AlreadyGone
	// Kept: the merchant submitted the order, or it completed, was rejected or expired; the API
	// keeps it, and only state forgets it.
	Kept
	// DeleteFailed: no answer said either way (the error says why).
	DeleteFailed
)

// Delete deletes an order. The error is the API's answer, for every outcome but Deleted and
// AlreadyGone.
func (o Orders) Delete(ctx context.Context, creds vipps.Credentials, id string) (Deletion, error) {
	err := o.Client.DeleteProductOrder(ctx, creds, id)
	switch {
	case err == nil:
		return Deleted, nil
	case errors.Is(err, vipps.ErrNotFound):
		return AlreadyGone, nil
	case errors.Is(err, vipps.ErrBadRequest), errors.Is(err, vipps.ErrConflict):
		return Kept, err
	}
	return DeleteFailed, err
}

// Replaces reports whether a changed argument replaces the order: the API cannot change one,
// so it does, unless the order came in by import and takes on a value its state does not hold
// (the API never returns most of what was ordered).
func Replaces(stateNull, imported bool) bool {
	return !stateNull || !imported
}
