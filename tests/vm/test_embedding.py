"""The host embedding API (issue 5): conversions, handles, callbacks,
sequences, declared userdata and errors, through ``vm``'s public names."""
from __future__ import annotations

import gc
import logging
import sys
import weakref
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import vm  # noqa: E402


@pytest.fixture
def lua() -> vm.Lua:
    return vm.Lua()


def run(lua: vm.Lua, src: str, *args):
    return lua.execute(src, *args)


# ================================================================ conversions

class TestScalars:
    def test_nil_bool_numbers_strings(self, lua):
        assert run(lua, "return nil") is None
        assert run(lua, "return true, false") == (True, False)
        r = run(lua, "return 3, 3.0, 2^53, 'x'")
        assert r == (3, 3.0, 2.0 ** 53, "x")
        assert type(r[0]) is int and type(r[1]) is float

    def test_python_scalars_reach_lua_with_their_types(self, lua):
        assert run(lua, "return math.type(...), math.type(select(2, ...))", 1, 1.0) == \
            ("integer", "float")
        assert run(lua, "return type(...)", "s") == "string"
        assert run(lua, "return type(...)", True) == "boolean"
        assert run(lua, "return select('#', ...)", None, None) == 2

    def test_integer_wraparound_and_range(self, lua):
        assert run(lua, "return math.maxinteger + 1") == -2 ** 63
        assert run(lua, "return ... + 1", 2 ** 63 - 1) == -2 ** 63
        assert run(lua, "return ...", -2 ** 63) == -2 ** 63
        with pytest.raises(OverflowError):
            run(lua, "return ...", 2 ** 63)
        with pytest.raises(OverflowError):
            lua.globals["x"] = -2 ** 63 - 1

    def test_int_and_str_subclasses(self, lua):
        import enum

        class Color(enum.IntEnum):
            RED = 1

        assert run(lua, "return math.type(...), ...", Color.RED) == ("integer", 1)

    def test_strings_utf8_and_surrogateescape_round_trip(self, lua):
        assert run(lua, "return #...", "é") == 2
        assert run(lua, "return ...", "héllo") == "héllo"
        s = run(lua, "return '\\xff\\xfe'")
        assert s == "\udcff\udcfe"
        assert run(lua, "return ... == '\\xff\\xfe'", s) is True
        assert run(lua, "return ...", b"\x00\xffa") == "\x00\udcffa"
        assert run(lua, "return #...", bytearray(b"abc")) == 3

    def test_undeclared_object_refused(self, lua):
        class Thing:
            pass
        with pytest.raises(TypeError, match="Thing"):
            lua.globals["t"] = Thing()
        with pytest.raises(TypeError):
            run(lua, "return ...", {1, 2})
        with pytest.raises(TypeError, match="sequence"):
            lua.globals["g"] = (i for i in range(3))


class TestContainers:
    def test_dict_and_list_are_copied_not_shared(self, lua):
        data = {"a": [1, 2, {"b": True}], "n": None}
        lua.globals["data"] = data
        run(lua, "data.a[1] = 99; data.c = 1")
        assert data == {"a": [1, 2, {"b": True}], "n": None}
        assert lua.globals["data"].to_python() == {"a": [99, 2, {"b": True}], "c": 1}

    def test_tuple_argument_becomes_table(self, lua):
        assert run(lua, "local t = ... return #t, t[2]", (5, 6)) == (2, 6)

    def test_table_from_mapping_sequence_iterable(self, lua):
        t = lua.table_from({"x": 1, 2: "two", 1.5: "f", True: "yes"})
        assert run(lua, "local t = ... return t.x, t[2], t[1.5], t[true]", t) == \
            (1, "two", "f", "yes")
        assert lua.table_from([1, 2, 3]).length() == 3
        assert lua.table_from(range(4)).to_python() == [0, 1, 2, 3]
        assert lua.table_from(x * x for x in range(3)).to_python() == [0, 1, 4]
        holes = lua.table_from([1, None, 3])
        assert holes.length() == 3 and holes.to_python() == [1, None, 3]
        with pytest.raises(TypeError):
            lua.table_from("abc")

    def test_table_from_nil_key_and_cycles_and_limits(self, lua):
        with pytest.raises(ValueError):
            lua.table_from({None: 1})
        loop: list = []
        loop.append(loop)
        with pytest.raises(ValueError, match="cycle"):
            lua.table_from(loop)
        with pytest.raises(ValueError, match="cycle"):
            lua.globals["loop"] = loop
        shared = [1]
        assert lua.table_from([shared, shared]).to_python() == [[1], [1]]
        with pytest.raises(ValueError, match="large"):
            lua.table_from(list(range(100)), max_items=50)
        deep: list = []
        cur = deep
        for _ in range(20):
            cur.append([])
            cur = cur[0]
        with pytest.raises(ValueError, match="deeper"):
            lua.table_from(deep, max_depth=10)

    def test_table_helper(self, lua):
        assert lua.table(1, 2, k="v").to_python() == {1: 1, 2: 2, "k": "v"}
        assert lua.table().to_python() == {}


