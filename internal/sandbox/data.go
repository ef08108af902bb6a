// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package sandbox

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strconv"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/management"
)

// Kinds of sales unit.
const (
	// KindAPI is a sales unit with an API integration: it has a key set per environment.
	KindAPI = "api"
	// KindVippsnummer is a Vippsnummer (VM Number, MobilePay-nummer) sales unit. It has no
	// external API and so no API keys; token requests naming its MSN are refused.
	KindVippsnummer = "vippsnummer"
)

// Modes of a Vippsnummer sales unit. Each mode needs its own VM Number.
const (
	VippsnummerOpenAmount     = "open_amount"
	VippsnummerShoppingBasket = "shopping_basket"
)

// SalesUnitNameMaxLength is the Management API's limit on a sales unit name (MsnInfo.name).
const SalesUnitNameMaxLength = management.NameMaxLength

// Data is the sandbox's state as JSON: the -data file, DemoData and GET /_sandbox/data.
//
// Objects are flat lists joined by merchant_serial_number and environment, so that later
// additions (merchants, partners, product orders) become new top-level lists and new optional
// fields without changing what is already here. The Management API's lists are joined by
// business identifier (merchants) and partner_id (partners); see management_data.go.
type Data struct {
	SalesUnits []SalesUnit   `json:"sales_units"`
	KeySets    []keys.KeySet `json:"key_sets"`

	Merchants      []Merchant      `json:"merchants,omitempty"`
	Partners       []Partner       `json:"partners,omitempty"`
	PartnerKeySets []PartnerKeySet `json:"partner_key_sets,omitempty"`
	PricePackages  []PricePackage  `json:"price_packages,omitempty"`
	ProductOrders  []ProductOrder  `json:"product_orders,omitempty"`
}

// SalesUnit is one sales unit in one environment. Test and production are separate worlds:
// the same MSN may exist in both, as two sales units.
type SalesUnit struct {
	MerchantSerialNumber string `json:"merchant_serial_number"`
	Environment          string `json:"environment"`
	Name                 string `json:"name"`
	// Kind is KindAPI (the default when empty) or KindVippsnummer.
	Kind string `json:"kind"`
	// VippsnummerMode is VippsnummerOpenAmount or VippsnummerShoppingBasket; only for
	// Vippsnummer units, and optional.
	VippsnummerMode string `json:"vippsnummer_mode,omitempty"`

	// Merchant is the business identifier of the merchant the unit belongs to. The Management
	// API serves only units that belong to a merchant in Merchants.
	Merchant BusinessIdentifier `json:"merchant,omitzero"`
	// Active is false for a deactivated sales unit; absent means active, so that data files
	// written before the Management API keep every unit active.
	Active *bool `json:"active,omitempty"`
	// Configuration is what GET /management/v1/sales-units/{msn} reports; absent flags are
	// left out of the answer, as the API leaves out flags it does not know.
	Configuration *SalesUnitConfiguration `json:"configuration,omitempty"`
}

