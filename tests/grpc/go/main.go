// Command grpcgo: the Go side of the gRPC tests (tests/grpc/test_go_grpc.py), one binary
// holding both protobind's bindings and protoc-gen-go + protoc-gen-go-grpc's for the
// corpus tests/corpus/grpc (rendered into gen/ by the test setup):
//
//	grpcgo serve protobind|official|plugin  serve on 127.0.0.1:0, print "listening ADDR",
//	                                        stop when stdin closes
//	grpcgo client protobind|official ADDR CHECK   run one client check against ADDR
//	grpcgo host ADDR                        run the seed's host flow (dogfood.go) against
//	                                        the DomainPluginService at ADDR
//	grpcgo codec                            check the registered "proto" codec in-process
//
// "plugin" and "host" use protobind's committed bindings of schemas/ (generated/go).
// A check prints "ok CHECK" and exits 0, or prints what differed and exits 1.
package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/encoding"
	"google.golang.org/grpc/mem"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	pluginv1 "github.com/protobind/protobind/generated/go/protobind/plugin/v1"
	"protobind.test/grpcgo/gen/protobind/protobindgrpc"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "grpcgo:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	switch {
	case len(args) == 2 && args[0] == "serve":
		return serve(args[1])
	case len(args) == 4 && args[0] == "client":
		if err := client(args[1], args[2], args[3]); err != nil {
			return fmt.Errorf("%s client, check %s: %w", args[1], args[3], err)
		}
		fmt.Println("ok", args[3])
		return nil
	case len(args) == 2 && args[0] == "host":
		if err := host(args[1]); err != nil {
			return fmt.Errorf("host: %w", err)
		}
		fmt.Println("ok host")
		return nil
	case len(args) == 1 && args[0] == "codec":
		if err := codecCheck(); err != nil {
			return err
		}
		fmt.Println("ok codec")
		return nil
	}
	return errors.New("usage: grpcgo serve IMPL | client IMPL ADDR CHECK | host ADDR | codec")
}

// grpcGoCodec is grpc-go's own "proto" codec, the one protobindgrpc registered over and
// delegates to. The official server uses it directly, so nothing of protobind's touches
// its side of the wire. Two protobindgrpc packages are linked (the corpus' and the
// dogfood's), each registered over the one before: follow the Fallback chain.
func grpcGoCodec() encoding.CodecV2 {
	c := encoding.GetCodecV2(protobindgrpc.Name)
	for {
		v := reflect.ValueOf(c)
		if v.Kind() != reflect.Struct || !v.FieldByName("Fallback").IsValid() {
			return c
		}
		c = v.FieldByName("Fallback").Interface().(encoding.CodecV2)
	}
}

func serve(impl string) error {
	var s *grpc.Server
	switch impl {
	case "protobind":
		s = grpc.NewServer()
		registerProtobind(s)
	case "official":
		s = grpc.NewServer(grpc.ForceServerCodecV2(grpcGoCodec()))
		registerOfficial(s)
	case "plugin":
		s = grpc.NewServer()
		pluginv1.RegisterDomainPluginServiceServer(s, &plugin{})
	default:
		return fmt.Errorf("unknown implementation %q", impl)
	}
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	done := make(chan error, 1)
	go func() { done <- s.Serve(lis) }()
	w := bufio.NewWriter(os.Stdout)
	fmt.Fprintln(w, "listening", lis.Addr().String())
	if err := w.Flush(); err != nil {
		return err
	}
	_, _ = io.Copy(io.Discard, os.Stdin) // until the test closes stdin
	s.Stop()
	if err := <-done; err != nil && !errors.Is(err, grpc.ErrServerStopped) {
		return err
	}
	return nil
}

func client(impl, addr, check string) error {
	cc, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		return err
	}
	defer cc.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	ctx = metadata.AppendToOutgoingContext(ctx, "x-client", impl, "x-trace", "t-1")
	var checks map[string]func(context.Context, *grpc.ClientConn) error
	switch impl {
	case "protobind":
		checks = protobindChecks
	case "official":
		checks = officialChecks
	default:
		return fmt.Errorf("unknown implementation %q", impl)
	}
	if check == "bad_bytes" {
		return badBytes(ctx, cc)
	}
	f, ok := checks[check]
	if !ok {
		return fmt.Errorf("unknown check %q", check)
	}
	return f(ctx, cc)
}

// -- what both implementations share ---------------------------------------------------

