"""The Lua standard library, one module per Lua library."""
from __future__ import annotations


def open_libs(A, sandbox: bool = True) -> None:
    """Populate arena ``A``'s globals with the standard library.

    The sandbox gets base (minus dofile/loadfile), coroutine, string (no
    dump), table, math, utf8 and the safe part of os.
    """
    from .base import open_base
    from .lcoroutine import open_coroutine
    from .lmath import open_math
    from .los import open_os
    from .lstring import make_string_meta, open_string
    from .ltable import open_table
    from .lutf8 import open_utf8
    G = open_base(A, sandbox)
    libs = {
        b"coroutine": open_coroutine(A),
        b"string": open_string(A),
        b"table": open_table(A),
        b"math": open_math(A),
        b"utf8": open_utf8(A),
        b"os": open_os(A, sandbox),
    }
    A.strmeta = make_string_meta(A, libs[b"string"])
    if sandbox:
        libs[b"string"].hash.pop(b"dump", None)     # no string.dump in the sandbox
    if not sandbox:
        from .lio import open_io
        libs[b"io"] = open_io(A)
        from .ldebug import open_debug
        from .. import dump
        libs[b"debug"] = open_debug(A)
        A.dump_function = lambda fn, strip=False: dump.dump_function(A, fn, strip)
        A.load_binary = lambda src, name, env: dump.load_binary(A, src, name, env)
    for name, t in libs.items():
        G.hash[name] = t
    _mark_pure(G, libs)
    if not sandbox:
        from .package import open_package
        open_package(A, G, libs)


#: Builtins without side effects (they may read tables, raise errors and
#: charge fuel): plain twins of pure Lua functions may call them.
_PURE = {
    None: ("assert", "getmetatable", "ipairs", "next", "rawequal", "rawget", "rawlen",
           "select", "tonumber", "type"),
    b"math": ("abs", "acos", "asin", "atan", "ceil", "cos", "deg", "exp", "floor", "fmod",
              "log", "max", "min", "modf", "rad", "sin", "sqrt", "tan", "tointeger", "type",
              "ult", "pow", "frexp", "ldexp", "log10", "sinh", "cosh", "tanh"),
    b"string": ("byte", "char", "len", "lower", "pack", "packsize", "rep", "reverse", "sub",
                "unpack", "upper"),
    b"table": ("pack",),
    b"utf8": ("char", "codepoint", "codes", "len", "offset"),
}


def _mark_pure(G, libs) -> None:
    from ..runtime.values import Builtin
    for lib, names in _PURE.items():
        t = G if lib is None else libs[lib]
        for name in names:
            f = t.hash.get(name.encode())
            if f.__class__ is Builtin:
                f.pure = 1
    f = G.hash.get(b"setmetatable")
    if f.__class__ is Builtin:
        f.pure = 2
