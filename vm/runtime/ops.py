"""Lua operations with full metamethod semantics: what generated code calls
when its inline fast path does not apply.

Each operation comes in two forms:

* a plain function (``index``, ``add``, ``lt``...) that completes the
  operation whenever no Lua function has to run, and otherwise returns the
  sentinel :data:`MM` without side effects;
* a generator (``index_g``, ``arith_g``, ``lt_g``...) that always completes
  it, calling metamethods with ``yield from`` so they can yield or run out
  of fuel like any Lua code.

Generated code tries the plain form first and falls back to the generator
only on ``MM``.  ``desc`` arguments are the variable descriptions used in
error messages (``"local 'x'"``), computed at compile time.
"""
from __future__ import annotations

import math
import sys

from .debuginfo import running_where, where
from .errors import LuaError
from .numbers import (MAXINT, MININT, fdiv, fidiv, fmod_float,
                      fpow, shift_left, str2number, tointeger, tostr, wrap)
from .requests import SegmentCall
from .values import (SLOW, Builtin, GenBuiltin, LuaFunction, LuaTable, Userdata,
                     lua_type, rawget, rawset)


class _MM:
    __slots__ = ()

    def __repr__(self):
        return "MM"


MM = _MM()
"""Returned by a plain operation when a metamethod must be called."""

MAXTAGLOOP = 2000
SEG = 120
"""Nested ``yield from`` depth per stack segment; deeper calls are handed to
the executor as a new segment (see executor.py)."""


class Deopt(Exception):
    """Raised by the plain twin of a pure Lua function when it must stop
    (out of fuel, too deep): the caller runs the generator version
    instead.  Never escapes generated code."""


class DeoptImpure(Deopt):
    """The plain twin met something only the generator can do (a
    metamethod, a non-pure callee): the caller also drops the twin of that
    closure, so it is not tried again."""


def deopt():
    raise DeoptImpure


def deopt_transient():
    raise Deopt


class TailCall:
    """Returned by a Lua function for ``return f(args)``: the caller runs
    the call at its own depth, so tail recursion does not grow the stack."""

    __slots__ = ("f", "args")

    def __init__(self, f, args):
        self.f = f
        self.args = args


def rt_error(msg: str, level: int = 1):
    """Raise a runtime error (``luaG_runerror``) positioned at the
    innermost running function: a Lua frame gives ``chunk:line:``, a
    builtin (a "C function" such as ``table.unpack`` or ``rawset``) none."""
    pos = running_where(sys._getframe(1))
    raise LuaError((pos + msg).encode("utf-8", "surrogateescape"))


def caller_error(msg: str):
    """Raise an error the way ``luaL_error`` does inside a builtin: with
    the position of the Lua code that called the builtin (level 1)."""
    pos = where(1, sys._getframe(1))
    raise LuaError((pos + msg).encode("utf-8", "surrogateescape"))


def objtypename(v) -> str:
    """``luaT_objtypename``: the ``__name`` of a table/userdata's metatable
    when it is a string, else the type name."""
    if v.__class__ is LuaTable or v.__class__ is Userdata:
        mt = v.meta
        if mt is not None:
            n = mt.hash.get(b"__name")
            if n.__class__ is bytes:
                return n.decode("utf-8", "replace")
    return lua_type(v)


def _desc(desc):
    return " (%s)" % desc if desc else ""


def getmeta(A, o):
    """The metatable of any value (None if it has none)."""
    c = o.__class__
    if c is LuaTable or c is Userdata:
        return o.meta
    if c is bytes:
        return A.strmeta
    tm = A.tmeta
    if tm:
        return tm.get(lua_type(o))
    return None


def getmetamethod(A, o, event: bytes):
    mt = getmeta(A, o)
    if mt is None:
        return None
    return mt.hash.get(event)


def is_callable_value(v) -> bool:
    c = v.__class__
    return c is LuaFunction or c is Builtin or c is GenBuiltin


# ------------------------------------------------------------------ results

def first(r):
    """First value of a call result (scalar or tuple)."""
    if r.__class__ is tuple:
        return r[0] if r else None
    return r


def astuple(r) -> tuple:
    if r.__class__ is tuple:
        return r
    return (r,)


