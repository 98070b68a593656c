"""The Lua 5.4 ``io`` library (behaviour of PUC-Rio liolib.c); only opened
outside the sandbox.

Files are :class:`Userdata` whose ``value`` is an :class:`LFile`, sharing
one metatable per arena (``__name = "FILE*"``, ``__index`` = the methods,
``__tostring``, ``__close``, ``__gc``).  Writes to the standard output go
through ``A.output`` (the host-replaceable output function) when it is set.
"""
from __future__ import annotations

import errno
import io
import os
import sys

from ..runtime.argcheck import (arg_error, check_int, check_option, check_str,
                                lua_error, opt_int, type_error)
from ..runtime.numbers import str2number, tostr
from ..runtime.values import Builtin, LuaTable, Userdata

L_MAXLENNUM = 200
MAX_LINE_FORMATS = 250           # LUA_MINSTACK - 3... liolib's aux_lines limit
CHUNK = 1 << 16

_MODES = {b"r": "rb", b"w": "wb", b"a": "ab", b"r+": "r+b", b"w+": "w+b",
          b"a+": "a+b"}


def _checkmode(mode: bytes):
    """``l_checkmode``: ``[rwa]%+?b*``; returns the Python mode or None."""
    if not mode or mode[:1] not in (b"r", b"w", b"a"):
        return None
    base = mode[:1]
    rest = mode[1:]
    if rest[:1] == b"+":
        base += b"+"
        rest = rest[1:]
    if rest.strip(b"b"):
        return None
    return _MODES[base]


class LFile:
    """A Lua file handle: a Python binary stream plus a push-back buffer
    (``ungetc``).  ``kind`` is "file", "stdin", "stdout" or "stderr"."""

    __slots__ = ("f", "closed", "kind", "back", "A", "__weakref__")

    def __init__(self, f, kind="file", A=None):
        self.f = f
        self.closed = False
        self.kind = kind
        self.back = b""
        self.A = A

    # --- reading
    def getc(self) -> int:
        if self.back:
            c = self.back[0]
            self.back = self.back[1:]
            return c
        b = self.f.read(1)
        return b[0] if b else -1

    def ungetc(self, c: int) -> None:
        if c >= 0:
            self.back = bytes((c,)) + self.back

    def read(self, n: int) -> bytes:
        out = []
        if self.back:
            out.append(self.back[:n])
            self.back = self.back[n:]
            n -= len(out[0])
        while n > 0:
            b = self.f.read(min(n, CHUNK))
            if not b:
                break
            out.append(b)
            n -= len(b)
        return b"".join(out)

    def readall(self) -> bytes:
        b = self.back
        self.back = b""
        rest = self.f.read()
        return b + (rest or b"")

    def readline(self) -> bytes:
        """Up to and including the next newline (or to EOF)."""
        if self.back:
            i = self.back.find(b"\n")
            if i >= 0:
                r = self.back[:i + 1]
                self.back = self.back[i + 1:]
                return r
            b = self.back
            self.back = b""
            return b + self.f.readline()
        return self.f.readline()

    def _sync(self):
        if self.back:
            b = len(self.back)
            self.back = b""
            try:
                self.f.seek(-b, 1)
            except (OSError, ValueError):
                pass

    # --- writing
    def write(self, data: bytes) -> None:
        if self.kind == "stdout":
            out = getattr(self.A, "output", None) if self.A is not None else None
            if out is not None:
                out(data)
                return
        self._sync()
        self.f.write(data)

    def seek(self, off: int, whence: int) -> int:
        if self.back:
            if whence == 1:
                off -= len(self.back)
            self.back = b""
        if self.kind == "stdout":
            self.flush()
        self.f.flush() if hasattr(self.f, "flush") and self.f.writable() else None
        return self.f.seek(off, whence)

    def flush(self) -> None:
        if self.kind == "stdout" and getattr(self.A, "output", None) is not None:
            fl = getattr(self.A, "flush", None)
            if fl is not None:
                fl()
            return
        self.f.flush()

    def close(self) -> None:
        self.closed = True
        self.f.close()


def _fileresult(exc, fname=None):
    en = getattr(exc, "errno", None) or 0
    if not en and isinstance(exc, io.UnsupportedOperation):
        en = errno.EBADF        # C stdio: reading a write-only stream etc.
    msg = os.strerror(en) if en else str(exc)
    if fname is not None:
        msg = "%s: %s" % (fname.decode("utf-8", "surrogateescape"), msg)
    return (None, msg.encode("utf-8", "surrogateescape"), en)


