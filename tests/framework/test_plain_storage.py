"""Plain-data copies (framework.plain) and the save-file encoding (framework.api.storage)."""
from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from framework.api.storage import SAVE_FORMAT, Storage, StorageError, decode, encode
from framework.plain import PlainDataError, to_plain


class FakeTable:
    """Stands in for a VM table handle (anything with ``to_python``)."""

    def __init__(self, value: object):
        self.value = value

    def to_python(self) -> object:
        return self.value


def test_to_plain_copies_deeply() -> None:
    inner = {"a": [1, 2]}
    data = {"x": inner, "t": FakeTable({b"k": b"v", 1: 2.5})}
    plain = to_plain(data)
    assert plain == {"x": {"a": [1, 2]}, "t": {"k": "v", 1: 2.5}}
    assert plain["x"] is not inner and plain["x"]["a"] is not inner["a"]


def test_to_plain_keeps_non_utf8_bytes() -> None:
    assert to_plain(b"\xff\x00") == b"\xff\x00"


@pytest.mark.parametrize("value, message", [
    ({"f": print}, "storage.f is a function"),
    ({"deep": [1, {"g": lambda: 0}]}, "storage.deep[2].g is a function"),
    ({"o": object()}, "storage.o is a userdata"),
    ({(1, 2): 3}, "key"),
])
def test_to_plain_refuses_non_plain(value: object, message: str) -> None:
    with pytest.raises(PlainDataError, match=message.replace("[", r"\[").replace("]", r"\]")):
        to_plain(value, "storage")


def test_to_plain_refuses_cycles() -> None:
    a: dict = {}
    a["self"] = a
    with pytest.raises(PlainDataError, match="contains itself"):
        to_plain(a, "storage")


def test_encode_round_trips_what_json_cannot_say() -> None:
    data = {"s": "text", "i": 1, "f": 1.0, "inf": math.inf, "ninf": -math.inf, "raw": b"\xff",
            "list": [1, "two", None, True], 3: "int key", 2.5: "float key", True: "bool key",
            "$weird": "dollar", "nested": {"a": {1: {"b": []}}}}
    text = json.dumps(encode(data), allow_nan=False)
    back = decode(json.loads(text))
    assert back == data
    assert isinstance(back["f"], float) and isinstance(back["i"], int)
    assert math.isnan(decode(json.loads(json.dumps(encode(math.nan)))))


@pytest.mark.parametrize("content, message", [
    ("not json", "cannot read save file"),
    ('{"format": "other", "version": 1, "mods": {}}', "not a moonbox save file"),
    (f'{{"format": "{SAVE_FORMAT}", "version": 99, "mods": {{}}}}', "version 99 is not supported"),
    (f'{{"format": "{SAVE_FORMAT}", "version": 1, "mods": []}}', "'mods' must be a mapping"),
    (f'{{"format": "{SAVE_FORMAT}", "version": 1, "mods": {{"a": {{}}}}}}', "has no storage"),
])
def test_bad_save_files(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "save.json"
    path.write_text(content)
    with pytest.raises(StorageError, match=message):
        Storage().read(path)


def test_missing_save_file(tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="cannot read"):
        Storage().read(tmp_path / "nope.json")
