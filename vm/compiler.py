"""Source text → callable Lua function: parse, generate Python, compile.

This is the only module that runs the whole pipeline (parser → constant
folding → codegen → ``compile``); the result is a :class:`LuaFunction`
whose upvalue ``_ENV`` is the given environment table.
"""
from __future__ import annotations

import itertools
import os
import warnings

from .codegen import INTRINSICS, INLINE_BUILTINS, CodeGen, helpers
from .constfold import fold_constants
from .parser import parse
from .runtime.debuginfo import CHUNKS, ChunkInfo
from .runtime.errors import LuaSyntaxError, chunkid, chunkid_bytes
from .runtime.values import LuaFunction, Proto

_counter = itertools.count(1)
DUMP_ENV = "MOONBOX_DUMP_CODE"
"""Set this environment variable to a directory to dump generated code."""


_NO_BUILTIN = object()     # matches no callee (the arena has no such builtin)


def compile_lua(A, source: bytes, chunkname: str, env=None) -> LuaFunction:
    """Compile a chunk for arena ``A``; ``env`` defaults to its globals.

    Raises LuaSyntaxError with Lua's message on bad source.
    """
    if isinstance(source, str):
        source = source.encode("utf-8", "surrogateescape")
    if "\0" in chunkname:          # lua_load keeps the name as a C string
        chunkname = chunkname[:chunkname.index("\0")]
    A.F[0] -= 500 + (len(source) >> 2)   # compiling is slow: ~1 ms per small chunk
    mem = A.mem
    metered = mem.limit is not None and hasattr(mem, "note_chunk")
    if metered:                     # compiling needs ~200 bytes per source byte
        mem.check(len(source) * 200)
    chunk = parse(source, chunkname)
    if metered:
        from .memory import chunk_weight
        mem.note_chunk(chunk_weight(chunk))
    fold_constants(chunk)
    gen = CodeGen(chunk)
    try:
        pysrc, lines, calls, protos = gen.generate()
    except RecursionError:
        raise LuaSyntaxError(chunkid_bytes(chunkname) + b": chunk has too many syntax levels") from None
    filename = "<lua#%d>" % next(_counter)
    dump = os.environ.get(DUMP_ENV)
    if dump:
        try:
            os.makedirs(dump, exist_ok=True)
            with open(os.path.join(dump, filename.strip("<>").replace("#", "_") + ".py"), "w") as f:
                f.write("# chunk %s\n" % chunkname)
                f.write(pysrc)
        except OSError as e:        # a debugging aid: never fails the load
            import logging
            logging.getLogger("vm").warning("cannot dump generated code to %s: %s", dump, e)
    try:
        with warnings.catch_warnings():
            # e.g. "is" with a literal in `if 1 == nil`: valid, just silly Lua
            warnings.simplefilter("ignore", SyntaxWarning)
            code = compile(pysrc, filename, "exec")
    except (SyntaxError, RecursionError, MemoryError) as e:
        msg = str(e)
        if not ("nested" in msg or "indentation" in msg or isinstance(e, (RecursionError, MemoryError))):
            import logging
            logging.getLogger("vm").error("generated code failed to compile: %s", e)
        raise LuaSyntaxError(("%s: chunk has too many nested control structures"
                              % chunkid(chunkname)).encode()) from None
    info = ChunkInfo(chunkname, chunkid(chunkname), source)
    info.lines = lines
    info.calls = calls
    ns = helpers()
    ns["__builtins__"] = {}
    ns["A"] = A
    ns["F"] = A.F
    ns["FC"] = A.P.pop
    ns["REFILL"] = A.refill
    ns["REFILL_T"] = A.refill_t
    ns["HK"] = A.HK
    for name in (*INTRINSICS, *INLINE_BUILTINS):
        ns["B_" + name] = A.intrinsics.get(name, _NO_BUILTIN)
    main_proto = None
    for pyname, node in protos.items():
        p = Proto(node.name or None, info, node.line, node.end_line,
                  len(node.params), node.is_vararg,
                  [v.name for v in node.upvals], chunkname)
        p.upvalpynames = ["U_" + v.pyname for v in node.upvals]
        p.locvars = [(v.name, v.pyname, v.captured, v.line)
                     for v in node.__dict__.get("locvars", ())]
        p.pyname = pyname
        p.effectful = bool(node.__dict__.get("effectful"))
        ns["P_" + pyname] = p
        info.funcs[pyname] = p
        if node is chunk.func:
            main_proto = p
            p.name = "main chunk"
    exec(code, ns)
    CHUNKS[filename] = info
    envcell = [A.globals if env is None else env]
    fn = ns["make_main"](envcell)
    return LuaFunction(fn, main_proto)
