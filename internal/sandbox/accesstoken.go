// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package sandbox

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
)

// Request headers of the Access Token API.
const (
	HeaderClientID             = "client_id"
	HeaderClientSecret         = "client_secret"
	HeaderSubscriptionKey      = "Ocp-Apim-Subscription-Key"
	HeaderMerchantSerialNumber = "Merchant-Serial-Number"
	// HeaderEnvironment is sent by the provider when its base URL is overridden, because the
	// sandbox serves both environments at one address. When present, the credentials must
	// belong to that environment, as they would have to at the real host.
	HeaderEnvironment = "X-Vippsmobilepay-Environment"
)

// Routes of the Access Token API; they are also the Stats keys.
const (
	// RouteAccessToken is "standard authentication": the key set's headers, an empty body.
	RouteAccessToken = "POST /accesstoken/get"
	// RouteMiamiToken is "specialized authentication": OAuth2 client credentials with Basic
	// authentication and no subscription key.
	RouteMiamiToken = "POST /miami/v1/token"
)

// Access token lifetimes: 1 h in test and 24 h in production from /accesstoken/get, 15 min in
// both from /miami/v1/token.
const (
	TokenLifetimeTest       = time.Hour
	TokenLifetimeProduction = 24 * time.Hour
	TokenLifetimeMiami      = 15 * time.Minute
)

// tokenResource is the constant "resource" of every token response.
const tokenResource = "00000002-0000-0000-c000-000000000000"

func tokenLifetime(environment string) time.Duration {
	if environment == keys.EnvironmentProduction {
		return TokenLifetimeProduction
	}
	return TokenLifetimeTest
}

// TokenResponse is the 200 body of POST /accesstoken/get. Every field is a JSON string, numbers
// included, as the real API sends them.
type TokenResponse struct {
	TokenType    string `json:"token_type"`
	ExpiresIn    string `json:"expires_in"`
	ExtExpiresIn string `json:"ext_expires_in"`
	ExpiresOn    string `json:"expires_on"`
	NotBefore    string `json:"not_before"`
	Resource     string `json:"resource"`
	AccessToken  string `json:"access_token"`
}

func (s *Sandbox) handleAccessToken(w http.ResponseWriter, r *http.Request) {
	now := s.clock.Now().UTC().Truncate(time.Second)
	owner, ks, f := s.checkTokenRequest(r, now)
	if f != nil {
		f.write(w)
		return
	}
	life := tokenLifetime(ks.Environment)
	token := newAccessToken(ks.ClientID, now, life)
	s.mu.Lock()
	s.st.remember(token, grant{
		unit:     owner,
		clientID: ks.ClientID,
		expires:  now.Add(life),
	}, now)
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, contentTypeToken, TokenResponse{
		TokenType:    "Bearer",
		ExpiresIn:    strconv.FormatInt(int64(life/time.Second), 10),
		ExtExpiresIn: "0",
		ExpiresOn:    strconv.FormatInt(now.Add(life).Unix(), 10),
		NotBefore:    strconv.FormatInt(now.Unix(), 10),
		Resource:     tokenResource,
		AccessToken:  token,
	})
}

