module protobind.test/conformance/testee

go 1.23

require (
	google.golang.org/protobuf v1.36.12
	protobind.test/conformance/gen v0.0.0
)
