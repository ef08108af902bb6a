// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

// Package clock is the one source of time for the provider, the API client and the sandbox.
// Production code takes a Clock and never calls time.Now itself, so tests of token expiry,
// order lifetimes and rate-limit windows move time instead of waiting for it (as
// hashicorp/terraform-provider-time's internal/clock does).
package clock

import (
	"sync"
	"time"
)

// Clock tells the time.
type Clock interface {
	Now() time.Time
}

// Real is the system clock.
type Real struct{}

// Now returns time.Now().
func (Real) Now() time.Time { return time.Now() }

// OrReal returns c, or the system clock when c is nil.
func OrReal(c Clock) Clock {
	if c == nil {
		return Real{}
	}
	return c
}

// Fake is a clock that stands still until a test moves it. It is safe for concurrent use, so
// one Fake can drive a client and the sandbox it talks to.
type Fake struct {
	mu  sync.Mutex
	now time.Time
}

// Start is the time a Fake made by NewFake(time.Time{}) starts at: 2026-01-02T03:04:05Z.
var Start = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

// NewFake returns a Fake at t, or at Start when t is zero.
func NewFake(t time.Time) *Fake {
	if t.IsZero() {
		t = Start
	}
	return &Fake{now: t}
}

// Now returns the fake time.
func (f *Fake) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now
}

// Advance moves the fake time on by d.
func (f *Fake) Advance(d time.Duration) {
	f.mu.Lock()
	f.now = f.now.Add(d)
	f.mu.Unlock()
}

// Set moves the fake time to t.
func (f *Fake) Set(t time.Time) {
	f.mu.Lock()
	f.now = t
	f.mu.Unlock()
}

// Offset is the system clock shifted by a fixed duration: time that runs, but early or late,
// as a skewed server or a long-running apply sees it.
type Offset time.Duration

// Now returns time.Now() shifted by the offset.
func (o Offset) Now() time.Time { return time.Now().Add(time.Duration(o)) }
