"""The Go API of generated code, exercised by a real Go test: encoding/json integration,
enums, well-known types and their conversions, Any through the registry, options and
error paths. (ProtoJSON correctness against json_format is test_json.py's job.)"""

from __future__ import annotations

from pathlib import Path

from tests.go.helpers import generate_tree, go

PROTO = """
syntax = "proto3";
package rt.v1;

import "google/protobuf/any.proto";
import "google/protobuf/duration.proto";
import "google/protobuf/struct.proto";
import "google/protobuf/timestamp.proto";
import "google/protobuf/wrappers.proto";
import "google/protobuf/field_mask.proto";
import "google/protobuf/empty.proto";

enum Color {
  COLOR_UNSPECIFIED = 0;
  COLOR_RED = 1;
}

message Item {
  string name = 1;
  int64 count = 2;
  Color color = 3;
  google.protobuf.Timestamp at = 4;
  google.protobuf.Duration took = 5;
  google.protobuf.Struct attrs = 6;
  google.protobuf.Value value = 7;
  google.protobuf.Any payload = 8;
  google.protobuf.Int32Value maybe = 9;
  google.protobuf.FieldMask mask = 10;
  google.protobuf.Empty nothing = 11;
  repeated Item children = 12;
  map<string, int64> counts = 13;
  optional bytes blob = 14;
}
"""

