"""The ``debug`` library (outside the sandbox only).

Generated Lua functions are Python generators, so a Lua stack level is a
Python frame: the frames of the running segment are linked by ``f_back``;
older segments of the running thread and the stacks of suspended threads
are chains of suspended generators (``gi_frame``/``gi_yieldfrom``) kept by
the executor.  :func:`thread_frames` flattens all of that into one list of
Python frames, innermost first; a frame is a Lua level when its code
belongs to a compiled chunk (``debuginfo.CHUNKS``) and a "C" level when it
is a builtin (``debuginfo.BOUNDARY``); the main thread ends with the
host's C level (``[C]: in ?``).

Hooks use ``sys.settrace`` only while a hook is set (no cost otherwise):
Python ``call``/``return`` events of Lua and builtin frames become Lua
call/return events (generator suspensions and resumptions are filtered
out), Python ``line`` events of Lua frames are mapped to Lua lines through
``ChunkInfo.lines`` and fire the line hook when the Lua line changes (or on
a backward jump), and the count hook counts those Python line events, i.e.
executed statements rather than VM instructions.  The Lua hook runs
synchronously in a nested executor.

Writing a non-captured local of a running function (``setlocal``) goes
through ``PyFrame_LocalsToFast`` (ctypes, CPython <= 3.12) or the
write-through ``f_locals`` proxy (3.13+); captured locals are cells and
are written directly.
"""
from __future__ import annotations

import sys
import weakref

from ..runtime import ops
from ..runtime.argcheck import arg_error, check_int, check_str, type_error
from ..runtime.debuginfo import BOUNDARY, CHUNKS
from ..runtime.errors import LuaError
from ..runtime.numbers import tostr
from ..runtime.values import (
    Builtin,
    GenBuiltin,
    LuaFunction,
    LuaTable,
    Userdata,
    lua_type,
    rawset,
)

FUNCS = (LuaFunction, Builtin, GenBuiltin)


class LightUserdata(Userdata):
    """A light userdata (what ``upvalueid`` returns): compared by identity,
    no user values, metatable shared by all light userdata."""
    __slots__ = ()


class _Bottom:
    """The C level under the main chunk (the host that called it)."""
    __slots__ = ()
    f_code = None


BOTTOM = _Bottom()


# ---------------------------------------------------------------- frames

def _gen_frames(g) -> list:
    """Frames of a suspended ``yield from`` chain, innermost first."""
    out = []
    while g is not None:
        fr = getattr(g, "gi_frame", None)
        if fr is None:
            break
        out.append(fr)
        g = getattr(g, "gi_yieldfrom", None)
    out.reverse()
    return out


class TbFrame:
    """A frame an error went through, as its traceback entry saw it: the
    frame's own ``f_lineno`` has moved on to the handler that re-raised the
    error (a ``finally`` closing a loop's state, ...), ``tb_lineno`` is
    where the frame was when the error passed."""
    __slots__ = ("frame", "f_lineno")

    def __init__(self, frame, lineno):
        self.frame = frame
        self.f_lineno = lineno

    @property
    def f_code(self):
        return self.frame.f_code

    @property
    def f_locals(self):
        return self.frame.f_locals

    def __getattr__(self, name):
        return getattr(self.frame, name)


def _tb_frames(tb, skip, thrown=None):
    """Frames of traceback ``tb``, innermost first (without ``skip``);
    ``thrown`` is the error's ``LuaError.thrown``."""
    seq = []
    while tb is not None:
        fr = tb.tb_frame
        if fr is not skip:
            seq.append((fr, tb.tb_lineno))
        tb = tb.tb_next
    if thrown:
        seq = _fill_thrown(seq, thrown)
    arith_error = ops._arith_error.__code__
    for i in range(len(seq) - 1, -1, -1):
        if seq[i][0].f_code is arith_error:
            mm = _string_mm(seq[i][0].f_locals)
            if mm is not None:
                seq.insert(i, (mm, 0))
    out = [fr if lineno == fr.f_lineno or lineno is None else TbFrame(fr, lineno)
           for fr, lineno in seq]
    out.reverse()
    return out


def _string_arith(*args):
    """Stands for the string library's arithmetic metamethods (see
    :class:`StringMM`)."""


BOUNDARY.add(_string_arith.__code__)
_STRING_ARITH = frozenset((b"__add", b"__sub", b"__mul", b"__div", b"__mod",
                           b"__pow", b"__unm", b"__idiv"))


class StringMM:
    """The C level of a string's arithmetic metamethod: PUC Lua's VM does
    not convert strings to numbers, lstrlib's ``__add``... do, and raise
    the error when that fails.  moonbox converts in the VM, so a failed
    string arithmetic gets this stand-in level in tracebacks."""
    __slots__ = ("event", "f_locals")
    f_code = _string_arith.__code__
    f_lineno = 0
    f_back = None

    def __init__(self, event, args):
        self.event = event
        self.f_locals = {"args": args}


def _string_mm(loc):
    """The :class:`StringMM` level for an ``ops._arith_error`` frame's
    locals when a string's metamethod would have raised it, else None."""
    ev, a, b = loc.get("ev"), loc.get("a"), loc.get("b")
    if ev not in _STRING_ARITH or not (a.__class__ is bytes or b.__class__ is bytes):
        return None
    return StringMM(ev[2:].decode(), (a, b))


def _fill_thrown(seq, thrown):
    """Put back the frames a throw into a segment left out of the
    traceback ``seq`` (outermost first): a run of the segment's frames
    that stops short of its innermost one, followed by the executor (the
    error came from an inner segment) or by nothing (from another
    thread), continues with the rest of the segment."""
    pos = {}
    for snap in thrown:
        for idx, (fr, _line) in enumerate(snap):
            pos.setdefault(id(fr), (snap, idx))
    drive = _drive_code()
    out = []
    i = 0
    n = len(seq)
    while i < n:
        hit = pos.get(id(seq[i][0]))
        if hit is None:
            out.append(seq[i])
            i += 1
            continue
        snap, k = hit
        j = i
        while j < n and k < len(snap) and seq[j][0] is snap[k][0]:
            j += 1
            k += 1
        out.extend(seq[i:j])
        if k < len(snap) and (j == n or seq[j][0].f_code is drive):
            out.extend(snap[k:])
        i = j
    return out


def _drive_code():
    from ..executor import Executor
    return Executor._drive.__code__


def _run_code():
    from ..executor import Executor
    return Executor._run.__code__


class FrameList(list):
    """A list of frames (innermost first) that knows where the frames of
    errors being handled start: ``errtop`` holds the index of the raising
    frame of each error whose message handler is running above it."""
    __slots__ = ("errtop",)

    def __init__(self):
        super().__init__()
        self.errtop = ()


