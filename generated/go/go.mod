module github.com/protobind/protobind/generated/go

go 1.22
