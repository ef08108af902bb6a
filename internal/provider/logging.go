package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// tflogLogger sends the API client's debug events to Terraform's log. The client has already
// redacted every field against all the secrets it knows; this adds masking by field name.
type tflogLogger struct{}

var maskedFieldKeys = []string{
	"client_id", "client_secret", "subscription_key", "subscription_key_primary", "subscription_key_secondary",
	"access_token", "authorization", "Authorization", "Ocp-Apim-Subscription-Key",
}

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