def running_frames(start) -> list:
    """Python frames of the running thread from ``start`` outwards."""
    run_code = _run_code()
    frames = FrameList()
    f = start
    main = True
    while f is not None:
        if f.f_code is run_code:
            th = getattr(f.f_locals.get("self"), "thread", None)
            if th is not None:
                segs = th.segs
                for g in reversed(segs[:-1]):
                    frames.extend(_gen_frames(g))
                if not th.is_main:
                    main = False
                    break
        else:
            code = f.f_code
            if "etb" in code.co_varnames and code in BOUNDARY:
                # xpcall running its message handler: Lua runs the handler
                # on top of the erroring frames, kept in the traceback
                loc = f.f_locals
                tb = loc.get("etb")
                if tb is not None and hasattr(tb, "tb_frame"):
                    frames.errtop += (len(frames),)
                    frames.extend(_tb_frames(tb, f, loc.get("ethrown")))
            frames.append(f)
        f = f.f_back
    if main:
        frames.append(BOTTOM)
    return frames


def suspended_frames(co) -> list:
    if co.status == "dead":
        # a thread dead by an error keeps its stack (until closed), as
        # in Lua: the frames its error went through
        err = co.error
        tb = getattr(err, "__traceback__", None) if err is not None else None
        return _tb_frames(tb, None, getattr(err, "thrown", None)) if tb is not None else []
    frames = []
    for g in reversed(co.segs):
        frames.extend(_gen_frames(g))
    if co.is_main and frames:
        frames.append(BOTTOM)
    return frames


def thread_frames(A, co, start) -> list:
    """All Python frames of thread ``co`` (None: the running one)."""
    if co is None or co is A.current or co.status == "running":
        return running_frames(start)
    return suspended_frames(co)


def code_proto(info, code):
    """The Proto of a Python function of chunk ``info`` that runs a Lua
    function (its generator ``lf_N`` or its plain twin ``lfp_N``); None for
    the chunk's other functions: closure factories (``mk_lf_N``) and
    outlined loops (``_olN``, part of their host function's level)."""
    name = code.co_name
    p = info.funcs.get(name)
    if p is None and name.startswith("lfp_"):
        p = info.funcs.get("lf_" + name[4:])
    return p


def is_level_code(code) -> bool:
    """Is a frame running ``code`` a Lua-visible stack level?"""
    info = CHUNKS.get(code.co_filename)
    if info is not None:
        return code_proto(info, code) is not None
    return code in BOUNDARY


def level_indices(frames) -> list:
    """Indices in ``frames`` of the Lua-visible levels (level 0 first)."""
    out = []
    for i, f in enumerate(frames):
        if f is BOTTOM or is_level_code(f.f_code):
            out.append(i)
    return _drop_errored(frames, out)


def _drop_errored(frames, idx):
    """A function whose ``__close`` handlers run because of an error is
    already gone in Lua: drop its level (the handler's caller is then the
    function that caught the error)."""
    close_code = ops.close_var.__code__
    out = []
    skip = False
    for i in idx:
        if skip and frames[i] is not BOTTOM and frames[i].f_code.co_filename in CHUNKS:
            skip = False
            continue
        out.append(i)
        # any close_var(err=<not nil>) between this level and the next?
        j = i + 1
        while j < len(frames) and frames[j] is not BOTTOM:
            fr = frames[j]
            code = fr.f_code
            if is_level_code(code):
                break
            if code is close_code and fr.f_locals.get("err") is not None:
                skip = True
            j += 1
    return out


def _info_of(f):
    if f is BOTTOM:
        return None
    return CHUNKS.get(f.f_code.co_filename)


def _unwrap(fn, code):
    """The function running ``code`` inside wrapper ``fn`` (e.g. the
    generator that ``ops.noyield`` wraps: table.sort, string.gsub), or
    None."""
    clo = getattr(fn, "__closure__", None)
    if clo:
        for cell in clo:
            try:
                inner = cell.cell_contents
            except ValueError:
                continue
            if getattr(inner, "__code__", None) is code:
                return inner
    return None


def _fn_matches(v, frame) -> bool:
    fn = v.fn
    code = getattr(fn, "__code__", None)
    if code is not frame.f_code:
        # the plain twin of a leaf Lua function, the fast path of a builtin
        alt = getattr(v, "plain" if v.__class__ is LuaFunction else "fast", None)
        code = getattr(alt, "__code__", None)
        if code is not frame.f_code:
            if v.__class__ is LuaFunction:
                return False
            fn = _unwrap(fn, frame.f_code)
            if fn is None:
                return False
            code = fn.__code__
        else:
            fn = alt
    clo = fn.__closure__
    if clo:
        loc = frame.f_locals
        for name, cell in zip(code.co_freevars, clo):
            try:
                if cell.cell_contents is not loc.get(name):
                    return False
            except ValueError:
                pass
    return True


def level_func(frames, i, thread=None):
    """(function value, is tail call) running at ``frames[i]``; the body of
    coroutine ``thread`` (its caller is the executor) is ``thread.fn``."""
    f = frames[i]
    if f is BOTTOM:
        return None, False
    TailCall = ops.TailCall
    for j in (i + 1, i + 2):
        if j >= len(frames) or frames[j] is BOTTOM:
            break
        cand = None
        for v in frames[j].f_locals.values():
            c = v.__class__
            if c is TailCall:
                if v.f.__class__ is LuaFunction and _fn_matches(v.f, f):
                    return v.f, True
            elif c in FUNCS and cand is None and _fn_matches(v, f):
                cand = v
        if cand is not None:
            return cand, False
    if thread is not None:
        fn = thread.fn
        if fn.__class__ in FUNCS and _fn_matches(fn, f):
            return fn, False
    return None, False


def level_name(frames, levels, k):
    """(namewhat, name) of level ``k`` as its caller names it."""
    i = levels[k]
    f = frames[i]
    if f is BOTTOM:
        return None
    if f.__class__ is StringMM:
        return ("metamethod", f.event)
    call_code = ops.call.__code__
    end = levels[k + 1] if k + 1 < len(levels) else len(frames)
    for j in range(i + 1, end):
        fr = frames[j]
        if fr is BOTTOM:
            break
        code = fr.f_code
        if code is _CALL_HOOK_CODE:
            return ("hook", "?")
        if code is _finalizers_code():
            return ("metamethod", "__gc")
        if code is call_code:
            desc = fr.f_locals.get("desc")
            if desc.__class__ is str:
                if desc.startswith("metamethod '"):
                    return ("metamethod", desc[12:-1])
                if desc.startswith("for iterator"):
                    return ("for iterator", "for iterator")
        elif code in _plain_mm_codes():
            # a metamethod run through its plain twin (ops.try_plain /
            # ops.call_leaf): the helper that called it tells the event
            ev = _plain_mm_event(frames[j + 1] if j + 1 < len(frames) else None)
            if ev is not None:
                return ("metamethod", ev)
    if end >= len(frames):
        return None
    caller = frames[end]
    cinfo = _info_of(caller)
    if cinfo is None:
        return None
    errtop = getattr(frames, "errtop", ())
    top = next((t for t in errtop if i < t <= end), None)
    if top is not None:
        # a message handler: Lua names it after the instruction that
        # raised the error in its "caller" (the erroring function); an
        # integer division by zero is raised by the instruction itself
        if top == end or any(frames[j].f_code is _NUM_ARITH_CODE for j in range(top, end)):
            return None
        ev = _op_name(frames[end - 1])
        if ev != "call":
            return ev
    if level_func(frames, i)[1]:
        return None
    return cinfo.calls.get(caller.f_lineno)


