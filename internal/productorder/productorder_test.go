// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package productorder_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"regexp"
	"testing"
	"time"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/clock"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/management"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/productorder"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/sandbox"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/vipps"
)

// world is a sandbox behind a real HTTP server, the partner's credentials and the orders of
// one run, with a fake clock and no retries, so every outcome comes from one answer.
type world struct {
	sb     *sandbox.Sandbox
	clk    *clock.Fake
	creds  vipps.Credentials
	orders productorder.Orders
}

func newWorld(t *testing.T, rules ...sandbox.FaultRule) *world {
	t.Helper()
	return newWorldBehind(t, func(h http.Handler) http.Handler { return h }, rules...)
}

// newWorldBehind puts front, e.g. a proxy that answers some requests itself, before the sandbox.
func newWorldBehind(t *testing.T, front func(http.Handler) http.Handler, rules ...sandbox.FaultRule) *world {
	t.Helper()
	clk := clock.NewFake(clock.Start)
	sb, err := sandbox.New(sandbox.Options{Clock: clk, FaultRules: rules})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(front(sb))
	t.Cleanup(srv.Close)
	creds := sb.PartnerKeySets()[0].Credentials(keys.SubscriptionKeyPrimary)
	creds.Environment = keys.EnvironmentProduction
	client := vipps.New(vipps.Config{BaseURL: srv.URL, Clock: clk})
	return &world{sb: sb, clk: clk, creds: creds, orders: productorder.Orders{Client: client, Clock: clk}}
}

func order(salesUnitName string) vipps.ProductOrderRequest {
	return vipps.ProductOrderRequest{
		BusinessIdentifier: vipps.BusinessIdentifier{Scheme: management.SchemeDenmark, ID: sandbox.DemoOrgNorrebro},
		ProductType:        management.ProductTypePaymentIntegration,
		SalesUnitName:      salesUnitName,
	}
}

func (w *world) create(t *testing.T, key string, req vipps.ProductOrderRequest) productorder.Created {
	t.Helper()
	c, err := w.orders.Create(context.Background(), w.creds, key, req)
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	return c
}

func (w *world) delete(t *testing.T, id string) {
	t.Helper()
	if d, err := w.orders.Delete(context.Background(), w.creds, id); d != productorder.Deleted {
		t.Fatalf("delete %s: %v, %v", id, d, err)
	}
}

var detailsRoute = sandbox.RouteProductOrderDetails

// TestCreate_findsTheOrderAnEarlierRunMade: the derived key of the same arguments is the same
// on every run, so a rerun after a lost answer gets the first order back; other arguments get
// another key and another order.
func TestCreate_findsTheOrderAnEarlierRunMade(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	first := w.create(t, "", order("Norrebro Cykler Web"))
	if !regexp.MustCompile(`^tf-[0-9a-f]{32}-0$`).MatchString(first.Key) {
		t.Errorf("key = %q, want the derived key of generation 0", first.Key)
	}
	again := w.create(t, "", order("Norrebro Cykler Web"))
	if again.Order.ID != first.Order.ID || again.Key != first.Key {
		t.Errorf("the rerun made %s with %s, want the first order %s with %s", again.Order.ID, again.Key, first.Order.ID, first.Key)
	}
	other := w.create(t, "", order("Norrebro Cykler Butik"))
	if other.Order.ID == first.Order.ID || other.Key == first.Key {
		t.Errorf("other arguments got order %s with key %s, the first order's", other.Order.ID, other.Key)
	}
	if n := len(w.sb.ProductOrders()); n != 2 {
		t.Errorf("the sandbox holds %d orders, want 2", n)
	}
}

// TestCreate_aDeletedOrderIsOrderedAnewWithTheNextGeneration: destroying an order and
// applying the same arguments again orders anew, each time with the next generation's key.
func TestCreate_aDeletedOrderIsOrderedAnewWithTheNextGeneration(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	seen := map[string]bool{}
	for _, want := range []string{"-0", "-1", "-2"} {
		c := w.create(t, "", order("Norrebro Cykler Web"))
		if !regexp.MustCompile(`^tf-[0-9a-f]{32}` + want + `$`).MatchString(c.Key) {
			t.Errorf("key = %q, want generation %s", c.Key, want)
		}
		if seen[c.Order.ID] || c.Order.Status != management.OrderStatusReceived {
			t.Errorf("order %s (%s): want a new RECEIVED order", c.Order.ID, c.Order.Status)
		}
		seen[c.Order.ID] = true
		w.delete(t, c.Order.ID)
	}
}

