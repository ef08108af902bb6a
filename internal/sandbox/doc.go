// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

// Package sandbox is a stateful local twin of the Vipps MobilePay Access Token API and
// Management API, served as an http.Handler.
//
// Tests of the provider start it in-process with httptest; the vippsmobilepay-sandbox command
// serves it on a port for scripts and demos. It answers POST /accesstoken/get and POST
// /miami/v1/token the way the real test and production environments do (same success shape,
// same Azure-shaped error bodies, paths matched case-insensitively as the gateway matches them),
// keeps both environments' sales units and key sets in memory, and injects latency, faults and
// rate limits into the API routes by fault rules (FaultRule, AddFaultRule).
//
// The Management API (production only) serves the nine live endpoints of spec 2.0.9, and the
// v1 product order reads deprecated in 2024, over merchants, sales units, a partner's price
// packages and product orders, scoped as the real API scopes them: partner keys see the sales
// units of connected merchants, sales unit keys their own merchant's. Product orders move
// through their lifecycle by the admin endpoint below (or AdvanceProductOrder) and expire 14
// days after creation on the sandbox clock. The endpoints of spec 1.1.6 that never shipped
// answer 404, and so does every Management API path on the test environment's host.
//
// One address serves both environments. A request's environment is that of the key set its
// credentials belong to, unless it carries X-Vippsmobilepay-Environment, in which case the
// credentials must belong to that environment.
//
// Routes under /_sandbox/ are the sandbox's own admin API. They are never faulted, delayed,
// rate limited or counted; a known one with the wrong method is 405. They answer only a
// loopback Host (or Options.AdminHosts), and change state only for application/json requests
// from no other web origin (see admin_guard.go):
//
//	GET    /_sandbox/health                               {"status":"ok"}
//	GET    /_sandbox/key-sets                             every key set, secrets included
//	POST   /_sandbox/key-sets                             add a key set; missing keys are generated
//	POST   /_sandbox/sales-units/{msn}/regenerate-keys    ?environment=test|production, ?key=<attribute>...
//	GET    /_sandbox/data                                 the whole state, in the shape LoadData reads
//	GET    /_sandbox/stats                                {"POST /accesstoken/get": 3}
//	POST   /_sandbox/reset                                back to the starting state and fault rules
//	GET    /_sandbox/fault-rules                          the fault rules, each with id and fired
//	POST   /_sandbox/fault-rules                          {"route":"POST /accesstoken/get","mode":"503","count":2}
//	DELETE /_sandbox/fault-rules                          remove every rule
//	DELETE /_sandbox/fault-rules/{id}                     remove one rule
//	GET    /_sandbox/partner-keys                         every partner key set, secrets included
//	GET    /_sandbox/product-orders                       every product order, with its status now
//	POST   /_sandbox/product-orders/{id}/advance          {"status":"COMPLETED"}; COMPLETED creates
//	                                                      the sales unit and its key sets
//
// The sandbox never writes a client_secret or subscription key into an API response or a log
// line; only the admin key-set, partner-keys and advance endpoints, whose purpose is to hand
// keys out, return them.
package sandbox
