"""``string.pack``, ``string.packsize`` and ``string.unpack`` (lstrlib.c)."""
from __future__ import annotations

import math
import struct

from vm.runtime.argcheck import (arg_error, check_int, check_num, check_str,
                                 lua_error, opt_int)
from vm.runtime.numbers import wrap

MAXINTSIZE = 16
SZINT = 8
MAXALIGN = 8
MAXSIZE = 0x7FFFFFFF
NATIVE_LITTLE = True
_MASK64 = (1 << 64) - 1

(Kint, Kuint, Kfloat, Knumber, Kdouble, Kchar, Kstring, Kzstr, Kpadding,
 Kpaddalign, Knop) = range(11)

_SIMPLE = {
    ord("b"): (Kint, 1), ord("B"): (Kuint, 1),
    ord("h"): (Kint, 2), ord("H"): (Kuint, 2),
    ord("l"): (Kint, 8), ord("L"): (Kuint, 8),
    ord("j"): (Kint, 8), ord("J"): (Kuint, 8),
    ord("T"): (Kuint, 8),
    ord("f"): (Kfloat, 4), ord("n"): (Knumber, 8), ord("d"): (Kdouble, 8),
}


class Header:
    __slots__ = ("fmt", "pos", "islittle", "maxalign")

    def __init__(self, fmt: bytes):
        z = fmt.find(b"\0")
        self.fmt = fmt if z < 0 else fmt[:z]      # a C string
        self.pos = 0
        self.islittle = NATIVE_LITTLE
        self.maxalign = 1

    def getnum(self, df: int) -> int:
        fmt = self.fmt
        p = self.pos
        if p >= len(fmt) or not 48 <= fmt[p] <= 57:
            return df
        a = 0
        while True:
            a = a * 10 + fmt[p] - 48
            p += 1
            if not (p < len(fmt) and 48 <= fmt[p] <= 57 and a <= (MAXSIZE - 9) // 10):
                break
        self.pos = p
        return a

    def getnumlimit(self, df: int) -> int:
        sz = self.getnum(df)
        if sz > MAXINTSIZE or sz <= 0:
            lua_error("integral size (%d) out of limits [1,%d]" % (sz, MAXINTSIZE))
        return sz

    def getoption(self):
        opt = self.fmt[self.pos]
        self.pos += 1
        r = _SIMPLE.get(opt)
        if r is not None:
            return r
        if opt == 105:                                   # i
            return Kint, self.getnumlimit(4)
        if opt == 73:                                    # I
            return Kuint, self.getnumlimit(4)
        if opt == 115:                                   # s
            return Kstring, self.getnumlimit(8)
        if opt == 99:                                    # c
            sz = self.getnum(-1)
            if sz == -1:
                lua_error("missing size for format option 'c'")
            return Kchar, sz
        if opt == 122:
            return Kzstr, 0
        if opt == 120:
            return Kpadding, 1
        if opt == 88:
            return Kpaddalign, 0
        if opt == 32:
            pass
        elif opt == 60:
            self.islittle = True
        elif opt == 62:
            self.islittle = False
        elif opt == 61:
            self.islittle = NATIVE_LITTLE
        elif opt == 33:
            self.maxalign = self.getnumlimit(MAXALIGN)
        else:
            lua_error(b"invalid format option '%c'" % opt)     # the raw byte
        return Knop, 0

    def getdetails(self, totalsize: int, fname: str):
        opt, size = self.getoption()
        align = size
        if opt == Kpaddalign:
            if self.pos >= len(self.fmt):
                arg_error(1, fname, "invalid next option for option 'X'")
            o2, align = self.getoption()
            if o2 == Kchar or align == 0:
                arg_error(1, fname, "invalid next option for option 'X'")
        if align <= 1 or opt == Kchar:
            ntoalign = 0
        else:
            if align > self.maxalign:
                align = self.maxalign
            if align & (align - 1):
                arg_error(1, fname, "format asks for alignment not power of 2")
            ntoalign = (align - (totalsize & (align - 1))) & (align - 1)
        return opt, size, ntoalign

    def more(self) -> bool:
        return self.pos < len(self.fmt)


def _packint(n: int, islittle: bool, size: int) -> bytes:
    return (n & ((1 << (8 * size)) - 1)).to_bytes(size, "little" if islittle else "big")


def _packfloat(code: str, x: float, islittle: bool) -> bytes:
    e = "<" if islittle else ">"
    try:
        return struct.pack(e + code, x)
    except OverflowError:
        return struct.pack(e + code, math.copysign(math.inf, x))


def make_pack(A):
    F = A.F
    mem = A.mem

    def str_pack(*args):
        h = Header(check_str(args, 1, "string.pack"))
        args = args + (None,)   # lstrlib pushes a nil mark: "got nil", not "no value"
        out = []
        totalsize = 0
        arg = 1
        while h.more():
            opt, size, ntoalign = h.getdetails(totalsize, "string.pack")
            totalsize += ntoalign + size
            if ntoalign:
                out.append(b"\0" * ntoalign)
            arg += 1
            if opt == Kint:
                n = check_int(args, arg, "string.pack")
                if size < SZINT:
                    lim = 1 << (size * 8 - 1)
                    if not -lim <= n < lim:
                        arg_error(arg, "string.pack", "integer overflow")
                    out.append(_packint(n, h.islittle, size))
                elif n < 0:
                    out.append(_packint(n, h.islittle, size))      # sign-extend
                else:
                    out.append(_packint(n, h.islittle, size))
            elif opt == Kuint:
                n = check_int(args, arg, "string.pack")
                u = n & _MASK64
                if size < SZINT and u >= (1 << (size * 8)):
                    arg_error(arg, "string.pack", "unsigned overflow")
                out.append(_packint(u, h.islittle, size))
            elif opt == Kfloat:
                out.append(_packfloat("f", float(check_num(args, arg, "string.pack")), h.islittle))
            elif opt == Knumber or opt == Kdouble:
                out.append(_packfloat("d", float(check_num(args, arg, "string.pack")), h.islittle))
            elif opt == Kchar:
                s = check_str(args, arg, "string.pack")
                if len(s) > size:
                    arg_error(arg, "string.pack", "string longer than given size")
                mem.check(totalsize)
                out.append(s)
                if len(s) < size:
                    out.append(b"\0" * (size - len(s)))
            elif opt == Kstring:
                s = check_str(args, arg, "string.pack")
                if size < 8 and len(s) >= (1 << (size * 8)):
                    arg_error(arg, "string.pack", "string length does not fit in given size")
                out.append(_packint(len(s), h.islittle, size))
                out.append(s)
                totalsize += len(s)
            elif opt == Kzstr:
                s = check_str(args, arg, "string.pack")
                if b"\0" in s:
                    arg_error(arg, "string.pack", "string contains zeros")
                out.append(s)
                out.append(b"\0")
                totalsize += len(s) + 1
            else:
                if opt == Kpadding:
                    out.append(b"\0")
                arg -= 1
            if totalsize > 65536:
                mem.check(totalsize)
        F[0] -= 1 + (totalsize >> 5)
        return b"".join(out)

    return str_pack


def make_packsize(A):
    F = A.F

    def str_packsize(*args):
        h = Header(check_str(args, 1, "string.packsize"))
        totalsize = 0
        while h.more():
            opt, size, ntoalign = h.getdetails(totalsize, "string.packsize")
            if opt == Kstring or opt == Kzstr:
                arg_error(1, "string.packsize", "variable-length format")
            size += ntoalign
            if totalsize > MAXSIZE - size:
                arg_error(1, "string.packsize", "format result too large")
            totalsize += size
        F[0] -= 1 + (len(h.fmt) >> 4)
        return totalsize

    return str_packsize


def _unpackint(data: bytes, pos: int, islittle: bool, size: int, issigned: bool) -> int:
    chunk = data[pos:pos + size]
    limit = size if size <= SZINT else SZINT
    if islittle:
        low = chunk[:limit]
        rest = chunk[limit:]
        res = int.from_bytes(low, "little")
    else:
        low = chunk[size - limit:]
        rest = chunk[:size - limit]
        res = int.from_bytes(low, "big")
    if size < SZINT:
        if issigned:
            mask = 1 << (size * 8 - 1)
            res = (res ^ mask) - mask
        return res
    res = wrap(res)
    if size > SZINT:
        mask = 0 if (not issigned or res >= 0) else 0xFF
        for c in rest:
            if c != mask:
                lua_error("%d-byte integer does not fit into Lua Integer" % size)
    return res


def make_unpack(A):
    F = A.F

    def str_unpack(*args):
        h = Header(check_str(args, 1, "string.unpack"))
        data = check_str(args, 2, "string.unpack")
        ld = len(data)
        ipos = opt_int(args, 3, "string.unpack", 1)
        if ipos > 0:
            pos = ipos - 1
        elif ipos == 0 or ipos < -ld:
            pos = 0
        else:
            pos = ld + ipos
        if pos > ld:
            arg_error(3, "string.unpack", "initial position out of string")
        res = []
        while h.more():
            opt, size, ntoalign = h.getdetails(pos, "string.unpack")
            if ntoalign + size > ld - pos:
                arg_error(2, "string.unpack", "data string too short")
            pos += ntoalign
            if opt == Kint or opt == Kuint:
                res.append(_unpackint(data, pos, h.islittle, size, opt == Kint))
            elif opt == Kfloat:
                res.append(struct.unpack_from("<f" if h.islittle else ">f", data, pos)[0])
            elif opt == Knumber or opt == Kdouble:
                res.append(struct.unpack_from("<d" if h.islittle else ">d", data, pos)[0])
            elif opt == Kchar:
                res.append(data[pos:pos + size])
            elif opt == Kstring:
                ln = _unpackint(data, pos, h.islittle, size, False) & _MASK64
                if ln > ld - pos - size:
                    arg_error(2, "string.unpack", "data string too short")
                res.append(data[pos + size:pos + size + ln])
                pos += ln
            elif opt == Kzstr:
                z = data.find(b"\0", pos)
                ln = (z if z >= 0 else ld) - pos
                if pos + ln >= ld:
                    arg_error(2, "string.unpack", "unfinished string for format 'z'")
                res.append(data[pos:pos + ln])
                pos += ln + 1
            pos += size
        res.append(pos + 1)
        F[0] -= 1 + (len(res) >> 2) + (pos >> 6)
        return tuple(res)

    return str_unpack
