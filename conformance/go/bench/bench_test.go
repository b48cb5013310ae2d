package bench

// Encode/decode throughput of protobind's generated Go codecs against protojson and
// proto.Marshal/Unmarshal (over protoc-gen-go types) on the same random
// TestAllTypesProto3 messages. The messages
// come from tests/conformance/strategies.py as binary (testdata/messages.bin: 4-byte
// little-endian length + message); run.py builds this module and runs the benchmarks.

import (
	"bytes"
	"encoding/binary"
	"os"
	"testing"

	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/known/anypb"

	pb "protobind.test/bench/pb"
	"protobind.test/conformance/gen/protobindrt"
	gen "protobind.test/conformance/gen/protobuf_test_messages/proto3"
)

type corpus struct {
	pb    []*pb.TestAllTypesProto3
	gen   []*gen.TestAllTypesProto3
	json  [][]byte
	bytes int64
	bin   [][]byte // deterministic binary encodings
	size  int64
}

var loaded *corpus

func load(b *testing.B) *corpus {
	if loaded != nil {
		return loaded
	}
	data, err := os.ReadFile("testdata/messages.bin")
	if err != nil {
		b.Fatal(err)
	}
	c := &corpus{}
	for len(data) > 0 {
		n := binary.LittleEndian.Uint32(data)
		m := new(pb.TestAllTypesProto3)
		if err := proto.Unmarshal(data[4:4+n], m); err != nil {
			b.Fatal(err)
		}
		data = data[4+n:]
		j, err := protojson.Marshal(m)
		if err != nil {
			continue // no JSON form (the oracle refuses it too)
		}
		g := new(gen.TestAllTypesProto3)
		if err := protobindrt.Unmarshal(j, g); err != nil {
			b.Fatalf("protobind rejects protojson's output: %v\n%s", err, j)
		}
		canonicalAny(m.ProtoReflect())
		bin, err := proto.MarshalOptions{Deterministic: true}.Marshal(m)
		if err != nil {
			b.Fatal(err)
		}
		via := new(gen.TestAllTypesProto3)
		if err := via.UnmarshalProto(bin); err != nil {
			b.Fatalf("protobind rejects proto.Marshal's output: %v", err)
		}
		if own, _ := via.MarshalProto(); !bytes.Equal(own, bin) {
			b.Fatalf("binary encodings differ:\nproto:     %x\nprotobind: %x", bin, own)
		}
		c.pb = append(c.pb, m)
		c.gen = append(c.gen, g)
		c.json = append(c.json, j)
		c.bytes += int64(len(j))
		c.bin = append(c.bin, bin)
		c.size += int64(len(bin))
	}
	loaded = c
	return c
}

// canonicalAny re-encodes every Any payload inside m deterministically, as protobind
// does (google.golang.org/protobuf keeps a payload's bytes as they came).
func canonicalAny(m protoreflect.Message) {
	if m.Descriptor().FullName() == "google.protobuf.Any" {
		a := m.Interface().(*anypb.Any)
		inner, err := a.UnmarshalNew()
		if err != nil {
			return
		}
		canonicalAny(inner.ProtoReflect())
		if v, err := (proto.MarshalOptions{Deterministic: true}).Marshal(inner); err == nil {
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

func BenchmarkMarshalProtojson(b *testing.B) {
	c := load(b)
	b.SetBytes(c.bytes)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		for _, m := range c.pb {
			if _, err := protojson.Marshal(m); err != nil {
				b.Fatal(err)
			}
		}
	}
}

func BenchmarkMarshalProtobind(b *testing.B) {
	c := load(b)
	b.SetBytes(c.bytes)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		for _, m := range c.gen {
			if _, err := protobindrt.Marshal(m); err != nil {
				b.Fatal(err)
			}
		}
	}
}

func BenchmarkUnmarshalProtojson(b *testing.B) {
	c := load(b)
	b.SetBytes(c.bytes)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		for _, j := range c.json {
			m := new(pb.TestAllTypesProto3)
			if err := protojson.Unmarshal(j, m); err != nil {
				b.Fatal(err)
			}
		}
	}
}

func BenchmarkUnmarshalProtobind(b *testing.B) {
	c := load(b)
	b.SetBytes(c.bytes)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		for _, j := range c.json {
			m := new(gen.TestAllTypesProto3)
			if err := protobindrt.Unmarshal(j, m); err != nil {
				b.Fatal(err)
			}
		}
	}
}

func BenchmarkMarshalBinaryProto(b *testing.B) {
	c := load(b)
	b.SetBytes(c.size)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		for _, m := range c.pb {
			if _, err := proto.Marshal(m); err != nil {
				b.Fatal(err)
			}
		}
	}
}

func BenchmarkMarshalBinaryProtobind(b *testing.B) {
	c := load(b)
	b.SetBytes(c.size)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		for _, m := range c.gen {
			if _, err := m.MarshalProto(); err != nil {
				b.Fatal(err)
			}
		}
	}
}

func BenchmarkUnmarshalBinaryProto(b *testing.B) {
	c := load(b)
	b.SetBytes(c.size)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		for _, data := range c.bin {
			m := new(pb.TestAllTypesProto3)
			if err := proto.Unmarshal(data, m); err != nil {
				b.Fatal(err)
			}
		}
	}
}

func BenchmarkUnmarshalBinaryProtobind(b *testing.B) {
	c := load(b)
	b.SetBytes(c.size)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		for _, data := range c.bin {
			m := new(gen.TestAllTypesProto3)
			if err := m.UnmarshalProto(data); err != nil {
				b.Fatal(err)
			}
		}
	}
}
