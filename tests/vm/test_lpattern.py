"""Lua patterns: find/match/gmatch/gsub against lua5.4-observed results."""
from __future__ import annotations

import math

import pytest

from strlib_harness import (  # noqa: E402
    LuaError,
    OUT_OF_FUEL,
    Builtin,
    LuaTable,
    ops,
    drive_refuelled,
    new_lib,
    call,
    to_lua,
    check_case,
)


INF = math.inf
NAN = -math.nan


CASES_FIND = [
    ('find', (b'hello world', b'o w', ), (True, (5, 7, ), )),
    ('find', (b'hello', b'l', 1, True, ), (True, (3, 3, ), )),
    ('find', (b'a.b', b'.', 1, True, ), (True, (2, 2, ), )),
    ('find', (b'abc', b'b', -1, ), (True, (None, ), )),
    ('find', (b'abc', b'', 10, ), (True, (None, ), )),
    ('find', (b'abc', b'', 4, ), (True, (4, 3, ), )),
    ('find', (b'abc', b'', 3, ), (True, (3, 2, ), )),
    ('find', (b'abc', b'', -10, ), (True, (1, 0, ), )),
    ('find', (b'abc', b'c', 0, ), (True, (3, 3, ), )),
    ('find', (b'', b'', ), (True, (1, 0, ), )),
    ('find', (b'', b'a', ), (True, (None, ), )),
    ('find', (b'THE (quick) fox', b'%((%a+)%)', ), (True, (5, 11, b'quick', ), )),
    ('find', (b'abc', b'(b)(c)', ), (True, (2, 3, b'b', b'c', ), )),
    ('find', (b'abc', b'()', ), (True, (1, 0, 1, ), )),
    ('find', (b'a\x00b', b'\x00', ), (True, (2, 2, ), )),
    ('find', (b'a\x00b', b'%z', ), (True, (2, 2, ), )),
    ('find', (b'a+b', b'+', 1, True, ), (True, (2, 2, ), )),
    ('find', (b'a+b', b'a+b', ), (True, (None, ), )),
    ('find', (b'aaab', b'a-b', ), (True, (1, 4, ), )),
    ('find', (b'xyz', b'^y', ), (True, (None, ), )),
    ('find', (b'xyz', b'^x', ), (True, (1, 1, ), )),
    ('find', (b'xyz', b'^y', 2, ), (True, (2, 2, ), )),
    ('find', (b'xyz', b'z$', ), (True, (3, 3, ), )),
    ('find', (b'xyz', b'y$', ), (True, (None, ), )),
    ('find', (b'x$z', b'$z', ), (True, (2, 3, ), )),
    ('find', (b'x^z', b'x^', ), (True, (1, 2, ), )),
    ('find', (b'abc', b'[a-', ), (False, b"malformed pattern (missing ']')", )),
    ('find', (b'abc', b'%', ), (False, b"malformed pattern (ends with '%')", )),
    ('find', (b'abc', b'(%', ), (False, b"malformed pattern (ends with '%')", )),
    ('find', (b'abc', b'[a', ), (False, b"malformed pattern (missing ']')", )),
    ('find', (b'abc', b'[]', ), (False, b"malformed pattern (missing ']')", )),
    ('find', (b'abc', b'[^]', ), (False, b"malformed pattern (missing ']')", )),
    ('find', (b'a]c', b'[]]', ), (True, (2, 2, ), )),
    ('find', (b'a]c', b'[^]]+', ), (True, (1, 1, ), )),
    ('find', (b'abc', b'%b', ), (False, b"malformed pattern (missing arguments to '%b')", )),
    ('find', (b'abc', b'%ba', ), (False, b"malformed pattern (missing arguments to '%b')", )),
    ('find', (b'abc', b'%f', ), (False, b"missing '[' after '%f' in pattern", )),
    ('find', (b'abc', b'%fa', ), (False, b"missing '[' after '%f' in pattern", )),
    ('find', (b'abc', b'(()', ), (False, b'unfinished capture', )),
    ('find', (b'abc', b'a)', ), (True, (None, ), )),
    ('find', (b'abc', b'%1', ), (False, b'invalid capture index %1', )),
    ('find', (b'abc', b'(a)%2', ), (False, b'invalid capture index %2', )),
    ('find', (b'abc', b'(a%1)', ), (False, b'invalid capture index %1', )),
    ('find', (b'abcabc', b'(abc)%1', ), (True, (1, 6, b'abc', ), )),
    ('find', (b'abc', b'%0', ), (False, b'invalid capture index %0', )),
    ('find', (b'x', b'x', 2, ), (True, (None, ), )),
    ('find', (b'x', b'x', 3, ), (True, (None, ), )),
    ('find', (b'x', b'y', 3, ), (True, (None, ), )),
    ('find', (b'hello', b'l+', ), (True, (3, 4, ), )),
    ('find', (b'abc', b'b', 1.0, ), (True, (2, 2, ), )),
    ('find', (b'abc', b'b', b'2', ), (True, (2, 2, ), )),
    ('find', (b'abc', b'b', 1.5, ), (False, b"bad argument #3 to 'string.find' (number has no integer representation)", )),
    ('find', (b'abc', ), (False, b"bad argument #2 to 'string.find' (string expected, got no value)", )),
    ('find', (None, b'x', ), (False, b"bad argument #1 to 'string.find' (string expected, got nil)", )),
    ('find', (123, 2, ), (True, (2, 2, ), )),
    ('find', (b'abc', b'[%a]', None, ), (True, (1, 1, ), )),
    ('find', (b'abc', b'x*', None, False, ), (True, (1, 0, ), )),
    ('find', (b'x', b'[', ), (False, b"malformed pattern (missing ']')", )),
    ('find', (b'x', b'[^', ), (False, b"malformed pattern (missing ']')", )),
    ('find', (b'x', b'[%', ), (False, b"malformed pattern (missing ']')", )),
    ('find', (b'x', b'[a%]', ), (False, b"malformed pattern (missing ']')", )),
    ('find', (b'a-b', b'[%-]', ), (True, (2, 2, ), )),
    ('find', (b'a-b', b'[a-]+', ), (True, (1, 2, ), )),
    ('find', (b'z-a', b'[z-a]', ), (True, (None, ), )),
    ('find', (b'abc', b'.-$', ), (True, (1, 3, ), )),
]