// TestCreate_theCallersOwnKeyIsNeverMovedOn: a key the caller set means what it says: the
// same key finds the same order, and one whose order was deleted is an error naming both.
func TestCreate_theCallersOwnKeyIsNeverMovedOn(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	first := w.create(t, "onboard-41205806", order("Norrebro Cykler Web"))
	if first.Key != "onboard-41205806" {
		t.Errorf("key = %q, want the caller's", first.Key)
	}
	if again := w.create(t, "onboard-41205806", order("Norrebro Cykler Web")); again.Order.ID != first.Order.ID {
		t.Errorf("the same key made order %s, want %s", again.Order.ID, first.Order.ID)
	}
	_, err := w.orders.Create(context.Background(), w.creds, "onboard-41205806", order("Norrebro Cykler Butik"))
	if !errors.Is(err, vipps.ErrConflict) {
		t.Errorf("the key with other arguments: err = %v, want the API's conflict", err)
	}
	w.delete(t, first.Order.ID)
	_, err = w.orders.Create(context.Background(), w.creds, "onboard-41205806", order("Norrebro Cykler Web"))
	var deleted *productorder.DeletedOrderError
	if !errors.As(err, &deleted) || deleted.ID != first.Order.ID || deleted.Key != "onboard-41205806" {
		t.Errorf("the key of a deleted order: err = %v, want a DeletedOrderError naming %s", err, first.Order.ID)
	}
}

// TestCreate_everyGenerationOfADeletedOrderIsSpent: when every derived key's order is gone (its
// details answer 404 and the partner's list does not hold it), the create gives up after the
// last generation instead of ordering forever.
func TestCreate_everyGenerationOfADeletedOrderIsSpent(t *testing.T) {
	t.Parallel()
	w := newWorldBehind(t, func(sb http.Handler) http.Handler {
		return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodGet && r.URL.Path == "/management/v2/product-orders" {
				rw.Header().Set("Content-Type", "application/json")
				_, _ = rw.Write([]byte("[]"))
				return
			}
			sb.ServeHTTP(rw, r)
		})
	}, sandbox.FaultRule{Route: detailsRoute, Mode: sandbox.Fault404})
	_, err := w.orders.Create(context.Background(), w.creds, "", order("Norrebro Cykler Web"))
	var spent *productorder.GenerationsSpentError
	if !errors.As(err, &spent) || spent.Generations != management.MaxIdempotencyKeyGeneration+1 {
		t.Fatalf("err = %v, want every one of %d generations spent", err, management.MaxIdempotencyKeyGeneration+1)
	}
}

// TestCreate_aReadThatMissesTheNewOrderOrdersNothingTwice: a read back that answers 404 for
// the order just made (a lagging replica, a proxy that misroutes the details path) is checked
// against the partner's list of orders. The order is there, so it is the one made: no second
// order, no error, whether the key is derived or the caller's. When the list cannot be read
// either, the order is still taken to exist rather than ordered again.
func TestCreate_aReadThatMissesTheNewOrderOrdersNothingTwice(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name  string
		key   string
		rules []sandbox.FaultRule
		// detailsErr: neither the read nor the list said, so the order is the create's answer.
		detailsErr bool
	}{
		{name: "once, derived key", rules: []sandbox.FaultRule{{Route: detailsRoute, Mode: sandbox.Fault404, Count: 1}}},
		{name: "always, derived key", rules: []sandbox.FaultRule{{Route: detailsRoute, Mode: sandbox.Fault404}}},
		{name: "always, own key", key: "onboard-41205806", rules: []sandbox.FaultRule{{Route: detailsRoute, Mode: sandbox.Fault404}}},
		{name: "list failing too", detailsErr: true, rules: []sandbox.FaultRule{
			{Route: detailsRoute, Mode: sandbox.Fault404}, {Route: sandbox.RouteProductOrders, Mode: sandbox.Fault503},
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			w := newWorld(t, tt.rules...)
			c := w.create(t, tt.key, order("Norrebro Cykler Web"))
			if made := w.sb.ProductOrders(); len(made) != 1 || made[0].ID != c.Order.ID {
				t.Fatalf("the sandbox holds %d orders, want only the one created (%s)", len(made), c.Order.ID)
			}
			if (c.DetailsErr != nil) != tt.detailsErr || c.Order.Status != management.OrderStatusReceived || c.Order.URL == "" {
				t.Errorf("created %+v, details error %v; want a RECEIVED order with its URL", c.Order, c.DetailsErr)
			}
			if tt.key == "" && !regexp.MustCompile(`^tf-[0-9a-f]{32}-0$`).MatchString(c.Key) {
				t.Errorf("key = %q, want the first generation", c.Key)
			}
			again := w.create(t, tt.key, order("Norrebro Cykler Web"))
			if again.Order.ID != c.Order.ID || len(w.sb.ProductOrders()) != 1 {
				t.Errorf("a rerun made order %s (%d in all), want %s again", again.Order.ID, len(w.sb.ProductOrders()), c.Order.ID)
			}
		})
	}
}