class TestToPython:
    def test_list_dict_mixed(self, lua):
        assert run(lua, "return {1, 2, 3}").to_python() == [1, 2, 3]
        assert run(lua, "return {a = 1, [2] = 'x'}").to_python() == {"a": 1, 2: "x"}
        assert run(lua, "return {1, 2, n = 2}").to_python() == {1: 1, 2: 2, "n": 2}
        assert run(lua, "return {}").to_python() == {}
        assert run(lua, "return {[true] = 1, [false] = 0}").to_python() == {True: 1, False: 0}

    def test_nested_functions_stay_handles(self, lua):
        r = run(lua, "return {f = function(x) return x * 2 end, t = {{1}}}").to_python()
        assert r["t"] == [[1]]
        assert isinstance(r["f"], vm.LuaFunction) and r["f"](4) == 8

    def test_cycle_detection_and_shared_subtables(self, lua):
        with pytest.raises(ValueError, match="cycle"):
            run(lua, "local t = {} t[1] = {t} return t").to_python()
        r = run(lua, "local s = {1} return {s, s}").to_python()
        assert r == [[1], [1]]

    def test_size_and_depth_limits(self, lua):
        t = run(lua, "local t = {} for i = 1, 1000 do t[i] = i end return t")
        with pytest.raises(ValueError, match="large"):
            t.to_python(max_items=100)
        assert len(t.to_python()) == 1000
        deep = run(lua, "local t = {} local c = t for i = 1, 50 do c[1] = {} c = c[1] end return t")
        with pytest.raises(ValueError, match="deeper"):
            deep.to_python(max_depth=10)

    def test_colliding_keys(self, lua):
        with pytest.raises(ValueError, match="collide"):
            run(lua, "return {[1] = 'a', [true] = 'b', x = 1}").to_python()


# ==================================================================== handles

class TestTableHandle:
    def test_mapping_interface(self, lua):
        t = run(lua, "return {10, 20, x = 'y'}")
        assert isinstance(t, vm.LuaTable) and t.lua_type == "table"
        assert t[1] == 10 and t[2.0] == 20 and t["x"] == "y" and t["nope"] is None
        assert t.get("nope", 5) == 5 and t.get("x") == "y"
        assert "x" in t and "nope" not in t and None not in t
        assert len(t) == 3 and t.length() == 2
        assert list(t) == [1, 2, "x"] and t.keys() == [1, 2, "x"]
        assert t.values() == [10, 20, "y"]
        assert t.items() == [(1, 10), (2, 20), ("x", "y")]
        t[3] = 30
        t["x"] = None
        del t[1]
        assert t.to_python() == [None, 20, 30]     # holes in the array part are None
        t.update({"a": 1}, b=2)
        assert t["a"] == 1 and t["b"] == 2
        with pytest.raises(ValueError):
            t[None] = 1
        with pytest.raises(ValueError):
            t[float("nan")] = 1

    def test_writes_are_seen_by_lua(self, lua):
        t = lua.table_from({})
        lua.globals["t"] = t
        t["k"] = "v"
        assert run(lua, "return t.k") == "v"
        run(lua, "t.n = 5")
        assert t["n"] == 5

    def test_raw_access_ignores_metamethods(self, lua):
        t = run(lua, "return setmetatable({}, {__index = function() return 1 end})")
        assert t["anything"] is None
        assert t.metatable is not None and t.metatable["__index"] is not None
        t.metatable = None
        assert run(lua, "return getmetatable(...)", t) is None
        t.metatable = lua.table_from({"__index": {"z": 26}})
        assert run(lua, "return (...).z", t) == 26

    def test_identity_equality_truthiness(self, lua):
        a = lua.globals["string"]
        b = lua.globals["string"]
        assert a == b and hash(a) == hash(b) and a is not b
        assert a != lua.globals["math"]
        assert bool(lua.table_from({})) is True
        assert run(lua, "return ... == string", a) is True

    def test_globals_is_a_mapping_view(self, lua):
        g = lua.globals
        g["x"] = 1
        assert run(lua, "return x") == 1
        run(lua, "y = 'why'")
        assert g["y"] == "why" and "y" in g and g.get("zzz") is None
        assert isinstance(g["print"], vm.LuaFunction)


