"""Shared harness for the string-library unit tests: run builtins of a
fresh ``string`` table directly, driving generator builtins to the end."""
from __future__ import annotations

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


__all__ = ["LuaError", "OUT_OF_FUEL", "State", "Builtin", "GenBuiltin", "LuaTable", "rawset",
           "open_string", "make_string_meta", "ops", "drive", "new_lib", "as_tuple", "call",
           "to_lua"]
