package wire

// protobind's binary codec against google.golang.org/protobuf (the oracle) on the same
// schemas: test_wire.py builds this module with protoc-gen-go types (package pb...) and
// protobind's types of the same protos, both linked in, and lists the messages to test
// in messages.txt. Every random message (protoreflect, seeded) is marshaled by the
// oracle, then decoded and re-encoded by each side: the bytes must be equal.

import (
	"bytes"
	"encoding/hex"
	"math"
	"math/rand"
	"os"
	"strings"
	"testing"

	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
	"google.golang.org/protobuf/types/known/anypb"

	"protobind.test/wire/gen/protobindrt"
)

// messages: the full names to test (one a line in messages.txt).
func messages(t testing.TB) []protoreflect.MessageType {
	data, err := os.ReadFile("messages.txt")
	if err != nil {
		t.Fatal(err)
	}
	var out []protoreflect.MessageType
	for _, name := range strings.Fields(string(data)) {
		mt, err := protoregistry.GlobalTypes.FindMessageByName(protoreflect.FullName(name))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out = append(out, mt)
	}
	return out
}

func ours(t testing.TB, name protoreflect.FullName) protobindrt.ProtoMessage {
	newMessage, ok := protobindrt.Lookup(string(name))
	if !ok {
		t.Fatalf("protobind has no type %s", name)
	}
	return newMessage().(protobindrt.ProtoMessage)
}

var deterministic = proto.MarshalOptions{Deterministic: true}

// oracle decodes b and re-encodes it the way protobind does (Any payloads decoded and
// re-encoded deterministically).
func oracle(mt protoreflect.MessageType, b []byte) ([]byte, error) {
	m := mt.New().Interface()
	if err := proto.Unmarshal(b, m); err != nil {
		return nil, err
	}
	canonicalAny(m.ProtoReflect())
	return deterministic.Marshal(m)
}

func ourRoundTrip(t testing.TB, name protoreflect.FullName, b []byte) ([]byte, error) {
	m := ours(t, name)
	if err := m.UnmarshalProto(b); err != nil {
		return nil, err
	}
	out, err := m.MarshalProto()
	if err == nil && m.SizeProto() != len(out) {
		t.Errorf("%s: SizeProto %d, MarshalProto wrote %d bytes", name, m.SizeProto(), len(out))
	}
	return out, err
}

func canonicalAny(m protoreflect.Message) {
	if m.Descriptor().FullName() == "google.protobuf.Any" {
		a := m.Interface().(*anypb.Any)
		inner, err := a.UnmarshalNew()
		if err != nil {
			return
		}
		canonicalAny(inner.ProtoReflect())
		if v, err := deterministic.Marshal(inner); err == nil {
			a.Value = v
		}
		return
	}
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		switch {
		case fd.IsMap():
			if fd.MapValue().Message() != nil {
				v.Map().Range(func(_ protoreflect.MapKey, e protoreflect.Value) bool {
					canonicalAny(e.Message())
					return true
				})
			}
		case fd.IsList():
			if fd.Message() != nil {
				for i := 0; i < v.List().Len(); i++ {
					canonicalAny(v.List().Get(i).Message())
				}
			}
		case fd.Message() != nil:
			canonicalAny(v.Message())
		}
		return true
	})
}

// -- random messages ----------------------------------------------------------------------

type filler struct {
	r     *rand.Rand
	types []protoreflect.MessageType
}

