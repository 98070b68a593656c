"""The basic library: print, type, pairs, pcall, load, setmetatable..."""
from __future__ import annotations

from ..runtime import ops
from ..runtime.argcheck import (arg_error, check_any, check_int, check_str,
                                check_table, lua_error, opt_int, type_error)
from ..runtime.debuginfo import boundary, register_builtin, where
from ..runtime.errors import LuaError
from ..runtime.numbers import str2number, tostr
from ..runtime.values import (SLOW, Builtin, GenBuiltin, LuaTable, lua_next,
                              lua_type, rawget, rawset)


_NOVALUE = object()
"""Default of a builtin's parameter: the argument is absent (not nil)."""


def open_base(A, sandbox: bool = True) -> LuaTable:
    """Install the base functions into ``A.globals`` and return it."""
    G = A.globals
    reg = {}

    def fn(name):
        def deco(f):
            reg[name] = Builtin(f, name)
            return f
        return deco

    def gfn(name, fast=None, pure=0):
        def deco(f):
            reg[name] = b = GenBuiltin(f, name, fast)
            if fast is not None:
                b.pure = pure
            return f
        return deco

    def tostr_plain(v):
        """``tostring(v)`` when it needs no Lua call, else SLOW."""
        c = v.__class__
        if c is bytes:
            return v
        if c is int or c is float:
            return tostr(v)
        if ops.getmetamethod(A, v, b"__tostring") is not None:
            return SLOW
        return ops.tostring_basic(A, v)

    def print_fast(*args):
        parts = []
        for v in args:
            v = tostr_plain(v)
            if v is SLOW:               # ``__tostring``: nothing written yet
                return SLOW
            parts.append(v)
        A.output(b"\t".join(parts) + b"\n")
        return ()

    @gfn("print", print_fast)
    def print_(D, *args):
        parts = []
        for v in args:
            s = tostr_plain(v)
            if s is SLOW:
                s = yield from ops.tostring(A, D, v)
            parts.append(s)
        A.output(b"\t".join(parts) + b"\n")
        return ()

    @fn("type")
    def type_(*args):
        check_any(args, 1, "type")
        return lua_type(args[0]).encode()

    def tostring_fast(*args):
        return tostr_plain(args[0]) if args else SLOW

    @gfn("tostring", tostring_fast, pure=1)
    def tostring(D, *args):
        check_any(args, 1, "tostring")
        return (yield from ops.tostring(A, D, args[0]))

    @fn("tonumber")
    def tonumber(v=_NOVALUE, base=None, *_):
        if base is None:
            c = v.__class__
            if c is bytes:
                if v.isdigit() and len(v) < 19:     # ASCII digits: fits an integer
                    return int(v)
                return str2number(v)
            if c is int or c is float:
                return v
            if v is _NOVALUE:
                check_any((), 1, "tonumber")
            return None
        args = (v, base)
        base = check_int(args, 2, "tonumber")
        v = args[0]
        if v.__class__ is not bytes:    # luaL_checktype: no numbers as strings
            type_error(args, 1, "tonumber", "string")
        if not 2 <= base <= 36:
            arg_error(2, "tonumber", "base out of range")
        s = v.strip(b" \t\n\r\f\v").lower()
        neg = False
        if s[:1] == b"-":
            neg, s = True, s[1:]
        elif s[:1] == b"+":
            s = s[1:]
        if not s:
            return None
        n = 0
        for ch in s:
            if 48 <= ch <= 57:
                d = ch - 48
            elif 97 <= ch <= 122:
                d = ch - 87
            else:
                return None
            if d >= base:
                return None
            n = n * base + d
        from ..runtime.numbers import wrap
        return wrap(-n if neg else n)

    @fn("rawget")
    def rawget_(*args):
        t = check_table(args, 1, "rawget")
        return rawget(t, check_any(args, 2, "rawget"))

    @fn("rawset")
    def rawset_(*args):
        t = check_table(args, 1, "rawset")
        check_any(args, 2, "rawset")
        check_any(args, 3, "rawset")
        try:
            rawset(t, args[1], args[2])
        except LuaError as e:
            lua_error(e.value, 0)   # raised inside lua_rawset: no position
        return t

    @fn("warn")
    def warn(*args):
        """``warn(msg1, ...)``: emit a warning (the pieces concatenated), or
        a control message ``@on``/``@off`` (warnings start off, as in lua.c;
        the host decides where they go: ``A.warn``)."""
        parts = [check_str(args, i, "warn") for i in range(1, max(len(args), 1) + 1)]
        msg = b"".join(parts)
        if len(args) == 1 and msg[:1] == b"@":
            if msg == b"@on":
                A.warn_on = True
            elif msg == b"@off":
                A.warn_on = False
            return None
        A.emit_warning(msg)
        return None

    @fn("rawequal")
    def rawequal(*args):
        check_any(args, 1, "rawequal")
        check_any(args, 2, "rawequal")
        return ops.raweq(args[0], args[1])

    @fn("rawlen")
    def rawlen(*args):
        v = args[0] if args else None
        if v.__class__ is LuaTable:
            return len(v.arr)
        if v.__class__ is bytes:
            return len(v)
        type_error(args, 1, "rawlen", "table or string")

    @fn("setmetatable")
    def setmetatable(*args):
        if len(args) > 1:               # the common case: a fresh object gets its class
            t = args[0]
            mt = args[1]
            if t.__class__ is LuaTable and mt.__class__ is LuaTable and t.meta is None:
                h = mt.hash
                if b"__mode" not in h and b"__gc" not in h:
                    t.meta = mt
                    return t
        t = check_table(args, 1, "setmetatable")
        mt = args[1] if len(args) > 1 else None
        if len(args) < 2 or (mt is not None and mt.__class__ is not LuaTable):
            type_error(args, 2, "setmetatable", "nil or table")
        if t.meta is not None and t.meta.hash.get(b"__metatable") is not None:
            lua_error("cannot change a protected metatable")
        t.meta = mt
        if mt is not None and b"__mode" in mt.hash and hasattr(A.mem, "note_weak"):
            A.mem.note_weak(t)          # a weak table: collections get paced
        if mt is not None and b"__gc" in mt.hash and hasattr(A.mem, "note_gc"):
            A.mem.note_gc(t)            # marked for finalization
        return t

    @fn("getmetatable")
    def getmetatable(*args):
        v = check_any(args, 1, "getmetatable")
        mt = ops.getmeta(A, v)
        if mt is None:
            return None
        p = mt.hash.get(b"__metatable")
        return mt if p is None else p

    @fn("assert")
    def assert_(*args):
        if not args:
            arg_error(1, "assert", "value expected")
        v = args[0]
        if v is None or v is False:
            if len(args) < 2:
                lua_error("assertion failed!")
            msg = args[1]
            if msg.__class__ is bytes:
                # luaB_assert calls error(msg) at level 1: the position of
                # assert's caller when that caller is Lua code
                msg = where(1).encode() + msg
            raise LuaError(msg)
        return args

    @fn("error")
    def error(*args):
        v = args[0] if args else None
        level = opt_int(args, 2, "error", 1)
        if v.__class__ is bytes and level > 0:
            v = where(level).encode() + v
        raise LuaError(v)

    @boundary
    def pcall_g(D, *args):
        if not args:
            arg_error(1, "pcall", "value expected")
        try:
            r = yield from ops.call(A, D, args[0], args[1:])
        except LuaError as e:
            return (False, e.value)
        except GeneratorExit:
            raise
        except BaseException as e:
            from ..executor import internal_error
            return (False, internal_error(e).value)
        if r.__class__ is tuple:
            return (True,) + r
        return (True, r)
    reg["pcall"] = GenBuiltin(pcall_g, "pcall")

    @boundary
    def xpcall_g(D, *args):
        handler = args[1] if len(args) > 1 else None
        if not ops.is_callable_value(handler):     # luaL_checktype(L, 2, LUA_TFUNCTION)
            type_error(args, 2, "xpcall", "function")
        try:
            r = yield from ops.call(A, D, args[0], args[2:])
        except LuaError as e:
            err = e.value
            etb = e.__traceback__  # noqa: F841 (read by debug.traceback through this frame)
            ethrown = getattr(e, "thrown", None)  # noqa: F841 (likewise: see ldebug.error_frames)
        except GeneratorExit:
            raise
        except BaseException as e:
            from ..executor import internal_error
            err = internal_error(e).value
        else:
            if r.__class__ is tuple:
                return (True,) + r
            return (True, r)
        for _ in range(10):
            try:
                # a message handler cannot yield (luaD_callnoyield)
                h = yield from ops._nonyielding(A, ops.call(A, D, handler, (err,)))
                break
            except LuaError as e2:
                err = e2.value
        else:
            h = b"error in error handling"
        # the handler's result is adjusted to one value
        return (False, ops.first(h))
    reg["xpcall"] = GenBuiltin(xpcall_g, "xpcall")

    @fn("next")
    def next_(t=_NOVALUE, k=None, *_):
        # named parameters: ``next`` runs once per step of every ``pairs``
        # loop, and unpacking ``*args`` costs more than the defaults
        if t.__class__ is not LuaTable:
            check_table(() if t is _NOVALUE else (t,), 1, "next")
        try:
            return lua_next(t, k)
        except LuaError as e:
            lua_error(e.value, 0)   # raised inside luaH_next: no position

    if hasattr(A, "intrinsics"):        # calls run inline (vm/codegen.py INTRINSICS)
        A.intrinsics["setmetatable"] = reg["setmetatable"]
        A.intrinsics["next"] = reg["next"]      # generic for loops step it inline

    NEXT = reg["next"]

    def pairs_fast(*args):
        v = args[0] if args else None
        if v.__class__ is LuaTable:
            mt = v.meta
            if mt is None or mt.hash.get(b"__pairs") is None:
                return (NEXT, v, None)
        return SLOW

    @gfn("pairs", pairs_fast, pure=1)
    def pairs(D, *args):
        v = check_any(args, 1, "pairs")
        h = ops.getmetamethod(A, v, b"__pairs")
        if h is not None:
            r = yield from ops.call(A, D, h, (v,))
            r = ops.astuple(r) + (None, None, None)
            return r[:3]
        # luaB_pairs only checks for a value: 'next' itself rejects a
        # non-table when the loop calls it
        return (NEXT, v, None)

    def ipairs_fast(t=None, i=None, *_):
        """The ``ipairs`` step over a table's raw entries; SLOW when
        ``__index`` may be involved (or for odd arguments)."""
        if t.__class__ is LuaTable and i.__class__ is int and i < 0x7FFFFFFFFFFFFFFF:
            i += 1
            arr = t.arr
            if 0 < i <= len(arr):
                v = arr[i - 1]
                if v is not None:
                    return (i, v)
            if t.meta is None:
                v = t.hash.get(i) if t.hash else None
                return (i, v) if v is not None else None
        return SLOW

    def ipairs_iter(D, *args):
        t = args[0] if args else None
        i = check_int(args, 2, "?") + 1
        if i > 0x7FFFFFFFFFFFFFFF:
            i -= 1 << 64
        v = yield from ops.index_g(A, D, t, i)
        return (i, v) if v is not None else None
    # ipairsaux reads through lua_geti: an __index handler cannot yield
    IPAIRS_ITER = GenBuiltin(ops.noyield(A, ipairs_iter), "for iterator", ipairs_fast)
    IPAIRS_ITER.pure = 1
    if hasattr(A, "intrinsics"):
        A.intrinsics["inext"] = IPAIRS_ITER     # generic for loops step it inline
    register_builtin(ipairs_fast)

    @fn("ipairs")
    def ipairs(*args):
        v = check_any(args, 1, "ipairs")
        return (IPAIRS_ITER, v, 0)

    @fn("select")
    def select(*args):
        n = args[0] if args else None
        if n.__class__ is bytes and n[:1] == b"#":   # only the first char counts
            return len(args) - 1
        i = check_int(args, 1, "select")
        if i < 0:
            i = len(args) - 1 + i
            if i < 0:
                arg_error(1, "select", "index out of range")
            return args[1 + i:]
        if i == 0:
            arg_error(1, "select", "index out of range")
        return args[i:]
    if hasattr(A, "intrinsics"):
        A.intrinsics["select"] = reg["select"]  # select(i, ...) runs inline

    @gfn("load")
    def load(D, *args):
        chunk = args[0] if args else None
        mode = opt_str_(args, 3, b"bt")
        allowed = mode.replace(b"b", b"") if sandbox else mode   # sandbox: text only
        if chunk.__class__ is int or chunk.__class__ is float:
            chunk = tostr(chunk)        # lua_tolstring converts numbers
        if chunk.__class__ is bytes:
            name = args[1] if len(args) > 1 and args[1] is not None else chunk
            src = chunk
        elif ops.is_callable_value(chunk):
            name = args[1] if len(args) > 1 and args[1] is not None else b"=(load)"
            parts = []
            while True:
                try:        # lua_load runs the reader in protected mode (and it cannot yield)
                    piece = ops.first((yield from ops._nonyielding(A, ops.call(A, D, chunk, ()))))
                except LuaError as e:
                    return (None, e.value)
                if piece is None or piece == b"":
                    break
                if piece.__class__ is not bytes:
                    if piece.__class__ is int or piece.__class__ is float:
                        piece = tostr(piece)    # lua_isstring accepts numbers
                    else:
                        return (None, where(1).encode()
                                + b"reader function must return a string")
                parts.append(piece)
            src = b"".join(parts)
        else:
            type_error(args, 1, "load", "function")
        if name.__class__ is not bytes:
            name = check_str(args, 2, "load")
        from ..dump import load_chunk
        try:    # an explicit nil env is the chunk's _ENV too
            return load_chunk(A, src, name, mode, args[3] if len(args) > 3 else A.globals,
                              allowed)
        except LuaError as e:
            return (None, e.value)

    def opt_str_(args, i, default):
        if len(args) < i or args[i - 1] is None:
            return default
        return check_str(args, i, "load")

    _GC_OPTIONS = frozenset(("collect", "count", "step", "isrunning", "stop", "restart",
                             "incremental", "generational", "setpause", "setstepmul"))

    @gfn("collectgarbage")
    def collectgarbage(D, *args):
        """Weak tables are collected and ``__gc`` metamethods run
        (vm/memory.py); the tuning options are accepted and only reported."""
        opt = args[0] if args and args[0] is not None else b"collect"
        if opt.__class__ is not bytes:
            if opt.__class__ is int or opt.__class__ is float:
                opt = tostr(opt)
            else:
                type_error(args, 1, "collectgarbage", "string")
        opt = opt.decode("latin-1")
        mem = A.mem
        full = hasattr(mem, "collect")
        if full and mem.in_fin and opt in _GC_OPTIONS:
            return None             # not reentrant: lua_gc fails (nil) inside a finalizer
        if opt == "collect":
            if full:
                mem.collect()
                if mem.tobefnz:
                    from ..memory import call_finalizers
                    yield from call_finalizers(A, D)
            return 0
        if opt == "count":
            count = getattr(mem, "count", None)
            n = count() if count is not None else mem.used
            return n / 1024.0
        if opt == "step":
            opt_int(args, 2, "collectgarbage", 0)
            if full:
                mem.collect()       # every step completes a cycle
                if mem.tobefnz:
                    from ..memory import call_finalizers
                    yield from call_finalizers(A, D)
            return True
        if opt == "isrunning":
            return not getattr(mem, "stopped", False)
        if opt == "stop" or opt == "restart":
            if full:
                mem.stopped = opt == "stop"
            return 0
        if opt in ("incremental", "generational"):
            prev = getattr(mem, "mode", "incremental")
            if full:
                mem.mode = opt
            return prev.encode()
        if opt == "setpause" or opt == "setstepmul":
            attr = "pause" if opt == "setpause" else "stepmul"
            v = opt_int(args, 2, "collectgarbage", 0)
            prev = getattr(mem, attr, 0)
            if full:
                setattr(mem, attr, v)
            return prev
        arg_error(1, "collectgarbage", "invalid option '%s'" % opt)

    for name, b in reg.items():
        G.hash[name.encode()] = b
    G.hash[b"_G"] = G
    G.hash[b"_VERSION"] = b"Lua 5.4"
    A.next_builtin = NEXT
    return G
