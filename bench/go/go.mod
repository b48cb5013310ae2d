// Pins the Go generator protobind is benchmarked against. bench/run.py builds it with
// `go build -o build/bench/bin/protoc-gen-go google.golang.org/protobuf/cmd/protoc-gen-go`
// from this folder, so the version and checksums come from here (go.mod + go.sum).
module protobind.dev/bench/tools

go 1.24

tool google.golang.org/protobuf/cmd/protoc-gen-go

require google.golang.org/protobuf v1.36.12 // indirect
