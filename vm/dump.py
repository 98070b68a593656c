"""``string.dump`` and loading binary chunks.

Compiled functions are Python code, so a binary chunk does not hold byte
code: it holds the Lua source text of the function's whole chunk plus which
function of that chunk it is.  Loading compiles the chunk again (cached per
arena) and instantiates that function's closure factory with fresh
upvalues, the first one set to the environment as ``load`` does.  Line
numbers, names and behaviour are therefore those of the original.

Format (all integers little endian)::

    "\\27Lua" 0x54 0x00 "\\x19\\x93\\r\\n\\x1a\\n" 4 8 8   -- Lua 5.4's header
    int64 0x5678, double 370.5                          -- LUAC_INT, LUAC_NUM
    u8    number of upvalues                             -- as in Lua 5.4
    "MBX1"                                               -- moonbox payload
    u8    flags (1 = stripped)
    u32+bytes  chunk name,  u32+bytes  function id (``lf_N``),
    u32+bytes  chunk source

A stripped chunk keeps line-defined information but loses its chunk name
(``?``), its line numbers (errors read ``?:-1:``), local and upvalue names.
Variable names inside runtime error messages are compiled into the code
and stay.
"""
from __future__ import annotations

import re
import struct

from .runtime.errors import LuaError
from .runtime.values import LuaFunction

HEADER = (b"\x1bLua\x54\x00\x19\x93\r\n\x1a\n\x04\x08\x08"
          + struct.pack("<q", 0x5678) + struct.pack("<d", 370.5))
MAGIC = b"MBX1"
_PYNAME = re.compile(rb"^lf_[0-9]+$")
_CACHE_MAX = 16


def dump_function(A, fn, strip=False) -> bytes:
    """The binary chunk of a Lua function (LuaError for anything else)."""
    p = getattr(fn, "proto", None) if fn.__class__ is LuaFunction else None
    src = p.chunk.source if p is not None else None
    if p is None or src is None or p.pyname is None:
        raise LuaError(b"unable to dump given function")
    strip = bool(strip) or p.chunk.stripped
    name = b"=?" if strip else p.chunk.chunkname.encode("utf-8", "surrogateescape")
    pyname = p.pyname.encode()
    out = [HEADER, bytes([len(p.upvalnames) & 0xFF]), MAGIC, bytes([1 if strip else 0])]
    for part in (name, pyname, src):
        out.append(struct.pack("<I", len(part)))
        out.append(part)
    return b"".join(out)


class _Reader:
    def __init__(self, data: bytes, name: bytes):
        self.data = data
        self.pos = 0
        self.name = name

    def error(self, why: str):
        raise LuaError(self.name + b": bad binary format (" + why.encode() + b")")

    def take(self, n: int) -> bytes:
        if self.pos + n > len(self.data):
            self.error("truncated chunk")
        b = self.data[self.pos:self.pos + n]
        self.pos += n
        return b

    def literal(self, lit: bytes, why: str):
        if self.take(len(lit)) != lit:
            self.error(why)

    def string(self) -> bytes:
        (n,) = struct.unpack("<I", self.take(4))
        return self.take(n)


def _display_name(name: bytes) -> bytes:
    if name[:1] in (b"@", b"="):
        return name[1:]
    if name[:1] == b"\x1b":
        return b"binary string"
    return name


def load_binary(A, data: bytes, name: bytes, env):
    """``load`` of a binary chunk: the function, or LuaError."""
    r = _Reader(data, _display_name(name))
    r.literal(b"\x1bLua", "not a binary chunk")
    r.literal(b"\x54", "version mismatch")
    r.literal(b"\x00", "format mismatch")
    r.literal(b"\x19\x93\r\n\x1a\n", "corrupted chunk")
    r.literal(b"\x04", "Instruction size mismatch")
    r.literal(b"\x08", "lua_Integer size mismatch")
    r.literal(b"\x08", "lua_Number size mismatch")
    r.literal(struct.pack("<q", 0x5678), "integer format mismatch")
    r.literal(struct.pack("<d", 370.5), "float format mismatch")
    nups = r.take(1)[0]
    r.literal(MAGIC, "not a moonbox chunk")
    flags = r.take(1)[0]
    chunkname = r.string()
    pyname = r.string()
    source = r.string()
    if flags > 1 or not _PYNAME.match(pyname):
        r.error("corrupted chunk")
    strip = bool(flags & 1)
    ns = _compiled(A, source, chunkname.decode("utf-8", "surrogateescape"), strip)
    key = pyname.decode()
    mk = ns.get("mk_" + key)
    proto = ns.get("P_" + key)
    if mk is None or proto is None or len(proto.upvalnames) != nups:
        r.error("corrupted chunk")
    cells = [[None] for _ in range(nups)]
    if cells:
        cells[0][0] = env
    made = mk(*cells)
    if made.__class__ is LuaFunction:   # a nested function's factory builds the closure
        return made
    return LuaFunction(made, proto)


def _compiled(A, source: bytes, chunkname: str, strip: bool) -> dict:
    """The namespace of the compiled chunk (cached per arena)."""
    from .compiler import compile_lua
    cache = getattr(A, "_dump_cache", None)
    if cache is None:
        cache = A._dump_cache = {}
    key = (strip, chunkname, source)
    ns = cache.get(key)
    if ns is not None:
        return ns
    main = compile_lua(A, source, chunkname, None)
    ns = main.fn.__globals__
    info = main.proto.chunk
    if info.source is None:
        info.source = source
    if strip:
        info.stripped = True
        info.lines = [-1] * len(info.lines)
        info.calls = {}
    if len(cache) >= _CACHE_MAX:
        cache.pop(next(iter(cache)))
    cache[key] = ns
    return ns


def load_chunk(A, src: bytes, name: bytes, mode: bytes, env, allowed: bytes = None):
    """``lua_load``: the function of chunk ``src`` (text, or binary when it
    starts with ESC) named ``name``, its first upvalue set to ``env`` -- even
    nil, as ``load(s, name, mode, nil)`` does.  ``mode`` is the caller's mode
    string ("b", "t", "bt"), quoted in errors; ``allowed`` (default ``mode``)
    what may actually load.  Raises LuaError with lua_load's message."""
    if allowed is None:
        allowed = mode
    if src[:1] == b"\x1b":
        if b"b" not in allowed:
            raise LuaError(b"attempt to load a binary chunk (mode is '%s')" % mode)
        loader = getattr(A, "load_binary", None)
        if loader is None:
            raise LuaError(b"binary chunks are not supported")
        return loader(src, name, env)
    if b"t" not in allowed:
        raise LuaError(b"attempt to load a text chunk (mode is '%s')" % mode)
    from .compiler import compile_lua
    fn = compile_lua(A, src, name.decode("utf-8", "surrogateescape"), env)
    if env is None:     # compile_lua reads None as "the globals"
        _set_env(fn, None)
    return fn


def _set_env(fn, env) -> None:
    """Set the ``_ENV`` upvalue of a freshly compiled main chunk."""
    p = fn.proto
    if not p.upvalpynames:
        return
    pyname = p.upvalpynames[0]
    for var, cell in zip(fn.fn.__code__.co_freevars, fn.fn.__closure__ or ()):
        if var == pyname:
            cell.cell_contents[0] = env
            return