# ------------------------------------------------------------- metamethods
# A metamethod is called from a generator (``*_g`` helpers: its plain twin
# first, the generator when that cannot finish) or from a plain twin
# (``*_p`` helpers: its leaf twin, or ``Deopt``).

def try_plain(D, h, args):
    """Call handler ``h`` through its plain twin if it has one (first
    value), else MM: the caller then runs it as a generator."""
    c = h.__class__
    if c is LuaFunction:
        p = h.plain
        if p is not None and D < 100:
            try:
                return first(p(D + 1, *args))
            except DeoptImpure:
                h.plain = h.leaf = None
            except Deopt:
                pass
    elif c is Builtin:
        return first(h.fn(*args))
    return MM


def call_leaf(D, h, args):
    """Call handler ``h`` from a plain twin (first value): through its
    leaf twin or a pure builtin; anything else deoptimises the twin."""
    c = h.__class__
    if c is LuaFunction:
        p = h.leaf
        if p is not None:
            return first(p(D + 1, *args))
    elif c is Builtin and h.pure == 1:
        return first(h.fn(*args))
    raise DeoptImpure


def _bin_handler(A, a, b, ev):
    h = getmetamethod(A, a, ev)
    if h is None:
        h = getmetamethod(A, b, ev)
    return h


# -------------------------------------------------------------------- calls

def call(A, D, f, args, desc=None):
    """Call any value with the tuple ``args`` at depth ``D + 1``; returns
    one value or a tuple (tail calls resolved)."""
    c = f.__class__
    if c is LuaFunction:
        p = f.plain
        if p is not None and D < 100:
            try:
                return p(D + 1, *args)
            except DeoptImpure:
                f.plain = f.leaf = None
            except Deopt:
                pass
        if D < SEG:
            r = yield from f.fn(D + 1, *args)
        else:
            r = yield SegmentCall(f, *args)
        while r.__class__ is TailCall:
            f = r.f
            if D < SEG:
                r = yield from f.fn(D + 1, *r.args)
            else:
                r = yield SegmentCall(f, *r.args)
        return r
    if c is Builtin:
        return f.fn(*args)
    if c is GenBuiltin:
        fa = f.fast
        if fa is not None:
            r = fa(*args)
            if r is not SLOW:
                return r
        return (yield from f.fn(D + 1, *args))
    for _ in range(MAXTAGLOOP):
        h = getmetamethod(A, f, b"__call")
        if h is None:
            rt_error("attempt to call a %s value%s" % (objtypename(f), _desc(desc)))
        args = (f,) + tuple(args)
        f = h
        if is_callable_value(f):
            return (yield from call(A, D, f, args))
        # PUC keeps reporting the original call slot's name: the handler
        # replaces the called value in that slot ("(local 'c')")
    rt_error("'__call' chain too long; possible loop")


def call_d(A, D, f, args):
    """``call`` of a value that is not a function, without a generator:
    its ``__call`` handler through its plain twin (or a builtin handler);
    MM when only ``call`` can do it (errors included)."""
    h = getmetamethod(A, f, b"__call")
    c = h.__class__
    if c is LuaFunction:
        p = h.plain
        if p is not None and D < 100:
            try:
                return p(D + 1, f, *args)
            except DeoptImpure:
                h.plain = h.leaf = None
            except Deopt:
                pass
    elif c is Builtin:
        return h.fn(f, *args)
    return MM


def tail_other(A, D, f, args, desc=None):
    """``return f(args)`` where ``f`` is not a Lua function: follow its
    ``__call`` chain; a Lua function at the end becomes a TailCall (so
    tail calls through callable tables stay proper), anything else runs."""
    for _ in range(MAXTAGLOOP):
        c = f.__class__
        if c is LuaFunction:
            return TailCall(f, args)
        if c is Builtin or c is GenBuiltin:
            return (yield from call(A, D, f, args, desc))
        h = getmetamethod(A, f, b"__call")
        if h is None:
            rt_error("attempt to call a %s value%s" % (objtypename(f), _desc(desc)))
        args = (f,) + tuple(args)
        f = h
    rt_error("'__call' chain too long; possible loop")


def _nonyielding(A, g):
    th = A.current
    if th is None:
        return (yield from g)
    th.nny += 1
    try:
        return (yield from g)
    finally:
        th.nny -= 1


