package main

import (
	"bytes"
	"fmt"
	"reflect"

	"google.golang.org/grpc/encoding"
	"google.golang.org/grpc/mem"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/emptypb"

	off "protobind.test/grpcgo/gen/official/streamv1"
	pb "protobind.test/grpcgo/gen/protobind/acme/stream/v1"
	"protobind.test/grpcgo/gen/protobind/protobindgrpc"
	"protobind.test/grpcgo/gen/protobind/protobindrt"
)

func encode(c encoding.CodecV2, v any) ([]byte, error) {
	data, err := c.Marshal(v)
	if err != nil {
		return nil, err
	}
	defer data.Free()
	return data.Materialize(), nil
}

// codecCheck: the codec grpc-go finds under "proto" is protobind's, it encodes protobind
// messages as protobuf-go does (deterministic), small and pooled, and it hands
// protoc-gen-go messages and everything else to grpc-go's own codec.
func codecCheck() error {
	// The corpus' protobindgrpc.Codec, wherever it sits in the chain of registrations
	// (the dogfood's protobindgrpc registers one too).
	var c protobindgrpc.Codec
	for r := encoding.GetCodecV2("proto"); ; {
		if pc, ok := r.(protobindgrpc.Codec); ok {
			c = pc
			break
		}
		v := reflect.ValueOf(r)
		if v.Kind() != reflect.Struct || !v.FieldByName("Fallback").IsValid() {
			return fmt.Errorf(`no protobindgrpc.Codec among the "proto" codecs (found %T)`, r)
		}
		r = v.FieldByName("Fallback").Interface().(encoding.CodecV2)
	}
	if c.Fallback == nil {
		return fmt.Errorf("protobindgrpc.Codec without a fallback")
	}
	if _, ok := grpcGoCodec().(protobindgrpc.Codec); ok || reflect.TypeOf(grpcGoCodec()).String() == reflect.TypeOf(c).String() {
		return fmt.Errorf("grpc-go's codec not found at the end of the chain: %T", grpcGoCodec())
	}
	want, err := proto.MarshalOptions{Deterministic: true}.Marshal(offRequest())
	if err != nil {
		return err
	}
	got, err := encode(c, pbRequest())
	if err != nil {
		return err
	}
	if !bytes.Equal(got, want) {
		return fmt.Errorf("protobind request encodes as\n  %x\nprotobuf-go (deterministic):\n  %x", got, want)
	}

	// Decoding: one buffer, and the same bytes split over three.
	for _, data := range []mem.BufferSlice{
		{mem.SliceBuffer(want)},
		{mem.SliceBuffer(want[:1]), mem.SliceBuffer(want[1:7]), mem.SliceBuffer(want[7:])},
	} {
		var m pb.EchoRequest
		if err := c.Unmarshal(data, &m); err != nil {
			return err
		}
		if pbSummary(&m) != pbSummary(pbRequest()) {
			return fmt.Errorf("decoded %s", pbSummary(&m))
		}
	}

	// Above grpc-go's pooling threshold the bytes come from its buffer pool.
	big := &pb.EchoRequest{Blob: bytes.Repeat([]byte{7}, 1<<20), Text: "big"}
	direct, err := big.MarshalProto()
	if err != nil {
		return err
	}
	for range 3 { // pooled buffers are reused: each round must still be right
		got, err := encode(c, big)
		if err != nil {
			return err
		}
		if !bytes.Equal(got, direct) {
			return fmt.Errorf("pooled encoding differs from MarshalProto (%d vs %d bytes)", len(got), len(direct))
		}
	}

	// protoc-gen-go messages go to grpc-go's codec, in both directions.
	offBytes, err := encode(c, offRequest())
	if err != nil {
		return err
	}
	var back off.EchoRequest
	if err := c.Unmarshal(mem.BufferSlice{mem.SliceBuffer(offBytes)}, &back); err != nil {
		return err
	}
	if !proto.Equal(&back, offRequest()) {
		return fmt.Errorf("protoc-gen-go message did not survive the fallback: %v", &back)
	}
	if b, err := encode(c, &emptypb.Empty{}); err != nil || len(b) != 0 {
		return fmt.Errorf("emptypb.Empty: %x, %v", b, err)
	}

	// protobindrt.Empty (google.protobuf.Empty as an RPC type) is zero bytes.
	if b, err := encode(c, &protobindrt.Empty{}); err != nil || len(b) != 0 {
		return fmt.Errorf("protobindrt.Empty: %x, %v", b, err)
	}
	if err := c.Unmarshal(mem.BufferSlice{}, &protobindrt.Empty{}); err != nil {
		return err
	}

	// Errors: undecodable bytes, and values that are no message at all.
	if err := c.Unmarshal(mem.BufferSlice{mem.SliceBuffer([]byte{0x0a, 0x05, 'a'})}, &pb.EchoRequest{}); err == nil {
		return fmt.Errorf("a length past the end decoded without error")
	}
	if _, err := c.Marshal(42); err == nil {
		return fmt.Errorf("an int marshaled without error")
	}
	return nil
}
