"""The Rust target (DESIGN §10): prost structs and enums, serde ProtoJSON over a small
runtime module (`protobindrt.rs`) emitted into `out`, tonic service traits and clients."""

from codegen.targets.rust.target import TARGET, RustTarget

__all__ = ["TARGET", "RustTarget"]