func (f *filler) message(m protoreflect.Message, depth int) {
	d := m.Descriptor()
	switch d.FullName() {
	case "google.protobuf.Timestamp": // valid ones only: time.Time holds no others
		m.Set(d.Fields().ByName("seconds"), protoreflect.ValueOfInt64(f.r.Int63n(253402300800+62135596800)-62135596800))
		m.Set(d.Fields().ByName("nanos"), protoreflect.ValueOfInt32(f.r.Int31n(1e9)))
		return
	case "google.protobuf.Any":
		if f.r.Intn(4) > 0 && depth < 3 {
			mt := f.types[f.r.Intn(len(f.types))]
			inner := mt.New()
			f.message(inner, depth+1)
			b, err := proto.MarshalOptions{AllowPartial: true, Deterministic: true}.Marshal(inner.Interface())
			if err != nil {
				panic(err)
			}
			m.Set(d.Fields().ByName("type_url"), protoreflect.ValueOfString("type.googleapis.com/"+string(mt.Descriptor().FullName())))
			m.Set(d.Fields().ByName("value"), protoreflect.ValueOfBytes(b))
			return
		}
	}
	fields := d.Fields()
	for i := 0; i < fields.Len(); i++ {
		fd := fields.Get(i)
		if f.r.Intn(4) != 0 {
			continue
		}
		if o := fd.ContainingOneof(); o != nil && m.WhichOneof(o) != nil {
			continue
		}
		switch {
		case fd.IsMap():
			mp := m.Mutable(fd).Map()
			for n := f.r.Intn(4); n > 0; n-- {
				k := f.scalar(fd.MapKey()).MapKey()
				if fd.MapValue().Message() != nil {
					if depth >= 3 {
						continue
					}
					v := mp.NewValue()
					f.message(v.Message(), depth+1)
					mp.Set(k, v)
				} else {
					mp.Set(k, f.scalar(fd.MapValue()))
				}
			}
		case fd.IsList():
			l := m.Mutable(fd).List()
			for n := f.r.Intn(4); n > 0; n-- {
				if fd.Message() != nil {
					if depth >= 3 {
						continue
					}
					v := l.NewElement()
					f.message(v.Message(), depth+1)
					l.Append(v)
				} else {
					l.Append(f.scalar(fd))
				}
			}
		case fd.Message() != nil:
			if depth >= 3 {
				continue
			}
			v := m.NewField(fd)
			f.message(v.Message(), depth+1)
			m.Set(fd, v)
		default:
			m.Set(fd, f.scalar(fd))
		}
	}
	// Unknown fields inside well-known types are not kept: their Go types (time.Time,
	// *int32, map[string]any, ...) have nowhere to hold them.
	if f.r.Intn(5) == 0 && !strings.HasPrefix(string(d.FullName()), "google.protobuf.") {
		m.SetUnknown(f.unknown(d))
	}
}

// unknown: a few fields with numbers the message does not use, every wire type.
func (f *filler) unknown(d protoreflect.MessageDescriptor) protoreflect.RawFields {
	var b []byte
	for n := 1 + f.r.Intn(3); n > 0; n-- {
		num := protowire.Number(1 + f.r.Intn(2000))
		if d.Fields().ByNumber(num) != nil || d.ExtensionRanges().Has(num) || num >= 19000 && num < 20000 {
			continue
		}
		switch f.r.Intn(5) {
		case 0:
			b = protowire.AppendTag(b, num, protowire.VarintType)
			b = protowire.AppendVarint(b, f.r.Uint64()>>f.r.Intn(64))
		case 1:
			b = protowire.AppendTag(b, num, protowire.Fixed32Type)
			b = protowire.AppendFixed32(b, f.r.Uint32())
		case 2:
			b = protowire.AppendTag(b, num, protowire.Fixed64Type)
			b = protowire.AppendFixed64(b, f.r.Uint64())
		case 3:
			b = protowire.AppendTag(b, num, protowire.BytesType)
			b = protowire.AppendBytes(b, []byte(f.text()))
		case 4:
			b = protowire.AppendTag(b, num, protowire.StartGroupType)
			b = protowire.AppendTag(b, 1, protowire.VarintType)
			b = protowire.AppendVarint(b, 7)
			b = protowire.AppendTag(b, num, protowire.EndGroupType)
		}
	}
	return b
}

func (f *filler) text() string {
	pieces := []string{"", "a", "é", "\u2028", "😀", "\x00", "protobind", "Zz"}
	var s strings.Builder
	for n := f.r.Intn(4); n > 0; n-- {
		s.WriteString(pieces[f.r.Intn(len(pieces))])
	}
	return s.String()
}

