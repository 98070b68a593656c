"""table library: expected values observed with lua5.4 (PUC-Rio 5.4.4/5.4.8).

The metamethod-aware helpers of ``vm.runtime.ops`` are replaced by a small
fake so these tests do not depend on the executor.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from vm.runtime.errors import LuaError  # noqa: E402
from vm.runtime.requests import OUT_OF_FUEL  # noqa: E402
from vm.runtime.state import State  # noqa: E402
from vm.runtime.values import (Builtin, GenBuiltin, LuaTable,  # noqa: E402
                               rawget, rawset)
from vm.stdlib import ltable  # noqa: E402
from vm.stdlib.ltable import open_table  # noqa: E402


class FakeOps:
    """Just enough of vm.runtime.ops for the table library."""

    @staticmethod
    def call(A, D, f, args):
        if f.__class__ is Builtin:
            return f.fn(*args)
        return (yield from f.fn(D, *args))

    @staticmethod
    def index_g(A, D, t, k):
        while True:
            if t.__class__ is LuaTable:
                v = rawget(t, k)
                if v is not None or t.meta is None:
                    return v
                mm = t.meta.hash.get(b"__index")
            else:
                mm = t.meta.hash.get(b"__index") if getattr(t, "meta", None) else None
                if mm is None:
                    raise LuaError(b"attempt to index a %s value" % type(t).__name__.encode())
            if mm is None:
                return None
            if mm.__class__ is LuaTable:
                t = mm
                continue
            r = yield from FakeOps.call(A, D, mm, (t, k))
            return r[0] if r.__class__ is tuple else r

    @staticmethod
    def setindex_g(A, D, t, k, v):
        if t.__class__ is LuaTable and (t.meta is None or rawget(t, k) is not None
                                        or t.meta.hash.get(b"__newindex") is None):
            rawset(t, k, v)
            return
        mm = t.meta.hash[b"__newindex"]
        yield from FakeOps.call(A, D, mm, (t, k, v))

    @staticmethod
    def len_g(A, D, t):
        mm = t.meta.hash.get(b"__len") if getattr(t, "meta", None) else None
        if mm is not None:
            r = yield from FakeOps.call(A, D, mm, (t,))
            return r[0] if r.__class__ is tuple else r
        if t.__class__ is LuaTable:
            return len(t.arr)
        if t.__class__ is bytes:
            return len(t)
        name = {type(None): "nil", bool: "boolean", int: "number"}.get(t.__class__, "?")
        raise LuaError(b"attempt to get length of a %s value" % name.encode())
        yield

    @staticmethod
    def lt_g(A, D, a, b):
        if a.__class__ in (int, float) and b.__class__ in (int, float):
            return a < b
        if a.__class__ is bytes and b.__class__ is bytes:
            return a < b
        mm = None
        for x in (a, b):
            if getattr(x, "meta", None) is not None:
                mm = x.meta.hash.get(b"__lt")
                if mm is not None:
                    break
        if mm is None:
            def tn(v):
                return {int: "number", float: "number", bytes: "string",
                        LuaTable: "table", type(None): "nil"}.get(v.__class__, "?")
            if tn(a) == tn(b):
                raise LuaError(b"attempt to compare two %s values" % tn(a).encode())
            raise LuaError(("attempt to compare %s with %s" % (tn(a), tn(b))).encode())
        r = yield from FakeOps.call(A, D, mm, (a, b))
        r = r[0] if r.__class__ is tuple else r
        return r is not None and r is not False


@pytest.fixture(autouse=True)
def fake_ops(monkeypatch):
    monkeypatch.setattr(ltable, "ops", FakeOps)


@pytest.fixture
def A():
    s = State()
    s.F[0] = 10 ** 9
    return s


def run(gen, counter=None):
    """Drive a generator builtin to completion, resuming after OUT_OF_FUEL."""
    if not hasattr(gen, "send"):
        return gen
    try:
        while True:
            r = gen.send(None)
            assert r is OUT_OF_FUEL
            if counter is not None:
                counter.append(1)
    except StopIteration as e:
        return e.value


def T(*items, **kw):
    t = LuaTable()
    for i, v in enumerate(items, 1):
        rawset(t, i, v)
    for k, v in kw.items():
        rawset(t, k.encode(), v)
    return t


def lst(t):
    return [rawget(t, i) for i in range(1, len(t.arr) + 1)]


def call(A, name, *args):
    lib = open_table(A)
    f = lib.hash[name.encode()]
    if f.__class__ is GenBuiltin:
        return run(f.fn(0, *args))
    return f.fn(*args)


def err(A, name, *args):
    with pytest.raises(LuaError) as ei:
        call(A, name, *args)
    return ei.value.value.decode()


def lfunc(py):
    return Builtin(py, "f")


# ------------------------------------------------------------------ concat

def test_concat_basic(A):
    assert call(A, "concat", T(1, 2.5, b"x"), b"-") == b"1-2.5-x"
    assert call(A, "concat", T(), b"x") == b""
    assert call(A, "concat", T(1, 2, 3), b"", 3, 2) == b""
    assert call(A, "concat", T(b"a", b"b", b"c")) == b"abc"
    assert call(A, "concat", T(b"a", b"b", b"c"), b", ", 2) == b"b, c"
    assert call(A, "concat", T(1, 2, 3), 0) == b"10203"


def test_concat_errors(A):
    assert err(A, "concat", T(1, T(), 3)) == \
        "invalid value (table) at index 2 in table for 'concat'"
    assert err(A, "concat", T(1, 2, 3), b", ", 1, 5) == \
        "invalid value (nil) at index 4 in table for 'concat'"
    assert err(A, "concat", T(1, 2, 3), None, 1, 4) == \
        "invalid value (nil) at index 4 in table for 'concat'"
    assert err(A, "concat", T(), T()) == \
        "bad argument #2 to 'table.concat' (string expected, got table)"
    assert err(A, "concat", None) == \
        "bad argument #1 to 'table.concat' (table expected, got nil)"


def test_concat_metamethods(A):
    mt = T(__index=lfunc(lambda t, k: k * 10), __len=lfunc(lambda t: 3))
    t = T()
    t.meta = mt
    assert call(A, "concat", t, b",") == b"10,20,30"
    assert call(A, "unpack", t) == (10, 20, 30)


def test_concat_charges_fuel(A):
    t = T(*([b"ab"] * 5000))
    A.F[0] = 100
    yields = []
    lib = open_table(A)
    r = run(lib.hash[b"concat"].fn(0, t), yields)
    assert r == b"ab" * 5000
    assert yields


def test_concat_memory_limit():
    A = State(memory_limit=1000)
    A.F[0] = 10 ** 9
    t = T(*([b"x" * 100] * 50))
    with pytest.raises(LuaError) as ei:
        call(A, "concat", t)
    assert ei.value.value == b"not enough memory"


# ------------------------------------------------------------------ insert

def test_insert(A):
    t = T(1, 2)
    call(A, "insert", t, 3)
    assert lst(t) == [1, 2, 3]
    call(A, "insert", t, 1, 0)
    assert lst(t) == [0, 1, 2, 3]
    call(A, "insert", t, 5, 9)
    assert lst(t) == [0, 1, 2, 3, 9]
    call(A, "insert", t, 3, b"m")
    assert lst(t) == [0, 1, b"m", 2, 3, 9]


def test_insert_nil_in_middle(A):
    t = T(3, 1, 2)
    call(A, "insert", t, 2, None)
    # lua5.4: #t, t[1], t[2], t[3], t[4] -> 4 3 nil 1 2
    assert [rawget(t, i) for i in range(1, 5)] == [3, None, 1, 2]
    assert len(t.arr) == 4


def test_insert_absorbs_hash(A):
    t = T(1)
    rawset(t, 3, 30)
    call(A, "insert", t, 20)
    assert lst(t) == [1, 20, 30]
    assert t.hash == {}


def test_insert_errors(A):
    assert err(A, "insert", T(1, 2), 5, 3) == \
        "bad argument #2 to 'table.insert' (position out of bounds)"
    assert err(A, "insert", T(1, 2), 0, 3) == \
        "bad argument #2 to 'table.insert' (position out of bounds)"
    assert err(A, "insert", T(1, 2), 1, 2, 3) == "wrong number of arguments to 'insert'"
    assert err(A, "insert", T(1, 2)) == "wrong number of arguments to 'insert'"
    assert err(A, "insert", T(1, 2), b"a", 3) == \
        "bad argument #2 to 'table.insert' (number expected, got string)"
    assert err(A, "insert", None, 3) == \
        "bad argument #1 to 'table.insert' (table expected, got nil)"
    assert err(A, "insert", T(), 1.5, 3) == \
        "bad argument #2 to 'table.insert' (number has no integer representation)"


def test_insert_metamethods(A):
    log = []
    mt = T(__len=lfunc(lambda t: 2), __index=lfunc(lambda t, k: k),
           __newindex=lfunc(lambda t, k, v: log.append((k, v)) or ()))
    p = T()
    p.meta = mt
    call(A, "insert", p, 1, b"x")
    assert log == [(3, 2), (2, 1), (1, b"x")]
    log.clear()
    assert call(A, "remove", p, 1) == 1
    assert log == [(1, 2), (2, None)]


def test_insert_long_shift_yields(A):
    t = T(*range(100000))
    A.F[0] = 10
    yields = []
    lib = open_table(A)
    run(lib.hash[b"insert"].fn(0, t, 1, -1), yields)
    assert yields and rawget(t, 1) == -1 and len(t.arr) == 100001


# ------------------------------------------------------------------ remove

def test_remove(A):
    t = T(1, 2, 3)
    assert call(A, "remove", t) == 3
    assert call(A, "remove", t, 1) == 1
    assert lst(t) == [2]
    assert call(A, "remove", T()) is None
    assert call(A, "remove", T(), 0) is None
    assert call(A, "remove", T(), 1) is None
    t = T(1, 2, 3)
    assert call(A, "remove", t, 4) is None
    assert lst(t) == [1, 2, 3]


def arr_table(*items):
    t = LuaTable()
    t.arr = list(items)
    return t


def test_remove_hole_invariant(A):
    t = arr_table(1, None, 3)
    assert call(A, "remove", t, 3) == 3
    assert t.arr == [1]
    t = arr_table(1, 2, None, 4)
    assert call(A, "remove", t, 4) == 4
    assert t.arr == [1, 2]
    t = arr_table(1, None, 3)
    call(A, "remove", t, 1)
    assert t.arr == [None, 3]
    call(A, "remove", t, 2)
    assert t.arr == []


def test_remove_errors(A):
    # 5.4.8 reports argument #2 (5.4.4 said #1)
    assert err(A, "remove", T(1, 2), 5) == \
        "bad argument #2 to 'table.remove' (position out of bounds)"
    assert err(A, "remove", T(), 2) == \
        "bad argument #2 to 'table.remove' (position out of bounds)"
    assert err(A, "remove", T(), -1) == \
        "bad argument #2 to 'table.remove' (position out of bounds)"
    assert err(A, "remove", 3) == \
        "bad argument #1 to 'table.remove' (table expected, got number)"


# ------------------------------------------------------------ pack/unpack

def test_pack(A):
    p = call(A, "pack", 1, None, 3)
    assert rawget(p, b"n") == 3 and rawget(p, 1) == 1 and rawget(p, 2) is None
    assert rawget(p, 3) == 3
    p = call(A, "pack", 1, None)
    assert p.arr == [1] and rawget(p, b"n") == 2
    assert rawget(call(A, "pack"), b"n") == 0


def test_unpack(A):
    assert call(A, "unpack", T(1, 2, 3)) == (1, 2, 3)
    assert call(A, "unpack", T(1, 2, 3), 2) == (2, 3)
    assert call(A, "unpack", T(1, 2, 3), 2, 5) == (2, 3, None, None)
    assert call(A, "unpack", T(1, 2, 3), -1, 1) == (None, None, 1)
    assert call(A, "unpack", T(1, 2, 3), 3, 2) == ()
    assert call(A, "unpack", T(), 1, 0) == ()


def test_unpack_errors(A):
    assert err(A, "unpack", T(), 1, 10 ** 7) == "too many results to unpack"
    assert err(A, "unpack", T(), -2 ** 63, 2 ** 63 - 1) == "too many results to unpack"
    assert err(A, "unpack") == "attempt to get length of a nil value"
    assert err(A, "unpack", T(), b"x") == \
        "bad argument #2 to 'table.unpack' (number expected, got string)"


# -------------------------------------------------------------------- move

def test_move(A):
    m = call(A, "move", T(1, 2, 3), 1, 3, 2)
    assert lst(m) == [1, 1, 2, 3]
    m = call(A, "move", T(1, 2, 3), 2, 3, 1)
    assert lst(m) == [2, 3, 3]
    dst = T()
    r = call(A, "move", T(1, 2, 3), 1, 3, 3, dst)
    assert r is dst and rawget(dst, 3) == 1 and rawget(dst, 5) == 3
    assert call(A, "move", T(1), 5, 1, 1) is not None


def test_move_errors(A):
    assert err(A, "move", T(1, 2, 3), 1, 2 ** 63 - 1, 2) == \
        "bad argument #4 to 'table.move' (destination wrap around)"
    assert err(A, "move", T(1, 2, 3), -1, 2 ** 63 - 1, 2) == \
        "bad argument #3 to 'table.move' (too many elements to move)"
    assert err(A, "move", T(1, 2, 3), 1, 3, 2 ** 63 - 1) == \
        "bad argument #4 to 'table.move' (destination wrap around)"
    assert err(A, "move", T(), 1, 2) == \
        "bad argument #4 to 'table.move' (number expected, got no value)"


# -------------------------------------------------------------------- sort

def test_sort_default(A):
    t = T(*[(i * 37) % 101 for i in range(1, 201)])
    call(A, "sort", t)
    assert (rawget(t, 1), rawget(t, 100), rawget(t, 200)) == (0, 50, 100)
    assert lst(t) == sorted(lst(t))
    t = T(b"b", b"a", b"c", b"")
    call(A, "sort", t)
    assert lst(t) == [b"", b"a", b"b", b"c"]
    t = T(3, 1.5, 2, -0.0, 0)
    call(A, "sort", t)
    assert [float(x) for x in lst(t)] == [0.0, 0.0, 1.5, 2.0, 3.0]


def test_sort_comparator(A):
    t = T(5, 3, 8, 1, 9, 2, 7)
    call(A, "sort", t, lfunc(lambda a, b: a > b))
    assert lst(t) == [9, 8, 7, 5, 3, 2, 1]
    big = list(range(1000, 0, -1))
    t = T(*big)
    call(A, "sort", t, lfunc(lambda a, b: a < b))
    assert lst(t) == sorted(big)


def test_sort_gen_comparator_and_yield(A):
    def cmp(D, a, b):
        if False:
            yield
        return a < b
    t = T(*[(i * 7919) % 1009 for i in range(1009)])
    A.F[0] = 50
    yields = []
    lib = open_table(A)
    run(lib.hash[b"sort"].fn(0, t, GenBuiltin(cmp, "cmp")), yields)
    assert lst(t) == list(range(1009))
    assert yields


def test_sort_invalid_order(A):
    t = T(*[(i * 37) % 101 for i in range(1, 201)])
    assert err(A, "sort", t, lfunc(lambda a, b: a <= b)) == \
        "invalid order function for sorting"
    t = T(*range(1, 16))
    assert err(A, "sort", t, lfunc(lambda a, b: True)) == \
        "invalid order function for sorting"


def test_sort_random_comparators_never_hang(A):
    import random
    rnd = random.Random(5)
    for _ in range(200):
        n = rnd.randint(2, 300)
        t = T(*[rnd.randint(0, 20) for _ in range(n)])
        try:
            call(A, "sort", t, lfunc(lambda a, b: rnd.random() < 0.5))
        except LuaError as e:
            assert e.value == b"invalid order function for sorting"


def test_sort_errors(A):
    assert err(A, "sort", T(3, 1, 2), 3) == \
        "bad argument #2 to 'table.sort' (function expected, got number)"
    assert err(A, "sort", T(1, 2), T()) == \
        "bad argument #2 to 'table.sort' (function expected, got table)"
    assert err(A, "sort", T(3, 1, b"x")) == "attempt to compare string with number"
    big = T()
    big.meta = T(__len=lfunc(lambda t: 2 ** 31), __index=lfunc(lambda t, k: 1),
                 __newindex=lfunc(lambda t, k, v: ()))
    assert err(A, "sort", big) == "bad argument #1 to 'table.sort' (array too big)"


def test_sort_lt_metamethod(A):
    mt = T(__lt=lfunc(lambda a, b: rawget(a, 1) < rawget(b, 1)))
    items = []
    for v in (3, 1, 2):
        x = T(v)
        x.meta = mt
        items.append(x)
    t = T(*items)
    call(A, "sort", t)
    assert [rawget(x, 1) for x in lst(t)] == [1, 2, 3]


def test_sort_through_metamethods(A):
    store = {1: 3, 2: 1, 3: 2}
    def newindex(t, k, v):
        store[k] = v
        return ()
    p = T()
    p.meta = T(__len=lfunc(lambda t: 3), __index=lfunc(lambda t, k: store[k]),
               __newindex=lfunc(newindex))
    call(A, "sort", p)
    assert store == {1: 1, 2: 2, 3: 3}


def test_sort_fuel_fast_path(A):
    t = T(*range(5000, 0, -1))
    A.F[0] = 10
    yields = []
    lib = open_table(A)
    run(lib.hash[b"sort"].fn(0, t), yields)
    assert lst(t) == list(range(1, 5001)) and yields


def test_insert_append_wraps_around_at_maxinteger(A):
    # testes/nextvar.lua: #t == math.maxinteger, so #t + 1 wraps to mininteger
    from vm.runtime.numbers import MAXINT, MININT
    t = LuaTable()
    mt = LuaTable()
    rawset(mt, b"__len", lfunc(lambda *a: (MAXINT,)))
    t.meta = mt
    call(A, "insert", t, 20)
    assert rawget(t, MININT) == 20