CASES_MATCH = [
    ('match', (b'hello world from lua', b'(%a+) (%a+)', ), (True, (b'hello', b'world', ), )),
    ('match', (b'key = value', b'^(%w+)%s*=%s*(%w+)$', ), (True, (b'key', b'value', ), )),
    ('match', (b'  trim  ', b'^%s*(.-)%s*$', ), (True, (b'trim', ), )),
    ('match', (b'f(a(b)c)d', b'%b()', ), (True, (b'(a(b)c)', ), )),
    ('match', (b'[[x]]', b'%b[]', ), (True, (b'[[x]]', ), )),
    ('match', (b'abc', b'()b()', ), (True, (2, 3, ), )),
    ('match', (b'aaa', b'a-b', ), (True, (None, ), )),
    ('match', (b'aaab', b'a-b', ), (True, (b'aaab', ), )),
    ('match', (b'x123y', b'%d+', ), (True, (b'123', ), )),
    ('match', (b'THE (quick) fox', b'%f[%a]%a+', ), (True, (b'THE', ), )),
    ('match', (b'hello', b'(h)(e)(l)(l)(o)', ), (True, (b'h', b'e', b'l', b'l', b'o', ), )),
    ('match', (b'abc', b'((a)(b))', ), (True, (b'ab', b'a', b'b', ), )),
    ('match', (b'abc', b'(a)()(b)', ), (True, (b'a', 2, b'b', ), )),
    ('match', (b'   x', b'^%s*()', ), (True, (4, ), )),
    ('match', (b'abc', b'', ), (True, (b'', ), )),
    ('match', (b'abc', b'', 2, ), (True, (b'', ), )),
    ('match', (b'abc', b'(a*(.)%w(%s*))', ), (True, (b'abc', b'b', b'', ), )),
    ('match', (b'alo xyzK', b'(%w+)K', ), (True, (b'xyz', ), )),
    ('match', (b'254 K', b'(%d*)K', ), (True, (b'', ), )),
    ('match', (b'alo ', b'(%w*)$', ), (True, (b'', ), )),
    ('match', (b'alo ', b'(%w+)$', ), (True, (None, ), )),
    ('match', (b'testtest', b'^(.-)%1$', ), (True, (b'test', ), )),
    ('match', (b' 3.14 ', b'^%s*([%d.]+)%s*$', ), (True, (b'3.14', ), )),
    ('match', (b"x = 'a\\'b'", b'([\'"])(.-[^\\])%1', ), (True, (b"'", b"a\\'b", ), )),
    ('match', (b'0123456789', b'%x+', ), (True, (b'0123456789', ), )),
    ('match', (b'abcXYZ', b'%u+', ), (True, (b'XYZ', ), )),
    ('match', (b'abcXYZ', b'%l+', ), (True, (b'abc', ), )),
    ('match', (b'a!b?c', b'%p', ), (True, (b'!', ), )),
    ('match', (b'a\tb', b'%c', ), (True, (b'\t', ), )),
    ('match', (b'a b', b'%S+', ), (True, (b'a', ), )),
    ('match', (b'a1_b', b'[%w_]+', ), (True, (b'a1_b', ), )),
    ('match', (b'a.b', b'%.', ), (True, (b'.', ), )),
    ('match', (b'abc', b'a?b?c?d?', ), (True, (b'abc', ), )),
    ('match', (b'abc', b'.?.?.?.?', ), (True, (b'abc', ), )),
    ('match', (b'aaa', b'^a+$', ), (True, (b'aaa', ), )),
    ('match', (b'aaa', b'a*$', ), (True, (b'aaa', ), )),
    ('match', (b'\xe9t\xe9', b'%a+', ), (True, (b't', ), )),
    ('match', (b'\xff\x80', b'[\x80-\xff]+', ), (True, (b'\xff\x80', ), )),
    ('match', (b'THE (quick) fox', b'%f[%l]%a+', ), (True, (b'quick', ), )),
    ('match', (b'abc', b'%f[%z]', ), (True, (b'', ), )),
    ('match', (b'abc', b'()%f[%z]', ), (True, (4, ), )),
    ('match', (b'abc def', b'%f[%s]()', ), (True, (4, ), )),
    ('match', (b'x', b'%f[^%z]()', ), (True, (1, ), )),
    ('match', (b'abc', b'(', ), (False, b'unfinished capture', )),
    ('match', (b'abc', b'a(', ), (False, b'unfinished capture', )),
    ('match', (b'a(b)c', b'%b)(', ), (True, (None, ), )),
    ('match', (b'((x)', b'%b()', ), (True, (b'(x)', ), )),
    ('match', (b"'ab'", b"%b''", ), (True, (b"'ab'", ), )),
    ('match', (b'abc', b'b', -1, ), (True, (None, ), )),
    ('match', (b'abc', b'b', -2, ), (True, (b'b', ), )),
    ('match', (b'abc', b'^b', 2, ), (True, (b'b', ), )),
    ('match', (b'hello', b'.-(l+)(.*)', ), (True, (b'll', b'o', ), )),
    ('match', (b'hello', b'(.*)l', ), (True, (b'hel', ), )),
    ('match', (b'hello', b'(.-)l', ), (True, (b'he', ), )),
]

