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
    if not sandbox:
        from .package import open_package
        open_package(A, G, libs)