class TestFunctionHandle:
    def test_call_returns_like_execute(self, lua):
        f = lua.load("return ...")
        assert isinstance(f, vm.LuaFunction)
        assert f() is None and f(1) == 1 and f(1, 2) == (1, 2)

    def test_call_with_fuel(self, lua):
        spin = lua.load("while true do end")
        with pytest.raises(vm.FuelExhausted):
            spin.call(fuel=5000)
        assert lua.load("return 1 + 1").call(fuel=5000) == 2

    def test_library_function_handles(self, lua):
        assert lua.globals["string"]["upper"]("abc") == "ABC"
        assert lua.globals["tostring"](12) == "12"

    def test_closures_keep_state(self, lua):
        counter = run(lua, "local n = 0 return function() n = n + 1 return n end")
        assert [counter() for _ in range(3)] == [1, 2, 3]
        assert counter.name is None or isinstance(counter.name, str)

    def test_passing_function_handles_back(self, lua):
        double = run(lua, "return function(x) return x * 2 end")
        assert run(lua, "local f, x = ... return f(x)", double, 21) == 42


class TestHandleLifetime:
    def test_handle_outlives_its_reference_in_lua(self, lua):
        lua.globals["t"] = lua.table_from({"k": 1})
        t = lua.globals["t"]
        run(lua, "t = nil collectgarbage()")
        gc.collect()
        assert t["k"] == 1

    def test_handle_keeps_arena_alive(self):
        lua = vm.Lua()
        f = lua.execute("local up = {v = 7} return function() return up.v end")
        ref = weakref.ref(lua)
        del lua
        gc.collect()
        assert ref() is not None
        assert f() == 7

    def test_arena_is_collected_when_unreferenced(self):
        lua = vm.Lua()
        lua.globals["cb"] = lambda x: x
        lua.execute("local t = {} for i = 1, 10 do t[i] = cb(i) end")
        ref = weakref.ref(lua)
        del lua
        gc.collect()
        assert ref() is None

    def test_handles_belong_to_their_arena(self):
        a, b = vm.Lua(), vm.Lua()
        t = a.table_from([1])
        f = a.load("return 1")
        with pytest.raises(ValueError, match="another Lua arena"):
            b.globals["t"] = t
        with pytest.raises(ValueError):
            b.execute("return ...", f)
        with pytest.raises(ValueError):
            b.execute(f)
        with pytest.raises(ValueError):
            vm.Executor(b, f)
        with pytest.raises(ValueError):
            b.table_from({"t": t})

    def test_coroutine_handle(self, lua):
        co = run(lua, "return coroutine.create(function(a) local b = coroutine.yield(a + 1) return b * 2 end)")
        assert isinstance(co, vm.LuaCoroutine) and co.status == "suspended"
        assert co.resume(1) == 2
        assert co.resume(5) == 10
        assert co.status == "dead"
        with pytest.raises(vm.LuaError, match="dead coroutine"):
            co.resume()
        co2 = lua.coroutine(lua.load("error('inside')"))
        with pytest.raises(vm.LuaError, match="inside"):
            co2.resume()
        assert run(lua, "return coroutine.status(...)", co2) == "dead"


# ================================================================== callbacks

