"""utf8 library: expected values observed with lua5.4 (5.4.8 where they differ)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from vm.runtime.errors import LuaError  # noqa: E402
from vm.runtime.state import State  # noqa: E402
from vm.stdlib.lutf8 import open_utf8  # noqa: E402


@pytest.fixture
def u():
    lib = open_utf8(State())
    return lambda name: lib.hash[name.encode()].fn


def err(fn, *args):
    with pytest.raises(LuaError) as ei:
        fn(*args)
    return ei.value.value.decode()


def test_char(u):
    assert list(u("char")(72, 0x10FFFF, 0x7FFFFFFF, 0, 0x800)) == \
        [72, 244, 143, 191, 191, 253, 191, 191, 191, 191, 191, 0, 224, 160, 128]
    assert u("char")() == b""
    assert u("char")(233) == "é".encode()
    assert err(u("char"), 0x80000000) == "bad argument #1 to 'utf8.char' (value out of range)"
    assert err(u("char"), -1) == "bad argument #1 to 'utf8.char' (value out of range)"
    assert err(u("char"), 65, b"x") == \
        "bad argument #2 to 'utf8.char' (number expected, got string)"


def test_charpattern():
    lib = open_utf8(State())
    assert lib.hash[b"charpattern"] == b"[\x00-\x7F\xC2-\xFD][\x80-\xBF]*"


def test_len(u):
    L = u("len")
    s = "héllo".encode()
    assert L(s) == 5
    assert L(b"\xff") == (None, 1)
    assert L(b"abc\xe4", 1) == (None, 4)
    assert L(s, -3) == 3
    assert L(b"", 1) == 0
    assert L(b"abc", 4) == 0
    assert L("\ud800".encode("utf-8", "surrogatepass")) == (None, 1)
    assert L("\ud800".encode("utf-8", "surrogatepass"), 1, -1, True) == 1
    assert L(b"\xfd\xbf\xbf\xbf\xbf\xbf", 1, -1, True) == 1
    assert L(b"\xC0\x80") == (None, 1)
    assert L(b"a\xf4\x90\x80\x80") == (None, 2)
    assert L(b"ab\xc3") == (None, 3)


def test_len_errors(u):
    assert err(u("len"), b"abc", 5) == \
        "bad argument #2 to 'utf8.len' (initial position out of bounds)"
    assert err(u("len"), b"abc", 1, 4) == \
        "bad argument #3 to 'utf8.len' (final position out of bounds)"
    assert err(u("len"), None) == \
        "bad argument #1 to 'utf8.len' (string expected, got nil)"


def test_codepoint(u):
    cp = u("codepoint")
    assert cp("héllo".encode(), 1, -1) == (104, 233, 108, 108, 111)
    assert cp(b"abc") == (97,)
    assert cp(b"abc", 3, 2) == ()
    assert cp("\ud800".encode("utf-8", "surrogatepass"), 1, 1, True) == (55296,)
    assert cp("é".encode(), 1, 1) == (233,)     # decodes past the end of the slice
    assert err(cp, b"\xff") == "invalid UTF-8 code"
    assert err(cp, b"abc", 0) == "bad argument #2 to 'utf8.codepoint' (out of bounds)"
    assert err(cp, b"abc", 1, 4) == "bad argument #3 to 'utf8.codepoint' (out of bounds)"
    assert err(cp, b"abc", 4) == "bad argument #3 to 'utf8.codepoint' (out of bounds)"
    assert err(cp, b"a" * 2000000, 1, -1) == "stack overflow (string slice too long)"


def test_offset(u):
    off = u("offset")
    s = "héllo".encode()
    assert off(s, 3) == 4
    assert off(s, -1) == 6
    assert off(s, 0, 3) == 2
    assert off(b"abc", 5) is None
    assert off(b"abc", 4) == 4
    assert off(b"abc", -4) is None
    assert off(b"", 1) == 1
    assert err(off, s, 1, 3) == "initial position is a continuation byte"
    assert err(off, b"abc", 1, 5) == "bad argument #3 to 'utf8.offset' (position out of bounds)"
    assert err(off, b"abc") == "bad argument #2 to 'utf8.offset' (number expected, got no value)"


def iterate(u, s, lax=None):
    f, st, ctl = u("codes")(s, lax) if lax is not None else u("codes")(s)
    out = []
    while True:
        r = f.fn(st, ctl)
        if r == ():
            return out
        ctl = r[0]
        out.append(r)


def test_codes(u):
    assert iterate(u, "aé\U00010000".encode()) == [(1, 97), (2, 233), (4, 65536)]
    assert iterate(u, b"") == []
    sur = "a\ud800".encode("utf-8", "surrogatepass")
    assert iterate(u, sur, True) == [(1, 97), (2, 55296)]
    with pytest.raises(LuaError) as ei:
        iterate(u, sur)
    assert ei.value.value == b"invalid UTF-8 code"
    with pytest.raises(LuaError) as ei:
        iterate(u, b"a\xffb")
    assert ei.value.value == b"invalid UTF-8 code"
    # 5.4.8: a continuation byte right after a character is an error
    with pytest.raises(LuaError):
        iterate(u, b"a\xc3\xa9\x80")
    # 5.4.8 checks the first byte up front
    assert err(u("codes"), b"\x80") == "bad argument #1 to 'utf8.codes' (invalid UTF-8 code)"


def test_lone_continuation_bytes_are_invalid(u):
    # testes/utf8.lua: limits[0] is ~(utfint)0, so 0x80..0xBF alone never decode
    L = u("len")
    assert L(b"\x80hello") == (None, 1)
    assert L(b"hel\xbflo") == (None, 4)
    assert L("汉字".encode() + b"\x80") == (None, 7)
    assert err(u("codepoint"), "áéí".encode() + b"\x80", 1, 7) == "invalid UTF-8 code"