CASES_GMATCH = [
    ('gmatch', (b'a=1, b=2, c=3', b'(%w+)=(%w+)', ), (True, [(b'a', b'1', ), (b'b', b'2', ), (b'c', b'3', )], )),
    ('gmatch', (b'one two  three', b'%a+', ), (True, [(b'one', ), (b'two', ), (b'three', )], )),
    ('gmatch', (b'abc', b'', ), (True, [(b'', ), (b'', ), (b'', ), (b'', )], )),
    ('gmatch', (b'abc', b'%w*', ), (True, [(b'abc', )], )),
    ('gmatch', (b'abc', b'.', 2, ), (True, [(b'b', ), (b'c', )], )),
    ('gmatch', (b'abc', b'.', -1, ), (True, [(b'c', )], )),
    ('gmatch', (b'abc', b'.', 10, ), (True, [], )),
    ('gmatch', (b'abc', b'()', 2, ), (True, [(2, ), (3, ), (4, )], )),
    ('gmatch', (b'^a^a', b'^a', ), (True, [(b'^a', ), (b'^a', )], )),
    ('gmatch', (b'x1y22z333', b'%d+()', ), (True, [(3, ), (6, ), (10, )], )),
    ('gmatch', (b'abc', b'(', ), (False, b'stdin:25: unfinished capture', )),
    ('gmatch', (b'ab', b'a-', ), (True, [(b'', ), (b'', ), (b'', )], )),
    ('gmatch', (b'aXbXXc', b'X*', ), (True, [(b'', ), (b'X', ), (b'XX', ), (b'', )], )),
]