_PLAIN_MM = []


def _plain_mm_codes():
    if not _PLAIN_MM:
        _PLAIN_MM.append(frozenset((ops.try_plain.__code__, ops.call_leaf.__code__)))
    return _PLAIN_MM[0]


_MM_HELPERS = {"index": "index", "unm": "unm", "concat": "concat",
               "len": "len", "eq": "eq", "lt": "lt", "le": "le"}


def _plain_mm_event(fr):
    """The metamethod event of ops helper frame ``fr`` (``index_d``,
    ``arith_p``...) that called a metamethod's plain twin, or None."""
    if fr is None or fr is BOTTOM or fr.f_code.co_filename != ops.__file__:
        return None
    base = fr.f_code.co_name.rpartition("_")[0]
    if base == "arith":
        ev = fr.f_locals.get("ev")
        if ev.__class__ is bytes and ev.startswith(b"__"):
            return ev[2:].decode()
        return None
    # (Lua names the event by the instruction: 'le' even when a '__lt'
    # handler stands in for '__le')
    return _MM_HELPERS.get(base)


_OP_NAMES = {
    "index": "index", "index_g": "index", "index_d": "index", "index_p": "index",
    "setindex": "newindex", "setindex_g": "newindex", "_rawset": "newindex",
    "add": "add", "sub": "sub", "mul": "mul", "div": "div", "mod": "mod",
    "idiv": "idiv", "pow_": "pow",
    "unm": "unm", "unm_g": "unm", "unm_p": "unm",
    "concat": "concat", "concat_g": "concat", "concat_p": "concat",
    "length": "len", "len_g": "len", "len_p": "len",
    "eq": "eq", "eq_g": "eq", "eq_d": "eq", "eq_p": "eq",
    "lt": "lt", "lt_g": "lt", "lt_d": "lt", "lt_p": "lt",
    "le": "le", "le_g": "le", "le_d": "le", "le_p": "le",
    "close_var": "close",
}
_NUM_ARITH_CODE = ops._num_arith.__code__
_OP_EV = frozenset(("arith", "arith_g", "arith_d", "arith_p", "bitop", "bitop_g"))
_OP_CALLS = frozenset(("call", "call_d", "call_error", "tail_other", "run_tail"))


def _op_name(fr):
    """``funcnamefromcode`` for the instruction a Lua function was running
    when it raised an error: ("metamethod", event) by the ops helper
    ``fr`` it called, "call" for a call (named as the callee), else None."""
    if fr is BOTTOM or fr.f_code.co_filename != ops.__file__:
        return None
    name = fr.f_code.co_name
    if name in _OP_CALLS:
        return "call"
    if name in _OP_EV:
        ev = fr.f_locals.get("ev")
        if ev.__class__ is bytes and ev.startswith(b"__"):
            return ("metamethod", ev[2:].decode())
        return None
    ev = _OP_NAMES.get(name)
    return ("metamethod", ev) if ev is not None else None


_FIN_CODE = []


def _finalizers_code():
    """The code of the generator that calls ``__gc`` metamethods."""
    if not _FIN_CODE:
        from .. import memory
        cf = getattr(memory, "call_finalizers", None)
        _FIN_CODE.append(getattr(cf, "__code__", None))
    return _FIN_CODE[0]


def frame_line(f) -> int:
    info = _info_of(f)
    if info is None:
        return -1
    return info.lua_line(f.f_lineno)


# ------------------------------------------------------------ proto facts

def proto_of(fn):
    if fn.__class__ is LuaFunction:
        return fn.proto
    return None


def frame_proto(f):
    info = _info_of(f)
    if info is None:
        return None
    return code_proto(info, f.f_code)


def _is_main(p) -> bool:
    return p.name == "main chunk"


def func_source(A, p):
    """(source, short_src, linedefined, lastlinedefined, what)."""
    if p is None:
        return b"=[C]", b"[C]", -1, -1, b"C"
    info = p.chunk
    src = info.chunkname.encode("utf-8", "surrogateescape")
    short = info.short.encode("utf-8", "surrogateescape")
    if _is_main(p):
        return src, short, 0, 0, b"main"
    return src, short, p.line, p.end_line, b"Lua"


_BOXING_OPS = frozenset(("LOAD_FAST", "BUILD_LIST", "STORE_FAST", "NOP", "RESUME",
                         "EXTENDED_ARG", "CACHE"))


def _prologue_lines(code, nparams) -> set:
    """Python lines that only box parameters into upvalue cells
    (``x = [x]``): the function's prologue, no Lua instruction."""
    import dis
    params = set(code.co_varnames[1:1 + nparams])
    ops = {}
    for ins in dis.get_instructions(code):
        ln = ins.positions.lineno if ins.positions is not None else None
        if ln is None:
            continue
        o = ops.setdefault(ln, set())
        o.add(ins.opname)
        if ins.opname in ("LOAD_FAST", "STORE_FAST") and ins.argval not in params:
            o.add("<other>")
    return {ln for ln, o in ops.items() if o <= _BOXING_OPS and "BUILD_LIST" in o}


def active_lines(p, fn_code):
    t = LuaTable()
    if p is None or fn_code is None or p.chunk.stripped:
        return t
    info = p.chunk
    first = fn_code.co_firstlineno + 3
    prologue = None
    for _, _, line in fn_code.co_lines():
        if line is not None and line >= first:
            ll = info.lua_line(line)
            if ll > 0:
                if ll == p.line and not _is_main(p):
                    # parameters boxed into cells map to the header line
                    if prologue is None:
                        prologue = _prologue_lines(fn_code, p.nparams)
                    if line in prologue:
                        continue
                rawset(t, ll, True)    # keeps the array-part invariant
    if not _is_main(p) and p.end_line > 0:
        rawset(t, p.end_line, True)
    return t


def _code_of(fn):
    if fn.__class__ is LuaFunction:
        return fn.fn.__code__
    return None


# ------------------------------------------------------------- upvalues

def _upval_cells(fn):
    """[(name, python cell)] of a function's upvalues, in Lua order."""
    if fn.__class__ is LuaFunction:
        p = fn.proto
        code = fn.fn.__code__
        clo = fn.fn.__closure__ or ()
        cells = dict(zip(code.co_freevars, clo))
        out = []
        for name, pyname in zip(p.upvalnames, p.upvalpynames):
            c = cells.get(pyname)
            if c is None:
                break
            out.append((name, c))
        return out
    return None


