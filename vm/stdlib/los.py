"""The Lua 5.4 ``os`` library (behaviour of PUC-Rio loslib.c, C locale).

``clock``/``time``/``date``/``difftime`` are always present; the rest only
outside the sandbox.  ``clock`` and the current time come from ``A.clock()``
and ``A.time()`` when the host sets those attributes (deterministic mode),
else from the real clocks.  ``strftime`` is implemented here for the C
locale so results do not depend on the host's locale.
"""
from __future__ import annotations

import errno as _errno
import os
import sys
import time as _time

from ..runtime.argcheck import (arg_error, check_int, check_str, check_table,
                                lua_error, opt_str)
from ..runtime.numbers import tointeger
from ..runtime.values import Builtin, LuaTable, rawget, rawset


class LuaExit(GeneratorExit):
    """Raised by ``os.exit``; the CLI exits the process with ``code``.

    A ``GeneratorExit`` so that it unwinds the Lua code untouched: the
    executor, ``pcall`` and ``xpcall`` re-raise ``GeneratorExit`` and turn
    any other exception into a Lua error (os.exit is not catchable)."""

    def __init__(self, code: int = 0, close: bool = False):
        super().__init__(code)
        self.code = code
        self.close = close


# ------------------------------------------------------------ strftime (C)

_DAYS = ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
         "Saturday")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July",
           "August", "September", "October", "November", "December")

_OPTIONS1 = "aAbBcCdDeFgGhHIjmMnprRStTuUVwWxXyYzZ%"
_OPTIONS2 = ("Ec", "EC", "Ex", "EX", "Ey", "EY", "Od", "Oe", "OH", "OI", "Om",
             "OM", "OS", "Ou", "OU", "OV", "Ow", "OW", "Oy")


class TM:
    """A broken-down time (``struct tm``): month 1-12, wday 0=Sunday,
    yday 0-based, plus the UTC offset (seconds east) and zone name."""

    __slots__ = ("year", "mon", "mday", "hour", "min", "sec", "wday", "yday",
                 "isdst", "gmtoff", "zone")

    @classmethod
    def from_struct(cls, st, utc: bool):
        tm = cls()
        tm.year = st.tm_year
        tm.mon = st.tm_mon
        tm.mday = st.tm_mday
        tm.hour = st.tm_hour
        tm.min = st.tm_min
        tm.sec = st.tm_sec
        tm.wday = (st.tm_wday + 1) % 7
        tm.yday = st.tm_yday - 1
        if utc:
            tm.isdst = 0
            tm.gmtoff = 0
            tm.zone = "GMT"
        else:
            tm.isdst = st.tm_isdst
            tm.gmtoff = getattr(st, "tm_gmtoff", None)
            if tm.gmtoff is None:
                tm.gmtoff = -(_time.altzone if st.tm_isdst > 0 else _time.timezone)
            tm.zone = getattr(st, "tm_zone", None) or _time.tzname[st.tm_isdst > 0]
        return tm


def _isleap(y: int) -> bool:
    return y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)


