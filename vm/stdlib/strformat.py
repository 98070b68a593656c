"""``string.format`` with lstrlib.c 5.4.8 semantics and C printf output."""
from __future__ import annotations

import math

from vm.runtime.argcheck import arg_error, check_int, check_num, lua_error
from vm.runtime.numbers import MININT, tostr
from vm.runtime.values import SLOW, LuaTable, Userdata, FUNCTION_TYPES

MAX_FORMAT = 32
_SPAN = frozenset(b"-+#0 123456789.")
FLAGS_F = b"-+#0 "
FLAGS_X = b"-#0"
FLAGS_I = b"-+0 "
FLAGS_U = b"-0"
FLAGS_C = b"-"
_MASK64 = (1 << 64) - 1


def _cstr(form: bytes) -> bytes:
    """``form`` as the C string PUC's messages print: raw bytes, up to a NUL."""
    z = form.find(b"\0")
    return form if z < 0 else form[:z]


def _isdigit(c):
    return 48 <= c <= 57


def _isalpha(c):
    return 65 <= c <= 90 or 97 <= c <= 122


def checkformat(form: bytes, flags: bytes, precision: bool) -> None:
    spec = 1
    while form[spec] in flags:
        spec += 1
    if form[spec] != 48:                # a width cannot start with '0'
        if _isdigit(form[spec]):
            spec += 1
            if _isdigit(form[spec]):
                spec += 1
        if form[spec] == 46 and precision:
            spec += 1
            if _isdigit(form[spec]):
                spec += 1
                if _isdigit(form[spec]):
                    spec += 1
    if not _isalpha(form[spec]):
        lua_error(b"invalid conversion specification: '%s'" % _cstr(form))


def parse_spec(form: bytes):
    """(flags, width, precision-or-None) of a validated ``%...X`` form."""
    i = 1
    flags = set()
    while form[i] in b"-+ #0":
        flags.add(form[i])
        i += 1
    w = 0
    while _isdigit(form[i]):
        w = w * 10 + form[i] - 48
        i += 1
    prec = None
    if form[i] == 46:
        i += 1
        prec = 0
        while _isdigit(form[i]):
            prec = prec * 10 + form[i] - 48
            i += 1
    return flags, w, prec


def _pad(body: str, flags, width: int, zero_ok: bool, prefix_len: int = 0) -> str:
    """Pad ``body`` to ``width``: left (``-``), zeros after the sign/prefix
    (``0``, when allowed) or spaces."""
    if len(body) >= width:
        return body
    if 45 in flags:                       # '-'
        return body + " " * (width - len(body))
    if zero_ok and 48 in flags:
        return body[:prefix_len] + "0" * (width - len(body)) + body[prefix_len:]
    return " " * (width - len(body)) + body


def _sign(neg: bool, flags) -> str:
    if neg:
        return "-"
    if 43 in flags:
        return "+"
    if 32 in flags:
        return " "
    return ""


def format_int(v: int, conv: int, flags, width: int, prec) -> str:
    if conv in (100, 105):                          # d i
        sign = _sign(v < 0, flags)
        digits = str(abs(v))
        prefix = ""
    else:
        sign = ""
        u = v & _MASK64
        prefix = ""
        if conv == 117:                             # u
            digits = str(u)
        elif conv == 111:                           # o
            digits = "%o" % u
        elif conv == 120:
            digits = "%x" % u
            if 35 in flags and u:
                prefix = "0x"
        else:
            digits = "%X" % u
            if 35 in flags and u:
                prefix = "0X"
    if prec is not None:
        if prec == 0 and v == 0:
            digits = ""
        elif len(digits) < prec:
            digits = "0" * (prec - len(digits)) + digits
    if conv == 111 and 35 in flags and not digits.startswith("0"):
        digits = "0" + digits
    head = sign + prefix
    return _pad(head + digits, flags, width, prec is None, len(head))


def _nonfinite(x: float, upper: bool, flags, width: int) -> str:
    if x != x:
        neg = math.copysign(1.0, x) < 0
        body = "nan"
    else:
        neg = x < 0
        body = "inf"
    if upper:
        body = body.upper()
    return _pad(_sign(neg, flags) + body, flags, width, False)


