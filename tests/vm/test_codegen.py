"""The compiler: generated Python is safe, readable, and exact."""
from __future__ import annotations

import pytest

from vm import Lua
from vm.codegen import CodeGen
from vm.parser import parse


def gen(src: str) -> str:
    return CodeGen(parse(src.encode(), "=t")).generate()[0]


def test_strings_only_enter_as_literals():
    src = gen("local s = \"'); import os; os.system('x') #\" return s")
    compile(src, "t", "exec")
    assert "import os" in src and "b\"'); import os" in src or "b'\\'); import os" in src


def test_generated_code_has_no_builtins():
    lua = Lua()
    # a Lua name that is a Python builtin stays a Lua global
    assert lua.execute("return type(open), type(__import__), type(eval)") == ("nil", "nil", "nil")


@pytest.mark.parametrize("src, expected", [
    ("local a, b = 1, 2 a, b = b, a return a, b", (2, 1)),
    ("local t = {} local i = 1 i, t[i] = i + 1, 20 return i, t[1], t[2]", (2, 20, None)),
    ("local function f() return 1, 2, 3 end local t = {f(), f()} return #t", 4),
    ("local function f() return 1, 2, 3 end return (f())", 1),
    ("local x = 0 local function inc() x = x + 1 return x end return inc() + inc() * 10", 21),
    ("local s = '' for i = 3, 1, -1 do s = s .. i end return s", "321"),
    ("local s = 0 for i = 1, 2, 0.5 do s = s + i end return s", 4.5),
    ("local n = 0 for i = math.maxinteger - 2, math.maxinteger do n = n + 1 end return n", 3),
    ("local n = 0 for i = math.mininteger, math.mininteger + 2 do n = n + 1 end return n", 3),
    ("local n = 0 for i = 1, 0 do n = n + 1 end return n", 0),
    ("local fs = {} for i = 1, 3 do fs[i] = function() return i end end return fs[1]() + fs[3]()", 4),
    ("local i = 1 ::top:: if i < 5 then i = i + 1 goto top end return i", 5),
    ("for i = 1, 3 do for j = 1, 3 do if j == 2 then goto next end end ::next:: end return 'ok'", "ok"),
    ("local r = {} for i = 1, 3 do local x <const> = i * 2 r[#r+1] = x end return r[3]", 6),
    ("return 1 == 1.0, '1' == 1, 0.1 + 0.2 == 0.3, math.huge == math.huge", (True, False, False, True)),
    ("return 7 // 2, -7 // 2, 7 % -3, -7 % 3, 7.5 // 2, 2^10, 10 / 4", (3, -4, -2, 2, 3.0, 1024.0, 2.5)),
    ("return math.maxinteger + 1 == math.mininteger, math.mininteger // -1", (True, -9223372036854775808)),
    ("return 1 << 63, 1 << 64, -1 >> 1, 3 & 5, 3 | 5, 3 ~ 5, ~0", (-9223372036854775808, 0, 9223372036854775807, 1, 7, 6, -1)),
    ("return '10' + 1, '3.5' * 2, 10 .. 20", (11, 7.0, "1020")),
    ("local a = {} a.b = {c = {d = 5}} return a.b.c.d", 5),
    ("return true and 1 or 2, false and 1 or 2, nil or false, false or nil", (1, 2, False, None)),
    ("local t = {n = 0} function t:inc(k) self.n = self.n + k return self end return t:inc(2):inc(3).n", 5),
    ("return select('#', (function() end)()), select('#', nil, nil)", (0, 2)),
    ("local t = {[1.0] = 'a', [2] = 'b'} return t[1], #t, math.type(next(t))", ("a", 2, "integer")),
])
def test_semantics(src, expected):
    lua = Lua()
    assert lua.execute(src) == expected


def test_to_be_closed_variables_run_in_reverse_order_on_error_too():
    lua = Lua()
    src = """
    local log = {}
    local function mk(n) return setmetatable({}, {__close = function(_, e) log[#log+1] = n .. ':' .. tostring(e) end}) end
    pcall(function()
      local a <close> = mk('a')
      local b <close> = mk('b')
      error('x', 0)
    end)
    do local c <close> = mk('c') end
    return table.concat(log, ' ')
    """
    assert lua.execute(src) == "b:x a:x c:nil"


def test_deeply_nested_expressions_compile():
    lua = Lua()
    src = "return " + "(" * 150 + "1" + ")" * 150
    assert lua.execute(src) == 1
    src = "local a = 'x' return " + "a .. " * 150 + "a"
    assert lua.execute(src) == "x" * 151


def test_leaf_functions_deoptimise_exactly_once_on_metamethods():
    lua = Lua()
    src = """
    local calls = 0
    local V = setmetatable({}, {__add = function(a, b) calls = calls + 1 return 10 end,
                                __index = function(t, k) calls = calls + 100 return 5 end})
    local function add1(x) local y = x + 1 return y end          -- a pure leaf
    local function field(t) return t.missing end                 -- leaf reading through __index
    local function tail(x) return add1(x) end                    -- leaf in tail position
    local r1, r2, r3 = add1(1), add1(V), field(V)
    local r4 = tail(V)
    local ok, err = pcall(add1, {})
    return r1, r2, r3, r4, calls, ok, err
    """
    r = lua.execute(lua.load(src, "=leaf"))
    assert r[:5] == (2, 10, 5, 10, 102)
    assert r[5] is False and "attempt to perform arithmetic on a table value (local 'x')" in r[6]


def test_leaf_functions_with_upvalues_and_multiple_results():
    lua = Lua()
    src = """
    local k = 3
    local function f(a, b) if a > b then return a, k end return b, -k end
    local t = {f(1, 2)}
    return t[1], t[2], select('#', f(5, 1)), (f(5, 1))
    """
    assert lua.execute(src) == (2, -3, 2, 5)