// checkTokenRequest returns the key set a token request's credentials belong to and its owner
// (a sales unit or a partner), or the failure to answer with. The checks run in the order of
// the real chain: Azure API Management (subscription key, header validation), then Azure AD
// (client_id and client_secret), then the binding of subscription, client and sales unit.
func (s *Sandbox) checkTokenRequest(r *http.Request, now time.Time) (unitKey, keys.KeySet, *failure) {
	h := r.Header
	env := h.Get(HeaderEnvironment)
	if env != "" && keys.CheckEnvironment(env) != "" {
		return unitKey{}, keys.KeySet{}, apimError(http.StatusBadRequest, HeaderEnvironment+" "+keys.ProblemEnvironment)
	}
	subKey := h.Get(HeaderSubscriptionKey)
	if subKey == "" {
		return unitKey{}, keys.KeySet{}, apimError(http.StatusUnauthorized, apimMissingSubscriptionKey)
	}

	s.mu.RLock()
	defer s.mu.RUnlock()
	st := s.st

	// Test and production are different hosts with different subscriptions: a key from the
	// other environment is simply unknown there.
	subUnit, ok := st.bySubKey[subKey]
	if !ok {
		return unitKey{}, keys.KeySet{}, apimError(http.StatusUnauthorized, apimInvalidSubscriptionKey)
	}
	if env != "" && subUnit.environment != env {
		return unitKey{}, keys.KeySet{}, apimError(http.StatusUnauthorized, apimInvalidSubscriptionKey).
			because("the subscription key belongs to the " + subUnit.environment + " environment, not " + env)
	}

	msn := merchantSerialNumberHeader(h)
	if msn != "" && keys.CheckMerchantSerialNumber(msn) != "" {
		return unitKey{}, keys.KeySet{}, apimError(http.StatusBadRequest,
			HeaderMerchantSerialNumber+" "+keys.ProblemMerchantSerialNumber)
	}
	// The Vipps-System-* headers are documented as at most 30 characters, but nothing shows the
	// real API refusing longer ones, and SDKs send what they send: accept them, as a client
	// written against the real API would expect. Empty ones (the official SDK sends every
	// header it has a name for) are no headers at all.
	//
	// What the gateway ignores on this endpoint, the sandbox ignores too: a body (an OAuth2
	// client's grant_type=client_credentials) and its content type, Basic authentication on
	// top of the key headers, an Authorization: Bearer with no token, and an Idempotency-Key.
	// The key headers alone decide.

	clientID, secret := h.Get(HeaderClientID), h.Get(HeaderClientSecret)
	for _, p := range []struct{ name, value string }{{HeaderClientID, clientID}, {HeaderClientSecret, secret}} {
		if p.value == "" {
			return unitKey{}, keys.KeySet{}, aadError(http.StatusBadRequest, "invalid_request", 900144,
				"The request body must contain the following parameter: '"+p.name+"'.", now)
		}
	}
	clientUnit, ok := st.byClientID[strings.ToLower(clientID)]
	if !ok || (env != "" && clientUnit.environment != env) {
		return unitKey{}, keys.KeySet{}, aadError(http.StatusBadRequest, "unauthorized_client", 700016,
			"Application with identifier '"+echoableClientID(clientID)+"' was not found in the directory '"+
				directory+"'. This can happen if the application has not been installed by the administrator "+
				"of the tenant or consented to by any user in the tenant. You may have sent your authentication "+
				"request to the wrong tenant.", now)
	}
	ks := st.keySets[clientUnit]
	if subtle.ConstantTimeCompare([]byte(secret), []byte(ks.ClientSecret)) != 1 {
		// Azure AD names the app by its ID in lower case, whatever case was registered or sent.
		return unitKey{}, keys.KeySet{}, aadError(http.StatusUnauthorized, "invalid_client", 7000215,
			"Invalid client secret provided. Ensure the secret being sent in the request is the client "+
				"secret value, not the client secret ID, for a secret added to app '"+strings.ToLower(ks.ClientID)+"'.", now)
	}

	// A subscription key is issued for one sales unit's API product. Used with another sales
	// unit's client it is not a valid key "for an active subscription", which is the gateway's
	// wording; the reason header tells a developer what actually went wrong.
	if subUnit != clientUnit {
		return unitKey{}, keys.KeySet{}, apimError(http.StatusUnauthorized, apimInvalidSubscriptionKey).
			because("the subscription key and the client_id belong to different key sets")
	}

	// A Merchant-Serial-Number that is not the key set's own sales unit (another unit, a unit
	// of the other environment, or no unit at all) is refused with the same gateway 401: the
	// subscription is scoped to one sales unit, so for any other unit it is not valid. This
	// is also what clients already treat as "keys rejected", which is the right advice.
	//
	// Partner keys belong to no sales unit: they may name any sales unit they act for. No
	// source says the token endpoint binds a partner token to that MSN, so the sandbox asks
	// whether it is connected to the partner where the Management API does: on every call
	// (403 there).
	if msn != "" && clientUnit.partner == "" && msn != ks.MerchantSerialNumber {
		if u, ok := st.units[unitKey{environment: ks.Environment, msn: msn}]; ok && u.Kind == KindVippsnummer {
			return unitKey{}, keys.KeySet{}, apimError(http.StatusUnauthorized,
				"Access denied: sales unit "+msn+" is a Vippsnummer sales unit and has no API keys.")
		}
		return unitKey{}, keys.KeySet{}, apimError(http.StatusUnauthorized, apimInvalidSubscriptionKey).
			because("Merchant-Serial-Number " + msn + " is not the sales unit of these keys in " + ks.Environment)
	}
	return clientUnit, ks, nil
}