func (f *filler) scalar(fd protoreflect.FieldDescriptor) protoreflect.Value {
	r := f.r
	edge := r.Intn(4) == 0
	switch fd.Kind() {
	case protoreflect.BoolKind:
		return protoreflect.ValueOfBool(r.Intn(2) == 1)
	case protoreflect.EnumKind:
		values := fd.Enum().Values()
		// Closed enums get named values only: google.golang.org/protobuf keeps an unnamed
		// one in the field, where the spec (and protobind) keep it with the unknown
		// fields; TestClosedEnums checks those against protobuf's Python runtime.
		if r.Intn(5) == 0 && !fd.Enum().IsClosed() {
			return protoreflect.ValueOfEnum(protoreflect.EnumNumber(r.Int31n(200) - 100)) // often not a declared value
		}
		return protoreflect.ValueOfEnum(values.Get(r.Intn(values.Len())).Number())
	case protoreflect.Int32Kind, protoreflect.Sint32Kind, protoreflect.Sfixed32Kind:
		if edge {
			return protoreflect.ValueOfInt32([]int32{0, -1, math.MinInt32, math.MaxInt32}[r.Intn(4)])
		}
		return protoreflect.ValueOfInt32(int32(r.Uint32() >> r.Intn(32)))
	case protoreflect.Int64Kind, protoreflect.Sint64Kind, protoreflect.Sfixed64Kind:
		if edge {
			return protoreflect.ValueOfInt64([]int64{0, -1, math.MinInt64, math.MaxInt64}[r.Intn(4)])
		}
		return protoreflect.ValueOfInt64(int64(r.Uint64() >> r.Intn(64)))
	case protoreflect.Uint32Kind, protoreflect.Fixed32Kind:
		return protoreflect.ValueOfUint32(r.Uint32() >> r.Intn(33))
	case protoreflect.Uint64Kind, protoreflect.Fixed64Kind:
		return protoreflect.ValueOfUint64(r.Uint64() >> r.Intn(65))
	case protoreflect.FloatKind:
		if edge {
			return protoreflect.ValueOfFloat32([]float32{0, float32(math.Copysign(0, -1)), float32(math.NaN()), float32(math.Inf(-1))}[r.Intn(4)])
		}
		return protoreflect.ValueOfFloat32(float32(r.NormFloat64()))
	case protoreflect.DoubleKind:
		if edge {
			return protoreflect.ValueOfFloat64([]float64{0, math.Copysign(0, -1), math.NaN(), math.Inf(1)}[r.Intn(4)])
		}
		return protoreflect.ValueOfFloat64(r.NormFloat64() * 1e6)
	case protoreflect.StringKind:
		s := f.text()
		if fd.Syntax() == protoreflect.Proto2 && r.Intn(8) == 0 {
			s += "\xff" // proto2 strings need not be UTF-8
		}
		return protoreflect.ValueOfString(s)
	case protoreflect.BytesKind:
		b := make([]byte, r.Intn(5))
		r.Read(b)
		return protoreflect.ValueOfBytes(b)
	}
	panic("kind " + fd.Kind().String())
}

// -- tests ----------------------------------------------------------------------------------

// TestSameBytes: random messages, re-encoded by each side, give the same bytes.
func TestSameBytes(t *testing.T) {
	types := messages(t)
	f := &filler{r: rand.New(rand.NewSource(1)), types: types}
	count := 0
	for round := 0; round < 200; round++ {
		for _, mt := range types {
			m := mt.New()
			f.message(m, 0)
			input, err := proto.MarshalOptions{AllowPartial: true}.Marshal(m.Interface())
			if err != nil {
				t.Fatal(err)
			}
			want, wantErr := oracle(mt, input)
			got, gotErr := ourRoundTrip(t, mt.Descriptor().FullName(), input)
			if (wantErr != nil) != (gotErr != nil) {
				t.Fatalf("%s: oracle error %v, protobind error %v\ninput %x", mt.Descriptor().FullName(), wantErr, gotErr, input)
			}
			if wantErr == nil && !bytes.Equal(got, want) {
				t.Fatalf("%s: bytes differ\ninput     %x\noracle    %x\nprotobind %x", mt.Descriptor().FullName(), input, want, got)
			}
			count++
			// Two encodings one after the other: the second merges into the first
			// (last scalar wins, messages merge, lists append, map entries replace).
			m2 := mt.New()
			f.message(m2, 0)
			second, _ := proto.MarshalOptions{AllowPartial: true}.Marshal(m2.Interface())
			both := append(append([]byte(nil), input...), second...)
			want, wantErr = oracle(mt, both)
			got, gotErr = ourRoundTrip(t, mt.Descriptor().FullName(), both)
			if (wantErr != nil) != (gotErr != nil) || wantErr == nil && !bytes.Equal(got, want) {
				t.Fatalf("%s: merged input: oracle %x (%v), protobind %x (%v)\ninput %x",
					mt.Descriptor().FullName(), want, wantErr, got, gotErr, both)
			}
		}
	}
	t.Logf("%d messages of %d types (and as many merges)", count, len(types))
}

// TestOracleReadsOurs: what protobind writes, the oracle reads back to the same message.
func TestOracleReadsOurs(t *testing.T) {
	types := messages(t)
	f := &filler{r: rand.New(rand.NewSource(2)), types: types}
	for round := 0; round < 20; round++ {
		for _, mt := range types {
			m := mt.New()
			f.message(m, 0)
			input, _ := proto.MarshalOptions{AllowPartial: true}.Marshal(m.Interface())
			ourBytes, err := ourRoundTrip(t, mt.Descriptor().FullName(), input)
			if err != nil {
				continue // a required field is missing: both refuse (TestSameBytes)
			}
			back := mt.New().Interface()
			if err := proto.Unmarshal(ourBytes, back); err != nil {
				t.Fatalf("%s: the oracle rejects protobind's output: %v", mt.Descriptor().FullName(), err)
			}
			want := mt.New().Interface()
			proto.Unmarshal(input, want)
			canonicalAny(want.ProtoReflect())
			canonicalAny(back.ProtoReflect())
			if !proto.Equal(back, want) {
				t.Fatalf("%s: messages differ after protobind's round trip\ninput %x\nours  %x", mt.Descriptor().FullName(), input, ourBytes)
			}
		}
	}
}