class TestCallbacks:
    def test_arguments_and_results_converted(self, lua):
        seen = []

        def f(*args):
            seen.append(args)
            return "r", 2, None

        lua.globals["f"] = f
        assert run(lua, "return f('s', 1, 2.5, nil, true, {1})")[:2] == ("r", 2)
        args = seen[0]
        assert args[:5] == ("s", 1, 2.5, None, True)
        assert isinstance(args[5], vm.LuaTable) and args[5][1] == 1
        assert run(lua, "return select('#', f())") == 3

    def test_none_is_no_result_and_list_is_a_table(self, lua):
        lua.globals["nothing"] = lambda: None
        lua.globals["lst"] = lambda: [1, 2]
        assert run(lua, "return select('#', nothing())") == 0
        assert run(lua, "local t = lst() return type(t), #t") == ("table", 2)

    def test_lua_calling_convention(self, lua):
        lua.globals["two"] = lambda a, b: (a, b)
        lua.globals["opt"] = lambda a, b=5: (a, b)
        lua.globals["var"] = lambda *a: len(a)
        assert run(lua, "return two(1)") == (1, None)
        assert run(lua, "return two(1, 2, 3)") == (1, 2)
        assert run(lua, "return opt(1)") == (1, 5)
        assert run(lua, "return var(1, 2, 3, 4)") == 4

    def test_callable_round_trips_and_function_helper(self, lua):
        def add(a, b):
            return a + b
        lua.globals["add"] = add
        assert lua.globals["add"] is add
        h = lua.function(add, "plus")
        assert isinstance(h, vm.LuaFunction) and h(2, 3) == 5
        lua.globals["plus"] = h
        assert run(lua, "return plus(1, 1)") == 2
        assert lua.function(h) is h

    def test_bound_methods_and_classes(self, lua):
        class Acc:
            def __init__(self):
                self.total = 0

            def add(self, n):
                self.total += n
                return self.total

        acc = Acc()
        lua.globals["acc_add"] = acc.add
        run(lua, "acc_add(2) acc_add(3)")
        assert acc.total == 5

    def test_python_exception_becomes_message_only(self, lua, caplog):
        def bad(x):
            raise ValueError("bad value %s" % x)

        lua.globals["bad"] = bad
        with caplog.at_level(logging.ERROR, logger="vm.host"):
            ok, msg = run(lua, "return pcall(function() bad(1) end)")
        assert ok is False and msg == "(execute):1: bad value 1"
        assert "Traceback" in caplog.text and "ValueError" in caplog.text
        # directly under pcall there is no Lua caller to blame
        assert run(lua, "return pcall(bad, 2)") == (False, "bad value 2")
        assert run(lua, "local ok, e = pcall(bad, 3) return type(e)") == "string"

    def test_exception_without_message_uses_type_name(self, lua, caplog):
        def bad():
            raise KeyError()
        lua.globals["bad"] = bad
        with caplog.at_level(logging.CRITICAL, logger="vm.host"):
            assert run(lua, "return pcall(bad)") == (False, "KeyError")

    def test_lua_error_passes_through(self, lua):
        def err_value():
            raise vm.LuaError("plain")

        def err_table():
            raise vm.LuaError(lua.table_from({"code": 7}))

        def positioned():
            vm.lua_error("with position")

        lua.globals.update(ev=err_value, et=err_table, pos=positioned)
        assert run(lua, "return pcall(function() ev() end)") == (False, "plain")
        assert run(lua, "local ok, e = pcall(et) return e.code") == 7
        assert run(lua, "return pcall(function() pos() end)") == (False, "(execute):1: with position")

    def test_exception_reaches_python_host_as_lua_error(self, lua, caplog):
        lua.globals["bad"] = lambda: 1 / 0
        with caplog.at_level(logging.CRITICAL, logger="vm.host"):
            with pytest.raises(vm.LuaError) as info:
                run(lua, "local x = 1\nbad()")
        assert str(info.value) == "(execute):2: division by zero"
        assert info.value.__cause__ is None

    def test_conversion_error_in_result(self, lua, caplog):
        lua.globals["obj"] = lambda: object()
        with caplog.at_level(logging.CRITICAL, logger="vm.host"):
            ok, msg = run(lua, "return pcall(obj)")
        assert ok is False and "cannot pass" in msg

    def test_nested_synchronous_call(self, lua):
        lua.globals["call"] = lambda f, x: f(x)
        assert run(lua, "return call(function(v) return v + 1 end, 1)") == 2

    def test_nested_call_is_charged_to_the_running_step(self, lua):
        lua.globals["call"] = lambda f: f()
        ex = vm.Executor(lua, lua.load(
            "return pcall(call, function() while true do end end)"))
        assert ex.step(20_000) is True
        ok, msg = ex.result()
        assert ok is False and "fuel" in msg
        assert ex.fuel_used >= 20_000


