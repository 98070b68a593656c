"""The string library table: simple functions, metatable, fuel/memory, against lua5.4."""
from __future__ import annotations

import math

import pytest

from strlib_harness import (  # noqa: E402
    LuaError,
    Builtin,
    GenBuiltin,
    make_string_meta,
    new_lib,
    call,
    check_case,
)


INF = math.inf
NAN = -math.nan


CASES_STRING = [
    ('len', (b'', ), (True, (0, ), )),
    ('len', (b'a\x00b', ), (True, (3, ), )),
    ('len', (123, ), (True, (3, ), )),
    ('len', (1.5, ), (True, (3, ), )),
    ('len', (), (False, b"bad argument #1 to 'string.len' (string expected, got no value)", )),
    ('len', (None, ), (False, b"bad argument #1 to 'string.len' (string expected, got nil)", )),
    ('len', (True, ), (False, b"bad argument #1 to 'string.len' (string expected, got boolean)", )),
    ('sub', (b'hello', 2, ), (True, (b'ello', ), )),
    ('sub', (b'hello', 2, 3, ), (True, (b'el', ), )),
    ('sub', (b'hello', -3, ), (True, (b'llo', ), )),
    ('sub', (b'hello', -3, -2, ), (True, (b'll', ), )),
    ('sub', (b'hello', 0, ), (True, (b'hello', ), )),
    ('sub', (b'hello', 10, ), (True, (b'', ), )),
    ('sub', (b'hello', -10, 2, ), (True, (b'he', ), )),
    ('sub', (b'hello', 3, 2, ), (True, (b'', ), )),
    ('sub', (b'hello', 2, 100, ), (True, (b'ello', ), )),
    ('sub', (b'hello', 1, 0, ), (True, (b'', ), )),
    ('sub', (b'hello', -9223372036854775808, 9223372036854775807, ), (True, (b'hello', ), )),
    ('sub', (b'hello', 9223372036854775807, ), (True, (b'', ), )),
    ('sub', (b'hello', 2, -9223372036854775808, ), (True, (b'', ), )),
    ('sub', (b'hello', ), (False, b"bad argument #2 to 'string.sub' (number expected, got no value)", )),
    ('sub', (b'hello', 1.0, 2.0, ), (True, (b'he', ), )),
    ('sub', (b'hello', 1.5, ), (False, b"bad argument #2 to 'string.sub' (number has no integer representation)", )),
    ('sub', (b'hello', b'2', ), (True, (b'ello', ), )),
    ('sub', (b'hello', b'x', ), (False, b"bad argument #2 to 'string.sub' (number expected, got string)", )),
    ('sub', (12345, 2, 3, ), (True, (b'23', ), )),
    ('sub', (b'hello', 2, None, ), (True, (b'ello', ), )),
    ('sub', (b'', 1, 1, ), (True, (b'', ), )),
    ('sub', (b'hello', 5, 5, ), (True, (b'o', ), )),
    ('sub', (b'hello', -1, -1, ), (True, (b'o', ), )),
    ('sub', (b'hello', 9.223372036854776e+18, ), (False, b"bad argument #2 to 'string.sub' (number has no integer representation)", )),
    ('byte', (b'ABC', ), (True, (65, ), )),
    ('byte', (b'ABC', 2, ), (True, (66, ), )),
    ('byte', (b'ABC', 1, 3, ), (True, (65, 66, 67, ), )),
    ('byte', (b'ABC', -1, ), (True, (67, ), )),
    ('byte', (b'ABC', 1, -1, ), (True, (65, 66, 67, ), )),
    ('byte', (b'ABC', 10, ), (True, (), )),
    ('byte', (b'ABC', 0, ), (True, (), )),
    ('byte', (b'ABC', 3, 1, ), (True, (), )),
    ('byte', (b'', ), (True, (), )),
    ('byte', (b'ABC', -10, 10, ), (True, (65, 66, 67, ), )),
    ('byte', (b'\xff\x00', 1, 2, ), (True, (255, 0, ), )),
    ('byte', (b'ABC', None, 2, ), (True, (65, 66, ), )),
    ('byte', (b'ABC', 2, None, ), (True, (66, ), )),
    ('byte', (b'ABC', 1.5, ), (False, b"bad argument #2 to 'string.byte' (number has no integer representation)", )),
    ('byte', (None, ), (False, b"bad argument #1 to 'string.byte' (string expected, got nil)", )),
    ('char', (72, 105, ), (True, (b'Hi', ), )),
    ('char', (), (True, (b'', ), )),
    ('char', (0, 255, ), (True, (b'\x00\xff', ), )),
    ('char', (256, ), (False, b"bad argument #1 to 'string.char' (value out of range)", )),
    ('char', (-1, ), (False, b"bad argument #1 to 'string.char' (value out of range)", )),
    ('char', (65.0, ), (True, (b'A', ), )),
    ('char', (65.5, ), (False, b"bad argument #1 to 'string.char' (number has no integer representation)", )),
    ('char', (b'66', ), (True, (b'B', ), )),
    ('char', (65, None, ), (False, b"bad argument #2 to 'string.char' (number expected, got nil)", )),
    ('char', (65, b'x', ), (False, b"bad argument #2 to 'string.char' (number expected, got string)", )),
    ('upper', (b'Hello \xe9!', ), (True, (b'HELLO \xe9!', ), )),
    ('lower', (b'HeLLo \xc9!', ), (True, (b'hello \xc9!', ), )),
    ('upper', (12, ), (True, (b'12', ), )),
    ('lower', (), (False, b"bad argument #1 to 'string.lower' (string expected, got no value)", )),
    ('reverse', (b'abc', ), (True, (b'cba', ), )),
    ('reverse', (b'', ), (True, (b'', ), )),
    ('reverse', (b'a\x00b', ), (True, (b'b\x00a', ), )),
    ('reverse', (None, ), (False, b"bad argument #1 to 'string.reverse' (string expected, got nil)", )),
    ('rep', (b'abc', 3, b',', ), (True, (b'abc,abc,abc', ), )),
    ('rep', (b'x', 0, ), (True, (b'', ), )),
    ('rep', (b'x', -5, ), (True, (b'', ), )),
    ('rep', (b'ab', 3, ), (True, (b'ababab', ), )),
    ('rep', (b'', 5, b'-', ), (True, (b'----', ), )),
    ('rep', (b'x', 1, b'-', ), (True, (b'x', ), )),
    ('rep', (b'x', 2147483648, ), (False, b'resulting string too large', )),
    ('rep', (b'x', 1099511627776, ), (False, b'resulting string too large', )),
    ('rep', (b'xy', 1073741824, ), (False, b'resulting string too large', )),
    ('rep', (b'', 2147483648, b'x', ), (False, b'resulting string too large', )),
    ('rep', (b'x', ), (False, b"bad argument #2 to 'string.rep' (number expected, got no value)", )),
    ('rep', (b'x', 1.5, ), (False, b"bad argument #2 to 'string.rep' (number has no integer representation)", )),
    ('rep', (b'x', 2, 3, ), (True, (b'x3x', ), )),
    ('rep', (b'x', 2, None, ), (True, (b'xx', ), )),
    ('rep', (1, 3, ), (True, (b'111', ), )),
    ('rep', (b'x', 9.223372036854776e+18, ), (False, b"bad argument #2 to 'string.rep' (number has no integer representation)", )),
    ('rep', (b'x', 3, True, ), (False, b"bad argument #3 to 'string.rep' (string expected, got boolean)", )),
    ('dump', (), (False, b"bad argument #1 to 'string.dump' (function expected, got no value)", )),
    ('dump', (1, ), (False, b"bad argument #1 to 'string.dump' (function expected, got number)", )),
    ('format', (b'%5.1f|%d', 3.14159, 7, ), (True, (b'  3.1|7', ), )),
    ('find', (b'abc', b'b', ), (True, (2, 2, ), )),
    ('match', (b'key=val', b'(%w+)=(%w+)', ), (True, (b'key', b'val', ), )),
]