// summary is the server's account of a request, in one form for both type families:
// the client compares it with its own account of what it sent.
func summary(text string, repeat int32, blob []byte, sent *time.Time, labels map[string]string,
	numbers []int64, extra string) string {
	keys := make([]string, 0, len(labels))
	for k := range labels {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	pairs := make([]string, len(keys))
	for i, k := range keys {
		pairs[i] = k + "=" + labels[k]
	}
	at := "unset"
	if sent != nil {
		at = sent.UTC().Format(time.RFC3339Nano)
	}
	return fmt.Sprintf("text=%q repeat=%d blob=%x sent=%s labels=%v numbers=%v extra=%s",
		text, repeat, blob, at, pairs, numbers, extra)
}

// seen lists the request metadata the server saw, keys starting with "x-".
func seen(ctx context.Context) []string {
	md, _ := metadata.FromIncomingContext(ctx)
	var out []string
	for k, vs := range md {
		if strings.HasPrefix(k, "x-") {
			for _, v := range vs {
				out = append(out, k+"="+v)
			}
		}
	}
	sort.Strings(out)
	return out
}

func deadlineLeft(ctx context.Context) float64 {
	d, ok := ctx.Deadline()
	if !ok {
		return 0
	}
	return time.Until(d).Seconds()
}

// failure is the error Fail answers with for a status code: none for 0, a plain Go error
// for 2 (UNKNOWN, as grpc-go makes of any error that is not a status), else a status
// with an ErrorInfo detail.
func failure(code int32) error {
	switch code {
	case 0:
		return nil
	case int32(codes.Unknown):
		return errors.New("plain error")
	}
	st := status.New(codes.Code(code), "failed with "+strconv.Itoa(int(code)))
	st, err := st.WithDetails(&errdetails.ErrorInfo{
		Reason:   "FAIL_WITH",
		Domain:   "protobind.test",
		Metadata: map[string]string{"code": strconv.Itoa(int(code))},
	})
	if err != nil {
		return err
	}
	return st.Err()
}

// checkFailure checks the error a client got from Fail(code).
func checkFailure(code int32, err error) error {
	if code == 0 {
		return err
	}
	st, ok := status.FromError(err)
	if !ok {
		return fmt.Errorf("Fail(%d): not a status: %v", code, err)
	}
	if st.Code() != codes.Code(code) {
		return fmt.Errorf("Fail(%d): code %s, want %s", code, st.Code(), codes.Code(code))
	}
	if code == int32(codes.Unknown) {
		if st.Message() != "plain error" || len(st.Details()) != 0 {
			return fmt.Errorf("Fail(2): %q %v, want the plain error's text", st.Message(), st.Details())
		}
		return nil
	}
	if want := "failed with " + strconv.Itoa(int(code)); st.Message() != want {
		return fmt.Errorf("Fail(%d): message %q, want %q", code, st.Message(), want)
	}
	details := st.Details()
	if len(details) != 1 {
		return fmt.Errorf("Fail(%d): details %v, want one ErrorInfo", code, details)
	}
	info, ok := details[0].(*errdetails.ErrorInfo)
	if !ok || info.GetReason() != "FAIL_WITH" || info.GetMetadata()["code"] != strconv.Itoa(int(code)) {
		return fmt.Errorf("Fail(%d): detail %v", code, details[0])
	}
	return nil
}

func checkCode(what string, err error, want codes.Code) error {
	if got := status.Code(err); got != want {
		return fmt.Errorf("%s: code %s (%v), want %s", what, got, err, want)
	}
	return nil
}

// checkCallMetadata checks what the client saw of the server's header and trailer and
// what the server saw of the client's metadata and deadline.
func checkCallMetadata(impl string, header, trailer metadata.MD, trailerWant string, seen []string, left float64) error {
	if v := header.Get("x-server"); len(v) != 1 || (v[0] != "protobind" && v[0] != "official") {
		return fmt.Errorf("header x-server = %v", v)
	}
	if v := trailer.Get("x-trailer"); len(v) != 1 || v[0] != trailerWant {
		return fmt.Errorf("trailer x-trailer = %v, want %s", v, trailerWant)
	}
	want := []string{"x-client=" + impl, "x-trace=t-1"}
	if fmt.Sprint(seen) != fmt.Sprint(want) {
		return fmt.Errorf("server saw metadata %v, want %v", seen, want)
	}
	if left != -1 && (left <= 0 || left > 10) {
		return fmt.Errorf("server saw %.3fs left until the deadline, want (0, 10]", left)
	}
	return nil
}

// raw is a codec for []byte payloads, to put bytes on the wire that no message encodes.
type raw struct{}

func (raw) Name() string { return "proto" }
func (raw) Marshal(v any) (mem.BufferSlice, error) {
	return mem.BufferSlice{mem.SliceBuffer(*v.(*[]byte))}, nil
}
func (raw) Unmarshal(data mem.BufferSlice, v any) error {
	*v.(*[]byte) = data.Materialize()
	return nil
}

// badBytes: a request the server cannot decode (a length past the end) is INTERNAL,
// as grpc-go answers for its own codec's errors.
func badBytes(ctx context.Context, cc *grpc.ClientConn) error {
	in, out := []byte{0x0a, 0x05, 'a'}, []byte(nil)
	err := cc.Invoke(ctx, "/acme.stream.v1.EchoService/Unary", &in, &out, grpc.ForceCodecV2(raw{}))
	return checkCode("undecodable request", err, codes.Internal)
}

// Shared request values: every field kind the corpus has, with edge values.
var (
	sentAt  = time.Date(2026, 12, 7, 5, 30, 0, 123456789, time.UTC)
	blob    = allBytes()
	labels  = map[string]string{"a": "1", "b": "two", "ünï": "✓"}
	numbers = []int64{-1, 0, 1 << 62, -(1 << 62), -9223372036854775808}
)

func allBytes() []byte {
	b := make([]byte, 256)
	for i := range b {
		b[i] = byte(i)
	}
	return b
}