class TestArgChecks:
    def test_messages(self, lua):
        def spawn(kind, x=None):
            vm.check_str(kind, 1, "spawn")
            return vm.check_number(x, 2, "spawn")

        lua.globals["spawn"] = spawn
        lua.globals["ents"] = lua.table_from({"spawn": spawn})
        assert run(lua, "return pcall(function() spawn(nil) end)") == \
            (False, "(execute):1: bad argument #1 to 'spawn' (string expected, got nil)")
        assert run(lua, "return pcall(function() spawn('a', {}) end)") == \
            (False, "(execute):1: bad argument #2 to 'spawn' (number expected, got table)")
        assert run(lua, "return pcall(function() ents.spawn('a', true) end)") == \
            (False, "(execute):1: bad argument #2 to 'spawn' (number expected, got boolean)")
        assert run(lua, "return spawn(1, '0x10')") == 16

    def test_int_str_opt(self, lua):
        def f(a, b, c):
            return vm.check_int(a, 1, "f"), vm.opt_str(b, 2, "f", "dflt"), vm.opt_int(c, 3, "f", 9)

        lua.globals["f"] = f
        assert run(lua, "return f(3.0, 12, nil)") == (3, "12", 9)
        assert run(lua, "return pcall(f, 1.5)") == \
            (False, "bad argument #1 to 'f' (number has no integer representation)")
        assert run(lua, "return pcall(f, 1, {})") == \
            (False, "bad argument #2 to 'f' (string expected, got table)")

    def test_table_function_userdata_checks(self, lua):
        @vm.userdata(readable=["v"])
        class Box:
            v = 1

        def g(t, fn, box):
            vm.check_table(t, 1, "g")
            vm.check_function(fn, 2, "g")
            return vm.check_userdata(box, 3, "g", Box).v

        lua.globals["g"] = g
        lua.globals["box"] = Box()
        assert run(lua, "return g({}, print, box)") == 1
        assert run(lua, "return pcall(g, 1)") == \
            (False, "bad argument #1 to 'g' (table expected, got number)")
        assert run(lua, "return pcall(g, {}, {})") == \
            (False, "bad argument #2 to 'g' (function expected, got table)")
        assert run(lua, "return pcall(g, {}, print, 'x')") == \
            (False, "bad argument #3 to 'g' (Box expected, got string)")

    def test_arg_error(self, lua):
        def h(x):
            vm.arg_error(1, "h", "custom problem")
        lua.globals["h"] = h
        assert run(lua, "return pcall(h, 1)") == (False, "bad argument #1 to 'h' (custom problem)")


# ================================================================== sequences