// TestCreate_whatTheOrderIsAfterItsCreate: the order as read back, its prefill URL, and when
// that URL expires: ProductOrderLifetime after the create, by the run's clock. When the read
// back fails, the order still exists: RECEIVED, with the create's URL.
func TestCreate_whatTheOrderIsAfterItsCreate(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name       string
		rules      []sandbox.FaultRule
		detailsErr bool
	}{
		{name: "read back"},
		{name: "read back failed", rules: []sandbox.FaultRule{{Route: detailsRoute, Mode: sandbox.Fault500}}, detailsErr: true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			w := newWorld(t, tt.rules...)
			c := w.create(t, "", order("Norrebro Cykler Web"))
			orders := w.sb.ProductOrders()
			if len(orders) != 1 || c.Order.ID != orders[0].ID {
				t.Fatalf("created %q; the sandbox holds %+v", c.Order.ID, orders)
			}
			if c.Order.Status != management.OrderStatusReceived || !regexp.MustCompile(`^https://.*`+c.Order.ID).MatchString(c.Order.URL) {
				t.Errorf("order = %+v, want RECEIVED with its prefill URL", c.Order)
			}
			if want := clock.Start.Add(management.ProductOrderLifetime); !c.ExpiresAt.Equal(want) {
				t.Errorf("expires at %s, want %s", c.ExpiresAt, want)
			}
			if (c.DetailsErr != nil) != tt.detailsErr {
				t.Errorf("DetailsErr = %v, want an error: %v", c.DetailsErr, tt.detailsErr)
			}
		})
	}
}

// TestCreate_aRefusedCreateIsTheAPIsError: nothing is ordered, and the error is the client's.
func TestCreate_aRefusedCreateIsTheAPIsError(t *testing.T) {
	t.Parallel()
	w := newWorld(t, sandbox.FaultRule{Route: sandbox.RouteCreateProductOrder, Mode: sandbox.Fault500})
	_, err := w.orders.Create(context.Background(), w.creds, "", order("Norrebro Cykler Web"))
	if !errors.Is(err, vipps.ErrServer) {
		t.Errorf("err = %v, want the API's 500", err)
	}
}

