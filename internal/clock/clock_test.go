// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package clock

import (
	"testing"
	"time"
)

func TestFake_standsStillUntilMoved(t *testing.T) {
	t.Parallel()
	f := NewFake(time.Time{})
	if !f.Now().Equal(Start) {
		t.Fatalf("a zero start gives %v, want %v", f.Now(), Start)
	}
	f.Advance(90 * time.Second)
	if got := f.Now().Sub(Start); got != 90*time.Second {
		t.Errorf("after Advance(90s) the clock moved %v", got)
	}
	at := time.Date(2027, 5, 6, 7, 8, 9, 0, time.UTC)
	f.Set(at)
	if !f.Now().Equal(at) {
		t.Errorf("after Set the clock reads %v, want %v", f.Now(), at)
	}
}

func TestOffset_runsShifted(t *testing.T) {
	t.Parallel()
	got := time.Until(Offset(time.Hour).Now())
	if got < 59*time.Minute || got > 61*time.Minute {
		t.Errorf("Offset(1h) is %v ahead of the system clock", got)
	}
	if _, ok := OrReal(nil).(Real); !ok {
		t.Error("OrReal(nil) is not the system clock")
	}
}