def format_float(x: float, conv: int, flags, width: int, prec) -> str:
    c = chr(conv)
    if x != x or x in (math.inf, -math.inf):
        return _nonfinite(x, c.isupper(), flags, width)
    spec = "%" + "".join(chr(f) for f in sorted(flags))
    if width:
        spec += str(width)
    if prec is not None:
        spec += "." + str(prec)
    return (spec + c) % x


def hexfloat(x: float, flags=frozenset(), width: int = 0, prec=None,
             upper: bool = False) -> str:
    """C's ``%a`` (glibc layout: normalised ``0x1.xxxp+e``, subnormals as
    ``0x0.xxxp-1022``)."""
    if x != x or x in (math.inf, -math.inf):
        return _nonfinite(x, upper, flags, width)
    neg = math.copysign(1.0, x) < 0
    x = abs(x)
    if x == 0:
        lead, frac, exp = 0, 0, 0
    else:
        m, e = math.frexp(x)
        if x >= 2.2250738585072014e-308:
            lead = 1
            frac = int((m * 2 - 1) * (1 << 52))
            exp = e - 1
        else:
            lead = 0
            frac = int(math.ldexp(x, 1074))
            exp = -1022
    if prec is None:
        digits = ("%013x" % frac).rstrip("0")
    elif prec >= 13:
        digits = "%013x" % frac + "0" * (prec - 13)
    else:
        shift = 4 * (13 - prec)
        total = (lead << 52) | frac
        q, r = divmod(total, 1 << shift)
        half = 1 << (shift - 1)
        if r > half or (r == half and q & 1):
            q += 1
        lead = q >> (4 * prec)
        digits = ("%0*x" % (prec, q & ((1 << (4 * prec)) - 1))) if prec else ""
    body = "%x" % lead
    if digits or 35 in flags:
        body += "." + digits
    body += "p%+d" % exp
    head = _sign(neg, flags) + "0x"
    s = _pad(head + body, flags, width, True, len(head))
    return s.upper() if upper else s


def quotefloat(x: float) -> bytes:
    if x == math.inf:
        return b"1e9999"
    if x == -math.inf:
        return b"-1e9999"
    if x != x:
        return b"(0/0)"
    return hexfloat(x).encode()


def addquoted(s: bytes) -> bytes:
    out = bytearray(b'"')
    n = len(s)
    for i in range(n):
        c = s[i]
        if c == 34 or c == 92 or c == 10:
            out.append(92)
            out.append(c)
        elif c < 32 or c == 127:
            if i + 1 < n and _isdigit(s[i + 1]):
                out += b"\\%03d" % c
            else:
                out += b"\\%d" % c
        else:
            out.append(c)
    out.append(34)
    return bytes(out)


_short_ptrs: dict = {}


def topointer(v):
    """A stable fake address for ``%p`` (None for non-pointer values)."""
    c = v.__class__
    if c is bytes:
        if len(v) <= 40:            # short strings are internalised
            return 0x5500_0000_0000 + (hash(v) & 0xFFFF_FFFF) * 16
        return 0x5600_0000_0000 + (id(v) & 0xFF_FFFF_FFFF)
    if c is LuaTable or c is Userdata or c in FUNCTION_TYPES or \
            (v is not None and c not in (bool, int, float)):
        return id(v)        # the address tostring shows (ops.tostring_basic)
    return None


_PLANS: dict = {}


