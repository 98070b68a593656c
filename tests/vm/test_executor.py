"""The stackless executor: fuel, suspension, resumption, depth, coroutines."""
from __future__ import annotations

import pytest

from vm import Executor, Lua, LuaError


def run(lua, src, *args, fuel=1 << 40):
    ex = Executor(lua, lua.load(src, "=test"), *args)
    assert ex.step(fuel)
    return ex.result()


def test_step_returns_result():
    lua = Lua()
    assert run(lua, "return 1, 'two', 3.0") == (1, "two", 3.0)


def test_infinite_loop_returns_control_every_step():
    lua = Lua()
    ex = Executor(lua, lua.load("while true do end", "=spin"))
    for _ in range(50):
        assert ex.step(1000) is False
    assert not ex.done
    assert 50 * 1000 <= ex.fuel_used <= 50 * (1000 + 64)


@pytest.mark.parametrize("src", [
    "while true do end",
    "repeat until false",
    "for i = 1, math.huge do end",
    "::top:: goto top",
    "while true do if true then goto continue end ::continue:: end",
    "for i = 1, math.huge do do goto continue end ::continue:: end",
    "local function f() return f() end return f()",
    "local t = setmetatable({}, {__index = function(t, k) while true do end end}) return t.x",
    "for k in function() return 1 end do end",
    "local co = coroutine.wrap(function() while true do end end) co()",
    "pcall(function() while true do end end)",
])
def test_every_loop_form_is_interruptible(src):
    lua = Lua()
    ex = Executor(lua, lua.load(src, "=spin"))
    for _ in range(20):
        assert ex.step(500) is False


def test_resume_continues_exactly_where_it_stopped():
    lua = Lua()
    src = """
    local acc = {}
    for i = 1, 10000 do acc[#acc + 1] = i end
    local s = 0
    for _, v in ipairs(acc) do s = s + v end
    return s
    """
    ex = Executor(lua, lua.load(src, "=t"))
    steps = 1
    while not ex.step(97):
        steps += 1
    assert steps > 100
    assert ex.result() == (50005000,)


def test_fuel_used_is_counted_across_steps():
    lua = Lua()
    ex = Executor(lua, lua.load("for i = 1, 1000 do end", "=t"))
    while not ex.step(100):
        pass
    assert 1000 <= ex.fuel_used <= 1100


def test_state_in_nested_calls_and_coroutines_survives_steps():
    lua = Lua()
    src = """
    local function deep(n) if n == 0 then local s = 0 for i = 1, 5000 do s = s + i end return s end
      return deep(n - 1) + 1 end
    local co = coroutine.wrap(function(a)
      local x = coroutine.yield(deep(50))
      return x + a
    end)
    local first = co(1)
    return first, co(10)
    """
    ex = Executor(lua, lua.load(src, "=t"))
    n = 0
    while not ex.step(50):
        n += 1
    assert n > 10
    assert ex.result() == (12502550, 11)


def test_error_result_raises_lua_error():
    lua = Lua()
    ex = Executor(lua, lua.load("local x = nil\nreturn x.y", "=chunk"))
    assert ex.step(1000)
    with pytest.raises(LuaError) as info:
        ex.result()
    assert str(info.value) == "chunk:2: attempt to index a nil value (local 'x')"


def test_deep_recursion_is_segmented_not_a_crash():
    lua = Lua()
    src = "local function r(n) if n == 0 then return 0 end return 1 + r(n - 1) end return r(5000)"
    assert run(lua, src) == (5000,)


def test_unbounded_recursion_is_stack_overflow():
    lua = Lua()
    src = "local function r() return 1 + r() end return pcall(r)"
    ok, msg = run(lua, src)
    assert ok is False
    assert "stack overflow" in msg


def test_tail_calls_do_not_grow_the_stack():
    lua = Lua()
    src = "local function t(n) if n == 0 then return 'done' end return t(n - 1) end return t(300000)"
    assert run(lua, src) == ("done",)


def test_dropping_an_executor_mid_run_is_harmless():
    lua = Lua()
    ex = Executor(lua, lua.load("local t = {} while true do t[#t + 1] = {} end", "=t"))
    ex.step(1000)
    del ex
    assert run(lua, "return 42") == (42,)


def test_arguments_are_passed():
    lua = Lua()
    assert run(lua, "local a, b = ... return a + b, select('#', ...)", 2, 3) == (5, 2)


def test_nested_executor_does_not_disturb_outer_fuel():
    lua = Lua()
    inner = lua.load("local s = 0 for i = 1, 100 do s = s + i end return s", "=inner")
    outer = Executor(lua, lua.load("for i = 1, 100000 do end return 1", "=outer"))
    assert outer.step(200) is False
    assert run(lua, "local s = 0 for i = 1, 100 do s = s + i end return s") == (5050,)
    assert inner is not None
    while not outer.step(1000):
        pass
    assert outer.result() == (1,)