CASES_GSUB = [
    ('gsub', (b'hello', b'', b'-', ), (True, (b'-h-e-l-l-o-', 6, ), )),
    ('gsub', (b'abc', b'%w', b'%0%0', ), (True, (b'aabbcc', 3, ), )),
    ('gsub', (b'abc', b'(b)', b'[%1]', ), (True, (b'a[b]c', 1, ), )),
    ('gsub', (b'a,b,,c', b',', b';', 2, ), (True, (b'a;b;,c', 2, ), )),
    ('gsub', (b'one two  three', b'%s+', b' ', ), (True, (b'one two three', 2, ), )),
    ('gsub', (b'xxx', b'x', b'%%', ), (True, (b'%%%', 3, ), )),
    ('gsub', (b'abc', b'%w*', b'x', ), (True, (b'x', 1, ), )),
    ('gsub', (b'abc', b'', b'x', ), (True, (b'xaxbxcx', 4, ), )),
    ('gsub', (b'abc', b'b*', b'-', ), (True, (b'-a-c-', 3, ), )),
    ('gsub', (b'hello world', b'(%w+)', b'<%1>', ), (True, (b'<hello> <world>', 2, ), )),
    ('gsub', (b'hello world', b'%w+', b'%0 %0', 1, ), (True, (b'hello hello world', 1, ), )),
    ('gsub', (b'abc', b'^a', b'x', ), (True, (b'xbc', 1, ), )),
    ('gsub', (b'abc', b'^b', b'x', ), (True, (b'abc', 0, ), )),
    ('gsub', (b'aaa', b'^a', b'x', ), (True, (b'xaa', 1, ), )),
    ('gsub', (b'abc', b'b', b'%2', ), (False, b'invalid capture index %2', )),
    ('gsub', (b'abc', b'(b)', b'%2', ), (False, b'invalid capture index %2', )),
    ('gsub', (b'abc', b'b', b'%x', ), (False, b"invalid use of '%' in replacement string", )),
    ('gsub', (b'abc', b'b', b'%', ), (False, b"invalid use of '%' in replacement string", )),
    ('gsub', (b'abc', b'b', b'x%', ), (False, b"invalid use of '%' in replacement string", )),
    ('gsub', (b'abc', b'()b', b'%1', ), (True, (b'a2c', 1, ), )),
    ('gsub', (b'abc', b'b', 12, ), (True, (b'a12c', 1, ), )),
    ('gsub', (b'abc', b'b', 1.5, ), (True, (b'a1.5c', 1, ), )),
    ('gsub', (b'abc', b'b', ), (False, b"bad argument #3 to 'string.gsub' (string/function/table expected, got no value)", )),
    ('gsub', (b'abc', b'b', True, ), (False, b"bad argument #3 to 'string.gsub' (string/function/table expected, got boolean)", )),
    ('gsub', (b'abc', b'b', b'x', 0, ), (True, (b'abc', 0, ), )),
    ('gsub', (b'abc', b'b', b'x', -1, ), (True, (b'abc', 0, ), )),
    ('gsub', (b'abc', b'%', b'x', 0, ), (True, (b'abc', 0, ), )),
    ('gsub', (b'abc', b'%', b'x', ), (False, b"malformed pattern (ends with '%')", )),
    ('gsub', (b'abc', b'b', b'x', 1.5, ), (False, b"bad argument #4 to 'string.gsub' (number has no integer representation)", )),
    ('gsub', (b'abc', b'b', None, b'z', ), (False, b"bad argument #4 to 'string.gsub' (number expected, got string)", )),
    ('gsub', (b'$name is $age', b'%$(%w+)', {b'name': b'Ann', b'age': 7}, ), (True, (b'Ann is 7', 2, ), )),
    ('gsub', (b'abc', b'%w', {b'a': 1.5, b'b': False}, ), (True, (b'1.5bc', 3, ), )),
    ('gsub', (b'abc', b'%w', {b'a': True}, ), (False, b'invalid replacement value (a boolean)', )),
    ('gsub', (b'abc', b'(%w)(%w)', {b'a': b'X'}, ), (True, (b'Xc', 1, ), )),
    ('gsub', (b'abc', b'()', {1: b'one'}, ), (True, (b'oneabc', 4, ), )),
    ('gsub', (b'abc', b'b', b'%0%1', ), (True, (b'abbc', 1, ), )),
    ('gsub', (b'abc', b'', b'%1', ), (True, (b'abc', 4, ), )),
    ('gsub', (b'a.b.c', b'%.', b'%%', ), (True, (b'a%b%c', 2, ), )),
    ('gsub', (b'abc', b'(a)(b)(c)', b'%3%2%1', ), (True, (b'cba', 1, ), )),
    ('gsub', (b'', b'', b'x', ), (True, (b'x', 1, ), )),
    ('gsub', (b'', b'x*', b'y', ), (True, (b'y', 1, ), )),
    ('gsub', (b'hello world', b'o', b'0', 1.0, ), (True, (b'hell0 world', 1, ), )),
    ('gsub', (b'abc', b'.', b'%0', 2, ), (True, (b'abc', 2, ), )),
    ('gsub', (123, 2, 9, ), (True, (b'193', 1, ), )),
    ('gsub', (b'abc', b'[', b'x', ), (False, b"malformed pattern (missing ']')", )),
    ('gsub', (b'abc def', b'%f[%w]%w+', b'<%0>', ), (True, (b'<abc> <def>', 2, ), )),
]