def _c_upvals(fn) -> list:
    """The "upvalues" of a builtin: the cells of its Python closure that
    hold Lua values (a gmatch iterator's subject and pattern, a wrapped
    coroutine); the arena and library internals are not shown."""
    out = []
    for c in getattr(fn.fn, "__closure__", None) or ():
        try:
            v = c.cell_contents
        except ValueError:
            continue
        if v is not None and _is_lua_value(v):
            out.append(c)
    return out


def _is_lua_value(v) -> bool:
    from ..executor import Coroutine
    c = v.__class__
    return (v is None or c in (bool, int, float, bytes, LuaTable, Userdata, Coroutine)
            or c in FUNCS)


# --------------------------------------------------------------- locals

def _scopes(info):
    """{(name, decl line): last line of the scope} from re-parsing the
    chunk source (cached on the ChunkInfo)."""
    sc = info.scopes
    if sc is not None:
        return sc
    sc = {}
    src = info.source
    if src is not None:
        try:
            from .. import ast as A_
            from ..parser import parse
            chunk = parse(src, info.chunkname)
        except Exception:
            chunk = None
        if chunk is not None:
            _walk_scopes(chunk.func.body, sc, A_)
    info.scopes = sc
    return sc


def _walk_scopes(root, sc, A_):
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, A_.Block):
            end = node.end_line
            for s in node.stats:
                if isinstance(s, A_.Local):
                    for v in s.vars:
                        _note(sc, v, end)
                elif isinstance(s, A_.LocalFunction):
                    _note(sc, s.var, end)
                elif isinstance(s, A_.NumericFor):
                    _note(sc, s.var, s.body.end_line)
                elif isinstance(s, A_.GenericFor):
                    for v in s.vars:
                        _note(sc, v, s.body.end_line)
                stack.append(s)
            continue
        if isinstance(node, (list, tuple)):
            stack.extend(node)
            continue
        d = getattr(node, "__dict__", None)
        if d is None:
            continue
        for k, v in d.items():
            if k in ("var", "vars", "label", "block", "upvals", "params"):
                continue
            if isinstance(v, (list, tuple)) or hasattr(v, "__dict__"):
                stack.append(v)


def _note(sc, var, end):
    key = (var.name, var.line)
    old = sc.get(key)
    if old is None or end > old:
        sc[key] = end


def frame_locals(f):
    """[(lua name, python name)] of the active locals of a Lua frame, in
    declaration order (parameters first)."""
    p = frame_proto(f)
    if p is None:
        return []
    code = f.f_code
    loc = f.f_locals
    out = []
    for pyname in code.co_varnames[1:1 + p.nparams]:
        out.append((pyname.rsplit("_", 1)[0], pyname))
    line = p.chunk.lua_line(f.f_lineno)
    sc = _scopes(p.chunk)
    stores = _store_lines(code)
    pyl = f.f_lineno
    for name, pyname, _cell, decl in p.locvars:
        if pyname not in loc:
            continue
        st = stores.get(pyname)
        if st is not None and pyl <= st:
            continue            # declaration not executed yet (in this iteration)
        if line >= 0 and decl > line:
            continue
        end = sc.get((name, decl))
        if end is not None and line >= 0 and line > end:
            continue
        out.append((name, pyname))
    return out


_STORES = {}


def _store_lines(code) -> dict:
    """{python local name: first python line storing it} of a code object."""
    d = _STORES.get(code)
    if d is None:
        import dis
        d = {}
        line = code.co_firstlineno
        for ins in dis.get_instructions(code):
            if ins.starts_line is not None:
                line = ins.starts_line
            if ins.opname == "STORE_FAST" and ins.argval not in d:
                d[ins.argval] = line
        if len(_STORES) > 512:
            _STORES.clear()
        _STORES[code] = d
    return d


def _c_args(f) -> tuple:
    """The arguments of a running builtin (``*args``), what Lua shows as
    its "(C temporary)" stack slots."""
    code = f.f_code
    if code.co_flags & 0x04:        # CO_VARARGS: the last positional name
        v = f.f_locals.get(code.co_varnames[code.co_argcount + code.co_kwonlyargcount])
        if v.__class__ is tuple:
            return v
    return ()


def _nuvalues(u) -> int:
    """How many user values a full userdata has: none for io files (as
    ``lua_newuserdatauv(L, size, 0)`` in liolib), one for host objects."""
    from .lio import LFile
    return 0 if u.value.__class__ is LFile else 1


def _read_local(loc, pyname):
    v = loc.get(pyname)
    if v.__class__ is list:
        return v[0] if v else None
    return v


def _write_frame_local(f, pyname, value) -> bool:
    if f.__class__ is TbFrame:
        f = f.frame
    loc = f.f_locals
    cur = loc.get(pyname)
    if cur.__class__ is list:
        cur[0] = value
        return True
    if sys.version_info >= (3, 13):
        try:
            f.f_locals[pyname] = value
            return True
        except Exception:
            return False
    try:
        import ctypes
        loc[pyname] = value
        ctypes.pythonapi.PyFrame_LocalsToFast(ctypes.py_object(f), ctypes.c_int(0))
        return True
    except Exception:
        return False


# ------------------------------------------------------------------ hooks

class _HookState:
    __slots__ = ("count", "fn", "left", "mask")

    def __init__(self, fn, mask, count):
        self.fn = fn
        self.mask = mask
        self.count = count
        self.left = count


class _FrameTrace:
    """Per-frame local trace function (kept on ``f_trace`` across yields).
    ``level`` is False for an outlined loop: its lines are its host
    function's, but it is no call level of its own (no return event)."""
    __slots__ = ("A", "exc", "first", "info", "last", "lastpy", "level")

    def __init__(self, A, info, code, level=True):
        self.A = A
        self.info = info
        self.level = level
        # skip the entry lines (fuel charge) of generated functions
        if level:
            self.first = code.co_firstlineno + (3 if code.co_flags & 0x20 else 4)
        else:
            self.first = code.co_firstlineno + 2
        self.last = -1
        self.lastpy = -1
        self.exc = False

    def __call__(self, frame, event, arg):
        if _HOOKING[0]:
            return self
        A = self.A
        hs = _get_hook(A, A.current)
        if hs is None:
            return self
        if event == "line":
            self.exc = False
            info = self.info
            if info is None:
                return self
            pyl = frame.f_lineno
            if pyl < self.first:
                return self
            if pyl in _bookkeeping_lines(frame.f_code):
                self.lastpy = pyl       # (a jump back from there still counts)
                return self
            if hs.count:
                hs.left -= 1
                if hs.left <= 0:
                    hs.left = hs.count
                    _call_hook(A, hs, b"count", None)
            if "l" in hs.mask:
                line = info.lua_line(pyl)
                if info.stripped:
                    # no line information: Lua fires at the function's first
                    # instruction and at backward jumps, with a nil line
                    if self.last == -1 or pyl < self.lastpy:
                        self.last = 0
                        self.lastpy = pyl
                        _call_hook(A, hs, b"line", None)
                    else:
                        self.lastpy = pyl
                elif line > 0 and (line != self.last or pyl < self.lastpy):
                    self.last = line
                    self.lastpy = pyl
                    _call_hook(A, hs, b"line", line)
                else:
                    self.lastpy = pyl
        elif event == "return":
            if self.exc or not self.level or _at_yield(frame):
                return self
            if arg.__class__ is ops.TailCall:
                return self     # the tail-called function returns in its place
            if "r" in hs.mask:
                _call_hook(A, hs, b"return", None, _return_transfer(frame, self.info, arg))
        elif event == "exception":
            self.exc = True
        return self