def noyield(A, fn):
    """Wrap a generator builtin so that ``coroutine.yield`` inside the Lua
    functions it calls is an error, as across C calls in PUC Lua
    ("attempt to yield across a C-call boundary").  Running out of fuel
    still suspends it: that is the executor's business, not a Lua yield."""
    from .debuginfo import register_builtin
    register_builtin(fn)

    def wrapper(D, *args):
        return _nonyielding(A, fn(D, *args))
    wrapper.__name__ = getattr(fn, "__name__", "builtin")
    return wrapper


def run_tail(A, D, r):
    """Resolve a TailCall result into the final result."""
    while r.__class__ is TailCall:
        f = r.f
        if D < SEG:
            r = yield from f.fn(D + 1, *r.args)
        else:
            r = yield SegmentCall(f, *r.args)
    return r


def call_error(f, desc):
    rt_error("attempt to call a %s value%s" % (objtypename(f), _desc(desc)))


# ------------------------------------------------------------------- index

def index(A, o, k, desc=None):
    """``o[k]`` without calling Lua; MM if an ``__index`` function is due."""
    for _ in range(MAXTAGLOOP):
        if o.__class__ is LuaTable:
            v = rawget(o, k)
            if v is not None:
                return v
            mt = o.meta
            if mt is None:
                return None
            h = mt.hash.get(b"__index")
            if h is None:
                return None
        else:
            mt = getmeta(A, o)
            h = mt.hash.get(b"__index") if mt is not None else None
            if h is None:
                index_error(o, k, desc)
        if is_callable_value(h):
            return MM
        o = h
        desc = None
    rt_error("'__index' chain too long; possible loop")


def index_error(o, k, desc):
    if desc is None and k.__class__ is bytes:
        desc = "field '%s'" % k.decode("utf-8", "replace")
        desc = None  # PUC only names the indexed object, not the key
    rt_error("attempt to index a %s value%s" % (objtypename(o), _desc(desc)))


def _index_chain(A, o, k, desc):
    """Follow ``o[k]`` through ``__index`` tables: ``(value, None, None)``,
    or ``(MM, obj, handler)`` when ``handler(obj, k)`` must be called."""
    for _ in range(MAXTAGLOOP):
        if o.__class__ is LuaTable:
            v = rawget(o, k)
            if v is not None:
                return v, None, None
            mt = o.meta
            if mt is None:
                return None, None, None
            h = mt.hash.get(b"__index")
            if h is None:
                return None, None, None
        else:
            mt = getmeta(A, o)
            h = mt.hash.get(b"__index") if mt is not None else None
            if h is None:
                index_error(o, k, desc)
        if is_callable_value(h):
            return MM, o, h
        o = h
        desc = None
    rt_error("'__index' chain too long; possible loop")


def index_d(A, D, o, k, desc=None):
    """``o[k]`` without a generator: an ``__index`` function runs through
    its plain twin; MM when only ``index_g`` can finish.  Each ``*_g``
    helper is its ``*_d`` plus the generator call (generated code tries the
    ``*_d`` one first, before creating a generator)."""
    v, o, h = _index_chain(A, o, k, desc)
    if v is not MM:
        return v
    return try_plain(D, h, (o, k))


def index_g(A, D, o, k, desc=None):
    """``o[k]`` with ``__index`` functions called."""
    r = index_d(A, D, o, k, desc)
    if r is not MM:
        return r
    _, o, h = _index_chain(A, o, k, desc)     # (raw reads: unobservable)
    return first((yield from call(A, D, h, (o, k), "metamethod 'index'")))


def index_p(A, D, o, k, desc=None):
    """``index_g`` for plain twins."""
    v, o, h = _index_chain(A, o, k, desc)
    return v if v is not MM else call_leaf(D, h, (o, k))


def _rawset(t, k, v):
    try:
        rawset(t, k, v)
    except LuaError as e:
        rt_error(e.value.decode())