def test_pure_functions_still_suspend_on_fuel():
    # fib is pure, so it runs as plain Python calls; it must still give
    # control back every step and finish with the right answer
    lua = Lua()
    src = "local function fib(n) if n < 2 then return n end return fib(n-1) + fib(n-2) end return fib(22)"
    ex = Executor(lua, lua.load(src, "=fib"))
    steps = 1
    while not ex.step(2000):
        steps += 1
    assert ex.result() == (17711,)
    assert steps > 10


def test_deep_pure_recursion_falls_back_to_generators():
    lua = Lua()
    src = "local function d(n) if n == 0 then return 0 end return 1 + d(n - 1) end return d(3000), d(10)"
    ex = Executor(lua, lua.load(src, "=d"))
    while not ex.step(1000):
        pass
    assert ex.result() == (3000, 10)


PURE_OOP = """
local Vec = {}
Vec.__index = Vec
local made = 0
local function new(x, y) return setmetatable({x = x, y = y}, Vec) end
function Vec.add(a, b) return new(a.x + b.x, a.y + b.y) end
local function tree(d) if d == 0 then return {} end return {tree(d - 1), tree(d - 1)} end
local function count(t) if t[1] then return 1 + count(t[1]) + count(t[2]) end return 1 end
local function adder(k) local c = k return function(x) c = c + x return c end end
local v = new(0, 0)
for i = 1, 300 do v = v:add(new(i, -i)) end
local f = adder(10)
f(1)
return v.x, v.y, getmetatable(v) == Vec, count(tree(9)), f(2), math.floor(math.sqrt(v.x))
"""


@pytest.mark.parametrize("fuel", [50, 997, 1 << 40])
def test_pure_functions_with_constructors_and_closures(fuel):
    # constructors, setmetatable on a fresh table, closures and pure
    # builtins run in plain twins; running out of fuel anywhere in them
    # re-runs the generator version, which must be unobservable
    lua = Lua()
    ex = Executor(lua, lua.load(PURE_OOP, "=oop"))
    while not ex.step(fuel):
        pass
    assert ex.result() == (45150, -45150, True, 1023, 13, 212)


def test_plain_twin_deopts_on_metamethod_after_constructing():
    lua = Lua()
    src = """
    local log = {}
    local mt = {__add = function(a, b) log[#log + 1] = "add" return 7 end}
    local function mk(a) local t = {a} return setmetatable(t, mt) end
    local function f(a) local t = setmetatable({a}, mt) return t + 1 end
    return f(1), f(2), #log
    """
    assert run(lua, src) == (7, 7, 2)


def test_setmetatable_on_existing_table_is_not_pure():
    # setmetatable on a table that existed before the call is a side
    # effect: the function must not be re-run after it
    lua = Lua()
    src = """
    local calls = 0
    local P = setmetatable({}, {__metatable = "locked"})
    local t = {}
    local function g(x) setmetatable(t, {__index = {v = x}}) return t.v + 0 end
    return g(1), g(2), pcall(setmetatable, P, {})
    """
    assert run(lua, src) == (1, 2, False, "cannot change a protected metatable")


# ------------------------------------------------ coroutine fast paths
# coroutine.resume / wrap yield the Coroutine itself and coroutine.yield its
# argument tuple; segment roots are the Lua function's own generator.

def lua_run(src):
    lua = Lua(sandbox=False)
    out = []
    lua.state.output = out.append
    ex = Executor(lua, lua.load(src, "@co.lua"))
    assert ex.step(1 << 40)
    return ex.result(), b"".join(out).decode()


def test_coroutine_resume_and_wrap_errors_match_puc():
    (ok,), _ = lua_run("""
    local co = coroutine.create(function() return 1 end)
    assert(select(2, coroutine.resume(co)) == 1)
    local ok, m = coroutine.resume(co)
    assert(not ok and m == "cannot resume dead coroutine")
    local w = coroutine.wrap(function() return 1 end)
    w()
    local ok, m = pcall(w)
    assert(not ok and m == "cannot resume dead coroutine", m)      -- called by pcall: no position
    ok, m = pcall(function() return w() end)
    assert(m == "co.lua:10: cannot resume dead coroutine", m)
    local self
    self = coroutine.wrap(function() return self() end)
    ok, m = pcall(self)   -- string errors through a wrap get the caller's position (luaB_auxwrap)
    assert(m == "co.lua:13: cannot resume non-suspended coroutine", m)
    local co2
    co2 = coroutine.create(function() return coroutine.resume(co2) end)
    local a, b, c = coroutine.resume(co2)
    assert(a == true and b == false and c == "cannot resume non-suspended coroutine")
    ok, m = pcall(function() return coroutine.wrap(function() error("oops") end)() end)
    assert(m == "co.lua:20: co.lua:20: oops", m)
    local e = {}
    ok, m = pcall(coroutine.wrap(function() error(e) end))
    assert(m == e)
    ok, m = coroutine.resume(coroutine.create(function() local x; return x.y end))
    assert(m == "co.lua:25: attempt to index a nil value (local 'x')", m)
    ok, m = pcall(coroutine.resume)
    assert(m:find("bad argument #1 to '[%w.]*resume' %(thread expected, got no value%)"), m)
    ok, m = pcall(coroutine.resume, nil)
    assert(m:find("got nil"), m)
    local function nest() local c = coroutine.wrap(nest) return c() end
    ok, m = pcall(nest)
    assert(not ok and m:find("^co.lua:31: co.lua:31: .*C stack overflow$"), m)
    return true
    """)
    assert ok is True