@pytest.mark.parametrize("fname,args,expected", CASES_STRING,
                         ids=["%s-%d" % (c[0], i) for i, c in enumerate(CASES_STRING)])
def test_against_lua(fname, args, expected):
    check_case(fname, args, expected)


def test_library_contents():
    A, S = new_lib()
    names = sorted(k.decode() for k in S.hash)
    assert names == sorted(["byte", "char", "dump", "find", "format", "gmatch", "gsub", "len",
                            "lower", "match", "pack", "packsize", "rep", "reverse", "sub",
                            "unpack", "upper"])
    for k, v in S.hash.items():
        assert isinstance(v, (Builtin, GenBuiltin))


def test_each_arena_gets_its_own_table():
    A1, S1 = new_lib()
    A2, S2 = new_lib()
    assert S1 is not S2 and S1.hash[b"rep"] is not S2.hash[b"rep"]
    # closures are bound to their own arena's fuel counter
    call(S1, "rep", b"x", 10000)
    assert A1.F[0] < 10 ** 12 and A2.F[0] == 10 ** 12


def test_string_metatable():
    A, S = new_lib()
    mt = make_string_meta(A, S)
    assert mt.hash[b"__index"] is S


def test_dump_function_message():
    A, S = new_lib()
    with pytest.raises(LuaError) as ei:
        call(S, "dump", Builtin(print, "print"))
    assert ei.value.value == b"unable to dump given function"


