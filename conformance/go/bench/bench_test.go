package bench

// Encode/decode throughput of protobind's generated Go codec against protojson (over
// protoc-gen-go types) on the same random TestAllTypesProto3 messages. The messages
// come from tests/conformance/strategies.py as binary (testdata/messages.bin: 4-byte
// little-endian length + message); run.py builds this module and runs the benchmarks.

import (
	"encoding/binary"
	"os"
	"testing"

	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"

	pb "protobind.test/bench/pb"
	"protobind.test/conformance/gen/protobindrt"
	gen "protobind.test/conformance/gen/protobuf_test_messages/proto3"
)

type corpus struct {
	pb    []*pb.TestAllTypesProto3
	gen   []*gen.TestAllTypesProto3
	json  [][]byte
	bytes int64
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
		c.pb = append(c.pb, m)
		c.gen = append(c.gen, g)
		c.json = append(c.json, j)
		c.bytes += int64(len(j))
	}
	loaded = c
	return c
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
