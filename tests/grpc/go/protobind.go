package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"

	pb "protobind.test/grpcgo/gen/protobind/acme/stream/v1"
	"protobind.test/grpcgo/gen/protobind/protobindrt"
)

// -- server ------------------------------------------------------------------------------

func registerProtobind(s *grpc.Server) {
	pb.RegisterEchoServiceServer(s, pbEcho{})
	// The transport-neutral interface, served through the generated adapter.
	pb.RegisterCounterServiceServer(s, pb.NewCounterServiceServer(pbCounter{}))
}

type pbEcho struct {
	pb.UnimplementedEchoServiceServer
}

func pbSummary(r *pb.EchoRequest) string {
	extra := "none"
	switch x := r.GetExtra().(type) {
	case *pb.EchoRequest_Note:
		extra = "note:" + x.Note
	case *pb.EchoRequest_Tick:
		extra = fmt.Sprintf("tick:%d", x.Tick.GetN())
	}
	return summary(r.GetText(), r.GetRepeat(), r.GetBlob(), r.GetSentAt(), r.GetLabels(), r.GetNumbers(), extra)
}

func (pbEcho) Unary(ctx context.Context, req *pb.EchoRequest) (*pb.EchoResponse, error) {
	if err := grpc.SetHeader(ctx, metadata.Pairs("x-server", "protobind")); err != nil {
		return nil, err
	}
	if err := grpc.SetTrailer(ctx, metadata.Pairs("x-trailer", "unary")); err != nil {
		return nil, err
	}
	return &pb.EchoResponse{
		Text:         pbSummary(req),
		Blob:         req.GetBlob(),
		Metadata:     seen(ctx),
		DeadlineLeft: deadlineLeft(ctx),
	}, nil
}

func (pbEcho) ServerStream(req *pb.EchoRequest, stream grpc.ServerStreamingServer[pb.EchoResponse]) error {
	if err := stream.SetHeader(metadata.Pairs("x-server", "protobind")); err != nil {
		return err
	}
	for i := int32(0); i < req.GetRepeat(); i++ {
		if err := stream.Send(&pb.EchoResponse{Text: pbSummary(req), Index: i}); err != nil {
			return err
		}
	}
	stream.SetTrailer(metadata.Pairs("x-trailer", "server-stream"))
	return nil
}

func (pbEcho) ClientStream(stream pb.EchoService_ClientStreamServer) error {
	var texts []string
	for {
		req, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		texts = append(texts, req.GetText())
	}
	return stream.SendAndClose(&pb.EchoResponse{
		Text:         strings.Join(texts, ","),
		Index:        int32(len(texts)),
		Metadata:     seen(stream.Context()),
		DeadlineLeft: deadlineLeft(stream.Context()),
	})
}

func (pbEcho) Bidi(stream grpc.BidiStreamingServer[pb.EchoRequest, pb.EchoResponse]) error {
	for i := int32(0); ; i++ {
		req, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if err := stream.Send(&pb.EchoResponse{Text: req.GetText(), Index: i, Blob: req.GetBlob()}); err != nil {
			return err
		}
	}
}

func (pbEcho) Fail(_ context.Context, req *pb.EchoRequest) (*protobindrt.Empty, error) {
	if err := failure(req.GetFailWith()); err != nil {
		return nil, err
	}
	return &protobindrt.Empty{}, nil
}

// pbCounter implements the transport-neutral pb.CounterService (protobindrt streams).
type pbCounter struct{}

func (pbCounter) Count(_ context.Context, stream protobindrt.BidiStream[*pb.Tick, *pb.Tick]) error {
	for {
		t, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if err := stream.Send(&pb.Tick{N: t.GetN() + 1}); err != nil {
			return err
		}
	}
}

func (pbCounter) Reset(ctx context.Context, req *protobindrt.Empty) (*protobindrt.Empty, error) {
	return pb.UnimplementedCounterServiceServer{}.Reset(ctx, req)
}

// -- client ------------------------------------------------------------------------------

func pbRequest() *pb.EchoRequest {
	at := sentAt
	return &pb.EchoRequest{
		Text:    "héllo ✓",
		Repeat:  3,
		Blob:    blob,
		SentAt:  &at,
		Labels:  labels,
		Numbers: numbers,
		Extra:   &pb.EchoRequest_Note{Note: "n"},
	}
}

