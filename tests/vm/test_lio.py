"""io library: expected values observed with lua5.4."""
from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from vm.runtime.errors import LuaError  # noqa: E402
from vm.runtime.state import State  # noqa: E402
from vm.runtime.values import Userdata  # noqa: E402
from vm.stdlib.lio import LFile, open_io, read_number  # noqa: E402

CONTENT = b"hello\n42 1.5\nline2\n3.25 0x10 -7\nlast"


@pytest.fixture
def env(tmp_path):
    A = State()
    A.F[0] = 10 ** 9
    out = []
    A.output = out.append
    lib = open_io(A)
    path = tmp_path / "io_t.txt"
    return A, lib, out, path


def io_(lib, name):
    return lib.hash[name.encode()].fn


def meth(f, name):
    return f.meta.hash[b"__index"].hash[name.encode()].fn


def M(f, name, *args):
    return meth(f, name)(f, *args)


def err(fn, *args):
    with pytest.raises(LuaError) as ei:
        fn(*args)
    return ei.value.value.decode()


def write_content(lib, path):
    f = io_(lib, "open")(str(path).encode(), b"w")
    assert isinstance(f, Userdata)
    assert M(f, "write", b"hello\n", 42, b" ", 1.5, b"\nline2\n3.25 0x10 -7\nlast") is f
    return f


def test_open_write_seek_close(env):
    A, lib, out, path = env
    f = write_content(lib, path)
    assert io_(lib, "type")(f) == b"file"
    assert io_(lib, "type")(lib.hash[b"stdout"]) == b"file"
    assert io_(lib, "type")(42) is None
    assert err(io_(lib, "type")) == "bad argument #1 to 'io.type' (value expected)"
    ts = f.meta.hash[b"__tostring"].fn(f)
    assert ts.startswith(b"file (0x")
    assert M(f, "seek", b"cur") == 36
    assert M(f, "seek", b"set", 2) == 2
    assert M(f, "seek", b"end") == 36
    assert M(f, "close") is True
    assert path.read_bytes() == CONTENT
    assert io_(lib, "type")(f) == b"closed file"
    assert f.meta.hash[b"__tostring"].fn(f) == b"file (closed)"
    assert err(meth(f, "write"), f, b"x") == "attempt to use a closed file"
    assert err(meth(f, "close"), f) == "attempt to use a closed file"
    assert f.meta.hash[b"__name"] == b"FILE*"


def test_read_formats(env):
    A, lib, out, path = env
    path.write_bytes(CONTENT)
    f = io_(lib, "open")(str(path).encode())
    assert M(f, "read", b"l", b"L", b"n", b"n", b"n", b"n", b"l", b"a", b"a", b"l",
             b"n") == (b"hello", b"42 1.5\n", None)
    M(f, "close")
    f = io_(lib, "open")(str(path).encode())
    assert M(f, "read", 3, 0, 100) == (b"hel", b"", CONTENT[3:])
    assert M(f, "read", 0) is None
    assert M(f, "read", 1) is None
    assert M(f, "read", b"a") == b""
    assert M(f, "read", b"l") is None
    M(f, "close")
    f = io_(lib, "open")(str(path).encode())
    assert M(f, "read", b"*l", b"*n") == (b"hello", 42)
    assert M(f, "read", b"n", b"l") == (1.5, b"")
    assert M(f, "read") == b"line2"
    assert err(meth(f, "read"), f, b"x") == "bad argument #2 to '?' (invalid format)"
    assert err(meth(f, "seek"), f, b"bad") == "bad argument #2 to '?' (invalid option 'bad')"
    assert M(f, "setvbuf", b"no") is True
    assert M(f, "flush") is True
    assert M(f, "close") is True


def test_read_number_edge_cases(env):
    A, lib, out, path = env
    path.write_bytes(b"0x1p4 .5 1e2 nan 12abc")
    f = io_(lib, "open")(str(path).encode())
    assert M(f, "read", b"n", b"n", b"n", b"n") == (16.0, 0.5, 100.0, None)
    assert M(f, "read", b"a") == b"nan 12abc"
    lf = LFile(io.BytesIO(b"  -0x10 " + b"1" * 300))
    assert read_number(lf) == (-16, True)
    assert read_number(lf) == (None, False)


