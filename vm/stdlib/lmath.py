"""The Lua 5.4 ``math`` library (behaviour of PUC-Rio lmathlib.c).

``random``/``randomseed`` use xoshiro256** exactly as Lua 5.4 does, so a
given seed produces the same sequence as ``lua5.4``.  Each arena (State)
gets its own generator state.
"""
from __future__ import annotations

import math
import time

from ..runtime.argcheck import (arg_error, check_any, check_int, check_num,
                                lua_error, opt_num)
from ..runtime.numbers import MAXINT, MININT, NAN, fpow, tointeger, wrap
from ..runtime.values import Builtin, LuaTable, lua_type

_M64 = (1 << 64) - 1


# ---------------------------------------------------------------- helpers

def _pushnumint(d: float):
    """``pushnumint``: the float as an integer when it fits, else the float."""
    if d.is_integer() and -9.3e18 < d < 9.3e18:
        i = int(d)
        if MININT <= i <= MAXINT:
            return i
    return d


def _compare_error(a, b):
    # raised by lua_compare inside the C function: no position (luaG_runerror
    # adds one only for a Lua function)
    ta, tb = lua_type(a), lua_type(b)
    if ta == tb:
        lua_error("attempt to compare two %s values" % ta, 0)
    lua_error("attempt to compare %s with %s" % (ta, tb), 0)


def _lt(a, b) -> bool:
    """``lua_compare(a, b, LUA_OPLT)`` for numbers and strings."""
    ca, cb = a.__class__, b.__class__
    if (ca is int or ca is float) and (cb is int or cb is float):
        return a < b
    if ca is bytes and cb is bytes:
        return a < b
    _compare_error(a, b)


# ----------------------------------------------------------- xoshiro256**

def _rotl(x: int, n: int) -> int:
    return ((x << n) | (x >> (64 - n))) & _M64


class _Rand:
    """xoshiro256** state (four unsigned 64-bit words)."""

    __slots__ = ("s",)

    def __init__(self):
        self.s = [0, 0, 0, 0]

    def next(self) -> int:
        s = self.s
        s0, s1 = s[0], s[1]
        s2 = s[2] ^ s0
        s3 = s[3] ^ s1
        res = (_rotl((s1 * 5) & _M64, 7) * 9) & _M64
        s[0] = s0 ^ s3
        s[1] = s1 ^ s2
        s[2] = s2 ^ ((s1 << 17) & _M64)
        s[3] = _rotl(s3, 45)
        return res

    def seed(self, n1: int, n2: int) -> None:
        self.s = [n1 & _M64, 0xff, n2 & _M64, 0]
        for _ in range(16):
            self.next()

    def project(self, ran: int, n: int) -> int:
        """Project ``ran`` into [0, n] (both unsigned), as lmathlib does."""
        if n & (n + 1) == 0:
            return ran & n
        lim = n
        lim |= lim >> 1
        lim |= lim >> 2
        lim |= lim >> 4
        lim |= lim >> 8
        lim |= lim >> 16
        lim |= lim >> 32
        ran &= lim
        while ran > n:
            ran = self.next() & lim
        return ran


_SCALE = 0.5 / (1 << 52)     # 2^-53


# ------------------------------------------------------------------ library