def test_coroutine_status_running_and_yieldable_along_a_chain():
    _, out = lua_run("""
    local A, B
    A = coroutine.create(function()
      print("A", coroutine.status(A), coroutine.status(B), coroutine.isyieldable())
      print(coroutine.resume(B))
      print("A2", coroutine.status(B), coroutine.running() == A)
      local x = coroutine.yield("ya")
      return "ra", x
    end)
    B = coroutine.create(function()
      print("B", coroutine.status(A), coroutine.status(B), select(2, coroutine.running()))
      coroutine.yield("yb")
    end)
    print(coroutine.resume(A))
    print(coroutine.status(A), coroutine.status(B), select(2, coroutine.running()))
    print(coroutine.resume(A, "x"))
    print(coroutine.status(A), coroutine.isyieldable())
    print(pcall(coroutine.yield, 1))
    """)
    assert out == ("A\trunning\tsuspended\ttrue\n"
                   "B\tnormal\trunning\tfalse\n"
                   "true\tyb\n"
                   "A2\tsuspended\ttrue\n"
                   "true\tya\n"
                   "suspended\tsuspended\ttrue\n"
                   "true\tra\tx\n"
                   "dead\tfalse\n"
                   "false\tattempt to yield from outside a coroutine\n")


def test_coroutine_bodies_tail_calls_builtins_and_deep_stacks():
    _, out = lua_run("""
    local function g(x) local y = coroutine.yield(x + 1) return y * 2, "t" end
    local t = coroutine.wrap(function(x) return g(x) end)     -- root tail call
    print(t(1), t(20))
    print(coroutine.resume(coroutine.create(select), 2, "a", "b", "c"))
    local cy = coroutine.create(coroutine.yield)              -- builtin body
    print(coroutine.resume(cy, 5, 6))
    print(coroutine.resume(cy, 7))
    print(coroutine.status(cy))
    local function deep(n)
      if n == 0 then return coroutine.yield("bottom") end
      return deep(n - 1) + 0
    end
    local d = coroutine.create(deep)                          -- many segments
    print(coroutine.resume(d, 1000))
    print(coroutine.resume(d, 42))
    print(coroutine.resume(coroutine.create(function()
      table.sort({3, 2, 1}, function(a, b) coroutine.yield() return a < b end)
    end)))
    local p = coroutine.wrap(function(...)
      local ok, v = pcall(function(...) return coroutine.yield(...) end, ...)
      return ok, v, coroutine.isyieldable()
    end)
    print(p("a", "b"))
    print(p("c"))
    return (function(...) return ... end)(1)                  -- main root tail call
    """)
    assert out == ("2\t40\tt\n"
                   "true\tb\tc\n"
                   "true\t5\t6\n"
                   "true\t7\n"
                   "dead\n"
                   "true\tbottom\n"
                   "true\t42\n"
                   "false\tattempt to yield across a C-call boundary\n"
                   "a\tb\n"
                   "true\tc\ttrue\n")


def test_coroutine_round_trips_are_fuel_metered():
    lua = Lua()
    ex = Executor(lua, lua.load("""
    local co = coroutine.wrap(function() while true do coroutine.yield(1) end end)
    local n = 0
    while true do n = n + co() end
    """, "=spin"))
    for _ in range(20):
        assert ex.step(500) is False
    assert 20 * 500 <= ex.fuel_used <= 20 * (500 + 64)


def test_host_resume_and_lua_resume_share_the_checks():
    lua = Lua()
    co = lua.execute("return coroutine.create(function(a) local b = coroutine.yield(a + 1) return b * 2 end)")
    assert co.resume(1) == 2
    assert co.status == "suspended"
    assert co.resume(5) == 10
    assert co.status == "dead"
    with pytest.raises(LuaError, match="cannot resume dead coroutine"):
        co.resume()