def setindex(A, o, k, v, desc=None):
    """``o[k] = v`` without calling Lua; returns MM if a ``__newindex``
    function is due (nothing done), None when done."""
    for _ in range(MAXTAGLOOP):
        if o.__class__ is LuaTable:
            mt = o.meta
            if mt is None:
                _rawset(o, k, v)
                return None
            h = mt.hash.get(b"__newindex")
            if h is None or rawget(o, k) is not None:
                _rawset(o, k, v)
                return None
        else:
            mt = getmeta(A, o)
            h = mt.hash.get(b"__newindex") if mt is not None else None
            if h is None:
                index_error(o, k, desc)
        if is_callable_value(h):
            return MM
        o = h
        desc = None
    rt_error("'__newindex' chain too long; possible loop")


def setindex_g(A, D, o, k, v, desc=None):
    for _ in range(MAXTAGLOOP):
        if o.__class__ is LuaTable:
            mt = o.meta
            if mt is None:
                _rawset(o, k, v)
                return None
            h = mt.hash.get(b"__newindex")
            if h is None or rawget(o, k) is not None:
                _rawset(o, k, v)
                return None
        else:
            mt = getmeta(A, o)
            h = mt.hash.get(b"__newindex") if mt is not None else None
            if h is None:
                index_error(o, k, desc)
        if is_callable_value(h):
            yield from call(A, D, h, (o, k, v), "metamethod 'newindex'")
            return None
        o = h
        desc = None
    rt_error("'__newindex' chain too long; possible loop")


# --------------------------------------------------------------- arithmetic

def _arith_error(A, ev, a, b, da, db):
    if ev in (b"__band", b"__bor", b"__bxor", b"__shl", b"__shr", b"__bnot"):
        if (a.__class__ is int or a.__class__ is float) and \
                (b.__class__ is int or b.__class__ is float):
            d = da if toint_bit(a) is None else db
            rt_error("number%s has no integer representation" % _desc(d))
        bad, d = (a, da) if tonum_strict(a) is None else (b, db)
        rt_error("attempt to perform bitwise operation on a %s value%s"
                 % (objtypename(bad), _desc(d)))
    if ev == b"__concat":
        bad, d = (a, da) if a.__class__ not in (bytes, int, float) else (b, db)
        rt_error("attempt to concatenate a %s value%s" % (objtypename(bad), _desc(d)))
    if a.__class__ is bytes or b.__class__ is bytes:
        # PUC does not coerce strings in the VM: the string metatable's
        # arithmetic metamethods (lstrlib's 'trymt') do, and they fail with
        # their own message (basic type names, no variable info)
        rt_error("attempt to %s a '%s' with a '%s'"
                 % (ev[2:].decode(), lua_type(a), lua_type(b)))
    bad, d = (a, da) if tonum(a) is None else (b, db)
    if bad.__class__ is bytes and d is None:
        d = None
    rt_error("attempt to perform arithmetic on a %s value%s" % (objtypename(bad), _desc(d)))


def tonum(v):
    c = v.__class__
    if c is int or c is float:
        return v
    if c is bytes:
        return str2number(v)
    return None


def tonum_strict(v):
    c = v.__class__
    if c is int or c is float:
        return v
    return None


def _int_add(a, b):
    r = a + b
    return r if MININT <= r <= MAXINT else wrap(r)