_BOOKKEEPING = {}
_BK_OPS = frozenset(("NOP", "RESUME", "CACHE", "EXTENDED_ARG", "LOAD_CONST", "COPY", "SWAP",
                     "BINARY_SUBSCR", "STORE_SUBSCR", "BINARY_OP", "COMPARE_OP", "POP_TOP",
                     "YIELD_VALUE", "LOAD_FAST", "STORE_FAST", "LOAD_GLOBAL"))


def _bookkeeping_lines(code) -> frozenset:
    """Python lines of generated code that only do fuel accounting
    (``F[0] -= 1``, the batched back-edge counters ``_fcN``) or nothing
    (``pass``): no Lua instruction, so line and count hooks skip them."""
    r = _BOOKKEEPING.get(code)
    if r is None:
        import dis
        bad = set()
        seen = set()
        for ins in dis.get_instructions(code):
            ln = ins.positions.lineno if ins.positions is not None else None
            if ln is None:
                continue
            seen.add(ln)
            op = ins.opname
            if op.startswith("JUMP_BACKWARD"):
                bad.add(ln)         # a loop's back edge: Lua's jump
                continue
            if op.startswith(("POP_JUMP", "JUMP")):
                continue
            if op not in _BK_OPS:
                bad.add(ln)
            elif op in ("LOAD_FAST", "STORE_FAST", "LOAD_GLOBAL"):
                name = ins.argval
                if not (name in ("F", "OUT") or name.startswith("_fc")):
                    bad.add(ln)
        r = frozenset(seen - bad)
        if len(_BOOKKEEPING) > 512:
            _BOOKKEEPING.clear()
        _BOOKKEEPING[code] = r
    return r


_HOOKING = [False]
_TRANSFER = [None]
_HOOK_A = [None]
_EXIT_HOOKED = []
_YIELD_OPS = None


def _at_yield(frame) -> bool:
    global _YIELD_OPS
    if _YIELD_OPS is None:
        import dis
        _YIELD_OPS = {dis.opmap.get("YIELD_VALUE", -1)}
    code = frame.f_code
    if not (code.co_flags & 0x20):          # not a generator
        return False
    i = frame.f_lasti
    co = code.co_code
    return 0 <= i < len(co) and co[i] in _YIELD_OPS


def _is_resume(frame) -> bool:
    code = frame.f_code
    if not (code.co_flags & 0x20):
        return False
    i = frame.f_lasti
    co = code.co_code
    if i < 2:
        return False
    _at_yield(frame)
    return co[i - 2] in _YIELD_OPS or co[i] in _YIELD_OPS


def _global_trace(frame, event, arg):
    if event != "call" or _HOOKING[0]:
        return None
    A = _HOOK_A[0]
    if A is None:
        return None
    code = frame.f_code
    info = CHUNKS.get(code.co_filename)
    if info is None:
        if code not in BOUNDARY:
            return None
        level = True
    else:
        level = code_proto(info, code) is not None
        if not level and not code.co_name.startswith("_ol"):
            return None         # a closure factory: no Lua code runs there
        if level and code.co_name.startswith("lfp_"):
            # A plain twin runs speculatively and may deopt halfway, its
            # caller then re-running the generator: under a hook make it
            # deopt at once (its "too deep" check) so that events come
            # once, from the generator (that closure then keeps to its
            # generator).  The trace trampoline writes f_locals back
            # (3.11/3.12); 3.13+ writes through.
            frame.f_locals["D"] = 1 << 30
            return None
    cur = frame.f_trace
    if _is_resume(frame):
        return cur if cur.__class__ is _FrameTrace else None
    hs = _get_hook(A, A.current)
    if hs is None:
        return None
    tr = _FrameTrace(A, info, code, level)
    if level and "c" in hs.mask:
        ev = b"call"
        if info is not None:
            fr = frame.f_back
            if fr is not None and any(v.__class__ is ops.TailCall and v.f.fn.__code__ is code
                                      for v in fr.f_locals.values()):
                ev = b"tail call"
        _call_hook(A, hs, ev, None, _call_transfer(frame, info))
    return tr


def _call_hook(A, hs, event, line, transfer=None):
    """Run the Lua hook function synchronously (hooks off meanwhile).
    ``transfer`` is (frame, ftransfer, ntransfer, values) for call and
    return events: what ``getinfo(level, "r")`` and ``getlocal`` show."""
    _HOOKING[0] = True
    _TRANSFER[0] = transfer
    try:
        args = (event,) if line is None else (event, line)
        run_nested(A, hs.fn, args)
    finally:
        _HOOKING[0] = False
        _TRANSFER[0] = None


def transfer_of(f):
    """(ftransfer, ntransfer, values-or-None) of frame ``f`` while a call
    or return hook runs for it, else None."""
    t = _TRANSFER[0]
    if t is not None and t[0] is f:
        return t[1:]
    return None


def _call_transfer(frame, info):
    """Call hook: the parameters are transferred (Lua: the fixed ones;
    a builtin: all its arguments)."""
    if info is None:
        return (frame, 1, len(_c_args(frame)), None)
    p = code_proto(info, frame.f_code)
    return (frame, 1, p.nparams if p is not None else 0, None)


def _return_transfer(frame, info, values):
    """Return hook: the results, as temporaries above the active locals."""
    if values.__class__ is not tuple:
        values = (values,)
    if info is None:
        first = len(_c_args(frame)) + 1
    else:
        first = len(frame_locals(frame)) + 1
    return (frame, first, len(values), values)


_CALL_HOOK_CODE = _call_hook.__code__


def run_nested(A, fn, args):
    from ..executor import Executor
    from ..runtime.fuel import flush
    flush(A)
    saved = A.F[0]
    ex = Executor(A, fn, *args, convert=False)
    try:
        while not ex.step(1 << 40):
            pass
    finally:
        A.F[0] = saved - ex.fuel_used
    if ex.error is not None:
        if _HOOKING[0]:
            _rearm_later()
        raise ex.error
    return ex.raw_result()


