// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package sandbox

import (
	"time"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
)

// Demo MSNs, for tests and docs that need a particular kind of sales unit.
const (
	// DemoMSN exists in both environments; in test its keys are the keys.Example* values.
	DemoMSN = keys.ExampleMerchantSerialNumber
	// DemoMSNTestOnly has test keys and no production sales unit.
	DemoMSNTestOnly = "567890"
	// DemoMSNProductionOnly has production keys and no test sales unit.
	DemoMSNProductionOnly = "678901"
	// DemoMSNVippsnummerTest is a Vippsnummer (no API keys) sales unit in test.
	DemoMSNVippsnummerTest = "901234"
	// DemoMSNVippsnummerProduction is a Vippsnummer (no API keys) sales unit in production.
	DemoMSNVippsnummerProduction = "902345"

	// DemoMSNLoginOnly is a production Login-only unit of Fjordkaffe AS (paymentAllowed false).
	DemoMSNLoginOnly = "123457"
	// DemoMSNInactive is a deactivated production sales unit with keys: the Management API
	// answers it 404.
	DemoMSNInactive = "123458"
	// DemoMSNDeactivatedMerchant is an active production sales unit of a deactivated
	// merchant: the Management API answers it 404 too.
	DemoMSNDeactivatedMerchant = "789012"
	// DemoMSNNotConnected (Lofoten Sjømat AS) is a production unit the demo partner is not
	// connected to.
	DemoMSNNotConnected = DemoMSNProductionOnly
)

// DemoPartnerID is the demo partner, "Demo Partner AS", whose production partner keys reach
// every demo merchant except Lofoten Sjømat AS (DemoOrgLofoten).
const DemoPartnerID = "demo-partner"

// Business identifier schemes of the three markets.
const (
	SchemeNorway  = "business:NO:ORG"
	SchemeDenmark = "business:DK:CVR"
	SchemeFinland = "business:FI:Y-tunnus"
)

// Organization numbers of the demo merchants. They pass their country's check digit rules
// and are made up.
const (
	DemoOrgFjordkaffe = "914532884" // Fjordkaffe AS: 123456, Login-only 123457, inactive 123458
	DemoOrgNordlys    = "921347758" // Nordlys Sykkelverksted AS: 234567
	DemoOrgHygge      = "29183740"  // Hygge Boghandel ApS (DK): 345678
	DemoOrgAurora     = "3016443-6" // Kahvila Aurora Oy (FI): 456789
	DemoOrgLofoten    = "993112577" // Lofoten Sjømat AS: 678901, not connected to the partner
	DemoOrgBryggeriet = "933700283" // Gamle Bryggeriet AS: DEACTIVATED, 789012
	DemoOrgSkolekorps = "917751005" // Grünerløkka Skolekorps: Vippsnummer units only
	DemoOrgNorrebro   = "41205806"  // Nørrebro Cykler ApS (DK): no sales units yet
)

// The demo partner's price packages.
const (
	DemoPricePackagePOS      = "3dd68d33-5a68-46d6-b8bc-06a965e27efa"
	DemoPricePackageCheckout = "b387e2df-0701-49fa-976a-4d02b5022022"
	DemoPricePackageDenmark  = "6c6f143e-144d-4f7a-bea6-7846dee01716"
	DemoPricePackageFinland  = "4cfaf7c8-de8a-4c8f-8794-2cd6f1316fe8"
)