@pytest.mark.parametrize("fuel", [7, 101, 1 << 40])
def test_final_effect_twins_store_exactly_once(fuel):
    # setters and counters end with their only store: a twin either stops
    # before it (out of fuel, metamethod) or completes it once
    lua = Lua()
    src = """
    local n, log = 0, {}
    local function bump(d) n = n + d return n end
    local obj = setmetatable({}, {__newindex = function(t, k, v) log[#log + 1] = v rawset(t, k, v) end})
    local function set(t, v) t.v = v end
    local function twice(d) bump(d) return bump(d) end
    for i = 1, 200 do bump(1) twice(1) end
    set(obj, 1) set(obj, 2)
    return n, #log, obj.v
    """
    ex = Executor(lua, lua.load(src, "=fx"))
    while not ex.step(fuel):
        pass
    assert ex.result() == (600, 1, 2)


@pytest.mark.parametrize("fuel", [3, 7, 101, 1 << 40])
def test_undo_twins_store_exactly_once(fuel):
    # functions storing anywhere run as twins that undo their stores when
    # they stop (out of fuel in a nested call, a yield, an impure callee):
    # whatever the step budget, each store happens once
    lua = Lua()
    src = """
    local hits = 0
    local function sq(x) return x * x end
    local function step(e, dt)
      e.x = e.x + e.vx * dt
      e.n = e.n + 1
      hits = hits + 1
      e.y = sq(e.x) + sq(e.n)       -- nested calls: each may run out of fuel
      e.z = sq(e.y) - sq(e.x)
      return e.y
    end
    local co = coroutine.wrap(function(e)
      for i = 1, 50 do
        e.x = e.x + 0
        step(e, 1)
        if i % 10 == 0 then coroutine.yield(i) end
      end
      return "done"
    end)
    local e = {x = 0, y = 0, z = 0, vx = 1, n = 0}
    for i = 1, 50 do step(e, 1) end
    while co(e) ~= "done" do end
    return e.x, e.n, hits, e.y, e.z
    """
    ex = Executor(lua, lua.load(src, "=undo"))
    while not ex.step(fuel):
        pass
    assert ex.result() == (100, 100, 100, 100 * 100 + 100 * 100, (100 * 100 + 100 * 100) ** 2 - 100 * 100)


# ---------------------------------------------------------------- fuel pocket
# Calls pay their unit from a pocket of prepaid units (vm/runtime/fuel.py);
# whatever a step leaves in it goes back to the ledger.

@pytest.mark.parametrize("src", [
    "local function f() return 1 end while true do f() end",          # plain twins
    "local t = {} local function f() t[1] = 1 end while true do f() end",  # generators
    "local function f(n) return f(n + 1) end return f(1)",            # tail calls
])
def test_call_heavy_steps_use_about_their_budget(src):
    lua = Lua()
    ex = Executor(lua, lua.load(src, "=t"))
    for _ in range(30):
        assert ex.step(2000) is False
        assert lua.state.P == []            # nothing left in the pocket
    assert 30 * 2000 <= ex.fuel_used <= 30 * (2000 + 64)


def test_small_budgets_still_make_progress():
    lua = Lua()
    ex = Executor(lua, lua.load(
        "local function inc(x) return x + 1 end local n = 0 "
        "for i = 1, 300 do n = inc(n) end return n", "=t"))
    steps = 0
    while not ex.step(7):
        steps += 1
    assert ex.result() == (300,)
    assert steps >= 300 // 8            # each step did about 7 calls


def test_nested_step_does_not_spend_the_outer_pocket():
    lua = Lua()
    lua.globals["inner"] = lambda f: f()
    ex = Executor(lua, lua.load(
        "local function g() return 1 end "
        "for i = 1, 50 do g() end "
        "local r = inner(function() local s = 0 for i = 1, 100 do s = s + g() end return s end) "
        "for i = 1, 50 do g() end return r", "=t"))
    assert ex.step(100_000) is True
    assert ex.result() == (100,)
    assert 200 <= ex.fuel_used <= 600


def test_gc_threshold_is_raised_during_a_step_and_restored():
    import gc

    from vm import executor
    lua = Lua()
    seen = []
    lua.globals["probe"] = lambda: seen.append(gc.get_threshold()[0])
    before = gc.get_threshold()
    try:
        gc.set_threshold(700, 10, 10)
        ex = Executor(lua, lua.load("probe() local t = {} for i = 1, 3 do t[i] = {} end probe()", "=gc"))
        assert ex.step(1 << 20)
        assert seen == [executor.GC_YOUNG_THRESHOLD] * 2
        assert gc.get_threshold() == (700, 10, 10)
        gc.set_threshold(50000, 10, 10)         # a host's own higher setting is kept
        seen.clear()
        ex = Executor(lua, lua.load("probe()", "=gc"))
        assert ex.step(1 << 20)
        assert seen == [50000] and gc.get_threshold() == (50000, 10, 10)
    finally:
        gc.set_threshold(*before)