// TestRead_tellsAnOrderFromOneThatIsGone: an order the API does not know is gone (state forgets
// it), which is not an error; an answer that says nothing is.
func TestRead_tellsAnOrderFromOneThatIsGone(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	made := w.create(t, "", order("Norrebro Cykler Web"))
	deleted := w.create(t, "", order("Norrebro Cykler Butik"))
	w.delete(t, deleted.Order.ID)
	if err := w.sb.AdvanceProductOrder(made.Order.ID, management.OrderStatusMerchantViewed); err != nil {
		t.Fatal(err)
	}
	failing := newWorld(t, sandbox.FaultRule{Route: detailsRoute, Mode: sandbox.Fault503})
	misrouted := newWorld(t, sandbox.FaultRule{Route: detailsRoute, Mode: sandbox.Fault404})
	listed := misrouted.create(t, "", order("Norrebro Cykler Web"))
	unsure := newWorld(t, sandbox.FaultRule{Route: detailsRoute, Mode: sandbox.Fault404},
		sandbox.FaultRule{Route: sandbox.RouteProductOrders, Mode: sandbox.Fault503})
	unsureOrder := unsure.create(t, "", order("Norrebro Cykler Web"))
	for _, tt := range []struct {
		name       string
		w          *world
		id         string
		wantStatus string
		wantGone   bool
		wantErr    error
	}{
		{name: "found", w: w, id: made.Order.ID, wantStatus: management.OrderStatusMerchantViewed},
		{name: "deleted", w: w, id: deleted.Order.ID, wantGone: true},
		{name: "never made", w: w, id: "81b83246-5c19-7b94-875b-ea6d1114f099", wantGone: true},
		{name: "no answer", w: failing, id: made.Order.ID, wantErr: vipps.ErrServer},
		// A read that answers 404 for an order the partner's list holds is wrong, not the order gone.
		{name: "details 404, listed", w: misrouted, id: listed.Order.ID, wantStatus: management.OrderStatusReceived},
		{name: "details 404, list failing", w: unsure, id: unsureOrder.Order.ID, wantErr: vipps.ErrServer},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, gone, err := tt.w.orders.Read(context.Background(), tt.w.creds, tt.id)
			if got.Status != tt.wantStatus || gone != tt.wantGone || !errors.Is(err, tt.wantErr) || (err == nil) != (tt.wantErr == nil) {
				t.Errorf("read = %q, gone %v, %v; want %q, gone %v, %v", got.Status, gone, err, tt.wantStatus, tt.wantGone, tt.wantErr)
			}
		})
	}
}

// TestDelete_whatADestroyComesTo: an order the merchant has not submitted is deleted; one
// already gone or submitted is only forgotten; an answer that says nothing fails the destroy.
func TestDelete_whatADestroyComesTo(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name    string
		status  string // the order's status before the delete; "" deletes it first
		rules   []sandbox.FaultRule
		want    productorder.Deletion
		wantErr error
	}{
		{name: "received", status: management.OrderStatusReceived, want: productorder.Deleted},
		{name: "viewed", status: management.OrderStatusMerchantViewed, want: productorder.Deleted},
		{name: "already deleted", want: productorder.AlreadyGone},
		{name: "submitted", status: management.OrderStatusSubmitted, want: productorder.Kept, wantErr: vipps.ErrBadRequest},
		{name: "completed", status: management.OrderStatusCompleted, want: productorder.Kept, wantErr: vipps.ErrBadRequest},
		{name: "expired", status: management.OrderStatusExpired, want: productorder.Kept, wantErr: vipps.ErrBadRequest},
		{
			name: "no answer", status: management.OrderStatusReceived, want: productorder.DeleteFailed, wantErr: vipps.ErrServer,
			rules: []sandbox.FaultRule{{Route: sandbox.RouteDeleteProductOrder, Mode: sandbox.Fault502}},
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			w := newWorld(t, tt.rules...)
			id := w.create(t, "", order("Norrebro Cykler Web")).Order.ID
			switch tt.status {
			case "":
				w.delete(t, id)
			case management.OrderStatusReceived:
			default:
				if err := w.sb.AdvanceProductOrder(id, tt.status); err != nil {
					t.Fatal(err)
				}
			}
			got, err := w.orders.Delete(context.Background(), w.creds, id)
			if got != tt.want || !errors.Is(err, tt.wantErr) || (err == nil) != (tt.wantErr == nil) {
				t.Errorf("delete = %v, %v; want %v, %v", got, err, tt.want, tt.wantErr)
			}
			kept := tt.want == productorder.Kept || tt.want == productorder.DeleteFailed
			if stillThere := len(w.sb.ProductOrders()) == 1; stillThere != kept {
				t.Errorf("after %v the sandbox holds %+v", got, w.sb.ProductOrders())
			}
		})
	}
}

// TestReplaces: a changed argument replaces the order, except while an imported order takes on
// a value its state does not hold.
func TestReplaces(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name                string
		stateNull, imported bool
		want                bool
	}{
		{name: "a changed value", want: true},
		{name: "a value set anew", stateNull: true, want: true},
		{name: "an imported order's changed value", imported: true, want: true},
		{name: "an imported order adopts a value", stateNull: true, imported: true, want: false},
	} {
		if got := productorder.Replaces(tt.stateNull, tt.imported); got != tt.want {
			t.Errorf("%s: Replaces(%v, %v) = %v, want %v", tt.name, tt.stateNull, tt.imported, got, tt.want)
		}
	}
}

