"""Weak tables (``__mode``) and ``collectgarbage`` (vm/memory.py)."""
from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import vm  # noqa: E402
from vm import Executor, Lua  # noqa: E402
from vm.memory import GC_MIN_INTERVAL  # noqa: E402

COUNT = """
local function count(t) local n = 0 for _ in pairs(t) do n = n + 1 end return n end
"""


def run(lua, src, *args):
    return lua.execute(COUNT + src, *args)


@pytest.fixture
def lua():
    return Lua()


# ------------------------------------------------------------ semantics

def test_weak_keys_values_and_both(lua):
    assert run(lua, """
        local k = setmetatable({}, {__mode = "k"})
        local v = setmetatable({}, {__mode = "v"})
        local kv = setmetatable({}, {__mode = "kv"})
        local live = {}
        k[live] = 1; k[{}] = 2; k.s = {}
        v[1] = live; v[2] = {}; v.x = {}; v.y = "str"; v[{}] = 5
        kv[live] = live; kv[{}] = 1; kv[1] = {}; kv.z = "z"
        collectgarbage()
        return count(k), count(v), count(kv), v[1] == live, #v
    """) == (2, 3, 2, True, 1)


def test_ephemeron_long_chain_is_linear(lua):
    src = """
        local e = setmetatable({}, {__mode = "k"})
        local first = {}
        local prev = first
        for i = 1, ... do local n = {}; e[prev] = {n}; prev = n end
        prev = nil
        collectgarbage()
        local a = count(e)
        first = nil
        collectgarbage()
        return a, count(e)
    """
    t0 = time.perf_counter()
    assert run(lua, src, 2000) == (2000, 0)
    t1 = time.perf_counter()
    assert run(Lua(), src, 20000) == (20000, 0)
    t2 = time.perf_counter()
    # ten times the chain, far less than a hundred times the time
    assert (t2 - t1) < 40 * (t1 - t0) + 1.0


def test_ephemeron_value_referring_to_its_key(lua):
    assert run(lua, """
        local e = setmetatable({}, {__mode = "k"})
        for i = 1, 10 do local k = {}; e[k] = {k, function () return k end} end
        collectgarbage()
        return count(e)
    """) == 0


def test_strings_numbers_booleans_are_never_collected(lua):
    assert run(lua, """
        local t = setmetatable({}, {__mode = "kv"})
        t[string.rep("a", 100)] = string.rep("b", 100)
        t[1.5] = 2; t[true] = false; t[3] = "x"
        collectgarbage()
        return count(t)
    """) == 4


def test_library_functions_are_like_light_c_functions(lua):
    assert run(lua, """
        local t = setmetatable({}, {__mode = "k"})
        t[print] = 1; t[string.format] = 2
        t[coroutine.wrap(function () end)] = 3     -- a closure made at run time
        collectgarbage()
        return count(t), t[print]
    """) == (2, 1)


def test_mode_read_at_collection_time(lua):
    assert run(lua, """
        local mt = {}
        local t = setmetatable({}, mt)
        mt.__mode = "v"
        t[1] = {}
        local s = setmetatable({}, {__mode = 42})   -- not a string: strong
        s[{}] = {}
        collectgarbage()
        return t[1], count(s)
    """) == (None, 1)


def test_collect_during_traversal_keeps_next_working(lua):
    assert run(lua, """
        local t = setmetatable({}, {__mode = "k"})
        for i = 1, 50 do t[{}] = i end
        local keep = {}; t[keep] = 0
        local n = 0
        for k, v in pairs(t) do n = n + 1; collectgarbage() end
        collectgarbage()
        return n >= 1, count(t)
    """) == (True, 1)


def test_weak_values_array_holes_keep_the_border_valid(lua):
    assert run(lua, """
        local t = setmetatable({}, {__mode = "v"})
        local keep = {}
        for i = 1, 10 do t[i] = {} end
        t[5] = keep
        collectgarbage()
        t[#t + 1] = 1
        return t[5] == keep, rawlen(t) >= 1, count(t)
    """) == (True, True, 2)


def test_locals_in_scope_keep_objects_out_of_scope_do_not(lua):
    assert run(lua, """
        local t = setmetatable({}, {__mode = "k"})
        local anchor = {}          -- never read again, but in scope
        t[anchor] = 1
        for i = 1, 5 do local k = {}; t[k] = i end
        collectgarbage()
        return count(t)
    """) == 1


def test_suspended_coroutine_locals_are_roots(lua):
    assert run(lua, """
        local t = setmetatable({}, {__mode = "k"})
        local co = coroutine.create(function ()
            local k = {}
            t[k] = "in coroutine"
            coroutine.yield()
            return t[k]
        end)
        coroutine.resume(co)
        collectgarbage()
        local before = count(t)
        local _, r = coroutine.resume(co)
        co = nil
        collectgarbage()
        return before, r, count(t)
    """) == (1, "in coroutine", 0)


def test_collectgarbage_inside_coroutine(lua):
    assert run(lua, """
        local t = setmetatable({}, {__mode = "v"})
        local keep = {}
        t[1] = keep; t[2] = {}
        local co = coroutine.wrap(function () collectgarbage(); return t[1] == keep, t[2] end)
        return co()
    """) == (True, None)