def _rearm_later():
    """An exception leaving a trace function makes Python drop the
    tracer; put it back at the next profiler event."""
    def prof(frame, event, arg):
        sys.setprofile(None)
        if _HOOK_A[0] is not None:
            sys.settrace(_global_trace)
    sys.setprofile(prof)


def _hooks(A):
    h = getattr(A, "_debug_hooks", None)
    if h is None:
        h = weakref.WeakKeyDictionary()
        try:
            A._debug_hooks = h
        except AttributeError:
            pass
    return h


def _get_hook(A, th):
    h = getattr(A, "_debug_hooks", None)
    if not h:
        return None
    if th is None or th.is_main:
        return h.get(_MAIN)
    return h.get(th)


class _MainKey:
    pass


_MAIN = _MainKey()


def _set_hook(A, th, hs, start):
    h = _hooks(A)
    key = _MAIN if th is None or th.is_main else th
    if hs is None:
        h.pop(key, None)
    else:
        h[key] = hs
    if hasattr(A, "HK"):
        A.HK[0] = bool(h)
    if h:
        if _HOOK_A[0] is None and not _EXIT_HOOKED:
            import atexit       # a hook still set at exit must not trace teardown
            atexit.register(sys.settrace, None)
            _EXIT_HOOKED.append(True)
        _HOOK_A[0] = A
        sys.settrace(_global_trace)
        if th is None or th is A.current:
            f = start
            while f is not None:
                code = f.f_code
                info = CHUNKS.get(code.co_filename)
                tr = f.f_trace
                if tr.__class__ is _FrameTrace and tr.info is not None:
                    tr.last = tr.info.lua_line(f.f_lineno)    # (see below)
                    tr.lastpy = f.f_lineno
                elif tr is None:
                    if info is None:
                        if code in BOUNDARY:
                            f.f_trace = _FrameTrace(A, None, code)
                    else:
                        level = code_proto(info, code) is not None
                        if level or code.co_name.startswith("_ol"):
                            tr = f.f_trace = _FrameTrace(A, info, code, level)
                            # a running function's current line is no new
                            # line: Lua's next line event comes on a change
                            tr.last = info.lua_line(f.f_lineno)
                            tr.lastpy = f.f_lineno
                f = f.f_back
    elif _HOOK_A[0] is A:
        _HOOK_A[0] = None
        sys.settrace(None)


# ---------------------------------------------------------------- library

# ------------------------------------------------------------ traceback

_STD_LIBS = (b"coroutine", b"table", b"io", b"os", b"string", b"utf8", b"math", b"debug")


def global_name(A, fn):
    """``pushglobalfuncname``: "name" or "mod.name" of ``fn`` in
    ``package.loaded`` (``_G`` first), or None."""
    if fn is None:
        return None
    loaded = getattr(A, "loaded", None)
    order = []
    if loaded is None:
        # no package library (the sandbox): the standard libraries are
        # what Lua's registry would list
        g = getattr(A, "globals", None)
        if g.__class__ is not LuaTable:
            return None
        order.append((b"_G", g))
        for k in _STD_LIBS:
            v = g.hash.get(k)
            if v.__class__ is LuaTable:
                order.append((k, v))
    else:
        g = loaded.hash.get(b"_G")
        if g.__class__ is LuaTable:
            order.append((b"_G", g))
        for k, v in loaded.hash.items():
            if v.__class__ is LuaTable and k != b"_G" and k.__class__ is bytes:
                order.append((k, v))
    for mod, tab in order:
        for k, v in tab.hash.items():
            if v is fn and k.__class__ is bytes:
                if mod == b"_G":
                    return k.decode("utf-8", "replace")
                return (mod + b"." + k).decode("utf-8", "replace")
    return None


def make_traceback(A, frames, msg, level, thread=None) -> bytes:
    """``luaL_traceback``: ``msg`` (bytes or None) and the levels of
    ``frames`` (innermost first, see :func:`thread_frames`) from ``level``."""
    levels = level_indices(frames)
    out = []
    if msg is not None:
        out.append(msg + b"\n")
    out.append(b"stack traceback:")
    last = len(levels) - 1
    n = len(levels) - level
    k = level
    limit = 10 if n > 22 else -1
    while 0 <= k < len(levels):
        if limit == 0:
            skip = last - k - 11 + 1
            # luaL_traceback's count is one short: it has already taken
            # the level it replaces by the "..." line
            out.append(b"\n\t...\t(skipping %d levels)" % (skip - 1))
            k += skip
            limit = -1
            continue
        limit -= 1
        i = levels[k]
        f = frames[i]
        if f is BOTTOM:
            out.append(b"\n\t[C]: in ?")
            k += 1
            continue
        info = _info_of(f)
        fn, tail = level_func(frames, i, thread)
        if info is None:
            where = b"[C]: in "
        else:
            line = frame_line(f)
            where = (info.short.encode("utf-8", "surrogateescape")
                     + (b":%d: in " % line if line > 0 else b": in "))
        out.append(b"\n\t" + where + _describe(A, frames, levels, k, fn, f, info))
        if tail:
            out.append(b"\n\t(...tail calls...)")
        k += 1
    return b"".join(out)


def error_frames(err) -> list:
    """The frames uncaught error ``err`` went through (its Python
    traceback), innermost first, as :func:`thread_frames` lists a stack:
    what ``lua.c``'s message handler sees when the error is raised."""
    frames = _tb_frames(err.__traceback__, None, getattr(err, "thrown", None))
    frames.append(BOTTOM)
    return frames


def _describe(A, frames, levels, k, fn, f, info):
    g = global_name(A, fn)
    if g is not None:
        return ("function '%s'" % g).encode("utf-8", "surrogateescape")
    nm = level_name(frames, levels, k)
    if nm is not None and nm[1] is not None:
        return ("%s '%s'" % nm).encode("utf-8", "surrogateescape")
    if info is not None:
        p = code_proto(info, f.f_code)
        if p is None or _is_main(p):
            return b"main chunk"
        return ("function <%s:%d>" % (info.short, p.line)).encode("utf-8", "surrogateescape")
    return b"?"