class TestSequences:
    def test_call_lua_and_return_results(self, lua):
        @lua.sequence
        def apply(f, *args):
            results = yield vm.Call(f, *args)
            return results

        lua.globals["apply"] = apply
        assert run(lua, "return apply(function(a, b) return b, a end, 1, 2)") == (2, 1)
        assert run(lua, "return select('#', apply(function() end))") == 0

    def test_results_none_single_tuple(self, lua):
        @lua.sequence
        def none():
            yield from ()

        @lua.sequence
        def one():
            yield from ()
            return [1, 2]

        lua.globals.update(none=none, one=one)
        assert run(lua, "return select('#', none())") == 0
        assert run(lua, "return #one()") == 2

    def test_call_python_callables_and_handles(self, lua):
        @lua.sequence
        def seq():
            (a,) = yield vm.Call(lambda x: x * 3, 2)
            (b,) = yield vm.Call(lua.globals["string"]["rep"], "ab", a)
            return b

        lua.globals["seq"] = seq
        assert run(lua, "return seq()") == "ab" * 6
        assert seq() == "ab" * 6          # callable from Python too

    def test_error_thrown_into_generator(self, lua):
        @lua.sequence
        def guarded(f):
            try:
                yield vm.Call(f)
            except vm.LuaError as err:
                return "caught", str(err), err.value
            return "no error"

        lua.globals["guarded"] = guarded
        r = run(lua, "return guarded(function() error('oops') end)")
        assert r == ("caught", "(execute):1: oops", "(execute):1: oops")
        tag, _, value = run(lua, "return guarded(function() error({k = 1}) end)")
        assert tag == "caught" and value["k"] == 1

    def test_uncaught_error_propagates_with_identity(self, lua):
        @lua.sequence
        def passthrough(f):
            yield vm.Call(f)

        lua.globals["passthrough"] = passthrough
        assert run(lua, """
            local e = {}
            local ok, got = pcall(passthrough, function() error(e) end)
            return ok, got == e
        """) == (False, True)
        assert run(lua, "return pcall(passthrough, function() error('x', 0) end)") == (False, "x")

    def test_python_error_in_sequence(self, lua, caplog):
        @lua.sequence
        def broken():
            yield vm.Call(lambda: None)
            raise RuntimeError("broken seq")

        lua.globals["broken"] = broken
        with caplog.at_level(logging.CRITICAL, logger="vm.host"):
            assert run(lua, "return pcall(broken)") == (False, "broken seq")

    def test_yield_out_of_coroutine(self, lua):
        @lua.sequence
        def ask(q):
            reply = yield vm.Yield(q, "extra")
            return reply

        lua.globals["ask"] = ask
        assert run(lua, """
            local co = coroutine.create(function() return ask('q?') end)
            local _, a, b = coroutine.resume(co)
            local _, r1, r2 = coroutine.resume(co, 1, 2)
            return a, b, r1, r2, coroutine.status(co)
        """) == ("q?", "extra", 1, 2, "dead")

    def test_yield_outside_coroutine_is_thrown_in(self, lua):
        @lua.sequence
        def try_yield():
            try:
                yield vm.Yield()
            except vm.LuaError as err:
                return str(err)

        lua.globals["try_yield"] = try_yield
        assert run(lua, "return try_yield()") == "attempt to yield from outside a coroutine"

    def test_lua_called_from_sequence_yields_through_it(self, lua):
        """A sequence calls a Lua function that yields out of the enclosing
        coroutine, through the sequence; it is resumed later and the
        sequence goes on."""
        log = []

        @lua.sequence
        def each(f, items):
            total = 0
            for item in items.values():
                (r,) = yield vm.Call(f, item)
                log.append(r)
                total += r
            return total

        lua.globals["each"] = each
        co = run(lua, """
            return coroutine.create(function()
                return "total", each(function(x)
                    local factor = coroutine.yield("need factor for " .. x)
                    return x * factor
                end, {1, 2, 3})
            end)
        """)
        assert co.resume() == "need factor for 1"
        assert log == []
        assert co.resume(10) == "need factor for 2"
        assert co.resume(100) == "need factor for 3"
        assert log == [10, 200]
        assert co.resume(1000) == ("total", 3210)
        assert co.status == "dead"

    def test_sequence_is_fuel_stepped(self, lua):
        @lua.sequence
        def twice(f):
            (a,) = yield vm.Call(f)
            (b,) = yield vm.Call(f)
            return a + b

        lua.globals["twice"] = twice
        fn = lua.load("return twice(function() local s = 0 for i = 1, 5000 do s = s + i end return s end)")
        ex = vm.Executor(lua, fn)
        steps = 1
        while not ex.step(500):
            steps += 1
        assert ex.result() == (2 * 12502500,)
        assert steps > 10

    def test_deep_recursion_through_sequences(self, lua):
        @lua.sequence
        def via(f, n):
            (r,) = yield vm.Call(f, n)
            return r

        lua.globals["via"] = via
        assert run(lua, """
            local function down(n) if n == 0 then return 0 end return 1 + via(down, n - 1) end
            return down(300)
        """) == 300

    def test_sequence_closed_with_its_coroutine(self, lua):
        closed = []

        @lua.sequence
        def waiter():
            try:
                yield vm.Yield()
            finally:
                closed.append(True)

        lua.globals["waiter"] = waiter
        run(lua, "local co = coroutine.create(waiter) coroutine.resume(co) coroutine.close(co)")
        assert closed == [True]

    def test_bad_request(self, lua, caplog):
        @lua.sequence
        def bad():
            yield 42

        lua.globals["bad"] = bad
        with caplog.at_level(logging.CRITICAL, logger="vm.host"):
            ok, msg = run(lua, "return pcall(bad)")
        assert ok is False and "invalid request" in msg


# =================================================================== userdata

@vm.userdata(name="Vec", methods=["scale", "fail"], readable=["x", "y", "norm"],
             writable=["label"],
             metamethods={"__add": lambda a, b: Vec(a.x + b.x, a.y + b.y),
                          "eq": "equals", "__len": lambda v: 2,
                          "__tostring": lambda v: "Vec(%g, %g)" % (v.x, v.y),
                          "__call": lambda v, k: v.x * k,
                          "__lt": lambda a, b: a.x < b.x})
