"""protobind: .proto files as the single source of truth for Python, Go and TypeScript."""

__version__ = "0.1.0"