// LoadData reads a Data JSON file and checks it the way New does. Unknown fields are errors,
// so that a typo does not silently drop a key set.
func LoadData(path string) (*Data, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("load sandbox data: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var d Data
	if err := dec.Decode(&d); err != nil {
		return nil, fmt.Errorf("load sandbox data %s: %w", path, err)
	}
	if _, err := newState(&d); err != nil {
		return nil, fmt.Errorf("load sandbox data %s: %w", path, err)
	}
	return &d, nil
}

// clone returns a deep copy, so callers can neither change nor see the sandbox's copy.
func (d *Data) clone() *Data {
	c := &Data{
		SalesUnits:     make([]SalesUnit, len(d.SalesUnits)),
		KeySets:        append([]keys.KeySet(nil), d.KeySets...),
		Merchants:      cloneEach(d.Merchants, Merchant.clone),
		Partners:       cloneEach(d.Partners, Partner.clone),
		PartnerKeySets: slices.Clone(d.PartnerKeySets),
		PricePackages:  slices.Clone(d.PricePackages),
		ProductOrders:  slices.Clone(d.ProductOrders),
	}
	for i, u := range d.SalesUnits {
		c.SalesUnits[i] = u.clone()
	}
	return c
}

// clone copies the unit and what its pointers point to.
func (u SalesUnit) clone() SalesUnit {
	u.Active = cloneBool(u.Active)
	if u.Configuration != nil {
		cfg := u.Configuration.clone()
		u.Configuration = &cfg
	}
	return u
}

// isActive reports the unit's own status; a missing Active means active.
func (u SalesUnit) isActive() bool { return u.Active == nil || *u.Active }

func defaultSalesUnitName(msn string) string { return "Sales unit " + msn }

// normalized fills in the defaults a data file may leave out.
func (u SalesUnit) normalized() SalesUnit {
	if u.Kind == "" {
		u.Kind = KindAPI
	}
	if u.Name == "" {
		u.Name = defaultSalesUnitName(u.MerchantSerialNumber)
	}
	return u
}

func (u SalesUnit) check() error {
	if p := keys.CheckMerchantSerialNumber(u.MerchantSerialNumber); p != "" {
		return fmt.Errorf("%s %s", keys.AttrMerchantSerialNumber, p)
	}
	if p := keys.CheckEnvironment(u.Environment); p != "" {
		return fmt.Errorf("%s %s", keys.AttrEnvironment, p)
	}
	if p := management.CheckName(u.Name, SalesUnitNameMaxLength); p != "" {
		return fmt.Errorf("name %s", p)
	}
	switch u.Kind {
	case KindAPI:
		if u.VippsnummerMode != "" {
			return fmt.Errorf("vippsnummer_mode is only for kind %q", KindVippsnummer)
		}
	case KindVippsnummer:
		switch u.VippsnummerMode {
		case "", VippsnummerOpenAmount, VippsnummerShoppingBasket:
		default:
			return fmt.Errorf("vippsnummer_mode must be %q or %q", VippsnummerOpenAmount, VippsnummerShoppingBasket)
		}
	default:
		return fmt.Errorf("kind must be %q or %q", KindAPI, KindVippsnummer)
	}
	if u.Configuration != nil {
		if err := u.Configuration.check(); err != nil {
			return fmt.Errorf("configuration: %w", err)
		}
	}
	return nil
}

// FirstGeneratedMSN is the MSN of the first synthetic sales unit added by Options.Generate.
const FirstGeneratedMSN = 100000

// MaxGenerate bounds Options.Generate to keep memory modest.
const MaxGenerate = 1_000_000

// generatedUnits returns n synthetic test sales units with key sets. MSNs count up from
// FirstGeneratedMSN, skipping those d already uses in test. Names and keys are derived from the
// MSN alone, so every run (and every benchmark) sees the same keys.
func generatedUnits(d *Data, n int) ([]SalesUnit, []keys.KeySet, error) {
	taken := make(map[string]bool)
	for _, u := range d.SalesUnits {
		if u.Environment == keys.EnvironmentTest {
			taken[u.MerchantSerialNumber] = true
		}
	}
	for _, ks := range d.KeySets {
		if ks.Environment == keys.EnvironmentTest {
			taken[ks.MerchantSerialNumber] = true
		}
	}
	units := make([]SalesUnit, 0, n)
	sets := make([]keys.KeySet, 0, n)
	for i := FirstGeneratedMSN; len(units) < n; i++ {
		msn := strconv.Itoa(i)
		if taken[msn] {
			continue
		}
		units = append(units, SalesUnit{
			MerchantSerialNumber: msn,
			Environment:          keys.EnvironmentTest,
			Name:                 generatedName(i),
			Kind:                 KindAPI,
		})
		ks, err := keys.Generate(newSeededReader("sandbox/generated/test/"+msn), msn, keys.EnvironmentTest)
		if err != nil {
			return nil, nil, err
		}
		sets = append(sets, ks)
	}
	return units, sets, nil
}

var (
	generatedPlaces = []string{
		"Oslo", "Bergen", "Trondheim", "Stavanger", "Tromsø", "Bodø", "Ålesund", "Aarhus",
		"Odense", "Aalborg", "København", "Helsinki", "Tampere", "Turku", "Oulu",
	}
	generatedTrades = []string{
		"Bakeri", "Kaffebar", "Sykkelverksted", "Blomster", "Frisør", "Bokhandel", "Sjømat",
		"Bryggeri", "Treningssenter", "Isenkram", "Kahvila", "Kirppis",
	}
)

func generatedName(i int) string {
	p := generatedPlaces[i%len(generatedPlaces)]
	t := generatedTrades[(i/len(generatedPlaces))%len(generatedTrades)]
	return fmt.Sprintf("%s %s %d", p, t, i)
}

// seededReader is an endless deterministic byte stream: SHA-256 of a seed and a counter. It
// is not a secure generator and is used only for synthetic, published test keys.
type seededReader struct {
	seed    string
	counter uint64
	buf     []byte
}

func newSeededReader(seed string) *seededReader { return &seededReader{seed: seed} }

func (r *seededReader) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		if len(r.buf) == 0 {
			var c [8]byte
			binary.BigEndian.PutUint64(c[:], r.counter)
			r.counter++
			sum := sha256.Sum256(append([]byte(r.seed), c[:]...))
			r.buf = sum[:]
		}
		k := copy(p[n:], r.buf)
		r.buf = r.buf[k:]
		n += k
	}
	return n, nil
}