def _plan(fmt: bytes):
    """A format made only of literal text, ``%%`` and unmodified ``%d``,
    ``%i``, ``%s`` and ``%.Nf`` (N < 100) as (Python bytes format, kinds,
    base size), or False.  A kind is the class the argument must have:
    ``int`` for ``%d``, ``bytes`` for ``%s``, None for ``%.Nf`` (a finite
    float or an integer); the base size bounds the result's length but for
    the ``%s`` arguments.  With arguments of the exact expected types
    Python's ``%`` gives C's output for these."""
    parts = []
    kinds = []
    i = 0
    n = len(fmt)
    while True:
        j = fmt.find(b"%", i)
        if j < 0:
            parts.append(fmt[i:])
            break
        parts.append(fmt[i:j])
        c = fmt[j + 1] if j + 1 < n else -1
        if c == 37:
            parts.append(b"%%")
            i = j + 2
        elif c == 100 or c == 105:
            parts.append(b"%d")
            kinds.append(int)
            i = j + 2
        elif c == 115:
            parts.append(b"%s")
            kinds.append(bytes)
            i = j + 2
        elif c == 46:
            k = j + 2
            while k < n and k < j + 4 and 48 <= fmt[k] <= 57:
                k += 1
            if k == j + 2 or k >= n or fmt[k] != 102:
                return False
            parts.append(fmt[j:k + 1])
            kinds.append(None)
            i = k + 1
        else:
            return False
    pyfmt = b"".join(parts)
    base = len(pyfmt) + sum(20 if k is int else 0 if k is bytes else 400 for k in kinds)
    return pyfmt, tuple(kinds), base


