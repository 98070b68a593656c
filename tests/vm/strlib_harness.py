"""Shared harness for the string-library unit tests: run builtins of a
fresh ``string`` table directly, driving generator builtins to the end."""
from __future__ import annotations

import math
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from vm.runtime.errors import LuaError  # noqa: E402
from vm.runtime.requests import OUT_OF_FUEL  # noqa: E402
from vm.runtime.state import State  # noqa: E402
from vm.runtime.values import Builtin, GenBuiltin, LuaTable, rawset  # noqa: E402
from vm.stdlib.lstring import open_string, make_string_meta  # noqa: E402

import vm.runtime.ops as ops  # noqa: E402,F401


def drive(gen):
    """Run a GenBuiltin generator to completion (plenty of fuel given)."""
    try:
        while True:
            r = gen.send(None)
            assert r is OUT_OF_FUEL
    except StopIteration as stop:
        return stop.value


def drive_refuelled(A, gen, fuel):
    """Run a GenBuiltin generator to completion, giving ``fuel`` units
    again each time it runs out; returns (result, how many times it ran
    out)."""
    n = 0
    try:
        while True:
            assert gen.send(None) is OUT_OF_FUEL
            n += 1
            A.F[0] = fuel
    except StopIteration as stop:
        return stop.value, n


def new_lib(fuel=10 ** 12, memory_limit=None):
    A = State(memory_limit)
    A.F[0] = fuel
    return A, open_string(A)


def as_tuple(r):
    return r if isinstance(r, tuple) else (r,)


def call(S, name, *args):
    f = S.hash[name.encode()]
    if isinstance(f, Builtin):
        return as_tuple(f.fn(*args))
    assert isinstance(f, GenBuiltin)
    return as_tuple(drive(f.fn(0, *args)))


def to_lua(v):
    if isinstance(v, dict):
        t = LuaTable()
        for k, x in v.items():
            rawset(t, k, x)
        return t
    return v


_POS = re.compile(rb"^stdin:\d+: ")


def same(a, b):
    if isinstance(a, (tuple, list)):
        return isinstance(b, (tuple, list)) and len(a) == len(b) and all(map(same, a, b))
    if isinstance(a, float) and isinstance(b, float):
        if a != a and b != b:
            return True
        return a == b and math.copysign(1, a) == math.copysign(1, b)
    return type(a) is type(b) and a == b


def gmatch_all(S, *args):
    it = call(S, "gmatch", *args)[0]
    out = []
    while True:
        r = as_tuple(drive(it.fn(0)))
        if not r or r[0] is None:
            return out
        out.append(r[:3])


def check_case(fname, args, expected):
    A, S = new_lib()
    ok, val = expected
    args = tuple(to_lua(a) for a in args)
    try:
        if fname == "gmatch":
            r = gmatch_all(S, *args)
        else:
            r = call(S, fname, *args)
    except LuaError as e:
        assert not ok, "unexpected error %r" % (e.value,)
        assert e.value == _POS.sub(b"", val)
        return
    assert ok, "expected error %r, got %r" % (val, r)
    assert same(r, val), "got %r, expected %r" % (r, val)


__all__ = ["LuaError", "OUT_OF_FUEL", "State", "Builtin", "GenBuiltin", "LuaTable", "rawset",
           "open_string", "make_string_meta", "ops", "drive", "new_lib", "as_tuple", "call",
           "to_lua", "same", "gmatch_all", "check_case"]