// TestBadInput: malformed bytes are errors, never panics.
func TestBadInput(t *testing.T) {
	long := bytes.Repeat([]byte{0x80}, 10)
	cases := map[string][]byte{
		"truncated varint":       {0x08},
		"truncated tag":          {0x80},
		"overlong varint":        append([]byte{0x08}, append(long, 0x01)...),
		"varint overflows":       {0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02},
		"length past the end":    {0x72, 0x05, 'a'},
		"truncated fixed64":      {0x11, 1, 2, 3},
		"truncated fixed32":      {0x0d, 1},
		"wire type 6":            {0x0e},
		"wire type 7":            {0x0f},
		"field number 0":         {0x00, 0x01},
		"end group at top":       {0x0c},
		"group without end":      {0x0b, 0x08, 0x01},
		"group end mismatch":     {0x0b, 0x14},
		"invalid UTF-8 (proto3)": {0x72, 0x02, 0xff, 0xfe},
	}
	name := protoreflect.FullName("protobuf_test_messages.proto3.TestAllTypesProto3")
	for what, b := range cases {
		if err := ours(t, name).UnmarshalProto(b); err == nil {
			t.Errorf("%s (%x): no error", what, b)
		}
	}
	// 101 nested messages: recursive_message (field 27) inside itself.
	var nested []byte
	for i := 0; i < 101; i++ {
		inner := nested
		nested = protowire.AppendTag(nil, 27, protowire.BytesType)
		nested = protowire.AppendBytes(nested, inner)
	}
	if err := ours(t, name).UnmarshalProto(nested); err == nil {
		t.Errorf("101 nested messages: no error")
	}
	ok := nested
	for i := 0; i < 2; i++ { // 99 levels are fine
		_, _, n := protowire.ConsumeTag(ok)
		_, m := protowire.ConsumeVarint(ok[n:])
		ok = ok[n+m:]
	}
	if err := ours(t, name).UnmarshalProto(ok); err != nil {
		t.Errorf("99 nested messages: %v", err)
	}
}

// FuzzUnmarshal: any input decodes or fails cleanly; what decodes re-encodes, and the
// re-encoding is stable.
func FuzzUnmarshal(f *testing.F) {
	types := messages(f)
	fl := &filler{r: rand.New(rand.NewSource(3)), types: types}
	for i := 0; i < 40; i++ {
		mt := types[i%len(types)]
		m := mt.New()
		fl.message(m, 0)
		b, _ := proto.MarshalOptions{AllowPartial: true}.Marshal(m.Interface())
		f.Add(uint8(i%len(types)), b)
	}
	f.Fuzz(func(t *testing.T, which uint8, b []byte) {
		mt := types[int(which)%len(types)]
		name := mt.Descriptor().FullName()
		m := ours(t, name)
		if m.UnmarshalProto(b) != nil {
			return
		}
		if _, err := oracle(mt, b); err != nil {
			t.Fatalf("protobind accepts what the oracle rejects (%v)", err)
		}
		once, err := m.MarshalProto()
		if err != nil {
			if strings.Contains(err.Error(), "required") || strings.Contains(err.Error(), "UTF-8") {
				return
			}
			t.Fatalf("decoded but does not encode: %v", err)
		}
		again, err := ourRoundTrip(t, name, once)
		if err != nil || !bytes.Equal(once, again) {
			t.Fatalf("unstable: %x -> %x (%v)", once, again, err)
		}
	})
}

// TestClosedEnums: unnamed values of closed enums go to the unknown fields, as the
// spec says and protobuf's Python runtime (upb) does; closed_enums.txt holds inputs and
// that runtime's deterministic re-encodings (test_wire.py computes them).
func TestClosedEnums(t *testing.T) {
	data, err := os.ReadFile("closed_enums.txt")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		parts := strings.Fields(line)
		input, _ := hex.DecodeString(parts[0])
		want, _ := hex.DecodeString(parts[1])
		got, err := ourRoundTrip(t, "protobuf_test_messages.proto2.TestAllTypesProto2", input)
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("input %x: protobind %x (%v), upb %x", input, got, err, want)
		}
	}
}
