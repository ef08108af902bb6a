// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/vipps"
)

// tflogLogger sends the API client's debug events to Terraform's log. The client has already
// redacted every field against all the secrets it knows; this adds masking by field name.
type tflogLogger struct{}

// maskedFieldKeys are the log fields masked whole, whatever they hold: the client's one list of
// secret names (vipps.SecretNames).
var maskedFieldKeys = vipps.SecretNames()

func (tflogLogger) Debug(ctx context.Context, msg string, fields map[string]any) {
	tflog.Debug(maskSecrets(ctx), msg, fields)
}

// maskSecrets returns ctx with tflog masking of the credential fields by name and of the given
// secrets wherever they appear. Callers pass the secrets of the operation at hand only: with a
// fleet of thousands of key sets, masking every known secret in every log line would cost more
// than the work being logged.
func maskSecrets(ctx context.Context, secrets ...string) context.Context {
	ctx = tflog.MaskFieldValuesWithFieldKeys(ctx, maskedFieldKeys...)
	var present []string
	for _, s := range secrets {
		if s != "" {
			present = append(present, s)
		}
	}
	if len(present) == 0 {
		return ctx
	}
	ctx = tflog.MaskAllFieldValuesStrings(ctx, present...)
	return tflog.MaskMessageStrings(ctx, present...)
}

// maskKeySet masks a key set's secrets in everything logged under ctx.
func maskKeySet(ctx context.Context, ks keys.KeySet) context.Context {
	return maskSecrets(ctx, ks.ClientID, ks.ClientSecret, ks.SubscriptionKeyPrimary, ks.SubscriptionKeySecondary)
}
