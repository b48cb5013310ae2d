package wire

import (
	"bytes"
	"math"
	"math/rand"
	"reflect"
	"strings"
	"testing"

	"google.golang.org/protobuf/proto"
)

// TestGetters: every getter protoc-gen-go generates exists on protobind's type under
// the same name, and where both return a scalar, string, bytes or enum they agree: on
// a nil message (defaults, proto2 [default = ...] included) and on random messages.
func TestGetters(t *testing.T) {
	types := messages(t)
	f := &filler{r: rand.New(rand.NewSource(4)), types: types}
	compared := 0
	for _, mt := range types {
		name := mt.Descriptor().FullName()
		theirs := reflect.TypeOf(mt.New().Interface())
		mine := reflect.TypeOf(ours(t, name))
		for i := 0; i < theirs.NumMethod(); i++ {
			method := theirs.Method(i)
			if !strings.HasPrefix(method.Name, "Get") || method.Type.NumIn() != 1 {
				continue
			}
			if _, ok := mine.MethodByName(method.Name); !ok {
				t.Errorf("%s: protobind has no %s", name, method.Name)
			}
		}
		for round := 0; round < 20; round++ {
			pm, om := reflect.Zero(theirs), reflect.Zero(mine) // round 0: nil messages
			if round > 0 {
				m := mt.New()
				f.message(m, 0)
				b, _ := proto.MarshalOptions{AllowPartial: true}.Marshal(m.Interface())
				fresh := mt.New().Interface()
				if (proto.UnmarshalOptions{AllowPartial: true}).Unmarshal(b, fresh) != nil {
					continue
				}
				o := ours(t, name)
				if o.UnmarshalProto(b) != nil {
					continue // a required field is missing
				}
				pm, om = reflect.ValueOf(fresh), reflect.ValueOf(o)
			}
			for i := 0; i < theirs.NumMethod(); i++ {
				method := theirs.Method(i)
				if !strings.HasPrefix(method.Name, "Get") || method.Type.NumIn() != 1 {
					continue
				}
				mineMethod := om.MethodByName(method.Name)
				if !mineMethod.IsValid() {
					continue
				}
				want := pm.MethodByName(method.Name).Call(nil)[0]
				got := mineMethod.Call(nil)[0]
				if ok, comparable := same(want, got); comparable {
					compared++
					if !ok {
						t.Errorf("%s.%s: protoc-gen-go %v, protobind %v (round %d)", name, method.Name, want, got, round)
					}
				}
			}
		}
	}
	t.Logf("%d getter results compared", compared)
}

// same compares two getter results when both are scalars, strings, bytes or enums.
func same(a, b reflect.Value) (equal, comparable bool) {
	ka, kb := a.Kind(), b.Kind()
	if ka != kb {
		return false, false
	}
	switch ka {
	case reflect.Bool:
		return a.Bool() == b.Bool(), true
	case reflect.Int32, reflect.Int64:
		return a.Int() == b.Int(), true
	case reflect.Uint32, reflect.Uint64:
		return a.Uint() == b.Uint(), true
	case reflect.Float32, reflect.Float64:
		x, y := a.Float(), b.Float()
		return x == y && math.Signbit(x) == math.Signbit(y) || math.IsNaN(x) && math.IsNaN(y), true
	case reflect.String:
		return a.String() == b.String(), true
	case reflect.Slice:
		if a.Type().Elem().Kind() == reflect.Uint8 && b.Type().Elem().Kind() == reflect.Uint8 {
			return bytes.Equal(a.Bytes(), b.Bytes()) && a.IsNil() == b.IsNil() || a.Len() == 0 && b.Len() == 0, true
		}
	}
	return false, false
}