TEST_GO = r"""
package rtv1_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"example.test/gen/protobindrt"
	rtv1 "example.test/gen/rt/v1"
)

func TestEncodingJSON(t *testing.T) {
	at := time.Date(2024, 2, 29, 12, 0, 0, 5000, time.UTC)
	item := rtv1.Item{
		Name: "a", Count: 1 << 60, Color: rtv1.Color_COLOR_RED, At: &at,
		Took:  &protobindrt.Duration{Seconds: -1, Nanos: -500000000},
		Attrs: map[string]any{"k": []any{1.5, "x", nil, true}},
		Value: protobindrt.NullValue_NULL_VALUE,
		Maybe: new(int32),
		Mask:  &protobindrt.FieldMask{Paths: []string{"a.b_c"}},
		Nothing: &protobindrt.Empty{},
		Children: []*rtv1.Item{{Name: "c"}, nil},
		Counts:   map[string]int64{"z": 2, "a": 1},
		Blob:     []byte{},
	}
	want := `{"name":"a","count":"1152921504606846976","color":"COLOR_RED",` +
		`"at":"2024-02-29T12:00:00.000005Z","took":"-1.500s","attrs":{"k":[1.5,"x",null,true]},` +
		`"value":null,"maybe":0,"mask":"a.bC","nothing":{},"children":[{"name":"c"},{}],` +
		`"counts":{"a":"1","z":"2"},"blob":""}`
	// Values and pointers, alone and inside user structs, all use MarshalJSON.
	for _, v := range []any{item, &item, struct{ I rtv1.Item }{item}, []*rtv1.Item{&item}} {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), want) {
			t.Fatalf("got %s\nwant %s", b, want)
		}
	}
	var back rtv1.Item
	if err := json.Unmarshal([]byte(want), &back); err != nil {
		t.Fatal(err)
	}
	if back.Count != 1<<60 || !back.At.Equal(at) || back.Value != protobindrt.NullValue_NULL_VALUE ||
		*back.Maybe != 0 || back.Took.Nanos != -500000000 || back.Blob == nil || len(back.Children) != 2 {
		t.Fatalf("round trip: %+v", back)
	}
	if item.String() != want {
		t.Fatalf("String() = %s", item.String())
	}
}

func TestEnums(t *testing.T) {
	if rtv1.Color_COLOR_RED.String() != "COLOR_RED" || rtv1.Color(7).String() != "7" {
		t.Fatal("String")
	}
	b, _ := json.Marshal(map[string]rtv1.Color{"x": 1, "y": 9})
	if string(b) != `{"x":"COLOR_RED","y":9}` {
		t.Fatalf("%s", b)
	}
	var c rtv1.Color
	if err := json.Unmarshal([]byte(`"COLOR_RED"`), &c); err != nil || c != 1 {
		t.Fatal(err, c)
	}
	if err := json.Unmarshal([]byte(`1`), &c); err != nil || c != 1 {
		t.Fatal(err, c)
	}
	if err := json.Unmarshal([]byte(`"NOPE"`), &c); err == nil {
		t.Fatal("unknown name accepted")
	}
}

func TestDuration(t *testing.T) {
	d := protobindrt.DurationOf(-1500 * time.Millisecond)
	if d.Seconds != -1 || d.Nanos != -500000000 || d.String() != "-1.500s" {
		t.Fatal(d)
	}
	if std, ok := d.Std(); !ok || std != -1500*time.Millisecond {
		t.Fatal(std, ok)
	}
	long := protobindrt.Duration{Seconds: 315576000000}
	if _, ok := long.Std(); ok {
		t.Fatal("10,000 years fit in a time.Duration?")
	}
	if long.String() != "315576000000s" {
		t.Fatal(long.String())
	}
}

func TestTimestampRange(t *testing.T) {
	early := time.Date(0, 12, 31, 0, 0, 0, 0, time.UTC)
	if _, err := json.Marshal(rtv1.Item{At: &early}); err == nil {
		t.Fatal("year 0 marshaled")
	}
	var it rtv1.Item
	if err := json.Unmarshal([]byte(`{"at":"9999-12-31T23:59:59.999999999Z"}`), &it); err != nil {
		t.Fatal(err)
	}
	if it.At.Year() != 9999 || it.At.Nanosecond() != 999999999 {
		t.Fatal(it.At)
	}
}

func TestAny(t *testing.T) {
	inner := &rtv1.Item{Name: "inner"}
	outer := rtv1.Item{Payload: protobindrt.NewAny(inner)}
	b, err := json.Marshal(outer)
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != `{"payload":{"@type":"type.googleapis.com/rt.v1.Item","name":"inner"}}` {
		t.Fatalf("%s", b)
	}
	var back rtv1.Item
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if got := back.Payload.Value.(*rtv1.Item); got.Name != "inner" {
		t.Fatal(got)
	}
	wkt := rtv1.Item{Payload: &protobindrt.Any{
		TypeURL: "type.googleapis.com/google.protobuf.Duration", Value: protobindrt.Duration{Seconds: 2},
	}}
	b, _ = json.Marshal(wkt)
	if string(b) != `{"payload":{"@type":"type.googleapis.com/google.protobuf.Duration","value":"2s"}}` {
		t.Fatalf("%s", b)
	}
	if err := json.Unmarshal(b, &back); err != nil || back.Payload.Value.(protobindrt.Duration).Seconds != 2 {
		t.Fatal(err, back.Payload)
	}
	if f, ok := protobindrt.Lookup("type.googleapis.com/rt.v1.Item"); !ok || f().ProtoName() != "rt.v1.Item" {
		t.Fatal("registry")
	}
}

func TestOptionsAndErrors(t *testing.T) {
	var it rtv1.Item
	err := protobindrt.Unmarshal([]byte(`{"children":[{},{"name":5}]}`), &it)
	var perr *protobindrt.Error
	if !errors.As(err, &perr) || perr.Path != "children[1].name" || err.Error() != "children[1].name: expected string" {
		t.Fatalf("%v", err)
	}
	if err := protobindrt.Unmarshal([]byte(`{"extra":{"deep":[1]},"name":"x"}`), &it); err == nil {
		t.Fatal("unknown field accepted")
	}
	opts := protobindrt.UnmarshalOptions{DiscardUnknown: true}
	if err := opts.Unmarshal([]byte(`{"extra":{"deep":[1]},"name":"x"}`), &it); err != nil || it.Name != "x" {
		t.Fatal(err, it.Name)
	}
	b, _ := protobindrt.MarshalOptions{Int64AsNumber: true}.Marshal(&rtv1.Item{Count: 3})
	if string(b) != `{"count":3}` {
		t.Fatalf("%s", b)
	}
	// encoding/json's convention: null leaves an Unmarshaler's value alone.
	it = rtv1.Item{Name: "keep"}
	if err := json.Unmarshal([]byte(`null`), &it); err != nil || it.Name != "keep" {
		t.Fatal(err, it.Name)
	}
	// Unmarshal resets the message first.
	if err := protobindrt.Unmarshal([]byte(`{"count":"1"}`), &it); err != nil || it.Name != "" {
		t.Fatal(err, it.Name)
	}
	if _, err := json.Marshal(rtv1.Item{Value: func() {}}); err == nil {
		t.Fatal("a func in a Value marshaled")
	}
	if _, err := json.Marshal(rtv1.Item{Name: "\xff"}); err == nil {
		t.Fatal("invalid UTF-8 marshaled")
	}
}
"""


def test_go_api(tmp_path: Path) -> None:
    out = generate_tree(tmp_path, {"rt/v1/rt.proto": PROTO})
    (out / "rt" / "v1" / "api_test.go").write_text(TEST_GO)
    go(["test", "./rt/v1/"], out)