var protobindChecks = map[string]func(context.Context, *grpc.ClientConn) error{
	"unary": func(ctx context.Context, cc *grpc.ClientConn) error {
		var header, trailer metadata.MD
		req := pbRequest()
		resp, err := pb.NewEchoServiceClient(cc).Unary(ctx, req, grpc.Header(&header), grpc.Trailer(&trailer))
		if err != nil {
			return err
		}
		if got, want := resp.GetText(), pbSummary(req); got != want {
			return fmt.Errorf("server read\n  %s\nclient sent\n  %s", got, want)
		}
		if string(resp.GetBlob()) != string(blob) {
			return fmt.Errorf("blob came back as %x", resp.GetBlob())
		}
		return checkCallMetadata("protobind", header, trailer, "unary", resp.GetMetadata(), resp.GetDeadlineLeft())
	},
	"server_stream": func(ctx context.Context, cc *grpc.ClientConn) error {
		req := pbRequest()
		req.Extra = &pb.EchoRequest_Tick{Tick: &pb.Tick{N: 1<<63 + 5}}
		stream, err := pb.NewEchoServiceClient(cc).ServerStream(ctx, req)
		if err != nil {
			return err
		}
		var n int32
		for ; ; n++ {
			resp, err := stream.Recv()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				return err
			}
			if resp.GetIndex() != n || resp.GetText() != pbSummary(req) {
				return fmt.Errorf("response %d: index %d, text %s", n, resp.GetIndex(), resp.GetText())
			}
		}
		if n != req.GetRepeat() {
			return fmt.Errorf("%d responses, want %d", n, req.GetRepeat())
		}
		header, err := stream.Header()
		if err != nil {
			return err
		}
		return checkCallMetadata("protobind", header, stream.Trailer(), "server-stream", []string{"x-client=protobind", "x-trace=t-1"}, -1)
	},
	"client_stream": func(ctx context.Context, cc *grpc.ClientConn) error {
		stream, err := pb.NewEchoServiceClient(cc).ClientStream(ctx)
		if err != nil {
			return err
		}
		for _, text := range []string{"a", "", "ccc"} {
			if err := stream.Send(&pb.EchoRequest{Text: text}); err != nil {
				return err
			}
		}
		resp, err := stream.CloseAndRecv()
		if err != nil {
			return err
		}
		if resp.GetText() != "a,,ccc" || resp.GetIndex() != 3 {
			return fmt.Errorf("got %q, %d", resp.GetText(), resp.GetIndex())
		}
		want := []string{"x-client=protobind", "x-trace=t-1"}
		if fmt.Sprint(resp.GetMetadata()) != fmt.Sprint(want) || resp.GetDeadlineLeft() <= 0 {
			return fmt.Errorf("server saw %v, %.3fs left", resp.GetMetadata(), resp.GetDeadlineLeft())
		}
		return nil
	},
	"bidi": func(ctx context.Context, cc *grpc.ClientConn) error {
		stream, err := pb.NewEchoServiceClient(cc).Bidi(ctx)
		if err != nil {
			return err
		}
		for i := int32(0); i < 4; i++ {
			text := strings.Repeat("x", int(i)*1000) // 3000 bytes: past one HTTP/2 frame's worth of small messages
			if err := stream.Send(&pb.EchoRequest{Text: text, Blob: blob[:i]}); err != nil {
				return err
			}
			resp, err := stream.Recv()
			if err != nil {
				return err
			}
			if resp.GetIndex() != i || resp.GetText() != text || string(resp.GetBlob()) != string(blob[:i]) {
				return fmt.Errorf("reply %d: index %d, %d bytes of text", i, resp.GetIndex(), len(resp.GetText()))
			}
		}
		if err := stream.CloseSend(); err != nil {
			return err
		}
		if _, err := stream.Recv(); !errors.Is(err, io.EOF) {
			return fmt.Errorf("after CloseSend: %v, want io.EOF", err)
		}
		return nil
	},
	"status": func(ctx context.Context, cc *grpc.ClientConn) error {
		c := pb.NewEchoServiceClient(cc)
		for _, code := range []int32{0, int32(codes.NotFound), int32(codes.Unknown), int32(codes.PermissionDenied)} {
			_, err := c.Fail(ctx, &pb.EchoRequest{FailWith: code})
			if err := checkFailure(code, err); err != nil {
				return err
			}
		}
		return nil
	},
	"second_service": func(ctx context.Context, cc *grpc.ClientConn) error {
		c := pb.NewCounterServiceClient(cc)
		stream, err := c.Count(ctx)
		if err != nil {
			return err
		}
		for _, n := range []uint64{0, 41, 1<<64 - 2} {
			if err := stream.Send(&pb.Tick{N: n}); err != nil {
				return err
			}
			t, err := stream.Recv()
			if err != nil {
				return err
			}
			if t.GetN() != n+1 {
				return fmt.Errorf("Count(%d) = %d", n, t.GetN())
			}
		}
		if err := stream.CloseSend(); err != nil {
			return err
		}
		_, err = c.Reset(ctx, &protobindrt.Empty{})
		return checkCode("Reset", err, codes.Unimplemented)
	},
}
