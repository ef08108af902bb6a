package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/vipps"
)

// tflogLogger sends the API client's debug events to Terraform's log. The client already
// redacts what it logs; masking every secret it knows again here catches anything a field
// might still carry, and masks the credential fields by name whatever their value.
type tflogLogger struct {
	redactor *vipps.Redactor
}

var maskedFieldKeys = []string{
	"client_secret", "subscription_key", "subscription_key_primary", "subscription_key_secondary",
	"access_token", "authorization", "Authorization", "Ocp-Apim-Subscription-Key",
}

func (l *tflogLogger) Debug(ctx context.Context, msg string, fields map[string]any) {
	tflog.Debug(maskSecrets(ctx, l.redactor), msg, fields)
}

// maskSecrets returns ctx with tflog masking of every secret the redactor knows.
func maskSecrets(ctx context.Context, r *vipps.Redactor) context.Context {
	ctx = tflog.MaskFieldValuesWithFieldKeys(ctx, maskedFieldKeys...)
	if r == nil {
		return ctx
	}
	secrets := r.Secrets()
	if len(secrets) == 0 {
		return ctx
	}
	ctx = tflog.MaskAllFieldValuesStrings(ctx, secrets...)
	return tflog.MaskMessageStrings(ctx, secrets...)
}
