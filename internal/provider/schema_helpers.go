package provider

import (
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	eschema "github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Helpers the schemas of several components share.

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

// stringAttr describes a string attribute once, for components whose schemas live in different
// framework packages (a resource and its ephemeral twin, a data source and its ephemeral twin).
// An attribute that is neither required nor optional is computed.
type stringAttr struct {
	description string
	required    bool
	optional    bool
	computed    bool // with optional: a default the component fills in
	sensitive   bool
	validators  []validator.String
	customType  basetypes.StringTypable // e.g. timetypes.RFC3339Type; nil for a plain string
}

func (a stringAttr) isComputed() bool { return a.computed || (!a.required && !a.optional) }

// stringAttributes builds a schema's string attributes with the package's own constructor.
func stringAttributes[A any](attrs map[string]stringAttr, build func(stringAttr) A) map[string]A {
	out := make(map[string]A, len(attrs))
	for name, a := range attrs {
		out[name] = build(a)
	}
	return out
}

func resourceStringAttribute(a stringAttr) rschema.StringAttribute {
	return rschema.StringAttribute{MarkdownDescription: a.description, Required: a.required, Optional: a.optional,
		Computed: a.isComputed(), Sensitive: a.sensitive, Validators: a.validators, CustomType: a.customType}
}

func ephemeralStringAttribute(a stringAttr) eschema.Attribute {
	return eschema.StringAttribute{MarkdownDescription: a.description, Required: a.required, Optional: a.optional,
		Computed: a.isComputed(), Sensitive: a.sensitive, Validators: a.validators, CustomType: a.customType}
}

func dataSourceStringAttribute(a stringAttr) dschema.Attribute {
	return dschema.StringAttribute{MarkdownDescription: a.description, Required: a.required, Optional: a.optional,
		Computed: a.isComputed(), Sensitive: a.sensitive, Validators: a.validators, CustomType: a.customType}
}

// rfc3339 is a time as the results of this provider carry it.
func rfc3339(t time.Time) timetypes.RFC3339 {
	return timetypes.NewRFC3339TimeValue(t.UTC().Truncate(time.Second))
}
