"""GenBuiltin ``fast`` paths of the standard library (base, string, table):
with and without them, every script must give the same results, the same
error messages and charge the same fuel; and a fast path must hand over to
the generator (which suspends) when the fuel runs out mid-call."""
from __future__ import annotations

import pytest

from vm import Executor, Lua
from vm.runtime.values import GenBuiltin, LuaTable


def _genbuiltins(lua):
    """Every GenBuiltin reachable from the globals (one level of tables)."""
    out = []
    for v in lua.state.globals.hash.values():
        if isinstance(v, GenBuiltin):
            out.append(v)
        elif isinstance(v, LuaTable):
            out.extend(x for x in v.hash.values() if isinstance(x, GenBuiltin))
    return out


def _disable_fast(lua):
    """Turn every fast path off, including those of iterators made later
    (ipairs' iterator is reached through ipairs, gmatch's are made per call)."""
    for b in _genbuiltins(lua):
        b.fast = None
        b.pure = 0                  # ``pure`` promises a ``fast``
    it = lua.state.globals.hash[b"ipairs"].fn(LuaTable())[0]
    it.fast = None
    it.pure = 0
    import vm.runtime.values as values
    orig = values.GenBuiltin.__init__

    def init(self, fn, name, fast=None):
        orig(self, fn, name, None)
    return orig, init


def run(src, fast=True, fuel=None):
    """(outputs, results-or-error, fuel used, steps) of running ``src``."""
    import vm.runtime.values as values
    from vm.stdlib import lpattern
    lpattern._CACHE.clear()         # patterns are translated on their 2nd use
    out = []
    lua = Lua(sandbox=False)
    lua.state.output = out.append
    patched = None
    if not fast:
        orig, init = _disable_fast(lua)
        patched = orig
        values.GenBuiltin.__init__ = init
    try:
        fn = lua.load(src, "=t")
        ex = Executor(lua, fn, convert=False)
        steps = 1
        while not ex.step(fuel or 1 << 40):
            steps += 1
            assert steps < 1_000_000
    finally:
        if patched is not None:
            values.GenBuiltin.__init__ = patched
    res = ex.error if ex.error is not None else ex.raw_result()
    return b"".join(out), repr(res), ex.fuel_used, steps