def make_format(A):
    """``(fn, fast)`` of ``string.format`` for arena ``A``: ``format_run``
    does the whole formatting as plain code; an argument whose ``%s`` needs
    a ``__tostring`` call stops it, and the generator ``fn`` calls Lua for
    that argument and runs it again (nothing is charged or written before
    the end, so a rerun is invisible); ``fast`` returns SLOW instead."""
    F = A.F
    mem = A.mem
    import vm.runtime.ops as ops

    def tostr_plain(v, arg, resolved):
        """``tostring(v)`` of argument ``arg``; its index (an int) if that
        needs a Lua call not made yet."""
        c = v.__class__
        if c is bytes:
            return v
        if c is int or c is float:
            return tostr(v)
        if resolved is not None:
            r = resolved.get(arg)
            if r is not None:
                return r
        if ops.getmetamethod(A, v, b"__tostring") is not None:
            return arg
        return ops.tostring_basic(A, v)

    def str_format(D, *args):
        r = format_run(args, None)
        resolved = {}
        while r.__class__ is int:
            resolved[r] = yield from ops.tostring(A, D + 1, args[r - 1])
            r = format_run(args, resolved)
        return r

    def run_plan(plan, args):
        """The result of planned format ``plan`` (see format_run) when the
        arguments fit it (Python's ``%`` then formats exactly as Lua),
        else None."""
        pyfmt, kinds, size = plan
        nk = len(kinds)
        if len(args) <= nk:
            return None
        vals = args[1:nk + 1]
        k = 0
        for v in vals:
            want = kinds[k]
            k += 1
            c = v.__class__
            if c is want:
                if c is bytes:
                    size += len(v)
            elif want is not None or not (
                    c is int or (c is float and v - v == 0.0 and -1e300 < v < 1e300)):
                return None     # another type, or inf/nan for a number
        if size > 65536:
            mem.check(size)
        r = pyfmt % vals
        F[0] -= 1 + (len(r) >> 5)
        return r

    def format_fast(*args):
        # a planned format, inline: the common case
        plan = _PLANS.get(args[0]) if args else None
        if plan and (r := run_plan(plan, args)) is not None:
            return r
        r = format_run(args, None)
        return SLOW if r.__class__ is int else r

    def format_run(args, resolved):
        fmt = args[0] if args else None
        if fmt.__class__ is not bytes:
            from vm.runtime.argcheck import check_str
            fmt = check_str(args, 1, "string.format")
        top = len(args)
        plan = _PLANS.get(fmt)
        if plan is None:
            if len(_PLANS) > 256:
                _PLANS.clear()
            plan = _PLANS[fmt] = _plan(fmt) if len(fmt) < 256 else False
        if plan and (r := run_plan(plan, args)) is not None:
            return r
        arg = 1
        out = []
        size = 0
        i = 0
        n = len(fmt)
        while i < n:
            j = fmt.find(b"%", i)
            if j < 0:
                out.append(fmt[i:])
                size += n - i
                break
            if j > i:
                out.append(fmt[i:j])
                size += j - i
            i = j + 1
            if i < n and fmt[i] == 37:
                out.append(b"%")
                size += 1
                i += 1
                continue
            arg += 1
            if arg > top:
                arg_error(arg, "string.format", "no value")
            k = i
            while k < n and fmt[k] in _SPAN:
                k += 1
            if k - i + 1 >= MAX_FORMAT - 10:
                lua_error("invalid format (too long)")
            conv = fmt[k] if k < n else 0
            v = args[arg - 1]
            if k == i:                                       # fast paths
                vc = v.__class__
                if (conv == 100 or conv == 105) and vc is int:
                    r = b"%d" % v
                    i = k + 1
                    out.append(r)
                    size += len(r)
                    continue
                if conv == 115 and vc is bytes:
                    i = k + 1
                    out.append(v)
                    size += len(v)
                    if size > 65536:
                        mem.check(size)
                    continue
            form = b"%" + fmt[i:k + 1]
            i = k + 1
            if conv == 99:                                   # c
                checkformat(form, FLAGS_C, False)
                ch = check_int(args, arg, "string.format") & 0xFF
                fl, w, _ = parse_spec(form)
                r = _pad(chr(ch), fl, w, False).encode("latin-1")
            elif conv in (100, 105, 117, 111, 120, 88):      # d i u o x X
                iv = check_int(args, arg, "string.format")
                checkformat(form, FLAGS_I if conv in (100, 105) else
                            FLAGS_U if conv == 117 else FLAGS_X, True)
                fl, w, pr = parse_spec(form)
                r = format_int(iv, conv, fl, w, pr).encode()
            elif conv in (97, 65):                           # a A
                checkformat(form, FLAGS_F, True)
                x = float(check_num(args, arg, "string.format"))
                fl, w, pr = parse_spec(form)
                r = hexfloat(x, fl, w, pr, conv == 65).encode()
            elif conv in (102, 101, 69, 103, 71):            # f e E g G
                x = float(check_num(args, arg, "string.format"))
                checkformat(form, FLAGS_F, True)
                fl, w, pr = parse_spec(form)
                r = format_float(x, conv, fl, w, pr).encode()
            elif conv == 112:                                # p
                ptr = topointer(v)
                checkformat(form, FLAGS_C, False)
                fl, w, _ = parse_spec(form)
                body = "(null)" if ptr is None else "0x%012x" % ptr     # as tostring
                r = _pad(body, fl, w, False).encode()
            elif conv == 113:                                # q
                if len(form) > 2:
                    lua_error("specifier '%q' cannot have modifiers")
                vc = v.__class__
                if vc is bytes:
                    r = addquoted(v)
                elif vc is int:
                    r = b"0x8000000000000000" if v == MININT else b"%d" % v
                elif vc is float:
                    r = quotefloat(v)
                elif v is None or vc is bool:
                    r = tostr_plain(v, arg, resolved)
                    if r.__class__ is int:
                        return r
                else:
                    arg_error(arg, "string.format", "value has no literal form")
            elif conv == 115:                                # s
                s = tostr_plain(v, arg, resolved)
                if s.__class__ is int:
                    return s
                if len(form) == 2:
                    r = s
                else:
                    if b"\0" in s:
                        arg_error(arg, "string.format", "string contains zeros")
                    checkformat(form, FLAGS_C, True)
                    if b"." not in form and len(s) >= 100:
                        r = s
                    else:
                        fl, w, pr = parse_spec(form)
                        if pr is not None:
                            s = s[:pr]
                        if len(s) < w:
                            s = s + b" " * (w - len(s)) if 45 in fl \
                                else b" " * (w - len(s)) + s
                        r = s
            else:
                lua_error(b"invalid conversion '%s' to 'format'" % _cstr(form))
            out.append(r)
            size += len(r)
            if size > 65536:
                mem.check(size)
        F[0] -= 1 + (size >> 5)
        if size > 65536:
            mem.check(size)
        return b"".join(out)

    return str_format, format_fast