def open_debug(A) -> LuaTable:
    """A fresh ``debug`` table for arena ``A``."""
    from ..executor import Coroutine
    t = LuaTable()
    uservalues = weakref.WeakKeyDictionary()
    upids = weakref.WeakValueDictionary()

    def getthread(args):
        if args and args[0].__class__ is Coroutine:
            return args[0], args[1:], 1
        return None, args, 0

    def frames_for(co, start):
        return thread_frames(A, co, start)

    # ------------------------------------------------------------ getinfo
    def getinfo(*args):
        co, rest, off = getthread(args)
        start = sys._getframe()
        target = rest[0] if rest else None
        opts = rest[1] if len(rest) > 1 and rest[1] is not None else b"flnSrtu"
        if opts.__class__ is not bytes:
            if opts.__class__ in (int, float):
                opts = tostr(opts)
            else:
                type_error(args, off + 2, "debug.getinfo", "string")
        if opts[:1] == b">":
            arg_error(off + 2, "debug.getinfo", "invalid option '>'")
        if any(c not in b"SlnrutfL" for c in opts):
            arg_error(off + 2, "debug.getinfo", "invalid option")
        r = LuaTable()
        h = r.hash
        frame = None
        frames = levels = None
        k = None
        if target.__class__ in FUNCS:
            fn = target
            tail = False
        else:
            level = check_int(args, off + 1, "debug.getinfo")
            frames = frames_for(co, start)
            levels = level_indices(frames)
            if level < 0 or level >= len(levels):
                return None
            k = level
            frame = frames[levels[k]]
            fn, tail = level_func(frames, levels[k], co if co is not None else A.current)
        if fn is not None:
            p = proto_of(fn)
            code = _code_of(fn)
        elif frame is not None and frame is not BOTTOM:
            p = frame_proto(frame)
            code = frame.f_code if p is not None else None
        else:
            p = code = None
        if b"S" in opts:
            src, short, ld, lld, what = func_source(A, p)
            h[b"source"] = src
            h[b"short_src"] = short
            h[b"linedefined"] = ld
            h[b"lastlinedefined"] = lld
            h[b"what"] = what
        if b"l" in opts:
            h[b"currentline"] = frame_line(frame) if frame is not None else -1
        if b"u" in opts:
            if p is not None:
                h[b"nups"] = len(p.upvalnames)
                h[b"nparams"] = p.nparams
                h[b"isvararg"] = bool(p.is_vararg) or _is_main(p)
            else:
                h[b"nups"] = len(_c_upvals(fn)) if fn is not None else 0
                h[b"nparams"] = 0
                h[b"isvararg"] = True
        if b"n" in opts:
            nm = level_name(frames, levels, k) if k is not None else None
            if nm is not None and nm[1] is not None:
                h[b"namewhat"] = nm[0].encode()
                h[b"name"] = nm[1].encode("utf-8", "surrogateescape")
            else:
                h[b"namewhat"] = b""
        if b"t" in opts:
            h[b"istailcall"] = bool(tail)
        if b"r" in opts:
            tr = transfer_of(frame) if frame is not None else None
            h[b"ftransfer"] = tr[0] if tr is not None else 0
            h[b"ntransfer"] = tr[1] if tr is not None else 0
        if b"L" in opts:
            if p is not None:
                h[b"activelines"] = active_lines(p, code)
        if b"f" in opts:
            if fn is not None:
                h[b"func"] = fn
        return r

    # ---------------------------------------------------------- traceback
    def traceback(*args):
        co, rest, off = getthread(args)
        msg = rest[0] if rest else None
        if msg is not None and msg.__class__ not in (bytes, int, float):
            return msg
        if msg.__class__ in (int, float):
            msg = tostr(msg)
        level = check_int(rest, 2, "debug.traceback") if len(rest) > 1 and rest[1] is not None \
            else (1 if co is None or co is A.current else 0)
        frames = frames_for(co, sys._getframe())
        return make_traceback(A, frames, msg, level, co if co is not None else A.current)

    # ----------------------------------------------------------- locals
    def getlocal(*args):
        co, rest, off = getthread(args)
        target = rest[0] if rest else None
        n = check_int(args, off + 2, "debug.getlocal")
        if target.__class__ in FUNCS:
            p = proto_of(target)
            if p is None or n < 1 or n > p.nparams or p.chunk.stripped:
                return None
            code = target.fn.__code__
            return code.co_varnames[n].rsplit("_", 1)[0].encode()
        level = check_int(args, off + 1, "debug.getlocal")
        frames = frames_for(co, sys._getframe())
        levels = level_indices(frames)
        if level < 0 or level >= len(levels):
            arg_error(off + 1, "debug.getlocal", "level out of range")
        f = frames[levels[level]]
        if f is BOTTOM:
            return None
        tr = transfer_of(f)
        if tr is not None and tr[2] is not None and tr[0] <= n < tr[0] + tr[1]:
            # results being returned, seen from a return hook
            name = b"(C temporary)" if _info_of(f) is None else b"(temporary)"
            return (name, tr[2][n - tr[0]])
        if _info_of(f) is None:     # a builtin: its arguments are its stack
            # (a suspended thread's yield has handed its arguments over)
            cargs = _c_args(f) if co is None or co is A.current else ()
            if 1 <= n <= len(cargs):
                return (b"(C temporary)", cargs[n - 1])
            return None
        if n < 0:
            va = f.f_locals.get("VA")
            if va.__class__ is tuple and -n <= len(va):
                return (b"(vararg)", va[-n - 1])
            return None
        locs = frame_locals(f)
        if 1 <= n <= len(locs):
            name, pyname = locs[n - 1]
            if _info_of(f).stripped:        # no names, the values are there
                return (b"(temporary)", _read_local(f.f_locals, pyname))
            return (name.encode("utf-8", "surrogateescape"), _read_local(f.f_locals, pyname))
        return None

    def setlocal(*args):
        co, rest, off = getthread(args)
        level = check_int(args, off + 1, "debug.setlocal")
        n = check_int(args, off + 2, "debug.setlocal")
        if len(args) < off + 3:
            arg_error(off + 3, "debug.setlocal", "value expected")
        value = args[off + 2]
        frames = frames_for(co, sys._getframe())
        levels = level_indices(frames)
        if level < 0 or level >= len(levels):
            arg_error(off + 1, "debug.setlocal", "level out of range")
        f = frames[levels[level]]
        if f is BOTTOM:
            return None
        if _info_of(f) is None:
            cargs = _c_args(f)
            if 1 <= n <= len(cargs):
                return b"(C temporary)"     # (a builtin's arguments are read-only here)
            return None
        if n < 0:
            va = f.f_locals.get("VA")
            if va.__class__ is tuple and -n <= len(va):
                nva = va[:-n - 1] + (value,) + va[-n:]
                if _write_frame_local(f, "VA", nva):
                    return b"(vararg)"
            return None
        locs = frame_locals(f)
        if 1 <= n <= len(locs):
            name, pyname = locs[n - 1]
            if _write_frame_local(f, pyname, value):
                if _info_of(f).stripped:
                    return b"(temporary)"
                return name.encode("utf-8", "surrogateescape")
        return None

    # ---------------------------------------------------------- upvalues
    def check_fn(args, i, fname):
        v = args[i - 1] if i <= len(args) else None
        if v.__class__ not in FUNCS:
            type_error(args, i, fname, "function")
        return v

    def upname(fn, name):
        if fn.proto.chunk.stripped:
            return b"(no name)"
        return name.encode("utf-8", "surrogateescape") if name else b"(no name)"

    def getupvalue(*args):
        fn = check_fn(args, 1, "debug.getupvalue")
        n = check_int(args, 2, "debug.getupvalue")
        ups = _upval_cells(fn)
        if ups is None:
            # a builtin's upvalues (its Python closure, as for upvalueid)
            # are all named ""; only Lua values are shown
            cells = _c_upvals(fn)
            if 1 <= n <= len(cells):
                return (b"", cells[n - 1].cell_contents)
            return ()
        if 1 <= n <= len(ups):
            name, c = ups[n - 1]
            return (upname(fn, name), _cell_get(c)[0])
        return ()

    def setupvalue(*args):
        fn = check_fn(args, 1, "debug.setupvalue")
        n = check_int(args, 2, "debug.setupvalue")
        if len(args) < 3:
            arg_error(3, "debug.setupvalue", "value expected")
        ups = _upval_cells(fn)
        if ups is None or not 1 <= n <= len(ups):
            return ()
        name, c = ups[n - 1]
        _cell_get(c)[0] = args[2]
        return upname(fn, name)

    def _cell_get(c):
        try:
            return c.cell_contents
        except ValueError:
            return [None]

    def upcell(args, i_f, i_n, fname, strict):
        fn = check_fn(args, i_f, fname)
        n = check_int(args, i_n, fname)
        ups = _upval_cells(fn)
        if ups is None:
            cells = _c_upvals(fn)
            if not strict and 1 <= n <= len(cells):
                return fn, None, cells[n - 1]
        elif 1 <= n <= len(ups):
            return fn, ups[n - 1][1], None
        if strict:
            arg_error(i_n, fname, "invalid upvalue index")
        return fn, None, None

    def upvalueid(*args):
        fn, pycell, ccell = upcell(args, 1, 2, "debug.upvalueid", False)
        if pycell is not None:
            obj = _cell_get(pycell)
        elif ccell is not None:
            obj = ccell
        else:
            return None
        ud = upids.get(id(obj))
        if ud is None or ud.value is not obj:
            ud = LightUserdata(obj)
            upids[id(obj)] = ud
        return ud

    def upvaluejoin(*args):
        f1, c1, _ = upcell(args, 1, 2, "debug.upvaluejoin", True)
        f2, c2, _ = upcell(args, 3, 4, "debug.upvaluejoin", True)
        if f1.__class__ is not LuaFunction:
            arg_error(1, "debug.upvaluejoin", "Lua function expected")
        if f2.__class__ is not LuaFunction:
            arg_error(3, "debug.upvaluejoin", "Lua function expected")
        c1.cell_contents = _cell_get(c2)
        return ()

    # -------------------------------------------------------- metatables
    def getmetatable(*args):
        if not args:
            arg_error(1, "debug.getmetatable", "value expected")
        return ops.getmeta(A, args[0])

    def setmetatable(*args):
        v = args[0] if args else None
        mt = args[1] if len(args) > 1 else None
        if len(args) < 2 or (mt is not None and mt.__class__ is not LuaTable):
            type_error(args, 2, "debug.setmetatable", "nil or table")
        c = v.__class__
        if c is LuaTable or c is Userdata:
            v.meta = mt
        elif c is bytes:
            A.strmeta = mt
        else:
            tn = lua_type(v)
            if mt is None:
                A.tmeta.pop(tn, None)
            else:
                A.tmeta[tn] = mt
        return v

    def getregistry(*args):
        return A.registry

    def getuservalue(*args):
        u = args[0] if args else None
        n = check_int(args, 2, "debug.getuservalue") if len(args) > 1 and args[1] is not None else 1
        if u.__class__ is not Userdata or n < 1 or n > _nuvalues(u):
            return None
        return (uservalues.get(u), True)

    def setuservalue(*args):
        u = args[0] if args else None
        if u.__class__ is LightUserdata:
            arg_error(1, "debug.setuservalue", "userdata expected, got light userdata")
        if u.__class__ is not Userdata:
            type_error(args, 1, "debug.setuservalue", "userdata")
        if len(args) < 2:
            arg_error(2, "debug.setuservalue", "value expected")
        n = check_int(args, 3, "debug.setuservalue") if len(args) > 2 and args[2] is not None else 1
        if n < 1 or n > _nuvalues(u):
            return None
        if args[1] is None:
            uservalues.pop(u, None)
        else:
            uservalues[u] = args[1]
        return u

    # -------------------------------------------------------------- hooks
    def sethook(*args):
        co, rest, off = getthread(args)
        if co is None:
            co = A.current      # the running thread's hook (maybe a coroutine's)
        fn = rest[0] if rest else None
        if fn is None or not rest:
            _set_hook(A, co, None, sys._getframe())
            return ()
        if fn.__class__ not in FUNCS:
            type_error(args, off + 1, "debug.sethook", "function")
        mask = check_str(args, off + 2, "debug.sethook")
        count = check_int(args, off + 3, "debug.sethook") if len(args) > off + 2 and args[off + 2] is not None else 0
        m = "".join(ch for ch in "crl" if ord(ch) in mask)
        count = max(count, 0)
        if not m and count == 0:
            _set_hook(A, co, None, sys._getframe())
            return ()
        _set_hook(A, co, _HookState(fn, m, count), sys._getframe())
        return ()

    def gethook(*args):
        co, rest, off = getthread(args)
        hs = _get_hook(A, co if co is not None else A.current)
        if hs is None:
            return None
        return (hs.fn, hs.mask.encode(), hs.count)

    # -------------------------------------------------------------- debug
    def debug_(*args):
        from ..compiler import compile_lua
        while True:
            sys.stderr.write("lua_debug> ")
            sys.stderr.flush()
            line = sys.stdin.buffer.readline()
            if not line or line.strip() == b"cont":
                return ()
            try:
                fn = compile_lua(A, line, "=(debug command)")
                run_nested(A, fn, ())
            except LuaError as e:
                sys.stderr.write("%s\n" % e)
                sys.stderr.flush()

    for name, f in (("getinfo", getinfo), ("traceback", traceback),
                    ("getlocal", getlocal), ("setlocal", setlocal),
                    ("getupvalue", getupvalue), ("setupvalue", setupvalue),
                    ("upvalueid", upvalueid), ("upvaluejoin", upvaluejoin),
                    ("getmetatable", getmetatable), ("setmetatable", setmetatable),
                    ("getregistry", getregistry), ("getuservalue", getuservalue),
                    ("setuservalue", setuservalue), ("sethook", sethook),
                    ("gethook", gethook), ("debug", debug_)):
        t.hash[name.encode()] = Builtin(f, name)
    A.debug_traceback = lambda msg=None, level=1, start=None: make_traceback(
        A, running_frames(start or sys._getframe(1)), msg, level)
    return t


__all__ = ["level_func", "level_indices", "level_name", "open_debug", "thread_frames"]
