// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Helpers the schemas and results of several components share.

// quotedList renders values as a Markdown list of code spans: `a`, `b`.
func quotedList(values []string) string {
	quoted := make([]string, len(values))
	for i, v := range values {
		quoted[i] = "`" + v + "`"
	}
	return strings.Join(quoted, ", ")
}

// stringOrNull is s as a Terraform string, null when empty.
func stringOrNull(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}

// rfc3339 is a time as the results of this provider carry it.
func rfc3339(t time.Time) timetypes.RFC3339 {
	return timetypes.NewRFC3339TimeValue(t.UTC().Truncate(time.Second))
}