def open_math(A) -> LuaTable:
    M = LuaTable()
    h = M.hash

    def reg(name, fn):
        h[name.encode()] = Builtin(fn, "math." + name)

    def m_abs(*args):
        v = args[0] if args else None
        if v.__class__ is float:
            return math.fabs(v)
        if v.__class__ is int:
            return wrap(-v) if v < 0 else v
        return math.fabs(check_num(args, 1, "math.abs"))

    def unary(name, f):
        fname = "math." + name

        def fn(*args):
            x = args[0] if args else None
            c = x.__class__
            if c is not float:
                x = float(check_num(args, 1, fname))
            try:
                return f(x)
            except (ValueError, OverflowError):
                return _domain(name, x)
        reg(name, fn)

    def m_floor(*args):
        v = args[0] if args else None
        c = v.__class__
        if c is int:
            return v
        if c is not float:
            v = check_num(args, 1, "math.floor")
            if v.__class__ is int:
                v = float(v)
        if v != v or v in (math.inf, -math.inf):
            return v
        return _pushnumint(float(math.floor(v)))

    def m_ceil(*args):
        v = args[0] if args else None
        c = v.__class__
        if c is int:
            return v
        if c is not float:
            v = check_num(args, 1, "math.ceil")
            if v.__class__ is int:
                v = float(v)
        if v != v or v in (math.inf, -math.inf):
            return v
        return _pushnumint(float(math.ceil(v)))

    def m_fmod(*args):
        if len(args) >= 2 and args[0].__class__ is int and args[1].__class__ is int:
            a, d = args[0], args[1]
            if d == 0:
                arg_error(2, "math.fmod", "zero")
            if d == -1:
                return 0
            r = abs(a) % abs(d)          # C '%': truncating, sign of dividend
            return -r if a < 0 else r
        # lmathlib's fmod(luaL_checknumber(L, 1), luaL_checknumber(L, 2)):
        # gcc evaluates the second argument first, so it is checked first
        b = float(check_num(args, 2, "math.fmod"))
        a = float(check_num(args, 1, "math.fmod"))
        if b == 0 or a != a or b != b or a in (math.inf, -math.inf):
            if b != b:
                return b
            if a != a:
                return a
            return NAN
        if b in (math.inf, -math.inf):
            return a
        return math.fmod(a, b)

    def m_modf(*args):
        v = args[0] if args else None
        if v.__class__ is int:
            return (v, 0.0)
        n = float(check_num(args, 1, "math.modf"))
        if n != n:
            return (n, n)
        if n in (math.inf, -math.inf):
            return (n, 0.0)
        ip = float(math.ceil(n)) if n < 0 else float(math.floor(n))
        return (_pushnumint(ip), 0.0 if n == ip else n - ip)

    def m_sqrt(*args):
        x = args[0] if args else None
        if x.__class__ is not float:
            x = float(check_num(args, 1, "math.sqrt"))
        if x < 0:
            return NAN
        return math.sqrt(x)

    def m_ult(*args):
        a = check_int(args, 1, "math.ult")
        b = check_int(args, 2, "math.ult")
        return (a & _M64) < (b & _M64)

    def m_log(*args):
        x = float(check_num(args, 1, "math.log"))
        if len(args) < 2 or args[1] is None:
            return _log(x)
        base = float(check_num(args, 2, "math.log"))
        if base == 2.0:
            return _log2(x)
        if base == 10.0:
            return _log10(x)
        lb = _log(base)
        lx = _log(x)
        try:
            return lx / lb
        except ZeroDivisionError:
            if lx != lx or lx == 0:
                return NAN
            return math.copysign(math.inf, lx) * math.copysign(1.0, lb)

    def m_exp(*args):
        x = float(check_num(args, 1, "math.exp"))
        try:
            return math.exp(x)
        except OverflowError:
            return math.inf

    def m_deg(*args):
        return check_num(args, 1, "math.deg") * (180.0 / math.pi)

    def m_rad(*args):
        return check_num(args, 1, "math.rad") * (math.pi / 180.0)

    def m_atan(*args):
        y = float(check_num(args, 1, "math.atan"))
        x = float(opt_num(args, 2, "math.atan", 1.0))
        if x != x:              # glibc's atan2 returns x + y for a NaN
            return x            # argument: the NaN propagates with its sign
        if y != y:
            return y
        return math.atan2(y, x)

    def m_min(*args):
        n = len(args)
        if n < 1:
            arg_error(1, "math.min", "value expected")
        best = args[0]
        if n == 2:
            b = args[1]
            cb = b.__class__
            if (cb is int or cb is float) and best.__class__ in (int, float):
                return b if b < best else best
        for i in range(1, n):
            v = args[i]
            if _lt(v, best):
                best = v
        return best

    def m_max(*args):
        n = len(args)
        if n < 1:
            arg_error(1, "math.max", "value expected")
        best = args[0]
        if n == 2:
            b = args[1]
            cb = b.__class__
            if (cb is int or cb is float) and best.__class__ in (int, float):
                return b if best < b else best
        for i in range(1, n):
            v = args[i]
            if _lt(best, v):
                best = v
        return best

    def m_tointeger(*args):
        check_any(args, 1, "math.tointeger")
        return tointeger(args[0])

    def m_type(*args):
        check_any(args, 1, "math.type")
        c = args[0].__class__
        if c is int:
            return b"integer"
        if c is float:
            return b"float"
        return None

    rng = _Rand()

    def m_random(*args):
        rv = rng.next()
        n = len(args)
        if n == 0:
            return (rv >> 11) * _SCALE
        if n == 1:
            low = 1
            up = check_int(args, 1, "math.random")
            if up == 0:
                return wrap(rv)
        elif n == 2:
            low = check_int(args, 1, "math.random")
            up = check_int(args, 2, "math.random")
        else:
            lua_error("wrong number of arguments")
        if low > up:
            arg_error(1, "math.random", "interval is empty")
        p = rng.project(rv, (up - low) & _M64)
        return wrap(p + low)

    def m_randomseed(*args):
        if not args:
            n1 = int(time.time())
            n2 = id(A) & _M64
        else:
            n1 = check_int(args, 1, "math.randomseed")
            n2 = check_int(args, 2, "math.randomseed") if len(args) >= 2 and args[1] is not None else 0
        rng.seed(n1, n2)
        return (wrap(n1), wrap(n2))

    reg("abs", m_abs)
    reg("ceil", m_ceil)
    reg("floor", m_floor)
    reg("fmod", m_fmod)
    reg("modf", m_modf)
    reg("sqrt", m_sqrt)
    reg("ult", m_ult)
    reg("log", m_log)
    reg("exp", m_exp)
    reg("deg", m_deg)
    reg("rad", m_rad)
    reg("atan", m_atan)
    reg("min", m_min)
    reg("max", m_max)
    reg("tointeger", m_tointeger)
    reg("type", m_type)
    reg("random", m_random)
    reg("randomseed", m_randomseed)
    # LUA_COMPAT_MATHLIB: the standard lua 5.4 build (LUA_COMPAT_5_3 in its
    # Makefile) still has these deprecated functions
    def m_pow(*args):
        return fpow(float(check_num(args, 1, "math.pow")), float(check_num(args, 2, "math.pow")))

    def m_frexp(*args):
        x = float(check_num(args, 1, "math.frexp"))
        if x != x or x in (math.inf, -math.inf):
            return (x, 0)
        m, e = math.frexp(x)
        return (m, e)

    def m_ldexp(*args):
        x = float(check_num(args, 1, "math.ldexp"))
        e = check_int(args, 2, "math.ldexp")
        e = ((e + (1 << 31)) & 0xFFFFFFFF) - (1 << 31)     # C's (int) cast
        try:
            return math.ldexp(x, e)
        except OverflowError:
            return math.copysign(math.inf, x)

    def m_log10(*args):
        return _log10(float(check_num(args, 1, "math.log10")))

    def hyperbolic(name, f):
        fname = "math." + name

        def fn(*args):
            x = float(check_num(args, 1, fname))
            try:
                return f(x)
            except OverflowError:
                return math.inf if name == "cosh" else math.copysign(math.inf, x)
        reg(name, fn)

    reg("pow", m_pow)
    reg("frexp", m_frexp)
    reg("ldexp", m_ldexp)
    reg("log10", m_log10)
    hyperbolic("sinh", math.sinh)
    hyperbolic("cosh", math.cosh)
    hyperbolic("tanh", math.tanh)
    unary("sin", math.sin)
    unary("cos", math.cos)
    unary("tan", math.tan)
    unary("asin", math.asin)
    unary("acos", math.acos)
    h[b"pi"] = math.pi
    h[b"huge"] = math.inf
    h[b"maxinteger"] = MAXINT
    h[b"mininteger"] = MININT
    # seed like luaopen_math (randseed): time and an address
    rng.seed(int(time.time()), id(A) & _M64)
    A.math_rng = rng
    if hasattr(A, "intrinsics"):        # calls to these run inline (vm/codegen.py INTRINSICS)
        for name in ("sqrt", "abs", "floor"):
            A.intrinsics[name] = h[name.encode()]
    return M


def _domain(name, x):
    """Result of a C math function where Python raises instead (glibc:
    sin/cos/tan of infinity give -nan, asin/acos out of domain +nan)."""
    if name in ("asin", "acos"):
        return -NAN
    return NAN


def _c_log(fn, bad=NAN):
    """A logarithm with C's results where Python raises: log(0) = -inf,
    negative arguments give NaN (``bad``: glibc's log10 gives +nan where
    log and log2 give -nan), NaN and inf pass through."""
    def log(x: float) -> float:
        if x != x:
            return x
        if x == 0:
            return -math.inf
        if x < 0:
            return bad
        if x == math.inf:
            return x
        return fn(x)
    return log


_log = _c_log(math.log)
_log2 = _c_log(math.log2)
_log10 = _c_log(math.log10, -NAN)