class Vec:
    def __init__(self, x, y):
        self.x, self.y = x, y
        self.label = ""
        self._hidden = "secret"

    @property
    def norm(self):
        return (self.x ** 2 + self.y ** 2) ** 0.5

    def scale(self, k):
        self.x *= k
        self.y *= k
        return self

    def equals(self, other):
        return self.x == other.x and self.y == other.y

    def fail(self):
        raise RuntimeError("method failed")


class TestUserdata:
    def test_methods_fields_and_identity(self, lua):
        v = Vec(3, 4)
        lua.globals["v"] = v
        assert run(lua, "return v.x, v.y, v.norm") == (3, 4, 5.0)
        assert run(lua, "return v:scale(2) == v") is True
        assert v.x == 6
        assert run(lua, "return v") is v
        assert lua.globals["v"] is v
        assert run(lua, "return type(v)") == "userdata"
        run(lua, "v.label = 'hero'")
        assert v.label == "hero"
        assert run(lua, "return v.label") == "hero"

    def test_metamethods(self, lua):
        lua.globals["a"] = Vec(1, 2)
        lua.globals["b"] = Vec(1, 2)
        assert run(lua, "return tostring(a + b)") == "Vec(2, 4)"
        assert run(lua, "return a == b, rawequal(a, b), #a, a(10), a < a + b") == \
            (True, False, 2, 10, True)
        s = run(lua, "return a + b")
        assert isinstance(s, Vec) and (s.x, s.y) == (2, 4)

    def test_default_tostring_shows_type_name(self, lua):
        @vm.userdata(readable=["v"])
        class Plain:
            v = 0

        lua.globals["p"] = Plain()
        assert run(lua, "return tostring(p)").startswith("Plain: ")

    def test_undeclared_attributes_are_lua_errors(self, lua):
        lua.globals["v"] = Vec(1, 1)
        for code, msg in [
            ("return v._hidden", "'Vec' has no field '_hidden'"),
            ("return v.__class__", "'Vec' has no field '__class__'"),
            ("return v.equals", "'Vec' has no field 'equals'"),
            ("return v[1]", "'Vec' has no field '1'"),
            ("v.x = 1", "cannot assign field 'x' of 'Vec'"),
            ("v.scale = 1", "cannot assign field 'scale' of 'Vec'"),
            ("v.new = 1", "cannot assign field 'new' of 'Vec'"),
        ]:
            assert run(lua, "return pcall(function() %s end)" % code) == \
                (False, "(execute):1: " + msg), code

    def test_metatable_is_protected(self, lua):
        lua.globals["v"] = Vec(1, 1)
        assert run(lua, "return getmetatable(v)") == "Vec"
        ok, msg = run(lua, "return pcall(setmetatable, v, {})")
        assert ok is False

    def test_bad_self_and_method_errors(self, lua, caplog):
        lua.globals["v"] = Vec(1, 1)
        ok, msg = run(lua, "return pcall(function() return v.scale(2) end)")
        assert ok is False and "Vec expected, got number" in msg
        with caplog.at_level(logging.CRITICAL, logger="vm.host"):
            assert run(lua, "return pcall(function() v:fail() end)") == \
                (False, "(execute):1: method failed")

    def test_one_metatable_per_type_per_arena(self, lua):
        lua.globals["a"] = Vec(0, 0)
        lua.globals["b"] = Vec(1, 1)
        other = vm.Lua()
        other.globals["c"] = Vec(2, 2)
        metas_a = {id(m) for m in lua._metas.values()}
        metas_b = {id(m) for m in other._metas.values()}
        assert len(metas_a) == 1 and len(metas_b) == 1 and metas_a != metas_b

    def test_subclass_inherits_declaration(self, lua):
        class Vec3(Vec):
            z = 9

        lua.globals["w"] = Vec3(1, 2)
        assert run(lua, "return w.x, tostring(w)") == (1, "Vec(1, 2)")
        assert run(lua, "return pcall(function() return w.z end)")[0] is False

    def test_register_type_is_per_arena(self):
        class Door:
            def __init__(self):
                self.open = False

            def toggle(self):
                self.open = not self.open
                return self.open

        a, b = vm.Lua(), vm.Lua()
        spec = a.register_type(Door, methods=["toggle"], readable=["open"])
        assert isinstance(spec, vm.UserdataType) and spec.name == "Door"
        d = Door()
        a.globals["d"] = d
        assert a.execute("return d:toggle(), d.open") == (True, True)
        with pytest.raises(TypeError):
            b.globals["d"] = d

    def test_register_type_overrides_decorator_in_its_arena(self, lua):
        lua.register_type(Vec, "RestrictedVec", readable=["x"])
        lua.globals["v"] = Vec(5, 6)
        assert run(lua, "return v.x") == 5
        assert run(lua, "return pcall(function() return v.y end)")[0] is False
        assert vm.Lua().execute("return (...).y", Vec(5, 6)) == 6

    def test_declarations_are_validated(self):
        with pytest.raises(ValueError):
            vm.UserdataType("X", readable=["__dict__"])
        with pytest.raises(ValueError):
            vm.UserdataType("X", metamethods={"__index": lambda *a: None})
        with pytest.raises(ValueError):
            vm.UserdataType("X", metamethods={"__bogus": lambda *a: None})
        with pytest.raises(ValueError):
            vm.UserdataType("X", methods=["a"], readable=["a"])

    def test_userdata_as_table_key_and_callback_argument(self, lua):
        v = Vec(1, 1)
        seen = []
        lua.globals["v"] = v
        lua.globals["see"] = seen.append
        run(lua, "local t = {[v] = 'yes'} see(t[v]) see(v)")
        assert seen == ["yes", v]