def _numstr(v) -> bytes:
    """How ``g_write`` prints a number: ``%d`` or ``%.14g`` (no ``.0``)."""
    if v.__class__ is int:
        return str(v).encode()
    if v != v:
        import math
        return b"-nan" if math.copysign(1.0, v) < 0 else b"nan"
    if v in (float("inf"), float("-inf")):
        return b"inf" if v > 0 else b"-inf"
    return ("%.14g" % v).encode()


def read_number(lf: LFile):
    """``read_number`` of liolib: scan the longest numeral prefix (at most
    200 chars), push back the first char that does not fit, convert."""
    buf = bytearray()
    c = lf.getc()
    while c in (32, 9, 10, 11, 12, 13):
        c = lf.getc()
    state = {"c": c, "ok": True}

    def nextc():
        if len(buf) >= L_MAXLENNUM:
            buf.clear()
            state["ok"] = False
            return False
        buf.append(state["c"])
        state["c"] = lf.getc()
        return True

    def test2(s: bytes):
        cc = state["c"]
        if cc >= 0 and (cc == s[0] or cc == s[1]):
            return nextc()
        return False

    def readdigits(hex_: bool):
        n = 0
        while True:
            cc = state["c"]
            if cc < 0:
                break
            ch = chr(cc)
            if not ((ch in "0123456789abcdefABCDEF") if hex_ else ch.isdigit() and cc < 128):
                break
            if not nextc():
                break
            n += 1
        return n

    count = 0
    hex_ = False
    test2(b"-+")
    if test2(b"00"):
        if test2(b"xX"):
            hex_ = True
        else:
            count = 1
    count += readdigits(hex_)
    if test2(b".."):
        count += readdigits(hex_)
    if count > 0 and test2(b"pP" if hex_ else b"eE"):
        test2(b"-+")
        readdigits(False)
    lf.ungetc(state["c"])
    if not state["ok"]:
        return None, False
    v = str2number(bytes(buf))
    return v, v is not None


