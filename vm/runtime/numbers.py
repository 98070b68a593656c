"""Lua 5.4 number semantics: 64-bit integers, floats, conversions.

Integers are Python ``int`` kept in [-2^63, 2^63); floats are Python
``float``.  ``bool`` is never a number here (callers test ``__class__``).
"""
from __future__ import annotations

import math
import re

MAXINT = (1 << 63) - 1
MININT = -(1 << 63)
_MASK = (1 << 64) - 1
_SIGN = 1 << 63

NAN = -math.nan if math.copysign(1.0, math.nan) > 0 else math.nan
"""The NaN produced by 0/0 on x86 (sign bit set; printed ``-nan``)."""


def wrap(i: int) -> int:
    """Reduce a Python int modulo 2^64 into the signed 64-bit range."""
    i &= _MASK
    return i - (1 << 64) if i & _SIGN else i


def fmt_float(f: float) -> bytes:
    """Format a float as ``lua_Number2str`` (``%.14g``) does, adding ``.0``
    when the result looks like an integer."""
    if f != f:
        return b"-nan" if math.copysign(1.0, f) < 0 else b"nan"
    if f == math.inf:
        return b"inf"
    if f == -math.inf:
        return b"-inf"
    s = "%.14g" % f
    if "." not in s and "e" not in s and "n" not in s and "i" not in s:
        s += ".0"
    return s.encode()


def tostr(v) -> bytes:
    """Number to Lua string."""
    if v.__class__ is int:
        return str(v).encode()
    return fmt_float(v)


_DEC_INT = re.compile(rb"[ \t\n\v\f\r]*(-|\+)?([0-9]+)[ \t\n\v\f\r]*\Z")
_HEX_INT = re.compile(rb"[ \t\n\v\f\r]*(-|\+)?0[xX]([0-9a-fA-F]+)[ \t\n\v\f\r]*\Z")
_DEC_FLT = re.compile(
    rb"[ \t\n\v\f\r]*([-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?)[ \t\n\v\f\r]*\Z")
_HEX_FLT = re.compile(
    rb"[ \t\n\v\f\r]*(-|\+)?0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([-+]?[0-9]+))?[ \t\n\v\f\r]*\Z")


def str2int(s: bytes):
    """Parse a Lua integer numeral (decimal or hex, hex wraps); None if not one."""
    m = _DEC_INT.match(s)
    if m:
        v = int(m.group(2))
        if m.group(1) == b"-":
            v = -v
        if MININT <= v <= MAXINT:
            return v
        return None
    m = _HEX_INT.match(s)
    if m:
        v = wrap(int(m.group(2), 16))
        return wrap(-v) if m.group(1) == b"-" else v
    return None


def hexfloat(sign, ip: bytes, fp: bytes, exp) -> float:
    """Value of a hexadecimal float numeral's parts, correctly rounded as
    C's ``strtod`` does (any number of digits; inf on overflow)."""
    text = b"0x" + (ip or b"0") + b"." + (fp or b"0") + b"p" + (exp or b"0")
    try:
        v = float.fromhex(text.decode("ascii"))
    except OverflowError:
        v = math.inf
    return -v if sign == b"-" else v


def str2number(s: bytes):
    """``lua_stringtonumber``: int or float from a Lua numeral string, else None."""
    v = str2int(s)
    if v is not None:
        return v
    m = _DEC_FLT.match(s)
    if m:
        return float(m.group(1))
    m = _HEX_FLT.match(s)
    if m and (m.group(2) or m.group(3)):
        return hexfloat(m.group(1), m.group(2), m.group(3), m.group(4))
    return None


def tonumber(v):
    """Coerce a Lua value to a number for arithmetic (strings convert)."""
    c = v.__class__
    if c is int or c is float:
        return v
    if c is bytes:
        return str2number(v)
    return None


def float2int(f: float):
    """Exact float → int conversion, or None when not integral / out of range."""
    if f.is_integer() and -9.3e18 < f < 9.3e18:
        i = int(f)
        if MININT <= i <= MAXINT:
            return i
    return None


def tointeger(v):
    """``lua_tointeger`` in mode "exact": int, integral float or numeric string."""
    c = v.__class__
    if c is int:
        return v
    if c is float:
        return float2int(v)
    if c is bytes:
        n = str2number(v)
        if n is None:
            return None
        return n if n.__class__ is int else float2int(n)
    return None


def int_floor(f: float):
    """Floor of a float as an int, or None when it does not fit."""
    if f != f or f in (math.inf, -math.inf):
        return None
    i = math.floor(f)
    return i if MININT <= i <= MAXINT else None


# ------------------------------------------------------------ raw arithmetic

def fdiv(a: float, b: float) -> float:
    try:
        return a / b
    except ZeroDivisionError:
        a = float(a)
        if a != a:
            return a            # a NaN dividend propagates, with its sign
        if a == 0:
            return NAN
        return math.copysign(math.inf, a) * math.copysign(1.0, b)


def fmod_float(a: float, b: float) -> float:
    """Lua float modulo: ``fmod`` adjusted to the sign of the divisor."""
    # C's fmod returns (a*b)/(a*b) then: a NaN operand propagates (the
    # first one, with its sign), otherwise the default NaN (-nan on x86)
    if a != a:
        return a
    if b != b:
        return b
    if b == 0 or a in (math.inf, -math.inf):
        return NAN
    if b in (math.inf, -math.inf) and a == a and a not in (math.inf, -math.inf):
        if a == 0 or (a > 0) == (b > 0):
            return float(a)
        return b
    m = math.fmod(a, b)
    if m != 0 and (m < 0) != (b < 0):
        m += b
    return m


def fidiv(a: float, b: float) -> float:
    q = fdiv(a, b)
    if q != q or q in (math.inf, -math.inf) or q == 0:
        return q                # floor keeps nan, infinities and the sign of zero
    return float(math.floor(q))


def fpow(a: float, b: float) -> float:
    try:
        return math.pow(a, b)
    except OverflowError:
        if a < 0 and b == int(b) and int(b) % 2 == 1:
            return -math.inf
        return math.inf
    except ValueError:
        if a == 0 and b < 0:
            # pow(±0, negative): ±inf (sign kept only for odd integer exponents)
            if math.copysign(1.0, a) < 0 and b == int(b) and int(b) % 2 == 1:
                return -math.inf
            return math.inf
        return NAN


def shift_left(a: int, n: int) -> int:
    if n <= -64 or n >= 64:
        return 0
    if n >= 0:
        return wrap(a << n)
    return wrap((a & _MASK) >> -n)
