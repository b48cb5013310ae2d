"""The Go target (DESIGN §4): structs, enums, oneof wrappers, service interfaces and the
ProtoJSON codec, over a small runtime package (`protobindrt`) emitted into `out`."""

from codegen.targets.go.target import GoTarget

TARGET = GoTarget()

__all__ = ["TARGET", "GoTarget"]