ALL = CASES_FIND + CASES_MATCH + CASES_GMATCH + CASES_GSUB


@pytest.mark.parametrize("fname,args,expected", ALL,
                         ids=["%s-%d" % (c[0], i) for i, c in enumerate(ALL)])
def test_against_lua(fname, args, expected):
    check_case(fname, args, expected)


# ------------------------------------------------------------ limits

def test_pattern_too_complex_threshold():
    A, S = new_lib()
    assert call(S, "find", b"a" * 300, b"a?" * 199) == (1, 199)
    with pytest.raises(LuaError) as ei:
        call(S, "find", b"a" * 300, b"a?" * 200)
    assert ei.value.value == b"pattern too complex"


def test_too_many_captures():
    A, S = new_lib()
    assert len(call(S, "match", b"x" * 32, b"(x)" * 32)) == 32
    with pytest.raises(LuaError) as ei:
        call(S, "match", b"x" * 33, b"(x)" * 33)
    assert ei.value.value == b"too many captures"
    with pytest.raises(LuaError) as ei:
        call(S, "match", b"x", b"(" * 198 + b"x" + b")" * 198)
    assert ei.value.value == b"too many captures"


def test_deep_pattern_does_not_use_python_stack():
    A, S = new_lib()
    # many min-expansions in sequence: each keeps a frame on the explicit stack
    assert call(S, "match", b"ab" * 190 + b"c", b".-b" * 190 + b"c") == (b"ab" * 190 + b"c",)
    assert call(S, "match", b"ab" * 30 + b"c", b"(.-)b" * 30 + b"c") == (b"a",) * 30