def open_io(A) -> LuaTable:
    IO = LuaTable()
    meta = LuaTable()
    methods = LuaTable()
    F = A.F

    note_gc = getattr(A.mem, "note_gc", None)

    def newfile(lf: LFile) -> Userdata:
        ud = Userdata(lf, meta)
        if note_gc is not None and lf.kind == "file":
            note_gc(ud)         # closed by its __gc when collected
        return ud

    def tolfile(args, i, fname) -> LFile:
        """``tofile``: a FILE* argument that is still open."""
        v = args[i - 1] if i <= len(args) else None
        if v.__class__ is not Userdata or v.meta is not meta:
            type_error(args, i, fname, "FILE*")
        lf = v.value
        if lf.closed:
            lua_error("attempt to use a closed file")
        return lf

    def checkfile(args, i, fname) -> LFile:
        v = args[i - 1] if i <= len(args) else None
        if v.__class__ is not Userdata or v.meta is not meta:
            type_error(args, i, fname, "FILE*")
        return v.value

    stdin = newfile(LFile(sys.stdin.buffer if hasattr(sys.stdin, "buffer") else sys.stdin,
                          "stdin", A))
    stdout = newfile(LFile(sys.stdout.buffer if hasattr(sys.stdout, "buffer") else sys.stdout,
                           "stdout", A))
    stderr = newfile(LFile(sys.stderr.buffer if hasattr(sys.stderr, "buffer") else sys.stderr,
                           "stderr", A))
    reg_h = A.registry.hash

    class _Defaults:
        """The default input and output files live in the registry under
        ``_IO_input`` / ``_IO_output`` as in liolib (so the collector sees
        them as reachable)."""
        __slots__ = ()

        def __getitem__(self, which):
            v = reg_h.get(b"_IO_" + which.encode())
            if v.__class__ is not Userdata or v.meta is not meta:
                lua_error("default %s file is not a file" % which)
            return v

        def __setitem__(self, which, v):
            reg_h[b"_IO_" + which.encode()] = v

    cur = _Defaults()
    cur["input"] = stdin
    cur["output"] = stdout

    def reg(tab, name, fn, prefix):
        tab.hash[name.encode()] = Builtin(fn, prefix + name)

    # ------------------------------------------------------------ close

    def aux_close(lf: LFile):
        if lf.kind != "file":
            return (None, b"cannot close standard file")
        try:
            lf.close()
        except OSError as e:
            return _fileresult(e)
        return True

    # ------------------------------------------------------------- read

    def g_read(lf: LFile, args, first: int, fname: str):
        """``g_read``: read with the formats args[first-1:]; results."""
        nargs = len(args) - (first - 1)
        out = []
        try:
            if nargs == 0:
                v = lf.readline()
                if v.endswith(b"\n"):
                    return v[:-1]
                return v if v else None
            success = True
            n = first
            while nargs > 0 and success:
                nargs -= 1
                fm = args[n - 1]
                if fm.__class__ is int or fm.__class__ is float:
                    ln = check_int(args, n, fname)
                    if ln == 0:
                        c = lf.getc()
                        lf.ungetc(c)
                        out.append(b"")
                        success = c >= 0
                    else:
                        if ln < 0:
                            ln &= (1 << 64) - 1
                        if ln > CHUNK:
                            F[0] -= ln >> 8
                        v = lf.read(ln)
                        A.mem.check(len(v))
                        out.append(v)
                        success = len(v) > 0
                else:
                    p = check_str(args, n, fname)
                    if p[:1] == b"*":
                        p = p[1:]
                    k = p[:1]
                    if k == b"n":
                        v, success = read_number(lf)
                        out.append(v)
                    elif k == b"l" or k == b"L":
                        v = lf.readline()
                        success = v.endswith(b"\n") or len(v) > 0
                        if k == b"l" and v.endswith(b"\n"):
                            v = v[:-1]
                        out.append(v)
                    elif k == b"a":
                        v = lf.readall()
                        F[0] -= len(v) >> 8
                        out.append(v)
                        success = True
                    else:
                        arg_error(n, fname, "invalid format")
                n += 1
        except OSError as e:
            return _fileresult(e)
        if not success:
            out[-1] = None
        return out[0] if len(out) == 1 else tuple(out)

    def io_read(*args):
        lf = getiofile("input")
        return g_read(lf, args, 1, "io.read")

    def f_read(*args):
        lf = tolfile(args, 1, "?")
        return g_read(lf, args, 2, "?")

    # ------------------------------------------------------------ write

    def g_write(ud, lf: LFile, args, first: int, fname: str):
        parts = []
        for i in range(first, len(args) + 1):
            v = args[i - 1]
            c = v.__class__
            if c is bytes:
                parts.append(v)
            elif c is int or c is float:
                parts.append(_numstr(v))
            else:
                check_str(args, i, fname)
        data = b"".join(parts) if len(parts) != 1 else parts[0]
        F[0] -= len(data) >> 6
        try:
            if data:
                lf.write(data)
        except OSError as e:
            return _fileresult(e)
        return ud

    def io_write(*args):
        ud = cur["output"]
        lf = ud.value
        if lf.closed:
            lua_error("default output file is closed")
        return g_write(ud, lf, args, 1, "io.write")

    def f_write(*args):
        lf = tolfile(args, 1, "?")
        return g_write(args[0], lf, args, 2, "?")

    # ------------------------------------------------------------ lines

    def make_lines(ud, formats, toclose: bool):
        if len(formats) > MAX_LINE_FORMATS:
            arg_error(MAX_LINE_FORMATS + 2, "lines", "too many arguments")
        fmts = tuple(formats)

        def it(*_):
            lf = ud.value
            if lf.closed:
                lua_error("file is already closed")
            r = g_read(lf, fmts, 1, "lines")
            first = r[0] if r.__class__ is tuple else r
            if first is not None:
                return r
            if r.__class__ is tuple and len(r) > 1:
                lua_error(tostr(r[1]) if r[1].__class__ is not bytes else r[1])
            if toclose:
                aux_close(lf)
            return ()
        return Builtin(it, "for iterator")

    def f_lines(*args):
        tolfile(args, 1, "?")
        return make_lines(args[0], args[1:], False)

    def io_lines(*args):
        if not args or args[0] is None:
            ud = cur["input"]
            if ud.value.closed:
                lua_error("default input file is closed")
            return make_lines(ud, args[1:], False)
        name = check_str(args, 1, "io.lines")
        ud = opencheckfile(name, "rb")
        return (make_lines(ud, args[1:], True), None, None, ud)

    # -------------------------------------------------------- open/close

    def pyopen(name: bytes, pymode: str) -> LFile:
        return LFile(open(os.fsdecode(name), pymode), "file", A)

    def opencheckfile(name: bytes, pymode: str) -> Userdata:
        try:
            return newfile(pyopen(name, pymode))
        except OSError as e:
            lua_error("cannot open file '%s' (%s)" % (
                name.decode("utf-8", "surrogateescape"),
                os.strerror(e.errno) if e.errno else str(e)))

    def io_open(*args):
        name = check_str(args, 1, "io.open")
        mode = args[1] if len(args) >= 2 and args[1] is not None else b"r"
        if mode.__class__ is not bytes:
            mode = check_str(args, 2, "io.open")
        pymode = _checkmode(mode)
        if pymode is None:
            arg_error(2, "io.open", "invalid mode")
        try:
            return newfile(pyopen(name, pymode))
        except OSError as e:
            return _fileresult(e, name)

    def io_close(*args):
        if not args or args[0] is None:
            ud = cur["output"]
            return f_close(ud)
        return f_close(*args)

    def f_close(*args):
        lf = tolfile(args, 1, "?")
        return aux_close(lf)

    def getiofile(which):
        ud = cur[which]
        if ud.value.closed:
            lua_error("default %s file is closed" % which)
        return ud.value

    def g_iofile(which, pymode, fname):
        def fn(*args):
            if args and args[0] is not None:
                v = args[0]
                if v.__class__ is bytes or v.__class__ in (int, float):
                    name = check_str(args, 1, fname)
                    cur[which] = opencheckfile(name, pymode)
                else:
                    tolfile(args, 1, fname)
                    cur[which] = v
            return cur[which]
        return fn

    def io_type(*args):
        if not args:
            arg_error(1, "io.type", "value expected")
        v = args[0]
        if v.__class__ is not Userdata or v.meta is not meta:
            return None
        return b"closed file" if v.value.closed else b"file"

    def io_flush(*args):
        lf = getiofile("output")
        try:
            lf.flush()
        except OSError as e:
            return _fileresult(e)
        return True

    def io_tmpfile(*args):
        import tempfile
        try:
            return newfile(LFile(tempfile.TemporaryFile("w+b"), "file", A))
        except OSError as e:
            return _fileresult(e)

    # ------------------------------------------------------------ methods

    def f_seek(*args):
        lf = tolfile(args, 1, "?")
        op = check_option(args, 2, "?", ("set", "cur", "end"), "cur")
        off = opt_int(args, 3, "?", 0)
        try:
            return lf.seek(off, {"set": 0, "cur": 1, "end": 2}[op])
        except (OSError, ValueError) as e:
            if isinstance(e, ValueError):
                import errno as _e
                e = OSError(_e.EINVAL, os.strerror(_e.EINVAL))
            return _fileresult(e)

    def f_setvbuf(*args):
        tolfile(args, 1, "?")
        check_option(args, 2, "?", ("no", "full", "line"))
        opt_int(args, 3, "?", 1024)
        return True

    def f_flush(*args):
        lf = tolfile(args, 1, "?")
        try:
            lf.flush()
        except OSError as e:
            return _fileresult(e)
        return True

    def f_tostring(*args):
        lf = checkfile(args, 1, "?")
        if lf.closed:
            return b"file (closed)"
        return ("file (0x%08x)" % id(lf)).encode()

    def f_gc(*args):
        lf = checkfile(args, 1, "__gc")
        if True:
            if not lf.closed and lf.kind == "file":
                try:
                    lf.close()
                except OSError:
                    pass
        return ()

    reg(methods, "read", f_read, "")
    reg(methods, "write", f_write, "")
    reg(methods, "lines", f_lines, "")
    reg(methods, "close", f_close, "")
    reg(methods, "seek", f_seek, "")
    reg(methods, "setvbuf", f_setvbuf, "")
    reg(methods, "flush", f_flush, "")
    meta.hash[b"__index"] = methods
    meta.hash[b"__name"] = b"FILE*"
    meta.hash[b"__tostring"] = Builtin(f_tostring, "tostring")
    meta.hash[b"__close"] = Builtin(f_gc, "close")
    meta.hash[b"__gc"] = Builtin(f_gc, "gc")

    reg(IO, "close", io_close, "io.")
    reg(IO, "flush", io_flush, "io.")
    reg(IO, "input", g_iofile("input", "rb", "io.input"), "io.")
    reg(IO, "lines", io_lines, "io.")
    reg(IO, "open", io_open, "io.")
    reg(IO, "output", g_iofile("output", "wb", "io.output"), "io.")
    reg(IO, "read", io_read, "io.")
    reg(IO, "tmpfile", io_tmpfile, "io.")
    reg(IO, "type", io_type, "io.")
    reg(IO, "write", io_write, "io.")
    IO.hash[b"stdin"] = stdin
    IO.hash[b"stdout"] = stdout
    IO.hash[b"stderr"] = stderr
    A.io_meta = meta
    return IO