def _iso_week_days(yday: int, wday: int) -> int:
    big = (366 // 7 + 2) * 7
    return yday - (yday - wday + 4 + big) % 7 + 4 - 1


def _iso(tm: TM):
    year = tm.year
    days = _iso_week_days(tm.yday, tm.wday)
    if days < 0:
        year -= 1
        days = _iso_week_days(tm.yday + (365 + _isleap(year)), tm.wday)
    else:
        d = _iso_week_days(tm.yday - (365 + _isleap(year)), tm.wday)
        if d >= 0:
            year += 1
            days = d
    return year, days // 7 + 1


def _conv(c: str, tm: TM) -> str:
    """One strftime conversion (without modifiers), C locale."""
    if c == "a":
        return _DAYS[tm.wday][:3]
    if c == "A":
        return _DAYS[tm.wday]
    if c in "bh":
        return _MONTHS[tm.mon - 1][:3]
    if c == "B":
        return _MONTHS[tm.mon - 1]
    if c == "c":
        return "%s %s %2d %02d:%02d:%02d %d" % (
            _DAYS[tm.wday][:3], _MONTHS[tm.mon - 1][:3], tm.mday, tm.hour,
            tm.min, tm.sec, tm.year)
    if c == "C":
        return "%02d" % (tm.year // 100)
    if c == "d":
        return "%02d" % tm.mday
    if c in "Dx":
        return "%02d/%02d/%02d" % (tm.mon, tm.mday, tm.year % 100)
    if c == "e":
        return "%2d" % tm.mday
    if c == "F":
        return "%d-%02d-%02d" % (tm.year, tm.mon, tm.mday)
    if c == "g":
        return "%02d" % (_iso(tm)[0] % 100)
    if c == "G":
        return "%d" % _iso(tm)[0]
    if c == "H":
        return "%02d" % tm.hour
    if c == "I":
        return "%02d" % (tm.hour % 12 or 12)
    if c == "j":
        return "%03d" % (tm.yday + 1)
    if c == "m":
        return "%02d" % tm.mon
    if c == "M":
        return "%02d" % tm.min
    if c == "n":
        return "\n"
    if c == "p":
        return "PM" if tm.hour >= 12 else "AM"
    if c == "r":
        return "%02d:%02d:%02d %s" % (tm.hour % 12 or 12, tm.min, tm.sec,
                                      "PM" if tm.hour >= 12 else "AM")
    if c == "R":
        return "%02d:%02d" % (tm.hour, tm.min)
    if c == "S":
        return "%02d" % tm.sec
    if c == "t":
        return "\t"
    if c in "TX":
        return "%02d:%02d:%02d" % (tm.hour, tm.min, tm.sec)
    if c == "u":
        return "%d" % (tm.wday or 7)
    if c == "U":
        return "%02d" % ((tm.yday + 7 - tm.wday) // 7)
    if c == "V":
        return "%02d" % _iso(tm)[1]
    if c == "w":
        return "%d" % tm.wday
    if c == "W":
        return "%02d" % ((tm.yday + 7 - (tm.wday + 6) % 7) // 7)
    if c == "y":
        return "%02d" % (tm.year % 100)
    if c == "Y":
        return "%d" % tm.year
    if c == "z":
        off = tm.gmtoff
        sign = "-" if off < 0 else "+"
        off = abs(off) // 60
        return "%s%02d%02d" % (sign, off // 60, off % 60)
    if c == "Z":
        return tm.zone
    if c == "%":
        return "%"
    raise AssertionError(c)


def strftime(fmt: bytes, tm: TM, fname: str = "os.date") -> bytes:
    """Lua's ``os.date`` formatting loop with ``checkoption``."""
    out = []
    i = 0
    n = len(fmt)
    while i < n:
        j = fmt.find(b"%", i)
        if j < 0:
            out.append(fmt[i:])
            break
        out.append(fmt[i:j])
        i = j + 1
        c = fmt[i:i + 1].decode("latin-1")
        if c and c in _OPTIONS1:
            out.append(_conv(c, tm).encode("latin-1"))
            i += 1
            continue
        two = fmt[i:i + 2].decode("latin-1")
        if len(two) == 2 and two in _OPTIONS2:
            out.append(_conv(two[1], tm).encode("latin-1"))
            i += 2
            continue
        arg_error(1, fname, "invalid conversion specifier '%%%s'"
                  % fmt[i:].split(b"\0", 1)[0].decode("latin-1"))
    return b"".join(out)


# -------------------------------------------------------------- time math

def _gmtime(t: int):
    try:
        return TM.from_struct(_time.gmtime(t), True)
    except (OverflowError, OSError, ValueError):
        return None


def _localtime(t: int):
    try:
        return TM.from_struct(_time.localtime(t), False)
    except (OverflowError, OSError, ValueError):
        return None


def _setallfields(t: LuaTable, tm: TM) -> None:
    rawset(t, b"year", tm.year)
    rawset(t, b"month", tm.mon)
    rawset(t, b"day", tm.mday)
    rawset(t, b"hour", tm.hour)
    rawset(t, b"min", tm.min)
    rawset(t, b"sec", tm.sec)
    rawset(t, b"yday", tm.yday + 1)
    rawset(t, b"wday", tm.wday + 1)
    if tm.isdst >= 0:
        rawset(t, b"isdst", bool(tm.isdst))


_INT_MAX = 2 ** 31 - 1
_INT_MIN = -2 ** 31


def _getfield(t: LuaTable, key: str, d: int, delta: int) -> int:
    v = rawget(t, key.encode())
    res = None if v.__class__ is bool else tointeger(v)
    if res is None:
        if v is not None:
            lua_error("field '%s' is not an integer" % key)
        if d < 0:
            lua_error("field '%s' missing in date table" % key)
        return d
    if not (res - delta <= _INT_MAX if res >= 0 else _INT_MIN + delta <= res):
        lua_error("field '%s' is out-of-bound" % key)
    return res - delta


def _fileresult(exc: OSError | None, fname):
    """``luaL_fileresult`` for a failure: ``nil, msg, errno``."""
    en = exc.errno if exc is not None and exc.errno is not None else 0
    msg = os.strerror(en) if en else (str(exc) if exc is not None else "Success")
    if fname is not None:
        msg = "%s: %s" % (fname.decode("utf-8", "surrogateescape"), msg)
    return (None, msg.encode("utf-8", "surrogateescape"), en)


def _fspath(b: bytes):
    return os.fsdecode(b)


# ------------------------------------------------------------------ library

def open_os(A, sandbox: bool = True) -> LuaTable:
    O = LuaTable()
    h = O.hash

    def reg(name, fn):
        h[name.encode()] = Builtin(fn, "os." + name)

    def now() -> int:
        f = getattr(A, "time", None)
        if f is not None:
            return int(f())
        return int(_time.time())

    def o_clock(*args):
        f = getattr(A, "clock", None)
        if f is not None:
            return float(f())
        return float(_time.process_time())

    def o_time(*args):
        if not args or args[0] is None:
            return now()
        t = check_table(args, 1, "os.time")
        year = _getfield(t, "year", -1, 1900)
        mon = _getfield(t, "month", -1, 1)
        mday = _getfield(t, "day", -1, 0)
        hour = _getfield(t, "hour", 12, 0)
        mn = _getfield(t, "min", 0, 0)
        sec = _getfield(t, "sec", 0, 0)
        v = rawget(t, b"isdst")
        isdst = -1 if v is None else (0 if v is False else 1)
        try:
            r = _time.mktime((year + 1900, mon + 1, mday, hour, mn, sec, 0, 0, isdst))
        except (OverflowError, OSError, ValueError):
            r = -1
        r = int(r)
        tm = _localtime(r) if r != -1 else None
        if r == -1 or tm is None:
            lua_error("time result cannot be represented in this installation")
        _setallfields(t, tm)
        return r

    def o_date(*args):
        fmt = opt_str(args, 1, "os.date", b"%c")
        if len(args) >= 2 and args[1] is not None:
            t = check_int(args, 2, "os.date")
        else:
            t = now()
        if fmt[:1] == b"!":
            tm = _gmtime(t)
            fmt = fmt[1:]
        else:
            tm = _localtime(t)
        if tm is None:
            lua_error("date result cannot be represented in this installation")
        if fmt.split(b"\0", 1)[0] == b"*t":
            r = LuaTable()
            _setallfields(r, tm)
            return r
        A.charge(len(fmt) >> 2)
        return strftime(fmt, tm)

    def o_difftime(*args):
        t1 = check_int(args, 1, "os.difftime")
        t2 = check_int(args, 2, "os.difftime")
        return float(t1 - t2)

    reg("clock", o_clock)
    reg("time", o_time)
    reg("date", o_date)
    reg("difftime", o_difftime)
    if sandbox:
        return O

    def o_getenv(*args):
        name = check_str(args, 1, "os.getenv")
        v = os.environb.get(name) if hasattr(os, "environb") else \
            os.environ.get(os.fsdecode(name))
        if v is not None and not isinstance(v, bytes):
            v = os.fsencode(v)
        return v

    def o_exit(*args):
        v = args[0] if args else None
        if v is True or v is False:
            code = 0 if v else 1
        elif v is None:
            code = 0
        else:
            code = check_int(args, 1, "os.exit")
        close = len(args) >= 2 and args[1] is not None and args[1] is not False
        raise LuaExit(code, close)

    def o_remove(*args):
        name = check_str(args, 1, "os.remove")
        p = _fspath(name)
        try:
            try:
                os.remove(p)
            except IsADirectoryError:
                os.rmdir(p)
            except PermissionError:
                if os.path.isdir(p):
                    os.rmdir(p)
                else:
                    raise
        except OSError as e:
            return _fileresult(e, name)
        return True

    def o_rename(*args):
        a = check_str(args, 1, "os.rename")
        b = check_str(args, 2, "os.rename")
        try:
            os.rename(_fspath(a), _fspath(b))
        except OSError as e:
            return _fileresult(e, None)
        return True

    def o_tmpname(*args):
        import tempfile
        try:
            fd, name = tempfile.mkstemp(prefix="lua_", dir="/tmp" if os.path.isdir("/tmp") else None)
            os.close(fd)
        except OSError:
            lua_error("unable to generate a unique filename")
        return os.fsencode(name)

    def o_execute(*args):
        cmd = opt_str(args, 1, "os.execute", None)
        if cmd is None:
            return True
        try:
            sys.stdout.flush()
        except Exception:
            pass
        stat = os.system(os.fsdecode(cmd))
        if stat == -1:
            return _fileresult(OSError(_errno.ECHILD, os.strerror(_errno.ECHILD)), None)
        if os.WIFEXITED(stat):
            code = os.WEXITSTATUS(stat)
            return (True if code == 0 else None, b"exit", code)
        if os.WIFSIGNALED(stat):
            return (None, b"signal", os.WTERMSIG(stat))
        return (None, b"exit", stat)

    cats = ("all", "collate", "ctype", "monetary", "numeric", "time")

    def o_setlocale(*args):
        loc = opt_str(args, 1, "os.setlocale", None)
        v = args[1] if len(args) >= 2 else None
        if v is not None:
            name = check_str(args, 2, "os.setlocale").decode("latin-1")
            if name not in cats:
                arg_error(2, "os.setlocale", "invalid option '%s'" % name)
        if loc is None or loc in (b"", b"C", b"POSIX"):
            return b"C"
        return None

    reg("getenv", o_getenv)
    reg("exit", o_exit)
    reg("remove", o_remove)
    reg("rename", o_rename)
    reg("tmpname", o_tmpname)
    reg("execute", o_execute)
    reg("setlocale", o_setlocale)
    return O
