"""Reading protobuf varints from raw bytes: compile.py and plugin.py walk serialized
descriptors without parsing them (cheap to import: no protobuf)."""

from __future__ import annotations


def read_varint(data: bytes, i: int) -> tuple[int, int]:
    """The varint at `data[i]` and the index after it; IndexError when it runs off the end."""
    value = shift = 0
    while True:
        byte = data[i]
        i += 1
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, i
        shift += 7
