// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"reflect"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// OpenTofu sends an empty DynamicValue for a null function argument; Terraform sends a
// MessagePack nil. Both must mean null.
func TestServer_readsAnEmptyFunctionArgumentAsNull(t *testing.T) {
	t.Parallel()
	server := NewProtocol6Server("test")()
	for _, arg := range []*tfprotov6.DynamicValue{{}, nil, {MsgPack: msgpackNil}} {
		resp, err := server.CallFunction(context.Background(), &tfprotov6.CallFunctionRequest{
			Name:      "is_client_id",
			Arguments: []*tfprotov6.DynamicValue{arg},
		})
		if err != nil {
			t.Fatal(err)
		}
		if resp.Error != nil {
			t.Fatalf("is_client_id(%v): %s", arg, resp.Error.Text)
		}
		got, err := resp.Result.Unmarshal(tftypes.Bool)
		if err != nil {
			t.Fatal(err)
		}
		var ok bool
		if err := got.As(&ok); err != nil || ok {
			t.Errorf("is_client_id(%v) = %v (%v), want false", arg, got, err)
		}
	}

	resp, err := server.CallFunction(context.Background(), &tfprotov6.CallFunctionRequest{
		Name:      "key_set_problems",
		Arguments: []*tfprotov6.DynamicValue{{}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if resp.Error != nil {
		t.Fatalf("key_set_problems(empty): %s", resp.Error.Text)
	}
	got, err := resp.Result.Unmarshal(tftypes.List{ElementType: tftypes.String})
	if err != nil {
		t.Fatal(err)
	}
	var problems []tftypes.Value
	if err := got.As(&problems); err != nil || len(problems) != 0 {
		t.Errorf("key_set_problems(empty) = %v (%v), want []", got, err)
	}
}

// tf6server finds list resources and actions by type assertion: the wrapper must not hide
// any RPC the framework's server answers.
func TestServer_keepsEveryRPCOfTheFramework(t *testing.T) {
	t.Parallel()
	framework := reflect.TypeOf(providerserver.NewProtocol6(New("test")())())
	ours := reflect.TypeOf(NewProtocol6Server("test")())
	for i := range framework.NumMethod() {
		name := framework.Method(i).Name
		if _, ok := ours.MethodByName(name); !ok {
			t.Errorf("the provider's server has no %s, which the framework's server has", name)
		}
	}
}
