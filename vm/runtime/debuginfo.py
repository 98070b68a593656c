"""Mapping running Python frames back to Lua positions.

Generated code does not track line numbers at run time.  Instead, every
compiled chunk registers a :class:`ChunkInfo` under the unique file name of
its Python code object, with a table from Python line to Lua line (and, for
call sites, the name Lua would give the called function).  Errors look up
their position by walking the Python frames only when they happen.
"""
from __future__ import annotations

import sys
import weakref

CHUNKS = weakref.WeakValueDictionary()
"""Python co_filename -> ChunkInfo of every live compiled chunk (a chunk's
functions and frames keep it alive through their globals, which hold its
Protos; dropped chunks leave, so ``load`` in a loop does not leak)."""

BOUNDARY: set = set()
"""Code objects of builtins that call functions (pcall, sort, ...): a Lua
error level counts them as one stack level, like a C function."""


class ChunkInfo:
    __slots__ = ("chunkname", "short", "lines", "calls", "funcs", "source",
                 "stripped", "scopes", "__weakref__")

    def __init__(self, chunkname: str, short: str, source=None):
        self.chunkname = chunkname
        self.short = short
        self.lines = []           # python line -> lua line
        self.calls = {}           # python line -> (namewhat, name)
        self.funcs = {}           # python function name -> Proto
        self.stripped = False     # loaded from a stripped binary chunk
        self.scopes = None        # lazily: see vm.stdlib.ldebug
        if source is None:
            source = _compiler_source()
        self.source = source      # the chunk's Lua source text (bytes)

    def lua_line(self, pyline: int) -> int:
        lines = self.lines
        if 0 <= pyline < len(lines):
            return lines[pyline]
        return -1


def _compiler_source():
    """The source text being compiled, when the caller is ``compile_lua``.

    ``string.dump`` and ``debug.getlocal`` need the chunk's text.  Until
    ``compile_lua`` passes it explicitly (``ChunkInfo(name, short, source)``)
    it is picked up from the compiling frame."""
    try:
        f = sys._getframe(2)
    except ValueError:
        return None
    if f.f_code.co_name == "compile_lua":
        src = f.f_locals.get("source")
        if src.__class__ is bytes:
            return src
    return None


def boundary(fn):
    """Mark a Python function as a builtin ("C function") level; Builtin
    and GenBuiltin register their functions automatically."""
    BOUNDARY.add(fn.__code__)
    return fn


def register_builtin(fn) -> None:
    code = getattr(fn, "__code__", None)
    if code is not None:
        BOUNDARY.add(code)


def _levels(start):
    """Yield (frame, ChunkInfo-or-None) for each Lua-visible stack level,
    innermost first, starting at the caller of the running function.

    Lua frames are levels; builtin frames are levels (``None`` info).  The
    running function itself (level 0) is skipped when it is a builtin."""
    f = start
    chunks = CHUNKS
    first = True
    while f is not None:
        code = f.f_code
        info = chunks.get(code.co_filename)
        if info is not None:
            first = False
            yield f, info
        elif code in BOUNDARY:
            if not first:
                yield f, None
            first = False
        f = f.f_back


def where(level: int = 1, start=None) -> str:
    """``luaL_where``: ``"chunk:line: "`` of the function at ``level``
    (1 = the Lua function that called the running builtin, or the running
    Lua function for runtime errors), or ``""`` for a builtin level."""
    if level <= 0:
        return ""
    f = start if start is not None else sys._getframe(1)
    n = 0
    for frame, info in _levels(f):
        n += 1
        if n == level:
            return "" if info is None else _position(info, frame.f_lineno)
    return ""


def _position(info, lineno: int) -> str:
    """``"chunk:line: "`` for Python line ``lineno`` of a chunk's code
    (``"chunk:-1: "`` when stripped, ``"chunk: "`` off any Lua line)."""
    line = info.lua_line(lineno)
    if line < 0:
        if info.stripped:
            return info.short + ":-1: "
        return info.short + ": "
    return "%s:%d: " % (info.short, line)


def running_where(start=None) -> str:
    """``luaG_runerror``'s position: ``"chunk:line: "`` of the innermost
    running function when it is Lua code, ``""`` when it is a builtin
    (a runtime error raised inside a C function, e.g. ``table.unpack(nil)``
    taking the length of nil, has no position in PUC Lua)."""
    f = start if start is not None else sys._getframe(1)
    chunks = CHUNKS
    while f is not None:
        code = f.f_code
        info = chunks.get(code.co_filename)
        if info is not None:
            return _position(info, f.f_lineno)
        if code in BOUNDARY:
            return ""
        f = f.f_back
    return ""


def caller_name(start=None):
    """(namewhat, name) of how the calling Lua code named the running
    builtin, or None when the caller is not Lua (e.g. pcall)."""
    f = start if start is not None else sys._getframe(1)
    for frame, info in _levels(f):
        if info is None:
            return None
        return info.calls.get(frame.f_lineno)
    return None


def current_line(start=None):
    """(ChunkInfo, line) of the innermost running Lua function, or None."""
    f = start if start is not None else sys._getframe(1)
    chunks = CHUNKS
    while f is not None:
        info = chunks.get(f.f_code.co_filename)
        if info is not None:
            return info, info.lua_line(f.f_lineno)
        f = f.f_back
    return None


def traceback_of(tb, limit: int = 22) -> list:
    """Lua frames ``[(short, line, fname)]`` of a Python traceback, innermost
    first."""
    out = []
    while tb is not None:
        code = tb.tb_frame.f_code
        info = CHUNKS.get(code.co_filename)
        if info is not None:
            proto = info.funcs.get(code.co_name)
            out.append((info.short, info.lua_line(tb.tb_lineno), proto))
        tb = tb.tb_next
    out.reverse()
    return out


def format_frames(frames) -> str:
    """Render frames as the body of a Lua ``stack traceback:``."""
    lines = ["stack traceback:"]
    for short, line, proto in frames:
        if proto is None or proto.name == "main chunk":
            what = "in main chunk"
        elif proto.name:
            what = "in function '%s'" % proto.name
        else:
            what = "in function <%s:%d>" % (short, proto.line)
        lines.append("\t%s:%d: %s" % (short, line, what))
    lines.append("\t[C]: in ?")
    return "\n".join(lines)