// merchantSerialNumberHeader returns the Merchant-Serial-Number a request names, or "".
//
// The official SDK sets every header from its configuration, and a JavaScript caller with no
// MSN configured (partner keys need none) sends the literal text "undefined" (or "null").
// No source says what the real API makes of it; the header is optional on every endpoint, so
// the sandbox reads those two words as no MSN, rather than refuse what the official SDK sends.
// Any other malformed MSN is still a 400.
func merchantSerialNumberHeader(h http.Header) string {
	switch msn := h.Get(HeaderMerchantSerialNumber); msn {
	case "undefined", "null":
		return ""
	default:
		return msn
	}
}

// echoableClientID returns the client_id for an error message only when it is a well-formed
// GUID. Azure AD echoes whatever it got, but a common mistake is to swap client_id and
// client_secret, and the secret must never reach a body or a log. A GUID contains '-', which
// no well-formed secret or subscription key does.
func echoableClientID(clientID string) string {
	if keys.CheckClientID(clientID) == "" {
		return clientID
	}
	return "(not a GUID)"
}

// newAccessToken returns a fresh, unique, JWT-shaped token of realistic length: a JSON header
// and claims, and a 256-byte random "signature". The sandbox never verifies its signature; it
// looks tokens up instead.
func newAccessToken(clientID string, now time.Time, life time.Duration) string {
	rnd := func(n int) string {
		b := make([]byte, n)
		_, _ = rand.Read(b)
		return base64.RawURLEncoding.EncodeToString(b)
	}
	kid := rnd(20)
	header := mustJSON(struct {
		Typ string `json:"typ"`
		Alg string `json:"alg"`
		X5t string `json:"x5t"`
		Kid string `json:"kid"`
	}{"JWT", "RS256", kid, kid})
	issuer := "https://sts.windows.net/" + directory + "/"
	claims := mustJSON(struct {
		Aud      string `json:"aud"`
		Iss      string `json:"iss"`
		Iat      int64  `json:"iat"`
		Nbf      int64  `json:"nbf"`
		Exp      int64  `json:"exp"`
		Aio      string `json:"aio"`
		AppID    string `json:"appid"`
		AppIDAcr string `json:"appidacr"`
		Idp      string `json:"idp"`
		Oid      string `json:"oid"`
		Rh       string `json:"rh"`
		Sub      string `json:"sub"`
		Tid      string `json:"tid"`
		Uti      string `json:"uti"`
		Ver      string `json:"ver"`
	}{
		Aud: tokenResource, Iss: issuer, Iat: now.Unix(), Nbf: now.Unix(), Exp: now.Add(life).Unix(),
		Aio: rnd(48), AppID: clientID, AppIDAcr: "1", Idp: issuer, Oid: uuid.NewString(), Rh: rnd(40),
		Sub: uuid.NewString(), Tid: directory, Uti: rnd(16), Ver: "1.0",
	})
	enc := base64.RawURLEncoding
	return enc.EncodeToString(header) + "." + enc.EncodeToString(claims) + "." + rnd(256)
}

// authorize checks a call to a protected endpoint: the gateway's subscription key first, then
// "Authorization: Bearer <token>" (that exact word and case) naming a token the sandbox issued,
// not expired, to the same sales unit as the subscription key.
//
// Tokens outlive key regeneration, as real ones do: they stay valid until they expire. But the
// gateway checks the subscription key against the current keys, so a caller still sending an
// old subscription key is refused at once.
func (s *Sandbox) authorize(r *http.Request) (grant, *failure) {
	subKey := r.Header.Get(HeaderSubscriptionKey)
	if subKey == "" {
		return grant{}, apimError(http.StatusUnauthorized, apimMissingSubscriptionKey)
	}
	env := r.Header.Get(HeaderEnvironment)
	now := s.clock.Now()

	s.mu.RLock()
	defer s.mu.RUnlock()
	unit, ok := s.st.bySubKey[subKey]
	if !ok || (env != "" && unit.environment != env) {
		return grant{}, apimError(http.StatusUnauthorized, apimInvalidSubscriptionKey)
	}
	token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok || token == "" {
		return grant{}, apimError(http.StatusUnauthorized, apimInvalidBearer).
			because("missing Authorization: Bearer <token>")
	}
	g, ok := s.st.tokens[tokenDigest(token)]
	switch {
	case !ok:
		return grant{}, apimError(http.StatusUnauthorized, apimInvalidBearer).because("unknown access token")
	case !now.Before(g.expires):
		return grant{}, apimError(http.StatusUnauthorized, apimInvalidBearer).because("access token expired")
	case g.unit != unit:
		return grant{}, apimError(http.StatusUnauthorized, apimInvalidBearer).
			because("access token and subscription key belong to different sales units")
	}
	return g, nil
}

