module protobind.test/grpcgo

go 1.26.0

require (
	github.com/protobind/protobind/generated/go v0.0.0
	google.golang.org/genproto/googleapis/rpc v0.0.0-20260817212433-ac3dfec99bb1
	google.golang.org/grpc v1.85.0
	google.golang.org/protobuf v1.36.12
)

require (
	golang.org/x/net v0.60.0 // indirect
	golang.org/x/sys v0.48.0 // indirect
	golang.org/x/text v0.42.0 // indirect
)

// protobind's own committed bindings (schemas/ -> generated/go), from this checkout: the
// path holds from tests/grpc/go and from the build copy in build/grpc-go/src alike.
replace github.com/protobind/protobind/generated/go => ../../../generated/go
