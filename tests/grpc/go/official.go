package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/protobuf/types/known/emptypb"
	"google.golang.org/protobuf/types/known/timestamppb"

	off "protobind.test/grpcgo/gen/official/streamv1"
)

// The same server and checks as protobind.go, on protoc-gen-go + protoc-gen-go-grpc's
// code: the reference each interop direction is held to.

// -- server ------------------------------------------------------------------------------

func registerOfficial(s *grpc.Server) {
	off.RegisterEchoServiceServer(s, offEcho{})
	off.RegisterCounterServiceServer(s, offCounter{})
}

type offEcho struct {
	off.UnimplementedEchoServiceServer
}

func offSummary(r *off.EchoRequest) string {
	extra := "none"
	switch x := r.GetExtra().(type) {
	case *off.EchoRequest_Note:
		extra = "note:" + x.Note
	case *off.EchoRequest_Tick:
		extra = fmt.Sprintf("tick:%d", x.Tick.GetN())
	}
	var sent *time.Time
	if r.GetSentAt() != nil {
		t := r.GetSentAt().AsTime()
		sent = &t
	}
	return summary(r.GetText(), r.GetRepeat(), r.GetBlob(), sent, r.GetLabels(), r.GetNumbers(), extra)
}

func (offEcho) Unary(ctx context.Context, req *off.EchoRequest) (*off.EchoResponse, error) {
	if err := grpc.SetHeader(ctx, metadata.Pairs("x-server", "official")); err != nil {
		return nil, err
	}
	if err := grpc.SetTrailer(ctx, metadata.Pairs("x-trailer", "unary")); err != nil {
		return nil, err
	}
	return &off.EchoResponse{
		Text:         offSummary(req),
		Blob:         req.GetBlob(),
		Metadata:     seen(ctx),
		DeadlineLeft: deadlineLeft(ctx),
	}, nil
}

func (offEcho) ServerStream(req *off.EchoRequest, stream grpc.ServerStreamingServer[off.EchoResponse]) error {
	if err := stream.SetHeader(metadata.Pairs("x-server", "official")); err != nil {
		return err
	}
	for i := int32(0); i < req.GetRepeat(); i++ {
		if err := stream.Send(&off.EchoResponse{Text: offSummary(req), Index: i}); err != nil {
			return err
		}
	}
	stream.SetTrailer(metadata.Pairs("x-trailer", "server-stream"))
	return nil
}

func (offEcho) ClientStream(stream off.EchoService_ClientStreamServer) error {
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
	return stream.SendAndClose(&off.EchoResponse{
		Text:         strings.Join(texts, ","),
		Index:        int32(len(texts)),
		Metadata:     seen(stream.Context()),
		DeadlineLeft: deadlineLeft(stream.Context()),
	})
}

func (offEcho) Bidi(stream grpc.BidiStreamingServer[off.EchoRequest, off.EchoResponse]) error {
	for i := int32(0); ; i++ {
		req, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if err := stream.Send(&off.EchoResponse{Text: req.GetText(), Index: i, Blob: req.GetBlob()}); err != nil {
			return err
		}
	}
}

func (offEcho) Fail(_ context.Context, req *off.EchoRequest) (*emptypb.Empty, error) {
	if err := failure(req.GetFailWith()); err != nil {
		return nil, err
	}
	return &emptypb.Empty{}, nil
}

type offCounter struct {
	off.UnimplementedCounterServiceServer
}

func (offCounter) Count(stream grpc.BidiStreamingServer[off.Tick, off.Tick]) error {
	for {
		t, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if err := stream.Send(&off.Tick{N: t.GetN() + 1}); err != nil {
			return err
		}
	}
}

// -- client ------------------------------------------------------------------------------

func offRequest() *off.EchoRequest {
	return &off.EchoRequest{
		Text:    "héllo ✓",
		Repeat:  3,
		Blob:    blob,
		SentAt:  timestamppb.New(sentAt),
		Labels:  labels,
		Numbers: numbers,
		Extra:   &off.EchoRequest_Note{Note: "n"},
	}
}

var officialChecks = map[string]func(context.Context, *grpc.ClientConn) error{
	"unary": func(ctx context.Context, cc *grpc.ClientConn) error {
		var header, trailer metadata.MD
		req := offRequest()
		resp, err := off.NewEchoServiceClient(cc).Unary(ctx, req, grpc.Header(&header), grpc.Trailer(&trailer))
		if err != nil {
			return err
		}
		if got, want := resp.GetText(), offSummary(req); got != want {
			return fmt.Errorf("server read\n  %s\nclient sent\n  %s", got, want)
		}
		if string(resp.GetBlob()) != string(blob) {
			return fmt.Errorf("blob came back as %x", resp.GetBlob())
		}
		return checkCallMetadata("official", header, trailer, "unary", resp.GetMetadata(), resp.GetDeadlineLeft())
	},
	"server_stream": func(ctx context.Context, cc *grpc.ClientConn) error {
		req := offRequest()
		req.Extra = &off.EchoRequest_Tick{Tick: &off.Tick{N: 1<<63 + 5}}
		stream, err := off.NewEchoServiceClient(cc).ServerStream(ctx, req)
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
			if resp.GetIndex() != n || resp.GetText() != offSummary(req) {
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
		return checkCallMetadata("official", header, stream.Trailer(), "server-stream", []string{"x-client=official", "x-trace=t-1"}, -1)
	},
	"client_stream": func(ctx context.Context, cc *grpc.ClientConn) error {
		stream, err := off.NewEchoServiceClient(cc).ClientStream(ctx)
		if err != nil {
			return err
		}
		for _, text := range []string{"a", "", "ccc"} {
			if err := stream.Send(&off.EchoRequest{Text: text}); err != nil {
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
		want := []string{"x-client=official", "x-trace=t-1"}
		if fmt.Sprint(resp.GetMetadata()) != fmt.Sprint(want) || resp.GetDeadlineLeft() <= 0 {
			return fmt.Errorf("server saw %v, %.3fs left", resp.GetMetadata(), resp.GetDeadlineLeft())
		}
		return nil
	},
	"bidi": func(ctx context.Context, cc *grpc.ClientConn) error {
		stream, err := off.NewEchoServiceClient(cc).Bidi(ctx)
		if err != nil {
			return err
		}
		for i := int32(0); i < 4; i++ {
			text := strings.Repeat("x", int(i)*1000)
			if err := stream.Send(&off.EchoRequest{Text: text, Blob: blob[:i]}); err != nil {
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
		c := off.NewEchoServiceClient(cc)
		for _, code := range []int32{0, int32(codes.NotFound), int32(codes.Unknown), int32(codes.PermissionDenied)} {
			_, err := c.Fail(ctx, &off.EchoRequest{FailWith: code})
			if err := checkFailure(code, err); err != nil {
				return err
			}
		}
		return nil
	},
	"second_service": func(ctx context.Context, cc *grpc.ClientConn) error {
		c := off.NewCounterServiceClient(cc)
		stream, err := c.Count(ctx)
		if err != nil {
			return err
		}
		for _, n := range []uint64{0, 41, 1<<64 - 2} {
			if err := stream.Send(&off.Tick{N: n}); err != nil {
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
		_, err = c.Reset(ctx, &emptypb.Empty{})
		return checkCode("Reset", err, codes.Unimplemented)
	},
}
