"""The Lua 5.4 ``utf8`` library (behaviour of PUC-Rio 5.4.8 lutf8lib.c)."""
from __future__ import annotations

from ..runtime.argcheck import (arg_error, check_int, check_str, lua_error,
                                opt_int)
from ..runtime.numbers import tointeger
from ..runtime.values import Builtin, LuaTable

MAXUNICODE = 0x10FFFF
MAXUTF = 0x7FFFFFFF
MSG_INVALID = "invalid UTF-8 code"
CHARPATTERN = b"[\x00-\x7F\xC2-\xFD][\x80-\xBF]*"
_LIMITS = (0xFFFFFFFF, 0x80, 0x800, 0x10000, 0x200000, 0x4000000)  # [0]: ~(utfint)0, so a lone continuation byte is invalid
_M64 = (1 << 64) - 1
MAX_RESULTS = 999_900           # about LUAI_MAXSTACK minus what is in use


def _posrelat(pos: int, n: int) -> int:
    if pos >= 0:
        return pos
    if -pos > n:
        return 0
    return n + pos + 1


def decode(s: bytes, i: int, strict: bool):
    """``utf8_decode`` at byte offset ``i`` (0-based): ``(code, next)`` or
    None for an invalid sequence.  Bytes past the end read as ``\\0``."""
    n = len(s)
    c = s[i] if i < n else 0
    if c < 0x80:
        res = c
    else:
        res = 0
        count = 0
        while c & 0x40:
            count += 1
            cc = s[i + count] if i + count < n else 0
            if cc & 0xC0 != 0x80:
                return None
            res = (res << 6) | (cc & 0x3F)
            c = (c << 1) & 0xFF
        res |= (c & 0x7F) << (count * 5)
        if count > 5 or res > MAXUTF or res < _LIMITS[count]:
            return None
        i += count
    if strict and (res > MAXUNICODE or 0xD800 <= res <= 0xDFFF):
        return None
    return res, i + 1


def utf8esc(x: int) -> bytes:
    """``luaO_utf8esc``: encode ``x`` (<= 0x7FFFFFFF) in (extended) UTF-8."""
    if x < 0x80:
        return bytes((x,))
    out = []
    mfb = 0x3F
    while True:
        out.append(0x80 | (x & 0x3F))
        x >>= 6
        mfb >>= 1
        if x <= mfb:
            break
    out.append(((~mfb << 1) | x) & 0xFF)
    out.reverse()
    return bytes(out)


def _iscont(s: bytes, i: int) -> bool:
    return i < len(s) and (s[i] & 0xC0) == 0x80


def _truthy(v) -> bool:
    return v is not None and v is not False


def open_utf8(A) -> LuaTable:
    U = LuaTable()
    h = U.hash
    F = A.F

    def reg(name, fn):
        h[name.encode()] = Builtin(fn, "utf8." + name)

    def u_char(*args):
        n = len(args)
        parts = []
        for i in range(1, n + 1):
            code = check_int(args, i, "utf8.char") & _M64
            if code > MAXUTF:
                arg_error(i, "utf8.char", "value out of range")
            parts.append(utf8esc(code))
        if n > 64:
            A.mem.check(n * 4)
            F[0] -= n >> 3
        return b"".join(parts)

    def u_len(*args):
        s = check_str(args, 1, "utf8.len")
        ln = len(s)
        posi = _posrelat(opt_int(args, 2, "utf8.len", 1), ln)
        posj = _posrelat(opt_int(args, 3, "utf8.len", -1), ln)
        lax = len(args) >= 4 and _truthy(args[3])
        posi -= 1
        if not (0 <= posi <= ln):
            arg_error(2, "utf8.len", "initial position out of bounds")
        posj -= 1
        if not posj < ln:
            arg_error(3, "utf8.len", "final position out of bounds")
        F[0] -= ln >> 5
        if not lax and posi == 0 and posj == ln - 1:
            try:
                return len(s.decode("utf-8"))
            except UnicodeDecodeError:
                pass
        n = 0
        while posi <= posj:
            r = decode(s, posi, not lax)
            if r is None:
                return (None, posi + 1)
            posi = r[1]
            n += 1
        return n

    def u_codepoint(*args):
        s = check_str(args, 1, "utf8.codepoint")
        ln = len(s)
        posi = _posrelat(opt_int(args, 2, "utf8.codepoint", 1), ln)
        pose = _posrelat(opt_int(args, 3, "utf8.codepoint", posi), ln)
        lax = len(args) >= 4 and _truthy(args[3])
        if posi < 1:
            arg_error(2, "utf8.codepoint", "out of bounds")
        if pose > ln:
            arg_error(3, "utf8.codepoint", "out of bounds")
        if posi > pose:
            return ()
        if pose - posi >= 2147483647:
            lua_error("string slice too long")
        if pose - posi + 1 >= MAX_RESULTS:     # luaL_checkstack fails
            lua_error("stack overflow (string slice too long)")
        F[0] -= (pose - posi) >> 4
        if not lax:
            try:
                # strict Lua decoding is exactly standard UTF-8 validity
                return tuple(map(ord, s[posi - 1:pose].decode("utf-8")))
            except UnicodeDecodeError:
                pass
        out = []
        i = posi - 1
        while i < pose:
            r = decode(s, i, not lax)
            if r is None:
                lua_error(MSG_INVALID)
            out.append(r[0])
            i = r[1]
        return tuple(out)

    def u_offset(*args):
        s = check_str(args, 1, "utf8.offset")
        ln = len(s)
        n = check_int(args, 2, "utf8.offset")
        posi = 1 if n >= 0 else ln + 1
        posi = _posrelat(opt_int(args, 3, "utf8.offset", posi), ln)
        posi -= 1
        if not (0 <= posi <= ln):
            arg_error(3, "utf8.offset", "position out of bounds")
        if n == 0:
            while posi > 0 and _iscont(s, posi):
                posi -= 1
        else:
            if _iscont(s, posi):
                lua_error("initial position is a continuation byte")
            if n < 0:
                while n < 0 and posi > 0:
                    posi -= 1
                    while posi > 0 and _iscont(s, posi):
                        posi -= 1
                    n += 1
            else:
                n -= 1
                while n > 0 and posi < ln:
                    posi += 1
                    while _iscont(s, posi):
                        posi += 1
                    n -= 1
        if n == 0:
            return posi + 1
        return None

    def make_iter(strict, name):
        def it(*args):
            s = check_str(args, 1, name)
            ln = len(s)
            v = args[1] if len(args) >= 2 else None
            n = tointeger(v) if v is not None else 0
            if n is None:
                n = 0
            n &= _M64
            if n < ln:
                while _iscont(s, n):
                    n += 1
            if n >= ln:
                return ()
            r = decode(s, n, strict)
            if r is None or _iscont(s, r[1]):
                lua_error(MSG_INVALID)
            return (n + 1, r[0])
        return Builtin(it, "for iterator")

    iter_strict = make_iter(True, "for iterator")
    iter_lax = make_iter(False, "for iterator")

    def u_codes(*args):
        s = check_str(args, 1, "utf8.codes")
        lax = len(args) >= 2 and _truthy(args[1])
        if _iscont(s, 0):
            arg_error(1, "utf8.codes", MSG_INVALID)
        return (iter_lax if lax else iter_strict, s, 0)

    reg("offset", u_offset)
    reg("codepoint", u_codepoint)
    reg("char", u_char)
    reg("len", u_len)
    reg("codes", u_codes)
    h[b"charpattern"] = CHARPATTERN
    return U
