// Command testee-go is protobind's Go conformance testee: it speaks the protobuf
// conformance protocol on stdin/stdout (a 4-byte little-endian length, then a
// serialized conformance.ConformanceRequest; replies framed the same way) until EOF.
//
// Every test message is parsed and printed by protobind-generated code: JSON with
// UnmarshalProtoJSON and MarshalProtoJSON, binary with UnmarshalProto and MarshalProto.
// Only the protocol's own ConformanceRequest and ConformanceResponse go through
// google.golang.org/protobuf's dynamicpb, over a descriptor set the build embeds.
package main

import (
	"bufio"
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protodesc"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
	"google.golang.org/protobuf/types/descriptorpb"
	"google.golang.org/protobuf/types/dynamicpb"

	"protobind.test/conformance/gen/protobindrt"
	// The test messages register themselves for protobindrt.Lookup.
	_ "protobind.test/conformance/gen/protobuf_test_messages/proto2"
	_ "protobind.test/conformance/gen/protobuf_test_messages/proto3"
)

//go:embed descriptors.binpb
var descriptorSet []byte

var (
	files       *protoregistry.Files
	requestDesc protoreflect.MessageDescriptor
	replyDesc   protoreflect.MessageDescriptor
)

const (
	wireProtobuf = 1
	wireJSON     = 2

	categoryJSONIgnoreUnknown = 3
)

func main() {
	if err := setup(); err != nil {
		fmt.Fprintln(os.Stderr, "testee-go:", err)
		os.Exit(2)
	}
	in := bufio.NewReaderSize(os.Stdin, 1<<16)
	out := bufio.NewWriterSize(os.Stdout, 1<<16)
	for {
		var size uint32
		if err := binary.Read(in, binary.LittleEndian, &size); err != nil {
			if errors.Is(err, io.EOF) {
				return
			}
			fmt.Fprintln(os.Stderr, "testee-go: reading length:", err)
			os.Exit(1)
		}
		frame := make([]byte, size)
		if _, err := io.ReadFull(in, frame); err != nil {
			fmt.Fprintln(os.Stderr, "testee-go: reading request:", err)
			os.Exit(1)
		}
		reply, err := serve(frame)
		if err != nil {
			fmt.Fprintln(os.Stderr, "testee-go:", err)
			os.Exit(1)
		}
		if err := binary.Write(out, binary.LittleEndian, uint32(len(reply))); err != nil {
			os.Exit(1)
		}
		out.Write(reply)
		if err := out.Flush(); err != nil {
			os.Exit(1)
		}
	}
}

func setup() error {
	var set descriptorpb.FileDescriptorSet
	if err := proto.Unmarshal(descriptorSet, &set); err != nil {
		return err
	}
	// MessageSet is a proto1 feature the Go runtime refuses to build descriptors for;
	// the test messages only use it with extensions, which protobind does not model
	// (their values stay unknown fields), so both are dropped.
	for _, f := range set.File {
		f.Extension = nil
		dropMessageSet(f.MessageType)
	}
	var err error
	files, err = protodesc.NewFiles(&set)
	if err != nil {
		return err
	}
	requestDesc, err = messageDescriptor("conformance.ConformanceRequest")
	if err != nil {
		return err
	}
	replyDesc, err = messageDescriptor("conformance.ConformanceResponse")
	return err
}

func dropMessageSet(messages []*descriptorpb.DescriptorProto) {
	for _, m := range messages {
		if m.Options != nil && m.Options.MessageSetWireFormat != nil {
			m.Options.MessageSetWireFormat = nil
			m.ExtensionRange = nil
		}
		m.Extension = nil
		dropMessageSet(m.NestedType)
	}
}

func messageDescriptor(name protoreflect.FullName) (protoreflect.MessageDescriptor, error) {
	d, err := files.FindDescriptorByName(name)
	if err != nil {
		return nil, err
	}
	md, ok := d.(protoreflect.MessageDescriptor)
	if !ok {
		return nil, fmt.Errorf("%s is not a message", name)
	}
	return md, nil
}

// serve answers one serialized ConformanceRequest with a serialized ConformanceResponse.
func serve(frame []byte) ([]byte, error) {
	req := dynamicpb.NewMessage(requestDesc)
	if err := proto.Unmarshal(frame, req); err != nil {
		return nil, fmt.Errorf("bad request: %w", err)
	}
	field, value := answer(req)
	reply := dynamicpb.NewMessage(replyDesc)
	reply.Set(replyDesc.Fields().ByName(field), value)
	return proto.Marshal(reply)
}

func answer(req *dynamicpb.Message) (protoreflect.Name, protoreflect.Value) {
	fields := requestDesc.Fields()
	get := func(name protoreflect.Name) protoreflect.Value { return req.Get(fields.ByName(name)) }
	skip := func(why string) (protoreflect.Name, protoreflect.Value) {
		return "skipped", protoreflect.ValueOfString(why)
	}
	typeName := protoreflect.FullName(get("message_type").String())
	newMessage, known := protobindrt.Lookup(string(typeName))
	if !known || !supported[typeName] {
		return skip("message type " + string(typeName) + " is not supported")
	}
	output := get("requested_output_format").Enum()
	if output != wireProtobuf && output != wireJSON {
		return skip("only protobuf and JSON output are supported")
	}

	// Parse.
	msg := newMessage()
	payload := req.WhichOneof(requestDesc.Oneofs().ByName("payload"))
	if payload == nil {
		return "runtime_error", protoreflect.ValueOfString("request without payload")
	}
	switch payload.Name() {
	case "json_payload":
		opts := protobindrt.UnmarshalOptions{
			DiscardUnknown: get("test_category").Enum() == categoryJSONIgnoreUnknown,
		}
		if err := opts.Unmarshal([]byte(get("json_payload").String()), msg); err != nil {
			return "parse_error", protoreflect.ValueOfString(err.Error())
		}
	case "protobuf_payload":
		if err := msg.(protobindrt.ProtoMessage).UnmarshalProto(get("protobuf_payload").Bytes()); err != nil {
			return "parse_error", protoreflect.ValueOfString(err.Error())
		}
	default:
		return skip(string(payload.Name()) + " input is not supported")
	}

	// Serialize.
	if output == wireJSON {
		b, err := protobindrt.Marshal(msg)
		if err != nil {
			return "serialize_error", protoreflect.ValueOfString(err.Error())
		}
		return "json_payload", protoreflect.ValueOfString(string(b))
	}
	b, err := msg.(protobindrt.ProtoMessage).MarshalProto()
	if err != nil {
		return "serialize_error", protoreflect.ValueOfString(err.Error())
	}
	return "protobuf_payload", protoreflect.ValueOfBytes(b)
}

var supported = map[protoreflect.FullName]bool{
	"protobuf_test_messages.proto3.TestAllTypesProto3": true,
	"protobuf_test_messages.proto2.TestAllTypesProto2": true,
}
