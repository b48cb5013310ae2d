"""The generated Python API in use: the golden packages, imported for real."""

from __future__ import annotations

import datetime as dt
import importlib
import json
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture(scope="module")
def golden(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, ModuleType]]:
    root = tmp_path_factory.mktemp("golden-import")
    for case in ("basic", "wkt", "oneofs", "proto2", "names"):
        shutil.copytree(GOLDEN / case / "expected", root / f"golden_{case}")
    sys.path.insert(0, str(root))
    importlib.invalidate_caches()
    try:
        yield {
            "rt": importlib.import_module("golden_wkt._protobind"),
            "order": importlib.import_module("golden_basic.acme.shop.v1.order"),
            "money": importlib.import_module("golden_basic.acme.common.v1.money"),
            "wkt": importlib.import_module("golden_wkt.wkt"),
            "shapes": importlib.import_module("golden_oneofs.shapes"),
            "legacy": importlib.import_module("golden_proto2.legacy"),
            "names": importlib.import_module("golden_names.class_"),
        }
    finally:
        sys.path.remove(str(root))


def test_message_basics(golden: dict[str, ModuleType]) -> None:
    order = golden["order"]
    o = order.Order(id_="o-1", lines=[order.Order.Line(sku="a", quantity=2)], type_="t")
    assert o == order.Order.from_json(o.to_json())
    assert o.to_dict() == {"id": "o-1", "lines": [{"sku": "a", "quantity": 2}], "type": "t"}
    with pytest.raises(TypeError):
        order.Order("positional")  # keyword-only construction
    assert order.Order().lines is not order.Order().lines  # fresh defaults
    rt = importlib.import_module("golden_basic._protobind")
    assert rt.REGISTRY["acme.shop.v1.Order.Line"] is order.Order.Line


def test_json_keys_stay_proto_names(golden: dict[str, ModuleType]) -> None:
    names = golden["names"]
    m = names.str_(from_="x", self_="s", case_=names.match_.True_, list_=3)
    assert m.to_dict() == {"from": "x", "self": "s", "case": "True", "list": 3}
    assert names.str_.from_json('{"from": "x", "case": "value"}').case_ is names.match_.value_


def test_open_enums_keep_unknown_numbers(golden: dict[str, ModuleType]) -> None:
    order = golden["order"]
    state = order.Order.State(42)
    assert state == 42 and isinstance(state, order.Order.State)
    assert order.Order(state=state).to_dict() == {"state": 42}
    assert order.Order.from_json('{"state": 43}').state == 43
    legacy = golden["legacy"]
    with pytest.raises(ValueError):
        legacy.Mode(42)  # closed
    with pytest.raises(importlib.import_module("golden_proto2._protobind").DecodeError):
        legacy.Config.from_json('{"mode": 42}')


def test_oneofs(golden: dict[str, ModuleType]) -> None:
    shapes = golden["shapes"]
    s = shapes.Shape(circle=shapes.Circle(radius=1.0), hex_="#fff")
    assert s.which_kind() == "circle" and s.which_color() == "hex_"
    assert shapes.Shape().which_kind() is None
    rt = importlib.import_module("golden_oneofs._protobind")
    with pytest.raises(rt.EncodeError, match="kind"):
        shapes.Shape(label="a", code=1).to_json()
    with pytest.raises(rt.DecodeError, match="oneof kind"):
        shapes.Shape.from_json('{"label": "a", "code": "1"}')


def test_timestamp_and_duration(golden: dict[str, ModuleType]) -> None:
    rt = golden["rt"]
    ts = rt.Timestamp.from_rfc3339("2024-02-29T12:00:00.123456789+01:00")
    assert (ts.seconds, ts.nanos) == (1709204400, 123456789)
    assert ts.to_rfc3339() == "2024-02-29T11:00:00.123456789Z"
    assert ts.to_datetime() == dt.datetime(2024, 2, 29, 11, 0, 0, 123456, tzinfo=dt.timezone.utc)
    assert rt.Timestamp.from_datetime(dt.datetime(1970, 1, 1, 0, 0, 1)) == rt.Timestamp(1, 0)
    assert rt.Timestamp(1, 5) < rt.Timestamp(2, 0)
    assert rt.Timestamp.from_nanoseconds(-1) == rt.Timestamp(-1, 999_999_999)
    with pytest.raises(rt.EncodeError):
        rt.Timestamp(253402300800, 0).to_rfc3339()
    d = rt.Duration.from_timedelta(dt.timedelta(seconds=-1, microseconds=500))
    assert (d.seconds, d.nanos) == (0, -999_500_000) and d.to_string() == "-0.999500s"
    assert rt.Duration.from_string("315576000000.5s").to_timedelta() == dt.timedelta(
        seconds=315576000000, microseconds=500000
    )
    with pytest.raises(ValueError):
        rt.Duration.from_string("1.0000000001s")


def test_well_known_fields(golden: dict[str, ModuleType]) -> None:
    wkt, rt = golden["wkt"], golden["rt"]
    m = wkt.AllWellKnown(
        value=rt.NullValue.NULL_VALUE,
        struct={"n": 1, "l": [None, True]},
        mask=rt.FieldMask(("a.b_c",)),
        i64=5,
        by=b"\x00",
        any_=rt.Any.pack(rt.Duration(1, 0)),
        values=[None, "x"],
    )
    assert json.loads(m.to_json()) == {
        "value": None,
        "struct": {"n": 1.0, "l": [None, True]},
        "mask": "a.bC",
        "i64": "5",
        "by": "AA==",
        "any": {"@type": "type.googleapis.com/google.protobuf.Duration", "value": "1s"},
        "values": [None, "x"],
    }
    back = wkt.AllWellKnown.from_json(m.to_json())
    assert back.value is rt.NullValue.NULL_VALUE and back.any_ == m.any_
    assert wkt.AllWellKnown().to_dict() == {}  # a unset Value is None, not null
    packed = rt.Any.pack(back)
    assert packed.unpack(wkt.AllWellKnown) is back
    nested = rt.Any.pack_value("google.protobuf.Int64Value", 7)
    assert rt.enc_any(nested) == {
        "@type": "type.googleapis.com/google.protobuf.Int64Value",
        "value": "7",
    }


def test_decode_errors_name_the_path(golden: dict[str, ModuleType]) -> None:
    order = golden["order"]
    rt = importlib.import_module("golden_basic._protobind")
    with pytest.raises(rt.DecodeError) as info:
        order.Order.from_json('{"lines": [{"sku": "a"}, {"quantity": -1}]}')
    assert str(info.value) == "order.lines[1].quantity: -1 is out of range for uint32"
    assert info.value.path == "order.lines[1].quantity"
    with pytest.raises(rt.DecodeError, match="duplicate key"):
        order.Order.from_json('{"id": "a", "id": "b"}')
    assert order.Order.from_json('{"nope": 1}', ignore_unknown_fields=True) == order.Order()
