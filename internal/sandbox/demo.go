package sandbox

import "github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"

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
)

// DemoData returns the built-in demo state. Its keys are fixed, so docs and scripts can rely
// on them; they are published and so worthless outside the sandbox.
func DemoData() *Data {
	const test, prod = keys.EnvironmentTest, keys.EnvironmentProduction
	return &Data{
		SalesUnits: []SalesUnit{
			{MerchantSerialNumber: "123456", Environment: test, Name: "Fjordkaffe Bergen", Kind: KindAPI},
			{MerchantSerialNumber: "234567", Environment: test, Name: "Nordlys Sykkelverksted", Kind: KindAPI},
			{MerchantSerialNumber: "345678", Environment: test, Name: "Hygge Boghandel", Kind: KindAPI},
			{MerchantSerialNumber: "456789", Environment: test, Name: "Kahvila Aurora", Kind: KindAPI},
			{MerchantSerialNumber: "567890", Environment: test, Name: "Testbutikken Trondheim", Kind: KindAPI},
			{MerchantSerialNumber: "901234", Environment: test, Name: "Loppemarked Grünerløkka", Kind: KindVippsnummer, VippsnummerMode: VippsnummerOpenAmount},

			{MerchantSerialNumber: "123456", Environment: prod, Name: "Fjordkaffe Bergen", Kind: KindAPI},
			{MerchantSerialNumber: "234567", Environment: prod, Name: "Nordlys Sykkelverksted", Kind: KindAPI},
			{MerchantSerialNumber: "345678", Environment: prod, Name: "Hygge Boghandel", Kind: KindAPI},
			{MerchantSerialNumber: "456789", Environment: prod, Name: "Kahvila Aurora", Kind: KindAPI},
			{MerchantSerialNumber: "678901", Environment: prod, Name: "Lofoten Sjømat", Kind: KindAPI},
			{MerchantSerialNumber: "902345", Environment: prod, Name: "Skolekorpsets Kakesalg", Kind: KindVippsnummer, VippsnummerMode: VippsnummerShoppingBasket},
		},
		KeySets: []keys.KeySet{
			{
				MerchantSerialNumber:     "123456",
				Environment:              test,
				ClientID:                 keys.ExampleClientID,
				ClientSecret:             keys.ExampleClientSecret,
				SubscriptionKeyPrimary:   keys.ExampleSubscriptionKey,
				SubscriptionKeySecondary: "36fff111342353bf94973d53f4addab1",
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
		},
	}
}