// MiamiTokenResponse is the 200 body of POST /miami/v1/token. expires_in is a JSON number, as
// the guide's example has it (the AT spec types it as a string but its example is 900).
type MiamiTokenResponse struct {
	AccessToken string `json:"access_token"`
	TokenType   string `json:"token_type"`
	ExpiresIn   int64  `json:"expires_in"`
}

// maxMiamiBody bounds the form body of a miami token request.
const maxMiamiBody = 64 << 10

// handleMiamiToken is "specialized authentication": a standard OAuth2 client credentials
// request. Any key set's client_id and client_secret work (the sandbox has no separate
// accounting or Donations keys). No sandbox API accepts the token it issues: the Report,
// Sales and Donations APIs are not served, and the Management API's own use of it was for
// management keys, which are deprecated.
func (s *Sandbox) handleMiamiToken(w http.ResponseWriter, r *http.Request) {
	now := s.clock.Now().UTC().Truncate(time.Second)
	clientID, f := s.checkMiamiRequest(w, r)
	if f != nil {
		f.write(w)
		return
	}
	writeJSON(w, http.StatusOK, contentTypeToken, MiamiTokenResponse{
		AccessToken: newAccessToken(clientID, now, TokenLifetimeMiami),
		TokenType:   "Bearer",
		ExpiresIn:   int64(TokenLifetimeMiami / time.Second),
	})
}

// checkMiamiRequest returns the client_id of a good miami token request, or the OAuth2 error
// to answer with. The reference says a subscription key or a missing grant_type gives
// invalid_client; every invalid_client is a 401 with WWW-Authenticate, as RFC 6749 asks of a
// client that authenticated with the Authorization header.
func (s *Sandbox) checkMiamiRequest(w http.ResponseWriter, r *http.Request) (string, *failure) {
	if r.Header.Get(HeaderSubscriptionKey) != "" {
		return "", invalidClient("Ocp-Apim-Subscription-Key is not used by this endpoint; leave it out.")
	}
	user, password, ok := r.BasicAuth()
	if !ok {
		return "", invalidClient("Send client_id and client_secret with HTTP Basic authentication.")
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxMiamiBody)
	if err := r.ParseForm(); err != nil {
		return "", oauthError(http.StatusBadRequest, "invalid_request", "The body must be an application/x-www-form-urlencoded form.")
	}
	switch grant := r.PostForm.Get("grant_type"); grant {
	case "client_credentials":
	case "":
		return "", invalidClient("The form must carry grant_type=client_credentials.")
	default:
		return "", oauthError(http.StatusBadRequest, "unsupported_grant_type", "Only grant_type=client_credentials is supported.")
	}
	env := r.Header.Get(HeaderEnvironment)

	s.mu.RLock()
	defer s.mu.RUnlock()
	clientID := basicCredential(user)
	owner, ok := s.st.byClientID[strings.ToLower(clientID)]
	if !ok || (env != "" && owner.environment != env) {
		return "", invalidClient("The client is not known, or does not belong to this environment.")
	}
	ks := s.st.keySets[owner]
	// RFC 6749 wants both halves form-encoded before Base64, as golang.org/x/oauth2 sends
	// them; curl -u sends them as they are. A Base64 secret's "+" reads differently in the two,
	// so both readings are tried.
	if !equalSecret(password, ks.ClientSecret) && !equalSecret(basicCredential(password), ks.ClientSecret) {
		return "", invalidClient("The client_secret is wrong.")
	}
	return ks.ClientID, nil
}

// basicCredential undoes the form encoding RFC 6749 asks for in Basic authentication.
func basicCredential(s string) string {
	if u, err := url.QueryUnescape(s); err == nil {
		return u
	}
	return s
}

func equalSecret(got, want string) bool {
	return subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

func invalidClient(description string) *failure {
	return oauthError(http.StatusUnauthorized, "invalid_client", description).
		withHeader("WWW-Authenticate", `Basic realm="miami"`)
}

// oauthError is an RFC 6749 error answer.
func oauthError(status int, code, description string) *failure {
	return &failure{status: status, contentType: contentTypeToken, body: mustJSON(struct {
		Error            string `json:"error"`
		ErrorDescription string `json:"error_description"`
	}{code, description})}
}