def _num_arith(ev, a, b):
    """Arithmetic on two numbers (already converted)."""
    if ev == b"__add":
        if a.__class__ is int and b.__class__ is int:
            return _int_add(a, b)
        return a + b
    if ev == b"__sub":
        if a.__class__ is int and b.__class__ is int:
            return _int_add(a, -b)
        return a - b
    if ev == b"__mul":
        if a.__class__ is int and b.__class__ is int:
            return wrap(a * b)
        return float(a) * b
    if ev == b"__div":
        return fdiv(float(a), float(b))
    if ev == b"__mod":
        if a.__class__ is int and b.__class__ is int:
            if b == 0:
                rt_error("attempt to perform 'n%0'")
            return a % b
        return fmod_float(float(a), float(b))
    if ev == b"__idiv":
        if a.__class__ is int and b.__class__ is int:
            if b == 0:
                rt_error("attempt to divide by zero")
            return wrap(a // b)
        return fidiv(float(a), float(b))
    if ev == b"__pow":
        return fpow(float(a), float(b))
    if ev == b"__unm":
        if a.__class__ is int:
            return wrap(-a)
        return -a
    raise AssertionError(ev)


def arith(A, ev, a, b, da=None, db=None):
    """Arithmetic event ``ev`` (b'__add'...) on any values; MM if a
    metamethod must run."""
    if a.__class__ is LuaTable and (mt := a.meta) is not None and ev in mt.hash:
        return MM
    x = tonum(a)
    if x is not None:
        y = tonum(b)
        if y is not None:
            if (a.__class__ is bytes or b.__class__ is bytes) and y == 0 \
                    and x.__class__ is int and y.__class__ is int and (ev == b"__mod" or ev == b"__idiv"):
                # raised by the string library's metamethod, a C function:
                # no position
                raise LuaError(b"attempt to perform 'n%0'" if ev == b"__mod"
                               else b"attempt to divide by zero")
            return _num_arith(ev, x, y)
    h = getmetamethod(A, a, ev)
    if h is None:
        h = getmetamethod(A, b, ev)
        if h is None:
            _arith_error(A, ev, a, b, da, db)
    return MM


def _arith_handler(A, ev, a, b, da, db):
    """The result of arithmetic ``ev`` when no metamethod is due, else
    (MM, handler); a table with the metamethod goes straight to it."""
    if a.__class__ is LuaTable and (mt := a.meta) is not None \
            and (h := mt.hash.get(ev)) is not None:
        return MM, h
    r = arith(A, ev, a, b, da, db)
    if r is not MM:
        return r, None
    return MM, _bin_handler(A, a, b, ev)


def arith_d(A, D, ev, a, b, da=None, db=None):
    """``arith_g`` without a generator, or MM (see ``index_d``)."""
    r, h = _arith_handler(A, ev, a, b, da, db)
    if r is not MM:
        return r
    return try_plain(D, h, (a, b))


def arith_g(A, D, ev, a, b, da=None, db=None):
    r = arith_d(A, D, ev, a, b, da, db)
    if r is not MM:
        return r
    h = _arith_handler(A, ev, a, b, da, db)[1]
    return first((yield from call(A, D, h, (a, b), "metamethod '%s'" % ev[2:].decode())))


def arith_p(A, D, ev, a, b, da=None, db=None):
    """``arith_g`` for plain twins."""
    r, h = _arith_handler(A, ev, a, b, da, db)
    if r is not MM:
        return r
    return call_leaf(D, h, (a, b))


def add(A, a, b, da=None, db=None):
    if a.__class__ is float and b.__class__ is float:
        return a + b
    return arith(A, b"__add", a, b, da, db)


def sub(A, a, b, da=None, db=None):
    if a.__class__ is float and b.__class__ is float:
        return a - b
    return arith(A, b"__sub", a, b, da, db)


def mul(A, a, b, da=None, db=None):
    if a.__class__ is float and b.__class__ is float:
        return a * b
    return arith(A, b"__mul", a, b, da, db)


def div(A, a, b, da=None, db=None):
    return arith(A, b"__div", a, b, da, db)


def mod(A, a, b, da=None, db=None):
    return arith(A, b"__mod", a, b, da, db)


def idiv(A, a, b, da=None, db=None):
    return arith(A, b"__idiv", a, b, da, db)


def pow_(A, a, b, da=None, db=None):
    return arith(A, b"__pow", a, b, da, db)


def unm(A, a, da=None):
    x = tonum(a)
    if x is not None:
        return _num_arith(b"__unm", x, x)
    if getmetamethod(A, a, b"__unm") is None:
        _arith_error(A, b"__unm", a, a, da, da)
    return MM


def unm_g(A, D, a, da=None):
    r = unm(A, a, da)
    if r is not MM:
        return r
    h = getmetamethod(A, a, b"__unm")
    r = try_plain(D, h, (a, a))
    if r is MM:
        r = first((yield from call(A, D, h, (a, a), "metamethod 'unm'")))
    return r


def unm_p(A, D, a, da=None):
    """``unm_g`` for plain twins."""
    r = unm(A, a, da)
    if r is not MM:
        return r
    return call_leaf(D, getmetamethod(A, a, b"__unm"), (a, a))


# ------------------------------------------------------------------ bitwise

toint_bit = tointeger
"""Operand of a bitwise operation as an integer (None when it has no
integer representation)."""


def _bit(ev, x, y):
    if ev == b"__band":
        return x & y
    if ev == b"__bor":
        return x | y
    if ev == b"__bxor":
        return x ^ y
    if ev == b"__shl":
        return shift_left(x, y)
    if ev == b"__shr":
        return shift_left(x, -y if y != MININT else MAXINT)
    if ev == b"__bnot":
        return ~x
    raise AssertionError(ev)


def bitop(A, ev, a, b, da=None, db=None):
    x = toint_bit(a) if a.__class__ is not bytes else None
    y = toint_bit(b) if b.__class__ is not bytes else None
    if x is not None and y is not None:
        return _bit(ev, x, y)
    if getmetamethod(A, a, ev) is None and getmetamethod(A, b, ev) is None:
        # no string coercion: the string library has no bitwise metamethods
        _arith_error(A, ev, a, b, da, db)
    return MM


def bitop_g(A, D, ev, a, b, da=None, db=None):
    r = bitop(A, ev, a, b, da, db)
    if r is not MM:
        return r
    h = getmetamethod(A, a, ev)
    if h is None:
        h = getmetamethod(A, b, ev)
    return first((yield from call(A, D, h, (a, b), "metamethod '%s'" % ev[2:].decode())))


# ------------------------------------------------------------------- concat

def concat(A, a, b, da=None, db=None):
    ca, cb = a.__class__, b.__class__
    if (ca is bytes or ca is int or ca is float) and (cb is bytes or cb is int or cb is float):
        x = a if ca is bytes else tostr(a)
        y = b if cb is bytes else tostr(b)
        n = len(x) + len(y)
        if n > 4096:
            A.mem.check(n)
            A.mem.charge(n)
            A.F[0] -= n >> 12
        return x + y
    if getmetamethod(A, a, b"__concat") is None and getmetamethod(A, b, b"__concat") is None:
        _arith_error(A, b"__concat", a, b, da, db)
    return MM


def concat_g(A, D, a, b, da=None, db=None):
    r = concat(A, a, b, da, db)
    if r is not MM:
        return r
    h = _bin_handler(A, a, b, b"__concat")
    r = try_plain(D, h, (a, b))
    if r is MM:
        r = first((yield from call(A, D, h, (a, b), "metamethod 'concat'")))
    return r


def concat_p(A, D, a, b, da=None, db=None):
    """``concat_g`` for plain twins."""
    r = concat(A, a, b, da, db)
    if r is not MM:
        return r
    return call_leaf(D, _bin_handler(A, a, b, b"__concat"), (a, b))


# ---------------------------------------------------------------------- len

def length(A, v, desc=None):
    c = v.__class__
    if c is bytes:
        return len(v)
    if c is LuaTable:
        mt = v.meta
        if mt is None or mt.hash.get(b"__len") is None:
            return len(v.arr)
        return MM
    if getmetamethod(A, v, b"__len") is None:
        rt_error("attempt to get length of a %s value%s" % (objtypename(v), _desc(desc)))
    return MM


def len_g(A, D, v, desc=None):
    r = length(A, v, desc)
    if r is not MM:
        return r
    h = getmetamethod(A, v, b"__len")
    r = try_plain(D, h, (v, v))
    if r is MM:
        r = first((yield from call(A, D, h, (v, v), "metamethod 'len'")))
    return r


def len_p(A, D, v, desc=None):
    """``len_g`` for plain twins."""
    r = length(A, v, desc)
    if r is not MM:
        return r
    return call_leaf(D, getmetamethod(A, v, b"__len"), (v, v))


# -------------------------------------------------------------- comparison

def eq(A, a, b):
    """Lua ``==``; MM when an ``__eq`` metamethod must decide."""
    if a is b:
        return True
    ca, cb = a.__class__, b.__class__
    if ca is cb:
        if ca is LuaTable or ca is Userdata:
            h = getmetamethod(A, a, b"__eq")
            if h is None:
                h = getmetamethod(A, b, b"__eq")
                if h is None:
                    return False
            return MM
        return a == b
    if (ca is int or ca is float) and (cb is int or cb is float):
        return a == b
    return False


def eq_d(A, D, a, b):
    """``eq_g`` without a generator, or MM (see ``index_d``)."""
    r = eq(A, a, b)
    if r is not MM:
        return r
    r = try_plain(D, _bin_handler(A, a, b, b"__eq"), (a, b))
    return r if r is MM else r is not None and r is not False


def eq_g(A, D, a, b):
    r = eq_d(A, D, a, b)
    if r is not MM:
        return r
    r = first((yield from call(A, D, _bin_handler(A, a, b, b"__eq"), (a, b), "metamethod 'eq'")))
    return r is not None and r is not False


def eq_p(A, D, a, b):
    """``eq_g`` for plain twins."""
    r = eq(A, a, b)
    if r is not MM:
        return r
    r = call_leaf(D, _bin_handler(A, a, b, b"__eq"), (a, b))
    return r is not None and r is not False


def raweq(a, b) -> bool:
    if a is b:
        return True
    ca, cb = a.__class__, b.__class__
    if ca is cb:
        if ca is LuaTable or ca is Userdata:
            return False
        return a == b
    if (ca is int or ca is float) and (cb is int or cb is float):
        return a == b
    return False


def _cmp_error(a, b):
    ta, tb = objtypename(a), objtypename(b)
    if ta == tb:
        rt_error("attempt to compare two %s values" % ta)
    rt_error("attempt to compare %s with %s" % (ta, tb))


def lt(A, a, b):
    ca, cb = a.__class__, b.__class__
    if (ca is int or ca is float) and (cb is int or cb is float):
        return a < b
    if ca is bytes and cb is bytes:
        return a < b
    if getmetamethod(A, a, b"__lt") is None and getmetamethod(A, b, b"__lt") is None:
        _cmp_error(a, b)
    return MM


def le(A, a, b):
    ca, cb = a.__class__, b.__class__
    if (ca is int or ca is float) and (cb is int or cb is float):
        return a <= b
    if ca is bytes and cb is bytes:
        return a <= b
    if (getmetamethod(A, a, b"__le") is None and getmetamethod(A, b, b"__le") is None
            and getmetamethod(A, a, b"__lt") is None and getmetamethod(A, b, b"__lt") is None):
        _cmp_error(a, b)
    return MM


def lt_d(A, D, a, b):
    """``lt_g`` without a generator, or MM (see ``index_d``)."""
    ca, cb = a.__class__, b.__class__
    if (ca is int or ca is float) and (cb is int or cb is float) or ca is bytes and cb is bytes:
        return a < b
    h = getmetamethod(A, a, b"__lt")
    if h is None:
        h = getmetamethod(A, b, b"__lt")
        if h is None:
            _cmp_error(a, b)
    r = try_plain(D, h, (a, b))
    return r if r is MM else r is not None and r is not False


def lt_g(A, D, a, b):
    r = lt_d(A, D, a, b)
    if r is not MM:
        return r
    r = first((yield from call(A, D, _bin_handler(A, a, b, b"__lt"), (a, b), "metamethod 'lt'")))
    return r is not None and r is not False


def lt_p(A, D, a, b):
    """``lt_g`` for plain twins."""
    r = lt(A, a, b)
    if r is not MM:
        return r
    r = call_leaf(D, _bin_handler(A, a, b, b"__lt"), (a, b))
    return r is not None and r is not False


def _le_handler(A, a, b):
    """Who decides ``a <= b`` once ``le`` returned MM: (handler, its
    arguments, its name for errors, whether its result is negated).  An
    ``__le`` of either operand, else LUA_COMPAT_LT_LE (on in the default
    build of lua 5.4, through LUA_COMPAT_5_3): ``not (b < a)``."""
    h = _bin_handler(A, a, b, b"__le")
    if h is not None:
        return h, (a, b), "metamethod 'le'", False
    return _bin_handler(A, b, a, b"__lt"), (b, a), "metamethod 'lt'", True


def _le_result(r, negated) -> bool:
    return (r is None or r is False) if negated else (r is not None and r is not False)


def le_d(A, D, a, b):
    """``le_g`` without a generator, or MM (see ``index_d``)."""
    ca, cb = a.__class__, b.__class__
    if (ca is int or ca is float) and (cb is int or cb is float) or ca is bytes and cb is bytes:
        return a <= b
    r = le(A, a, b)             # (raises the comparison error)
    if r is not MM:
        return r
    h, args, _, negated = _le_handler(A, a, b)
    r = try_plain(D, h, args)
    return r if r is MM else _le_result(r, negated)


def le_g(A, D, a, b):
    r = le_d(A, D, a, b)
    if r is not MM:
        return r
    h, args, name, negated = _le_handler(A, a, b)
    return _le_result(first((yield from call(A, D, h, args, name))), negated)


def le_p(A, D, a, b):
    """``le_g`` for plain twins."""
    r = le(A, a, b)
    if r is not MM:
        return r
    h, args, _, negated = _le_handler(A, a, b)
    return _le_result(call_leaf(D, h, args), negated)


# ----------------------------------------------------------------- tostring

def tostring_basic(A, v) -> bytes:
    """``tostring`` without ``__tostring`` (but honouring ``__name``)."""
    c = v.__class__
    if c is bytes:
        return v
    if c is int or c is float:
        return tostr(v)
    if v is None:
        return b"nil"
    if v is True:
        return b"true"
    if v is False:
        return b"false"
    mt = getmeta(A, v)
    name = lua_type(v)
    if mt is not None:
        n = mt.hash.get(b"__name")
        if n.__class__ is bytes:
            name = n.decode("utf-8", "surrogateescape")
    return ("%s: 0x%012x" % (name, id(v))).encode()


def tostring(A, D, v):
    """``tostring(v)`` with ``__tostring`` (a generator: it may call Lua)."""
    c = v.__class__
    if c is bytes:
        return v
    if c is int or c is float:
        return tostr(v)
    h = getmetamethod(A, v, b"__tostring")
    if h is not None:
        r = first((yield from _nonyielding(A, call(A, D, h, (v,)))))
        if r.__class__ is not bytes:
            if r.__class__ is int or r.__class__ is float:
                return tostr(r)
            caller_error("'__tostring' must return a string")
        return r
    return tostring_basic(A, v)


# ------------------------------------------------------------------ closing

def close_var(A, D, v, err=None):
    """Call the ``__close`` metamethod of a to-be-closed value."""
    if v is None or v is False:
        return
    h = getmetamethod(A, v, b"__close")
    if h is None:
        rt_error("metamethod 'close'")
    yield from call(A, D, h, (v, err), "metamethod 'close'")


def check_closable(A, v, name):
    if v is None or v is False:
        return
    if getmetamethod(A, v, b"__close") is None:
        rt_error("variable '%s' got a non-closable value" % name)


# ---------------------------------------------------------------- for loops

def forprep(a, b, c):
    """Validate/convert numeric-for control values as ``lvm.c``'s forprep:
    returns (start, stop, step, is_int).  An integer loop needs an integer
    start and step; its limit may be a float or a numeric string (clipped
    to the integer range, NaN or out-of-range limits skip the loop)."""
    if a.__class__ is int and c.__class__ is int:
        if c == 0:
            rt_error("'for' step is zero")
        if b.__class__ is int:
            return a, b, c, True
        x = tonum(b)
        if x is None:
            rt_error("bad 'for' limit (number expected, got %s)" % objtypename(b))
        if x.__class__ is int:
            return a, x, c, True
        if x != x:
            return 1, 0, 1, True
        if c > 0:
            if x >= 9223372036854775808.0:
                lim = MAXINT
            elif x < -9223372036854775808.0:
                return 1, 0, 1, True
            else:
                lim = math.floor(x)
        else:
            if x < -9223372036854775808.0:
                lim = MININT
            elif x >= 9223372036854775808.0:
                return 1, 0, 1, True
            else:
                lim = math.ceil(x)
        return a, lim, c, True
    vals = []
    for v, what in ((a, "initial value"), (b, "limit"), (c, "step")):
        x = tonum(v)
        if x is None:
            rt_error("bad 'for' %s (number expected, got %s)" % (what, objtypename(v)))
        vals.append(float(x))
    if vals[2] == 0:
        rt_error("'for' step is zero")
    return vals[0], vals[1], vals[2], False


def _float_range(a, b, c):
    if c > 0:
        while a <= b:
            yield a
            a += c
    else:
        while a >= b:
            yield a
            a += c


def forrange(a, b, c):
    """The sequence of values of a numeric ``for`` (5.4 rules: integer loops
    never overflow, float loops step by float addition)."""
    a, b, c, isint = forprep(a, b, c)
    if isint:
        return range(a, b + 1, c) if c > 0 else range(a, b - 1, c)
    return _float_range(a, b, c)