def test_pathological_pattern_runs_out_of_fuel():
    A, S = new_lib(fuel=2000)
    gen = S.hash[b"find"].fn(0, b"a" * 30, b"a*" * 30 + b"b")
    yields = 0
    for _ in range(50):
        r = gen.send(None)
        assert r is OUT_OF_FUEL
        assert A.F[0] < 0
        yields += 1
        A.F[0] = 2000
    assert yields == 50
    gen.close()


def test_pathological_pattern_can_finish_when_refuelled():
    A, S = new_lib(fuel=1000)
    r, n = drive_refuelled(A, S.hash[b"match"].fn(0, b"a" * 12, b"a*" * 6 + b"b"), 1000)
    assert r is None
    assert n > 0


def test_gmatch_iterator_suspends_and_resumes():
    A, S = new_lib(fuel=10)
    it = call(S, "gmatch", b"x" * 2000 + b"=1", b"(%w+)=(%w+)")[0]
    r, n = drive_refuelled(A, it.fn(0), 10)
    assert r == (b"x" * 2000, b"1")
    assert n > 0


def test_matching_charges_fuel():
    A, S = new_lib(fuel=10 ** 6)
    call(S, "match", b"a" * 5000 + b"b", b"(a-)b")
    assert A.F[0] < 10 ** 6 - 100


def test_plain_find_fast_path():
    A, S = new_lib()
    big = b"x" * 100000 + b"needle"
    assert call(S, "find", big, b"needle") == (100001, 100006)
    assert call(S, "find", big, b"ne.dle", 1, True) == (None,)


# --------------------------------------------------- gsub with Lua values

@pytest.fixture
def fake_call(monkeypatch):
    calls = []

    def call_(A, D, f, args):
        calls.append(args)
        if False:
            yield
        return f.fn(*args)

    monkeypatch.setattr(ops, "call", call_, raising=False)
    return calls


def test_gsub_function_replacement(fake_call):
    A, S = new_lib()
    up = Builtin(lambda w: w.upper(), "up")
    assert call(S, "gsub", b"hello world", b"%w+", up) == (b"HELLO WORLD", 2)
    assert fake_call == [(b"hello",), (b"world",)]


def test_gsub_function_gets_all_captures_and_positions(fake_call):
    A, S = new_lib()
    f = Builtin(lambda *a: None, "f")
    assert call(S, "gsub", b"k=v", b"(%w)=()(%w)", f) == (b"k=v", 1)
    assert fake_call == [(b"k", 3, b"v")]


def test_gsub_function_results(fake_call):
    A, S = new_lib()
    assert call(S, "gsub", b"abc", b"%w", Builtin(lambda c: False, "f")) == (b"abc", 3)
    assert call(S, "gsub", b"abc", b"%w", Builtin(lambda c: 7, "f")) == (b"777", 3)
    assert call(S, "gsub", b"abc", b"%w", Builtin(lambda c: 0.5, "f")) == (b"0.50.50.5", 3)
    assert call(S, "gsub", b"abc", b"%w", Builtin(lambda c: (b"x", b"y"), "f")) == (b"xxx", 3)
    assert call(S, "gsub", b"abc", b"%w", Builtin(lambda c: (), "f")) == (b"abc", 3)
    with pytest.raises(LuaError) as ei:
        call(S, "gsub", b"abc", b"%w", Builtin(lambda c: LuaTable(), "f"))
    assert ei.value.value == b"invalid replacement value (a table)"


def test_gsub_table_replacement_uses_index_metamethod():
    A, S = new_lib()
    base = to_lua({b"a": b"A"})
    t = LuaTable()
    t.meta = to_lua({b"__index": base})
    assert call(S, "gsub", b"abc", b"%w", t) == (b"Abc", 3)


def test_gsub_position_capture_as_key():
    A, S = new_lib()
    assert call(S, "gsub", b"abc", b"()", to_lua({1: b"<", 4: b">"})) == (b"<abc>", 4)