# ------------------------------------------------------ automatic collection

LOOP = """
local x = setmetatable({}, {__mode = "kv"}); x[1] = {}
local n = 0
while x[1] do local a = ("x"):rep(100) .. "y"; n = n + 1 end
return n
"""


def test_automatic_collection_in_one_unlimited_step(lua):
    n = lua.execute(LOOP)
    assert n > 0
    assert lua.state.mem.collections >= 1


def test_automatic_collection_with_small_steps(lua):
    ex = Executor(lua, lua.load(LOOP))
    steps = 0
    while not ex.step(1000):
        steps += 1
        assert steps < 10_000
    assert ex.result()[0] > 0


def test_automatic_collection_with_a_memory_limit():
    lua = Lua(memory_limit=4 << 20)
    assert lua.execute(LOOP) > 0
    # a weak cache of big values does not run out of memory
    assert lua.execute("""
        local cache = setmetatable({}, {__mode = "v"})
        for i = 1, 2000 do cache[i] = {string.rep("x", 20000)} end
        return "ok"
    """) == "ok"


def test_automatic_collection_honours_stop(lua):
    lua.execute("collectgarbage('stop')")
    ex = Executor(lua, lua.load(LOOP))
    assert not ex.step(3 * GC_MIN_INTERVAL)
    assert lua.state.mem.collections == 0
    lua.execute("collectgarbage('restart')")
    while not ex.step(GC_MIN_INTERVAL):
        pass
    assert ex.result()[0] > 0


def test_no_weak_tables_no_pacing(lua):
    lua.execute("local t = {} for i = 1, 300000 do t[i % 10] = {} end "
                "setmetatable({}, {__index = {}})")
    mem = lua.state.mem
    assert mem.weak is None and mem.collections == 0


def test_fuel_accounting_unchanged_by_collections(lua):
    src = """
        local x = setmetatable({}, {__mode = "k"})
        for i = 1, 300000 do x[{}] = i end
        return count(x) < 300000
    """
    with pytest.raises(vm.FuelExhausted):
        lua.execute(COUNT + src, fuel=50_000)
    assert Lua().execute(COUNT + src) is True
    ex = Executor(lua, lua.load(COUNT + src))
    while not ex.step(20_000):
        pass
    assert ex.result() == (True,)


def test_step_stays_bounded_with_collections(lua):
    ex = Executor(lua, lua.load("""
        local keep = {}
        for i = 1, 20000 do keep[i] = {} end
        local x = setmetatable({}, {__mode = "k"})
        while true do x[{}] = 1 end
    """))
    ex.step(400_000)
    worst = 0.0
    for _ in range(3):
        t = time.perf_counter()
        ex.step(50_000)
        worst = max(worst, time.perf_counter() - t)
    assert worst < 2.0
    ex.close()


# ---------------------------------------------------------------- nesting

def test_nested_execute_sees_the_outer_running_frames(lua):
    inner = []

    def callback():
        inner.append(lua.execute("collectgarbage(); return 1"))
        return 1

    lua.globals["callback"] = callback
    assert run(lua, """
        W = setmetatable({}, {__mode = "k"})    -- reachable from the globals
        local k = {}                            -- only in the outer frame
        W[k] = "outer"; W[{}] = "garbage"
        callback()
        return W[k], count(W)
    """) == ("outer", 1)
    assert inner == [1]


def test_host_anchored_userdata_stays_in_weak_tables(lua):
    class Entity:
        pass

    lua.register_type(Entity, methods=())
    e = Entity()
    lua.globals["cache"] = lua.execute("return setmetatable({}, {__mode = 'k'})")
    lua.execute("local e = ... cache[e] = {hp = 10}", e)
    lua.execute("collectgarbage()")
    assert lua.execute("local e = ... return cache[e] and cache[e].hp", e) == 10
    del e
    lua.execute("collectgarbage()")
    assert lua.execute("local n = 0 for _ in pairs(cache) do n = n + 1 end return n") == 0


# ----------------------------------------------------------- the options

def test_collectgarbage_options(lua):
    assert lua.execute("return collectgarbage()") == 0
    assert lua.execute("return collectgarbage('collect')") == 0
    c = lua.execute("return collectgarbage('count')")
    assert isinstance(c, float) and c > 0
    assert lua.execute("return collectgarbage('step')") is True
    assert lua.execute("return collectgarbage('isrunning')") is True
    assert lua.execute("collectgarbage('stop') return collectgarbage('isrunning')") is False
    assert lua.execute("collectgarbage('restart') return collectgarbage('isrunning')") is True
    assert lua.execute("return collectgarbage('generational'), collectgarbage('incremental')") \
        == ("incremental", "generational")
    assert lua.execute("return collectgarbage('setpause', 100), collectgarbage('setpause', 200)") \
        == (200, 100)
    with pytest.raises(vm.LuaError, match=r"bad argument #1 to 'collectgarbage' \(invalid option 'x'\)"):
        lua.execute("collectgarbage('x')")


def test_count_drops_after_a_collection(lua):
    assert run(lua, """
        collectgarbage()
        local a = {}
        for i = 1, 100 do a[i] = {{}}; local b = {} end
        local x = collectgarbage("count")
        collectgarbage("step")
        return collectgarbage("count") < x
    """) is True
