from __future__ import annotations

import pytest

from codegen.naming import camel, go_camel, pascal, snake, upper_snake


@pytest.mark.parametrize(
    ("name", "snake_", "pascal_", "camel_"),
    [
        ("foo_bar", "foo_bar", "FooBar", "fooBar"),
        ("fooBar", "foo_bar", "FooBar", "fooBar"),
        ("FooBar", "foo_bar", "FooBar", "fooBar"),
        ("HTTPServer", "http_server", "HTTPServer", "hTTPServer"),
        ("foo_1", "foo_1", "Foo1", "foo1"),
        ("x", "x", "X", "x"),
        ("foo__bar", "foo_bar", "FooBar", "fooBar"),
        ("TLSConfig2", "tls_config2", "TLSConfig2", "tLSConfig2"),
    ],
)
def test_casing(name: str, snake_: str, pascal_: str, camel_: str) -> None:
    assert (snake(name), pascal(name), camel(name)) == (snake_, pascal_, camel_)


def test_upper_snake() -> None:
    assert upper_snake("fooBar") == "FOO_BAR"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        # Table from protoc-gen-go's GoCamelCase tests.
        ("one", "One"),
        ("one_two", "OneTwo"),
        ("_my_field_name_2", "XMyFieldName_2"),
        ("Something_Capped", "Something_Capped"),
        ("my_Name", "My_Name"),
        ("OneTwo", "OneTwo"),
        ("_", "X"),
        ("_a_", "XA_"),
        ("one.two", "OneTwo"),
        ("one.Two", "One_Two"),
        ("one_two.three_four", "OneTwoThreeFour"),
        ("one_two.Three_four", "OneTwo_ThreeFour"),
        ("_one._two", "XOne_XTwo"),
        ("SCREAMING_SNAKE_CASE", "SCREAMING_SNAKE_CASE"),
        ("double__underscore", "Double_Underscore"),
        ("camelCase", "CamelCase"),
        ("go2proto", "Go2Proto"),
        ("a2b", "A2B"),
    ],
)
def test_go_camel_matches_protoc_gen_go(name: str, expected: str) -> None:
    assert go_camel(name) == expected