def test_lines(env):
    A, lib, out, path = env
    path.write_bytes(CONTENT)
    it, a, b, fh = io_(lib, "lines")(str(path).encode())
    got = []
    while True:
        r = it.fn(a, None)
        if r in ((), None):
            break
        got.append(r)
    assert got == [b"hello", b"42 1.5", b"line2", b"3.25 0x10 -7", b"last"]
    assert io_(lib, "type")(fh) == b"closed file"
    assert err(it.fn) == "file is already closed"
    it = io_(lib, "lines")(str(path).encode(), 1, b"l")[0]
    got = []
    while True:
        r = it.fn()
        if r in ((), None):
            break
        got.append(r)
    assert got == [(b"h", b"ello"), (b"4", b"2 1.5"), (b"l", b"ine2"),
                   (b"3", b".25 0x10 -7"), (b"l", b"ast")]
    f = io_(lib, "open")(str(path).encode())
    it = M(f, "lines", b"n")
    assert it.fn() in ((), None)
    it = M(f, "lines", b"x")
    assert err(it.fn) == "bad argument #1 to 'lines' (invalid format)"
    M(f, "close")
    assert err(io_(lib, "lines"), b"/nonexist/x") == \
        "cannot open file '/nonexist/x' (No such file or directory)"


def test_open_errors(env):
    A, lib, out, path = env
    assert io_(lib, "open")(b"/nonexist/x", b"r") == \
        (None, b"/nonexist/x: No such file or directory", 2)
    assert err(io_(lib, "open"), str(path).encode(), b"rw") == \
        "bad argument #2 to 'io.open' (invalid mode)"
    assert err(io_(lib, "open"), str(path).encode(), b"x") == \
        "bad argument #2 to 'io.open' (invalid mode)"
    path.write_bytes(b"abc")
    f = io_(lib, "open")(str(path).encode(), b"r+b")
    assert isinstance(f, Userdata)
    M(f, "close")
    g = io_(lib, "open")(str(path).encode(), b"a+")
    M(g, "write", b"X")
    M(g, "seek", b"set")
    assert M(g, "read", b"a") == b"abcX"
    M(g, "close")


def test_stdout_through_output(env):
    A, lib, out, path = env
    stdout = lib.hash[b"stdout"]
    assert io_(lib, "write")(b"a", 1, 2.0, b"\n") is stdout
    assert io_(lib, "write")(1e100, b" ", float("inf"), b" ", 2 ** 63 - 1) is stdout
    assert b"".join(out) == b"a12\n1e+100 inf 9223372036854775807"
    from vm.runtime.values import LuaTable
    assert err(io_(lib, "write"), LuaTable()) == \
        "bad argument #1 to 'io.write' (string expected, got table)"
    assert io_(lib, "close")() == (None, b"cannot close standard file")
    assert io_(lib, "output")() is stdout
    assert io_(lib, "input")() is lib.hash[b"stdin"]
    M(stdout, "write", b"z")
    assert out[-1] == b"z"


def test_input_output_redirect(env):
    A, lib, out, path = env
    path.write_bytes(b"l1\nl2\n")
    f = io_(lib, "input")(str(path).encode())
    assert io_(lib, "type")(f) == b"file"
    assert io_(lib, "read")() == b"l1"
    assert io_(lib, "read")(b"L") == b"l2\n"
    assert io_(lib, "read")() is None
    assert err(io_(lib, "read"), b"x") == "bad argument #1 to 'io.read' (invalid format)"
    o = path.parent / "out.txt"
    g = io_(lib, "output")(str(o).encode())
    io_(lib, "write")(b"hi", 3)
    assert io_(lib, "close")() is True
    assert o.read_bytes() == b"hi3"
    assert err(io_(lib, "write"), b"x") == "default output file is closed"
    assert err(io_(lib, "output"), b"/nonexist/x") == \
        "cannot open file '/nonexist/x' (No such file or directory)"


def test_close_metamethod_and_tmpfile(env):
    A, lib, out, path = env
    t = io_(lib, "tmpfile")()
    M(t, "write", b"abc")
    M(t, "seek", b"set")
    assert M(t, "read", b"a") == b"abc"
    t.meta.hash[b"__close"].fn(t)
    assert io_(lib, "type")(t) == b"closed file"
    std = lib.hash[b"stdout"]
    std.meta.hash[b"__gc"].fn(std)
    assert io_(lib, "type")(std) == b"file"
