// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

//go:build windows

package main

import "syscall"

// synchronize is the access right to wait on a process handle.
const synchronize = 0x00100000

// watchParent calls gone once the process with PID ppid, which started this one, has ended.
// Windows adopts no orphans, so the parent PID never changes: wait on the parent's handle. If
// the handle cannot be opened (the parent is gone already, or may not be waited on), nothing is
// watched: a provider that lives on is better than one that quits under a running Terraform.
func watchParent(ppid int, gone func()) {
	h, err := syscall.OpenProcess(synchronize, false, uint32(ppid))
	if err != nil {
		return
	}
	defer syscall.CloseHandle(h) //nolint:errcheck // nothing to do about a failed close
	if ev, err := syscall.WaitForSingleObject(h, syscall.INFINITE); err == nil && ev == syscall.WAIT_OBJECT_0 {
		gone()
	}
}
