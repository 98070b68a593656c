"""``__gc`` finalizers (vm/memory.py): marking, running from
``collectgarbage`` and from automatic collections, fuel bounds."""
from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from vm import Executor, Lua  # noqa: E402


@pytest.fixture
def lua():
    return Lua()


def test_collect_runs_finalizers_newest_first(lua):
    assert lua.execute("""
        local log = {}
        local mt = {__gc = function (o) log[#log + 1] = o[1] end}
        for i = 1, 3 do setmetatable({i}, mt) end
        collectgarbage()
        return table.concat(log, ",")
    """) == "3,2,1"


def test_reachable_objects_are_not_finalized(lua):
    assert lua.execute("""
        local n = 0
        local keep = setmetatable({}, {__gc = function () n = n + 1 end})
        G = setmetatable({}, {__gc = function () n = n + 1 end})
        collectgarbage(); collectgarbage()
        return n
    """) == 0


def test_arena_without_gc_metamethods_stays_unpaced(lua):
    lua.execute("local t = setmetatable({}, {}); collectgarbage()")
    assert lua.state.mem.weak is None
    lua.execute("setmetatable({}, {__gc = function () end}); collectgarbage()")
    assert not lua.state.mem.finobj


def test_finalizer_errors_become_warnings(lua):
    got = []
    lua.state.warn = got.append
    lua.state.warn_on = True
    assert lua.execute("""
        setmetatable({}, {__gc = function () error("oops", 0) end})
        setmetatable({}, {__gc = function () error({}) end})
        return pcall(collectgarbage)
    """) == (True, 0)
    assert sorted(got) == [b"error in __gc (error object is not a string)",
                           b"error in __gc (oops)"]


def test_automatic_collection_runs_finalizers(lua):
    fn = lua.load("""
        local done = false
        local u = setmetatable({}, {__gc = function () done = true end})
        u = nil
        local n = 0
        repeat n = n + 1; local t = {} until done
        return n > 0
    """, "=auto")
    ex = Executor(lua, fn)
    for _ in range(100):
        if ex.step(1_000_000):
            break
    assert ex.result() == (True,)  # noqa


@pytest.mark.parametrize("trigger", ["collectgarbage()", "while true do local t = {} end"])
def test_looping_finalizer_is_fuel_bounded(lua, trigger):
    fn = lua.load("""
        local u = setmetatable({}, {__gc = function () while true do end end})
        u = nil
    """ + trigger, "=loop")
    ex = Executor(lua, fn)
    t0 = time.time()
    for _ in range(3):
        assert ex.step(300_000) is False
    assert time.time() - t0 < 20


def test_finalizers_in_memory_limited_arena():
    lua = Lua(memory_limit=8 << 20)
    assert lua.execute("""
        local n = 0
        for i = 1, 50 do setmetatable({}, {__gc = function () n = n + 1 end}) end
        collectgarbage()
        return n
    """) == 50