// advance moves an order through the lifecycle to status, as the merchant and Vipps MobilePay do.
func (w *world) advance(t *testing.T, id string, statuses ...string) {
	t.Helper()
	for _, status := range statuses {
		if err := w.sb.AdvanceProductOrder(id, status); err != nil {
			t.Fatalf("advance %s to %s: %v", id, status, err)
		}
	}
}

// TestCreate_anOrderOfAnEarlierLifeIsNotPassedOffAsNew: a derived key whose order was rejected
// or expired (no merchant can complete it) moves on and orders anew, as for a deleted one; one
// the merchant submitted or that completed is found, not ordered again, and said to be earlier,
// with no prefill expiry. A key of the caller's own is never moved on.
func TestCreate_anOrderOfAnEarlierLifeIsNotPassedOffAsNew(t *testing.T) {
	t.Parallel()
	viewed, submitted := management.OrderStatusMerchantViewed, management.OrderStatusSubmitted
	for _, tt := range []struct {
		name     string
		key      string
		statuses []string
		anew     bool
	}{
		{"rejected, derived key", "", []string{viewed, submitted, management.OrderStatusRejected}, true},
		{"completed, derived key", "", []string{viewed, submitted, management.OrderStatusCompleted}, false},
		{"submitted, derived key", "", []string{viewed, submitted}, false},
		{"rejected, own key", "onboard-41205806", []string{viewed, submitted, management.OrderStatusRejected}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			w := newWorld(t)
			first := w.create(t, tt.key, order("Norrebro Cykler Web"))
			w.advance(t, first.Order.ID, tt.statuses...)
			// Terraform forgot the order (destroy kept it at the API), and the same arguments come again.
			again := w.create(t, tt.key, order("Norrebro Cykler Web"))
			if tt.anew {
				if again.Order.ID == first.Order.ID || again.Earlier || again.Order.Status != management.OrderStatusReceived ||
					!regexp.MustCompile(`-1$`).MatchString(again.Key) {
					t.Errorf("got order %s (%s, earlier %v, key %s), want a new RECEIVED order with the next generation's key",
						again.Order.ID, again.Order.Status, again.Earlier, again.Key)
				}
				return
			}
			if again.Order.ID != first.Order.ID || !again.Earlier || !again.ExpiresAt.IsZero() {
				t.Errorf("got order %s (earlier %v, expires %v), want %s again, said to be earlier, with no expiry",
					again.Order.ID, again.Earlier, again.ExpiresAt, first.Order.ID)
			}
		})
	}
}

func TestReplacement(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ own, prior string }{{"onboard-1", "onboard-1"}} {
		if !productorder.KeyOfReplacedOrder(tt.own, tt.prior) {
			t.Errorf("KeyOfReplacedOrder(%q, %q) = false", tt.own, tt.prior)
		}
	}
	for _, tt := range []struct{ own, prior string }{{"", "tf-x-0"}, {"onboard-2", "onboard-1"}, {"", ""}} {
		if productorder.KeyOfReplacedOrder(tt.own, tt.prior) {
			t.Errorf("KeyOfReplacedOrder(%q, %q) = true", tt.own, tt.prior)
		}
	}
	for _, status := range management.OrderStatuses() {
		want := status == management.OrderStatusSubmitted || status == management.OrderStatusCompleted
		if got := productorder.KeptWhenReplaced(status); got != want {
			t.Errorf("KeptWhenReplaced(%s) = %v, want %v", status, got, want)
		}
	}
}

// TestCreate_anExpiredOrdersDerivedKeyOrdersAnew: an order nobody completed within its 14 days
// has expired; the same arguments later order anew.
func TestCreate_anExpiredOrdersDerivedKeyOrdersAnew(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	first := w.create(t, "", order("Norrebro Cykler Web"))
	w.clk.Advance(management.ProductOrderLifetime + time.Hour)
	again := w.create(t, "", order("Norrebro Cykler Web"))
	if again.Order.ID == first.Order.ID || again.Earlier || again.Order.Status != management.OrderStatusReceived {
		t.Errorf("got order %s (%s, earlier %v), want a new RECEIVED order", again.Order.ID, again.Order.Status, again.Earlier)
	}
}