SCRIPTS = {
    "tostring": """
        local mt = {__tostring = function(t) return "T!" end}
        local named = setmetatable({}, {__name = "Thing"})
        local r = {tostring(1), tostring(1.5), tostring("s"), tostring(nil), tostring(true),
                   tostring(setmetatable({}, mt)), (tostring(named):gsub("0x%x+", "P")),
                   (tostring({}):gsub("0x%x+", "P")), (tostring(print):gsub("0x%x+", "P"))}
        print(pcall(tostring))
        print(pcall(tostring, setmetatable({}, {__tostring = function() return {} end})))
        print(1, "a", nil, true, setmetatable({}, mt), 2.5)
        return table.concat(r, ",")
    """,
    "pairs_ipairs": """
        local t = {1, 2, nil, 4, x = 5}
        local s = 0
        for i, v in ipairs(t) do s = s + i * v end
        for k, v in pairs(t) do s = s + v end
        local p = setmetatable({}, {__pairs = function(t) return function(_, k) if not k then return 1, 10 end end, t, nil end})
        for k, v in pairs(p) do s = s + v end
        local ix = setmetatable({1}, {__index = function(t, i) if i < 4 then return i * 100 end end})
        for i, v in ipairs(ix) do s = s + v end
        local h = {}; h[1] = 7; h[2] = 8
        for i, v in ipairs(h) do s = s + v end
        print(pcall(pairs), pcall(pairs, 1), pcall(ipairs))
        print(pcall(function() for i, v in ipairs(nil) do end end))
        return s
    """,
    "table": """
        local t = {}
        for i = 1, 300 do table.insert(t, i) end
        for i = 1, 300 do table.insert(t, 1, -i) end
        table.insert(t, 2, nil)
        local r = 0
        for i = 1, 200 do r = r + table.remove(t, 1) end
        for i = 1, 100 do r = r + table.remove(t) end
        r = r + (table.remove({}) or 0) + (table.remove({}, 0) or 0)
        print(pcall(table.insert, t, 1, 2, 3), pcall(table.insert, t, 0, 1), pcall(table.insert, t, "x", 1))
        print(pcall(table.insert, 1, 2), pcall(table.remove, t, -5), pcall(table.insert, t))
        print(table.concat({1, "a", 2.5}, "-"), table.concat({}, "x"), table.concat({"a", "b", "c"}, ",", 2, 3))
        print(pcall(table.concat, {1, {}, 3}), pcall(table.concat, {1}, {}), pcall(table.concat, {}, ",", 1, 2))
        local big = {}
        for i = 1, 1000 do big[i] = i end
        print(#table.concat(big, ","), select("#", table.unpack(big)), table.unpack({1, 2, 3}, 2))
        print(table.unpack({1, 2, 3}, -1, 1), pcall(table.unpack, {}, 1, 1e7), pcall(table.unpack))
        local logged = {}
        local prox = setmetatable({}, {__index = function(_, k) return k * 2 end,
                                       __newindex = function(t, k, v) logged[#logged + 1] = k; rawset(t, k, v) end,
                                       __len = function() return 3 end})
        table.insert(prox, 9)
        print(table.concat(prox, ","), table.unpack(prox), table.remove(prox), #logged)
        return r, #t
    """,
    "format": """
        local mt = {__tostring = function(t) return "OBJ" end}
        local o = setmetatable({}, mt)
        print(string.format("%d %s %5.2f %x %q", 1, "a", 1/3, 255, "q\\n"))
        print(string.format("[%s|%10s|%-4s]", o, o, 12))
        print(pcall(string.format, "%d %s", 1.5, o), pcall(string.format, "%s %d", o, "x"))
        print(pcall(string.format, "%s", setmetatable({}, {__tostring = function() return 1 end})))
        print(pcall(string.format, "%z", 1), pcall(string.format, "%d"), string.format("%q", nil))
        print(string.format("%s %s", nil, true), (string.format("%s", {}):gsub("0x%x+", "P")))
    """,
    "patterns": """
        local s = "hello world 123 foo 456 bar"
        local r = {}
        for i = 1, 4 do
          r[#r + 1] = table.concat({s:find("o", 1, true)}, ":")
          r[#r + 1] = table.concat({s:find("%d+")}, ":")
          r[#r + 1] = table.concat({s:find("(%d+) (%a+)", 15)}, ":")
          r[#r + 1] = table.concat({s:match("(%a+) (%d+)")}, ":")
          r[#r + 1] = tostring(s:match("^(%a+)"))
          r[#r + 1] = tostring(s:match("^%s*(.-)%s*$"))
          r[#r + 1] = tostring(s:match("()o()", 6))
          r[#r + 1] = tostring(s:find("xyz"))
          r[#r + 1] = tostring(s:find("o", 100))
          for w in s:gmatch("%a+") do r[#r + 1] = w end
          for a, b in s:gmatch("(%d)(%d)") do r[#r + 1] = a .. b end
          for w in s:gmatch("o.-o") do r[#r + 1] = w end
          r[#r + 1] = (s:gsub("o", "0"))
          r[#r + 1] = (s:gsub("(%a+)", "<%1>", 2))
          r[#r + 1] = (s:gsub("%w+", {hello = "HI", foo = false, bar = 7}))
          r[#r + 1] = (s:gsub("%w+", setmetatable({}, {__index = function(_, k) return #k end})))
          r[#r + 1] = (s:gsub("%d", function(d) return d + 1 end))
          r[#r + 1] = select(2, s:gsub("", "-"))
        end
        print(pcall(string.find, s, "[a"), pcall(string.match, s, "(%d"), pcall(string.gsub, s, "o", "%2"))
        print(pcall(string.find), pcall(string.gsub, s, "o", {o = {}}), pcall(string.gsub, s, "o"))
        print(pcall(string.find, "x", "%"), pcall(string.gsub, "xxx", "x", "%9"))
        -- (no closures here: without fast paths, the plain twin of a pure
        -- closure calling them deopts and is charged twice its entry)
        return table.concat(r, "|")
    """,
}


@pytest.mark.parametrize("name", sorted(SCRIPTS))
def test_fast_and_generator_paths_agree(name):
    src = SCRIPTS[name]
    with_fast = run(src, True)
    without = run(src, False)
    assert with_fast[0] == without[0]           # output
    assert with_fast[1] == without[1]           # results or error
    assert with_fast[2] == without[2]           # fuel charged


@pytest.mark.parametrize("name", sorted(SCRIPTS))
def test_small_steps_suspend_and_agree(name):
    """Out of fuel in the middle of builtins: the fast path gives way to
    the generator, which suspends; the run ends the same."""
    src = SCRIPTS[name]
    ref = run(src, True)
    for fuel in (7, 50, 333):
        got = run(src, True, fuel)
        assert got[0] == ref[0] and got[1] == ref[1]
        assert got[3] > 1 or ref[2] < 2 * fuel + 64


