// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

//go:build !windows

package main

import (
	"os"
	"time"
)

// parentPollInterval is how often the provider looks for its parent: a getppid call, nothing
// more.
const parentPollInterval = time.Second

// watchParent calls gone once the process with PID ppid, which started this one, has ended. On
// Unix an orphan is adopted (by init or a subreaper), so its parent PID changes.
func watchParent(ppid int, gone func()) {
	tick := time.NewTicker(parentPollInterval)
	defer tick.Stop()
	for range tick.C {
		if os.Getppid() != ppid {
			gone()
			return
		}
	}
}
