"""Numeric type inference for locals (vm/typeinfer.py)."""
from __future__ import annotations

import pytest

from vm.parser import parse
from vm.typeinfer import FLOAT, INT, NUM, local_types, numeric_params


def types_of(src: str) -> dict:
    chunk = parse(src.encode(), "=t")
    return {v.name: t for v, t in local_types(chunk.func).items()}


@pytest.mark.parametrize("src, expected", [
    ("local i = 1 i = i + 1", {"i": INT}),
    ("local f = 0.0 for i = 1, 10 do f = f + i / 3 end", {"f": FLOAT, "i": INT}),
    ("local a = 0 for i = 1, 10 do a = a + 0.5 end", {"a": NUM, "i": INT}),
    ("for x = 1.0, 2 do end", {"x": FLOAT}),
    ("local n = ... for x = n, 2 do end", {"x": NUM}),
    ("local a, b = 1, 2 a, b = b, a", {"a": INT, "b": INT}),
    ("local x = 2 ^ 3", {"x": FLOAT}),
    ("local x = 7 // 2 local y = 7 % 2.0", {"x": INT, "y": FLOAT}),
    ("local m = -(1.5)", {"m": FLOAT}),
    ("local b = 1 | 2 local c = ~b", {"b": INT, "c": INT}),
])
def test_numeric_locals(src, expected):
    assert types_of(src) == expected


@pytest.mark.parametrize("src, name", [
    ("local s = 1 s = 'x'", "s"),                       # a string
    ("local t = 1 t = #{}", "t"),                       # __len may return anything
    ("local c = 1 local function f() c = 'x' end", "c"),  # captured: others may write it
    ("local g = 1 g = g + x", "g"),                      # a global
    ("local r = 1 r = f()", "r"),                        # a call
    ("local d = 5 local e = 1 d = e // d", "d"),         # d is not a positive literal
    ("local u", "u"),                                     # nil
    ("local q = 1 q = q .. 1", "q"),
])
def test_non_numeric_locals(src, name):
    assert name not in types_of(src)


def test_int_division_by_a_variable_is_not_proven_int():
    # d // e could be an error or a wraparound: the result is not typed INT
    t = types_of("local d, e = 5, 2 local q = d // e")
    assert "q" not in t


def test_params_are_never_typed():
    chunk = parse(b"local function f(a) a = 1 return a end", "=t")
    inner = chunk.func.body.stats[0].func
    assert local_types(inner) == {}


def _inner(src):
    return parse(src.encode(), "=t").func.body.stats[0].func


def test_numeric_params_are_those_used_as_operands():
    f = _inner("local function f(a, b, c, d) return a + 1, b < 2, -c, d.x end")
    assert [p.name for p in numeric_params(f)] == ["a", "b", "c"]


def test_assumed_integer_params_propagate():
    f = _inner("local function f(i, j) local ij = i + j - 1 return 1.0 / (ij * 0.5 + i) end")
    types = {v.name: t for v, t in local_types(f, assume_int=set(f.params)).items()}
    assert types == {"i": INT, "j": INT, "ij": INT}


def test_assumed_param_reassigned_to_a_float_is_not_int():
    f = _inner("local function f(d) d = d / 2 return d end")
    assert {v.name: t for v, t in local_types(f, assume_int=set(f.params)).items()} == {"d": NUM}
