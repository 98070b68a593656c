"""The VM's exception hierarchy and chunk-name formatting.

Only these exceptions ever leave the VM towards a host.  A Lua error carries
a Lua value (``value``), not a Python object, so nothing of Python leaks to a
script that catches it with ``pcall``.
"""
from __future__ import annotations

LUA_IDSIZE = 60


def chunkid(source: str) -> str:
    """Format a chunk name for messages, as ``luaO_chunkid`` does.

    ``"=name"`` is used verbatim, ``"@file"`` is a file name (shortened from
    the left), anything else is source text shown as ``[string "..."]``.
    """
    if source.isascii():
        return _chunkid(source)
    raw = chunkid_bytes(source)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        # the cut split a character: drop its bytes here (a str must be
        # encodable as UTF-8); chunkid_bytes keeps them for syntax errors
        if any("\udc80" <= c <= "\udcff" for c in source):
            return raw.decode("utf-8", "surrogateescape")
        return raw.decode("utf-8", "ignore")


def chunkid_bytes(source: str) -> bytes:
    """:func:`chunkid` as the exact bytes ``luaO_chunkid`` produces (its
    lengths count bytes of the UTF-8, surrogateescape, encoded name)."""
    raw = source.encode("utf-8", "surrogateescape")
    return _chunkid(raw.decode("latin-1")).encode("latin-1")


def _chunkid(source: str) -> str:
    if source.startswith("="):
        return source[1:1 + LUA_IDSIZE - 1]
    if source.startswith("@"):
        name = source[1:]
        if len(name) <= LUA_IDSIZE - 1:
            return name
        return "..." + name[-(LUA_IDSIZE - 1 - 3):]
    first = source.split("\n", 1)[0]
    limit = LUA_IDSIZE - len('[string "...') - len('"]') - 1
    if len(first) < len(source) or len(first) >= limit:
        return '[string "' + first[:limit] + '..."]'
    return '[string "' + first + '"]'


class LuaError(Exception):
    """A Lua error.  ``value`` is the Lua error value (often a message
    string with ``chunk:line:`` in front); ``traceback`` is the Lua stack
    traceback text when known."""

    def __init__(self, value=None, traceback: str | None = None):
        super().__init__(value)
        self.value = value
        self.traceback = traceback
        self.lua_traceback_frames = None
        # [(frame, python line), ...] of each segment the executor threw
        # this error into (outermost first), for rebuilding its stack:
        # see ``vm.stdlib.ldebug.error_frames``
        self.thrown = None

    def __str__(self) -> str:
        v = self.value
        if isinstance(v, bytes):
            return v.decode("utf-8", "surrogateescape")
        if isinstance(v, str):
            return v
        if v is None:
            return "nil"
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, (int, float)):
            from .numbers import tostr
            return tostr(v).decode()
        return "(error object is a %s value)" % type_name_of(v)


def type_name_of(v) -> str:
    from .values import lua_type
    return lua_type(v)


class LuaSyntaxError(LuaError):
    """A chunk failed to compile; the message reads ``chunk:line: msg near 'tok'``."""


class LuaMemoryError(LuaError):
    """The arena's memory limit was hit ("not enough memory")."""

    def __init__(self, value=b"not enough memory", traceback=None):
        super().__init__(value, traceback)


class FuelExhausted(Exception):
    """A synchronous call ran out of its fuel budget before finishing."""
