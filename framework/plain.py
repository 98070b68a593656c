"""Plain data: the only kind of value that crosses between arenas or reaches disk.

Events travel from one mod's arena to another's, and ``storage`` tables are saved to
files.  Neither may carry a function, a coroutine or userdata, and neither may share
a table between arenas (one mod could then mutate another's state).  So both go
through :func:`to_plain`, which turns a Lua value into fresh Python data (a deep copy
by construction), refusing anything that is not nil, a boolean, a number, a string or
a table of those; a receiving arena rebuilds its own tables from that data.

Lua strings are bytes; they become ``str`` when they are valid UTF-8 and stay
``bytes`` otherwise, so nothing is lost.
"""
from __future__ import annotations

from typing import Any

__all__ = ["PlainDataError", "to_plain", "lua_type_name", "to_text"]

PlainData = Any  # None | bool | int | float | str | bytes | list[PlainData] | dict[key, PlainData]
_SCALARS = (type(None), bool, int, float, str)


class PlainDataError(ValueError):
    """A value is not plain data; the message says where (``storage.items[3]``) and what."""


def lua_type_name(value: Any) -> str:
    """A Lua-ish type name for a Python-side value, for error messages."""
    if value is None:
        return "nil"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, (str, bytes)):
        return "string"
    if isinstance(value, (dict, list, tuple)):
        return "table"
    declared = getattr(value, "lua_type", None)  # VM handles know their Lua type
    if isinstance(declared, str):
        return declared
    cls = type(value).__name__.lower()
    for word, name in (("coroutine", "thread"), ("thread", "thread"), ("userdata", "userdata"),
                       ("function", "function"), ("builtin", "function")):
        if word in cls:
            return name
    return "function" if callable(value) else f"userdata ({type(value).__name__})"


def to_text(value: Any) -> str:
    """A Lua string (bytes) or Python str as text; other values via ``str``."""
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return value if isinstance(value, str) else str(value)


def _key_label(key: Any) -> str:
    if isinstance(key, str) and key.isidentifier():
        return f".{key}"
    return f"[{key!r}]"


def to_plain(value: Any, where: str = "value") -> PlainData:
    """Deep-copy ``value`` into plain Python data, or raise :class:`PlainDataError`.

    ``where`` names the value in messages (``"storage"`` gives ``storage.a[2]``).
    Table handles are unwrapped through their ``to_python()`` method."""
    return _convert(value, where, set())


def _convert(value: Any, where: str, active: set[int]) -> PlainData:
    if isinstance(value, _SCALARS):
        if isinstance(value, float) and value != value:
            return value  # NaN is a number; JSON-side encoding handles it
        return value
    if isinstance(value, bytes):
        try:
            return value.decode("utf-8")
        except UnicodeDecodeError:
            return bytes(value)
    if hasattr(value, "to_python") and not isinstance(value, (dict, list, tuple)):
        marker = id(value)
        if marker in active:
            raise PlainDataError(f"{where} contains itself (tables with cycles cannot be copied)")
        active.add(marker)
        try:
            try:
                converted = value.to_python()
            except (ValueError, TypeError, RecursionError) as exc:
                raise PlainDataError(f"{where}: {exc}") from None
            return _convert(converted, where, active)
        finally:
            active.discard(marker)
    if isinstance(value, (dict, list, tuple)):
        marker = id(value)
        if marker in active:
            raise PlainDataError(f"{where} contains itself (tables with cycles cannot be copied)")
        active.add(marker)
        try:
            if isinstance(value, dict):
                out: dict[Any, PlainData] = {}
                for key, item in value.items():
                    plain_key = _convert(key, f"{where} (a key)", active)
                    if isinstance(plain_key, (dict, list)) or plain_key is None:
                        raise PlainDataError(f"{where} has a {lua_type_name(key)} key; "
                                             "only strings, numbers and booleans can be keys")
                    out[plain_key] = _convert(item, where + _key_label(plain_key), active)
                return out
            return [_convert(item, f"{where}[{i + 1}]", active) for i, item in enumerate(value)]
        finally:
            active.discard(marker)
    raise PlainDataError(f"{where} is a {lua_type_name(value)}; only plain data "
                         "(nil, booleans, numbers, strings and tables of those) can be copied")