# ===================================================================== errors

class TestErrors:
    def test_hierarchy(self):
        assert issubclass(vm.LuaSyntaxError, vm.LuaError)
        assert issubclass(vm.LuaMemoryError, vm.LuaError)
        assert not issubclass(vm.FuelExhausted, vm.LuaError)

    def test_syntax_error(self, lua):
        with pytest.raises(vm.LuaSyntaxError) as info:
            lua.load("x = = 1", "=chunk")
        assert str(info.value).startswith("chunk:1:")
        assert info.value.value == str(info.value)

    def test_runtime_error_value_str_and_traceback(self, lua):
        fn = lua.load("local function f()\n  local x = nil + 1\nend\nf()", "@mod.lua")
        with pytest.raises(vm.LuaError) as info:
            fn()
        err = info.value
        assert str(err) == "mod.lua:2: attempt to perform arithmetic on a nil value"
        assert err.value == str(err)
        assert err.traceback.startswith("stack traceback:")
        assert "mod.lua:2: in function 'f'" in err.traceback
        assert "mod.lua:4: in main chunk" in err.traceback

    def test_error_objects(self, lua):
        with pytest.raises(vm.LuaError) as info:
            run(lua, "error({code = 3})")
        assert isinstance(info.value.value, vm.LuaTable)
        assert info.value.value["code"] == 3
        assert "table value" in str(info.value)
        with pytest.raises(vm.LuaError) as info:
            run(lua, "error(42)")
        assert info.value.value == 42 and str(info.value) == "42"

    def test_error_through_python_callback_keeps_lua_position(self, lua):
        inner = lua.load("error('deep')", "=inner")
        lua.globals["host"] = lambda: inner()
        with pytest.raises(vm.LuaError) as info:
            run(lua, "host()")
        assert str(info.value) == "inner:1: deep"

    def test_memory_error(self):
        lua = vm.Lua(memory_limit=100_000)
        with pytest.raises(vm.LuaMemoryError) as info:
            lua.execute("return string.rep('x', 10 ^ 7)")
        assert "not enough memory" in str(info.value)

    def test_fuel_exhausted(self, lua):
        with pytest.raises(vm.FuelExhausted):
            lua.execute("local i = 0 while true do i = i + 1 end", fuel=1000)
        assert lua.execute("return 1", fuel=1000) == 1

    def test_executor_results_are_converted(self, lua):
        ex = vm.Executor(lua, lua.load("return 'a', {1}, function() end"))
        assert ex.step(10_000)
        s, t, f = ex.result()
        assert s == "a" and isinstance(t, vm.LuaTable) and isinstance(f, vm.LuaFunction)


def test_public_names_exported():
    for name in ["Lua", "Executor", "LuaError", "LuaSyntaxError", "LuaMemoryError",
                 "FuelExhausted", "LuaTable", "LuaFunction", "LuaCoroutine", "Call",
                 "Yield", "userdata", "UserdataType", "check_int", "arg_error"]:
        assert hasattr(vm, name) and name in vm.__all__


def test_python_only_sequence_is_fuel_stepped():
    lua = vm.Lua()

    @lua.sequence
    def forever():
        while True:
            yield vm.Call(lambda: None)

    ex = vm.Executor(lua, forever)
    assert ex.step(1000) is False
    assert ex.step(1000) is False
    ex.close()