LONG = {
    "find": 'local s = ("ab"):rep(5000) .. "c" local n = 0 '
            'for i = 1, 20 do n = n + s:find("a*c") + s:find("c", 1, true) end return n',
    "match": 'local s = ("ab"):rep(5000) .. "123" local n = 0 '
             'for i = 1, 20 do n = n + #s:match("%d+") + #s:match("b(.-)1") end return n',
    "gmatch": 'local s = ("ab "):rep(3000) local n = 0 '
              'for i = 1, 3 do for w in s:gmatch("%a+") do n = n + #w end '
              'for w in s:gmatch("b.-a") do n = n + #w end end return n',
    "gsub": 'local s = ("ab "):rep(3000) local n = 0 for i = 1, 5 do '
            'n = n + #s:gsub("a", "xy") + #s:gsub("%a+", {ab = 1}) end return n',
    "concat": 'local t = {} for i = 1, 5000 do t[i] = i end local n = 0 '
              'for i = 1, 10 do n = n + #table.concat(t, ",") end return n',
    "insert_remove": 'local t = {} for i = 1, 3000 do table.insert(t, 1, i) end '
                     'local n = 0 for i = 1, 2000 do n = n + table.remove(t, 1) end return n, #t',
    "unpack": 'local t = {} for i = 1, 5000 do t[i] = i end local n = 0 '
              'for i = 1, 20 do n = n + select("#", table.unpack(t)) end return n',
}


@pytest.mark.parametrize("name", sorted(LONG))
def test_long_calls_suspend_and_charge_the_same(name):
    src = LONG[name]
    ref = run(src, False)
    assert run(src, True)[1:3] == ref[1:3]
    for fuel in (10, 100, 1000):
        a = run(src, True, fuel)
        b = run(src, False, fuel)
        assert a[1] == ref[1]
        assert a[2:] == b[2:]                   # same fuel, same suspensions
        assert a[3] > 1


def test_fast_paths_are_installed():
    lua = Lua()
    g = lua.state.globals.hash
    S, T = g[b"string"].hash, g[b"table"].hash
    for b, pure in ((g[b"tostring"], 1), (g[b"pairs"], 1), (g[b"print"], 0),
                    (S[b"find"], 1), (S[b"match"], 1), (S[b"gsub"], 1), (S[b"format"], 1),
                    (T[b"insert"], 0), (T[b"remove"], 0), (T[b"concat"], 1), (T[b"unpack"], 1)):
        assert b.fast is not None and b.pure == pure, b
    it = g[b"ipairs"].fn(LuaTable())[0]
    assert it.fast is not None and it.pure == 1


def test_pure_fast_paths_have_no_side_effects():
    """A SLOW answer leaves no trace: fuel untouched, nothing mutated."""
    lua = Lua()
    A = lua.state
    g = A.globals.hash
    S, T = g[b"string"].hash, g[b"table"].hash
    from vm.runtime.values import SLOW
    s = b"a" * 100000 + b"1"
    A.F[0] = 10 ** 9                # translating a pattern is charged once, and kept
    assert S[b"find"].fast(s, b"%d") == (100001, 100001)
    assert S[b"match"].fast(s, b"a*1") == s
    A.F[0] = 3
    for _ in range(3):
        assert S[b"find"].fast(s, b"%d") is SLOW
        assert S[b"match"].fast(s, b"a*1") is SLOW
        assert A.F[0] == 3
    t = LuaTable(list(range(1, 5000)))
    assert T[b"insert"].fast(t, 1, 0) is SLOW and len(t.arr) == 4999 and A.F[0] == 3
    assert T[b"remove"].fast(t, 1) is SLOW and len(t.arr) == 4999 and A.F[0] == 3
    assert T[b"concat"].fast(t, b",") is SLOW and A.F[0] == 3


def test_error_positions_and_names():
    """Errors raised by fast paths name the function as the call site did
    and carry the caller's position -- or none when called by pcall."""
    src = """
        local r = {}
        r[1] = select(2, pcall(function() return ("x"):find("%") end))
        r[2] = select(2, pcall(function() local s = "x" return s.find(s, "[") end))
        r[3] = select(2, pcall(string.find, "x", "("))
        r[4] = select(2, pcall(function() return table.concat({{}}) end))
        r[5] = select(2, pcall(function() return string.format("%d", "x") end))
        r[6] = select(2, pcall(string.format, "%d", "x"))
        r[7] = select(2, pcall(function() local t = {} table.insert(t, 5, 1) end))
        r[8] = select(2, pcall(function() return ("x"):gsub("x", "%2") end))
        r[9] = select(2, pcall(string.gsub, "x", "x", "%2"))
        return table.concat(r, "\\n")
    """
    a, b = run(src, True), run(src, False)
    assert a[1] == b[1]
    lines = eval(a[1])[0].decode().split("\n")
    assert lines[0] == "t:3: malformed pattern (ends with '%')"
    assert lines[1].startswith("t:4: malformed pattern")
    assert lines[2] == "malformed pattern (ends with '(')" or "t:" not in lines[2]
    assert lines[3] == "t:6: invalid value (table) at index 1 in table for 'concat'"
    assert lines[4] == "t:7: bad argument #2 to 'format' (number expected, got string)"
    assert lines[5] == "bad argument #2 to 'string.format' (number expected, got string)"
    assert lines[6] == "t:9: bad argument #2 to 'insert' (position out of bounds)"
    assert lines[7] == "t:10: invalid capture index %2"
    assert lines[8] == "invalid capture index %2"