// DemoData returns the built-in demo state. Its keys are fixed, so docs and scripts can rely
// on them; they are published and so worthless outside the sandbox.
func DemoData() *Data {
	const test, prod = keys.EnvironmentTest, keys.EnvironmentProduction
	var (
		fjordkaffe = BusinessIdentifier{Scheme: SchemeNorway, ID: DemoOrgFjordkaffe}
		nordlys    = BusinessIdentifier{Scheme: SchemeNorway, ID: DemoOrgNordlys}
		hygge      = BusinessIdentifier{Scheme: SchemeDenmark, ID: DemoOrgHygge}
		aurora     = BusinessIdentifier{Scheme: SchemeFinland, ID: DemoOrgAurora}
		lofoten    = BusinessIdentifier{Scheme: SchemeNorway, ID: DemoOrgLofoten}
		bryggeriet = BusinessIdentifier{Scheme: SchemeNorway, ID: DemoOrgBryggeriet}
		skolekorps = BusinessIdentifier{Scheme: SchemeNorway, ID: DemoOrgSkolekorps}
		norrebro   = BusinessIdentifier{Scheme: SchemeDenmark, ID: DemoOrgNorrebro}
	)
	// Configurations, as the real API shows them: a POS unit that may skip the landing page,
	// a web shop with recurring payments, a Danish and a Finnish unit with the capture options
	// that matter there, and a Login-only unit. Lofoten Sjømat's unit has none: the API may
	// leave flags out, which does not make them false.
	pos := &SalesUnitConfiguration{PaymentAllowed: ptr(true), CaptureType: CaptureTypeReserve,
		SkipLandingPageAllowed: ptr(true), RecurringAllowed: ptr(false), CreditCardPaymentAllowed: ptr(true)}
	webshop := &SalesUnitConfiguration{PaymentAllowed: ptr(true), CaptureType: CaptureTypeReserve,
		SkipLandingPageAllowed: ptr(false), RecurringAllowed: ptr(true), LongLivingPaymentAllowed: ptr(false),
		CreditCardPaymentAllowed: ptr(true)}
	denmark := &SalesUnitConfiguration{PaymentAllowed: ptr(true), CaptureType: CaptureTypeReserve,
		PartialCaptureAllowed: ptr(true), LateCaptureAllowed: ptr(true), CreditCardPaymentAllowed: ptr(true)}
	finland := &SalesUnitConfiguration{PaymentAllowed: ptr(true), CaptureType: CaptureTypeDirect,
		PartialCaptureAllowed: ptr(false), LandingPagePhoneNumberLocked: ptr(false), CreditCardPaymentAllowed: ptr(false)}
	login := &SalesUnitConfiguration{PaymentAllowed: ptr(false), CaptureType: CaptureTypeNotApplicable}
	created := func(year int, month time.Month, day int) time.Time {
		return time.Date(year, month, day, 9, 30, 12, 418000000, time.UTC)
	}
	return &Data{
		SalesUnits: []SalesUnit{
			{MerchantSerialNumber: "123456", Environment: test, Name: "Fjordkaffe Bergen", Kind: KindAPI, Merchant: fjordkaffe, Configuration: pos},
			{MerchantSerialNumber: "234567", Environment: test, Name: "Nordlys Sykkelverksted", Kind: KindAPI, Merchant: nordlys, Configuration: webshop},
			{MerchantSerialNumber: "345678", Environment: test, Name: "Hygge Boghandel", Kind: KindAPI, Merchant: hygge, Configuration: denmark},
			{MerchantSerialNumber: "456789", Environment: test, Name: "Kahvila Aurora", Kind: KindAPI, Merchant: aurora, Configuration: finland},
			{MerchantSerialNumber: "567890", Environment: test, Name: "Testbutikken Trondheim", Kind: KindAPI},
			{MerchantSerialNumber: "901234", Environment: test, Name: "Loppemarked Grünerløkka", Kind: KindVippsnummer, VippsnummerMode: VippsnummerOpenAmount, Merchant: skolekorps},

			{MerchantSerialNumber: "123456", Environment: prod, Name: "Fjordkaffe Bergen", Kind: KindAPI, Merchant: fjordkaffe, Configuration: pos},
			{MerchantSerialNumber: "123457", Environment: prod, Name: "Fjordkaffe Kundeklubb", Kind: KindAPI, Merchant: fjordkaffe, Configuration: login},
			{MerchantSerialNumber: "123458", Environment: prod, Name: "Fjordkaffe Stavanger", Kind: KindAPI, Merchant: fjordkaffe, Configuration: pos, Active: ptr(false)},
			{MerchantSerialNumber: "234567", Environment: prod, Name: "Nordlys Sykkelverksted", Kind: KindAPI, Merchant: nordlys, Configuration: webshop},
			{MerchantSerialNumber: "345678", Environment: prod, Name: "Hygge Boghandel", Kind: KindAPI, Merchant: hygge, Configuration: denmark},
			{MerchantSerialNumber: "456789", Environment: prod, Name: "Kahvila Aurora", Kind: KindAPI, Merchant: aurora, Configuration: finland},
			{MerchantSerialNumber: "678901", Environment: prod, Name: "Lofoten Sjømat", Kind: KindAPI, Merchant: lofoten},
			{MerchantSerialNumber: "789012", Environment: prod, Name: "Gamle Bryggeriet Bar", Kind: KindAPI, Merchant: bryggeriet, Configuration: pos},
			{MerchantSerialNumber: "902345", Environment: prod, Name: "Skolekorpsets Kakesalg", Kind: KindVippsnummer, VippsnummerMode: VippsnummerShoppingBasket, Merchant: skolekorps},
		},
		KeySets: []keys.KeySet{
			{
				MerchantSerialNumber:     "123456",
				Environment:              test,
				ClientID:                 keys.ExampleClientID,
				ClientSecret:             keys.ExampleClientSecret,
				SubscriptionKeyPrimary:   keys.ExampleSubscriptionKey,
				SubscriptionKeySecondary: "da7d5b0e18a84aeda961c0c31b75c2a9",
			},
			{
				MerchantSerialNumber:     "234567",
				Environment:              test,
				ClientID:                 "4d6bf3f2-3d51-42ac-a9aa-9fee53095551",
				ClientSecret:             "nndWJr1ZH820cCrEIbD3COXc03ouawXQLGDJzGydtg4=",
				SubscriptionKeyPrimary:   "411ca6311d27b0ce8540f2a2aa227159",
				SubscriptionKeySecondary: "a0bf74eb630d8b3f61cc0020e94f5616",
			},
			{
				MerchantSerialNumber:     "345678",
				Environment:              test,
				ClientID:                 "31b6cae7-fe69-44dd-99d9-b8d7b3ff1c45",
				ClientSecret:             "orszBPUtO0MQUJNikjhHDJuZYInzXEig4pFPlE3Ju7k=",
				SubscriptionKeyPrimary:   "34a07e571066b410caef85809e581c3e",
				SubscriptionKeySecondary: "79095cec26a16ea6f7f49f6147afb3e2",
			},
			{
				MerchantSerialNumber:     "456789",
				Environment:              test,
				ClientID:                 "bd9ec433-95e9-4c1f-a9ff-c1e16b4b9271",
				ClientSecret:             "WvUEfVkaSybNJDjmGegRtSAXkCYZcpVUL/npJ1LQ+5E=",
				SubscriptionKeyPrimary:   "fd68df03b10506cf37705ccadfe22880",
				SubscriptionKeySecondary: "2e30d00f05a8cfe8a71150ad8a09a9f3",
			},
			{
				MerchantSerialNumber:     "567890",
				Environment:              test,
				ClientID:                 "e7a580a7-a123-4bb9-b506-38e88b0e1c9a",
				ClientSecret:             "taf1w1UIQYEs0S0bzzX3gEGVUeIUGL5pSkR5LYcnAmU=",
				SubscriptionKeyPrimary:   "f92921f056c15b5e0fce33b7bca52d36",
				SubscriptionKeySecondary: "bd420590b95cbeefb379191d053662cd",
			},
			{
				MerchantSerialNumber:     "123456",
				Environment:              prod,
				ClientID:                 "63cfa34d-5e32-4ba3-b0ea-898eaf55f968",
				ClientSecret:             "LrFKIA6yzo+PMwRTL0zYiir8xJgWceDJrQ2cV2q4cOc=",
				SubscriptionKeyPrimary:   "e34a1f40785b8b231a9c30d8255c6e90",
				SubscriptionKeySecondary: "8d0c2d6b1a5e4f7c9b3a2e1d0f9c8b7a",
			},
			{
				MerchantSerialNumber:     "123457",
				Environment:              prod,
				ClientID:                 "7c629ccb-09e4-41db-8f4f-f8fd8a04c71a",
				ClientSecret:             "IWbeBgVregGqwZb8AYOWGGmR1Hqhg4SycrnCL84JOhQ=",
				SubscriptionKeyPrimary:   "571ca6ac875b5afa461048b14ef3b70c",
				SubscriptionKeySecondary: "5cff7b7c39548f614f2d6b2beb7b7b8d",
			},
			{
				MerchantSerialNumber:     "123458",
				Environment:              prod,
				ClientID:                 "d2cf599c-c9be-461f-8074-7bb3a0b0c038",
				ClientSecret:             "UBWkfMVJdbfpXCk9aHQy4VVFHUUyTP2B5GMDMRoEuAE=",
				SubscriptionKeyPrimary:   "f9ecc82bceeb508b28b9e8e36db6b233",
				SubscriptionKeySecondary: "a24973d731acad83b50b49a5fa937d66",
			},
			{
				MerchantSerialNumber:     "234567",
				Environment:              prod,
				ClientID:                 "8d5e96ec-9377-4a0f-9c56-72e69ec79d53",
				ClientSecret:             "PifF5TgCGF1m/cl6OQRsYT6c/nrZZ9WHMANbNuQgf+c=",
				SubscriptionKeyPrimary:   "463da71c0d66b965f07df3b8986cecc6",
				SubscriptionKeySecondary: "fc8b8ca7ab81f329285b56d35b769f31",
			},
			{
				MerchantSerialNumber:     "345678",
				Environment:              prod,
				ClientID:                 "3621b6cd-a3d2-4db3-9563-8e7063fb865c",
				ClientSecret:             "2S9dtF6DSiSGbJTVC0urxyd77mJhSiCVXqYtbGN2+Jo=",
				SubscriptionKeyPrimary:   "1aa3a55e189aac59b4820459503eacb7",
				SubscriptionKeySecondary: "853e390c38dcfc079009e62657e1e8a5",
			},
			{
				MerchantSerialNumber:     "456789",
				Environment:              prod,
				ClientID:                 "1df60b71-a40a-48ce-b741-525a59404cf0",
				ClientSecret:             "bfkDR6yTcq4r/wy5+bElP7RfAG9eyNh/tllOIx9QYVM=",
				SubscriptionKeyPrimary:   "e4d5c4ba1619e32b14c0bff71d9a72b3",
				SubscriptionKeySecondary: "200026856b9238c9afaa13225f30de56",
			},
			{
				MerchantSerialNumber:     "678901",
				Environment:              prod,
				ClientID:                 "014d12b1-840e-4bec-a05c-6754a47d17f5",
				ClientSecret:             "QMaeWW4WiwcmHWOjuSkWH0Hz1EFcfJ59yxYyrp8xdEc=",
				SubscriptionKeyPrimary:   "05718bdae3f10bcc7dfc75a517f70470",
				SubscriptionKeySecondary: "d6ff89618df042d5e5d069b292a61e9a",
			},
			{
				MerchantSerialNumber:     "789012",
				Environment:              prod,
				ClientID:                 "18dfdebd-7b58-4135-9a2b-a62ebd15ed7b",
				ClientSecret:             "YBwkGoxtufycj7bNCZet0KBPAdDnRRYlk4t5hNtxDU0=",
				SubscriptionKeyPrimary:   "2ba58920cf6ab2b81568c29fbc894a92",
				SubscriptionKeySecondary: "7bc7a1642da3638c716c303670903fe3",
			},
		},

		Merchants: []Merchant{
			{
				BusinessIdentifier: fjordkaffe, Name: "Fjordkaffe AS", Status: MerchantActive, CountryCode: "NO",
				CreatedAt: created(2019, time.March, 4), UpdatedAt: created(2024, time.October, 21),
				BusinessAddress:     &Address{Lines: []string{"Bryggen 12"}, PostCode: "5003", City: "Bergen", CountryCode: "NO"},
				BusinessPostAddress: &Address{Lines: []string{"Postboks 412 Sentrum"}, PostCode: "5805", City: "Bergen", CountryCode: "NO"},
			},
			{
				BusinessIdentifier: nordlys, Name: "Nordlys Sykkelverksted AS", Status: MerchantActive, CountryCode: "NO",
				CreatedAt: created(2020, time.June, 15), UpdatedAt: created(2020, time.June, 15),
				BusinessAddress: &Address{Lines: []string{"Storgata 88"}, PostCode: "9008", City: "Tromsø", CountryCode: "NO"},
			},
			{
				BusinessIdentifier: hygge, Name: "Hygge Boghandel ApS", Status: MerchantActive, CountryCode: "DK",
				CreatedAt: created(2021, time.January, 11), UpdatedAt: created(2023, time.May, 2),
				BusinessAddress: &Address{Lines: []string{"Jægersborggade 7"}, PostCode: "2200", City: "København N", CountryCode: "DK"},
			},
			{
				BusinessIdentifier: aurora, Name: "Kahvila Aurora Oy", Status: MerchantActive, CountryCode: "FI",
				CreatedAt: created(2022, time.September, 2), UpdatedAt: created(2022, time.September, 2),
				BusinessAddress: &Address{Lines: []string{"Aleksanterinkatu 21"}, PostCode: "00100", City: "Helsinki", CountryCode: "FI"},
			},
			{
				BusinessIdentifier: lofoten, Name: "Lofoten Sjømat AS", Status: MerchantActive, CountryCode: "NO",
				CreatedAt: created(2018, time.November, 30), UpdatedAt: created(2025, time.February, 14),
				BusinessAddress: &Address{Lines: []string{"Torget 3"}, PostCode: "8300", City: "Svolvær", CountryCode: "NO"},
			},
			{
				BusinessIdentifier: bryggeriet, Name: "Gamle Bryggeriet AS", Status: MerchantDeactivated, CountryCode: "NO",
				CreatedAt: created(2017, time.May, 8), UpdatedAt: created(2025, time.August, 29),
			},
			{
				BusinessIdentifier: skolekorps, Name: "Grünerløkka Skolekorps", Status: MerchantActive, CountryCode: "NO",
				CreatedAt: created(2021, time.August, 19), UpdatedAt: created(2021, time.August, 19),
				BusinessPostAddress: &Address{Lines: []string{}, PostCode: "0552", City: "Oslo", CountryCode: "NO"},
			},
			{
				BusinessIdentifier: norrebro, Name: "Nørrebro Cykler ApS", Status: MerchantActive, CountryCode: "DK",
				CreatedAt: created(2025, time.December, 1), UpdatedAt: created(2025, time.December, 1),
				BusinessAddress: &Address{Lines: []string{"Nørrebrogade 140"}, PostCode: "2200", City: "København N", CountryCode: "DK"},
			},
		},
		Partners: []Partner{{
			ID:        DemoPartnerID,
			Name:      "Demo Partner AS",
			Merchants: []BusinessIdentifier{fjordkaffe, nordlys, hygge, aurora, bryggeriet, skolekorps, norrebro},
		}},
		PartnerKeySets: []PartnerKeySet{{
			PartnerID: DemoPartnerID,
			KeySet: keys.KeySet{
				Environment:              prod,
				ClientID:                 "cd20a469-6bde-40f9-9ae0-94bce0b68d42",
				ClientSecret:             "VjrjWOrstcuiquCOSTWT7MWDzasEaKgajaMJv2MsKRw=",
				SubscriptionKeyPrimary:   "a71c41faa3e8ac00d466e4046692658a",
				SubscriptionKeySecondary: "43508f618db0c32cec5fddb77dcb3d3b",
			},
		}},
		PricePackages: []PricePackage{
			{PartnerID: DemoPartnerID, ID: DemoPricePackagePOS, Name: "POS standard", Description: "2.99%",
				VisibleInSignupForm: true, ProductType: ProductTypePaymentIntegration, Market: "NO"},
			{PartnerID: DemoPartnerID, ID: DemoPricePackageCheckout, Name: "Nettbutikk partner", Description: "1.75%",
				VisibleInSignupForm: false, ProductType: ProductTypeCheckout, Market: "NO", Commission: "30 %"},
			{PartnerID: DemoPartnerID, ID: DemoPricePackageDenmark, Name: "Webshop Danmark", Description: "1.00%",
				VisibleInSignupForm: true, ProductType: ProductTypePaymentIntegration, Market: "DK"},
			{PartnerID: DemoPartnerID, ID: DemoPricePackageFinland, Name: "Kassa Suomi", Description: "1.25%",
				VisibleInSignupForm: true, ProductType: ProductTypeCashier, Market: "FI", Commission: "15 %"},
		},
	}
}