def test_rep_checks_memory_before_building():
    A, S = new_lib(memory_limit=1 << 20)
    with pytest.raises(LuaError) as ei:
        call(S, "rep", b"x", 1 << 21)
    assert ei.value.value == b"not enough memory"
    assert call(S, "rep", b"ab", 1000, b"-")[0] == b"-".join([b"ab"] * 1000)


def test_rep_huge_fails_at_once():
    A, S = new_lib()
    with pytest.raises(LuaError) as ei:
        call(S, "rep", b"x", 2 ** 40)
    assert ei.value.value == b"resulting string too large"
    assert call(S, "rep", b"", 2 ** 40) == (b"",)


def test_functions_charge_fuel():
    for name, args in (("rep", (b"x", 100000)), ("upper", (b"x" * 100000,)),
                       ("lower", (b"x" * 100000,)), ("reverse", (b"x" * 100000,)),
                       ("byte", (b"x" * 100000, 1, -1)), ("char", tuple(range(200)) * 10),
                       ("find", (b"x" * 100000, b"y", 1, True)),
                       ("gsub", (b"x" * 100000, b"x", b"yy"))):
        A, S = new_lib(fuel=10 ** 6)
        call(S, name, *args)
        assert A.F[0] < 10 ** 6 - 100, name


def test_gsub_checks_memory():
    A, S = new_lib(memory_limit=300000)
    with pytest.raises(LuaError) as ei:
        call(S, "gsub", b"x" * 100000, b"x", b"yyyy")
    assert ei.value.value == b"not enough memory"


def test_byte_returns_bare_value_for_one_result():
    A, S = new_lib()
    f = S.hash[b"byte"].fn
    assert f(b"A") == 65
    assert f(b"AB", 1, 2) == (65, 66)
    assert f(b"AB", 3) == ()


def test_string_conformance_sample(monkeypatch):
    """Lines of tests/conformance/strings.lua and patterns.lua, results as lua5.4 prints."""
    A, S = new_lib()
    assert call(S, "rep", b"abc", 3, b",") == (b"abc,abc,abc",)
    assert call(S, "format", b"%q", b'a\nb"c\0') == (b'"a\\\nb\\"c\\0"',)
    assert call(S, "format", b"%q", 1 / 3) == (b"0x1.5555555555555p-2",)
    assert call(S, "format", b"%q", -2 ** 63) == (b"0x8000000000000000",)
    assert call(S, "gsub", b"THE (quick) fox", b"%f[%a]%a+",
                Builtin(lambda w: w.lower(), "lower")) == (b"the (quick) fox", 3)
