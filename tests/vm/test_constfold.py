"""Constant folding (vm/constfold.py): what PUC-Rio folds, nothing more,
with run-time-identical results and unchanged line information."""
from __future__ import annotations

import math

import pytest

from vm import Lua
from vm import ast as A_
from vm.codegen import CodeGen
from vm.constfold import fold_binary, fold_constants, fold_unary
from vm.parser import parse


def folded(src: str):
    """The first expression of ``return <src>`` after folding."""
    chunk = parse(("return " + src).encode(), "=t")
    fold_constants(chunk)
    return chunk.func.body.stats[0].exprs[0]


def value(src: str):
    e = folded(src)
    assert e.__class__ is A_.Number, e
    return e.value


def run(src: str, sandbox: bool = True):
    return Lua(sandbox=sandbox).execute(src)


def same(a, b) -> bool:
    """Equal values of the same Lua subtype (and sign, for zeros)."""
    if a.__class__ is not b.__class__:
        return False
    if a.__class__ is float and (a != a or b != b):
        return a != a and b != b
    return a == b and (a.__class__ is int or math.copysign(1, a) == math.copysign(1, b))


# ------------------------------------------------------------- what folds

@pytest.mark.parametrize("src, expected", [
    ("1 / 60 * 10", 1 / 60 * 10),
    ("2 ^ 10", 1024.0),
    ("2 ^ 2", 4.0),
    ("-1", -1),
    ("1 << 4", 16),
    ("(3 + 4) * 2", 14),
    ("((3)) + (4)", 7),
    ("- -3", 3),
    ("-(2)", -2),
    ("-(1 + 2)", -3),
    ("~0", -1),
    ("~1.0", -2),
    ("1.0 | 0", 1),
    ("3 & 5.0", 1),
    ("6 ~ 3", 5),
    ("-1 >> 63", 1),
    ("1 << 64", 0),
    ("1 << -1", 0),
    ("1 >> -1", 2),
    ("3 % -2", -1),
    ("-5 % 3", 1),
    ("5 // -2", -3),
    ("5.5 // 2", 2.0),
    ("3.0 % -2", -1.0),
    ("7 // 2.0", 3.0),
    ("10 / 2", 5.0),
    ("9223372036854775807 + 1", -(1 << 63)),
    ("-9223372036854775807 - 1", -(1 << 63)),
    ("-(-9223372036854775807 - 1)", -(1 << 63)),
    ("(-9223372036854775807 - 1) // -1", -(1 << 63)),
    ("(-9223372036854775807 - 1) % -1", 0),
    ("4611686018427387904 * 4", 0),
    ("1 + 2.0", 3.0),
    ("2 ^ 1024", math.inf),
    ("-2 ^ 1023 * 4", -math.inf),
    ("1e308 * 10", math.inf),
    ("0 * 5", 0),                       # an integer zero is fine
    ("-0", 0),
])
def test_folds_to_one_number(src, expected):
    v = value(src)
    assert same(v, expected), (v, expected)


def test_folded_value_matches_run_time():
    for src in ["1 / 60 * 10", "2 ^ 0.5", "1 / 3 + 2 / 3", "10 % 3.3", "-7.25 // 0.5",
                "1e300 * 1e10 - 1", "0.1 + 0.2", "3 ^ -2", "9007199254740993 + 0.0"]:
        v = value(src)
        # the same operation with one operand hidden from the folder
        expr = folded(src)
        assert expr.__class__ is A_.Number
        lhs, op, rhs = _split(src)
        if op is None:
            continue
        r = run("local a, b = %s, %s return a %s b" % (lhs, rhs, op))
        assert same(v, r), (src, v, r)


def _split(src):
    for op in (" // ", " + ", " - ", " * ", " / ", " % ", " ^ "):
        if op in src:
            a, b = src.rsplit(op, 1)
            return a, op.strip(), b
    return src, None, None


@pytest.mark.parametrize("src", [
    "1 // 0", "1 % 0", "1 / 0", "0 / 0", "1 // 0.0", "1.0 % 0", "1 % -0.0", "-1 / 0",
    "1.5 | 0", "1 << 0.5", "~1.5", "2^63 | 0", "math.huge & 1",
    "0.0 * 1", "0.0 * -1", "-(0.0)", "-0.0", "1.0 - 1", "1e-320 * 1e-10",
    "1e999 - 1e999", "1e999 * 0",
    "'1' + 1", "'a' .. 'b'", "1 .. 2", "1 == 1", "1 < 2", "not 1", "#'abc'",
    "1 and 2", "1 or 2", "x + 1", "1 + x", "-x", "- -x", "~x",
])
def test_not_folded(src):
    e = folded(src)
    assert e.__class__ is not A_.Number, e


def test_folds_inside_larger_expressions():
    e = folded("x * (1 / 60 * 10) + 2 ^ 3")
    assert e.__class__ is A_.BinOp and e.op == "+"
    assert e.right.__class__ is A_.Number and same(e.right.value, 8.0)
    m = e.left
    assert m.__class__ is A_.BinOp and m.op == "*"
    assert m.right.__class__ is A_.Number and same(m.right.value, 1 / 60 * 10)


def test_folded_zero_subtrahend_is_an_addition():
    # x - (1 - 1) is x - 0, compiled as x + 0 (PUC's ADDI): -0.0 - 0 is 0.0
    e = folded("x - (1 - 1)")
    assert e.right.__class__ is A_.Number and e.right.value == 0
    assert run("local x = -0.0 return tostring(x - (0)), tostring(x - (1 - 1))") == ("0.0", "0.0")


def test_partial_folds_stop_at_errors():
    # 1 // 0 stays; the folded sibling still folds
    e = folded("(1 // 0) + (2 * 3)")
    assert e.__class__ is A_.BinOp
    assert e.right.__class__ is A_.Number and e.right.value == 6
    assert e.left.__class__ is A_.BinOp and e.left.op == "//"


def test_nested_functions_and_statements_are_folded():
    src = b"""
local t = {[1 << 2] = 2 ^ 2, 3 * 3}
local function f(a) if a > 2 * 3 then return a // (4 - 2) end
  for i = 1, 10 // 3 do a = a + i end
  while a < 100 - 1 do a = a * 2 end
  return function() return a + -(5) end
end
"""
    chunk = parse(src, "=t")
    assert fold_constants(chunk) == 7        # -(5) is folded by the parser
    ops = [n for n in _all_nodes(chunk.func) if n.__class__ in (A_.BinOp, A_.UnOp)]
    assert sorted(n.op for n in ops) == sorted(["+", "+", "*", ">", "<", "//"])
    for n in ops:
        assert n.right.__class__ is A_.Number or n.op == "*" or n.left.__class__ is A_.Name


def _all_nodes(root):
    """Every node under ``root``, nested functions included."""
    out = []
    todo = [root]
    while todo:
        n = todo.pop()
        if isinstance(n, (list, tuple)):
            todo.extend(n)
        elif isinstance(n, (A_.Expr, A_.Stat, A_.Block, A_.TableField)):
            out.append(n)
            todo.extend(getattr(n, f) for f in A_.child_fields(n.__class__))
    return out


def test_deep_constant_chain():
    # 5000 left-nested additions: folding is iterative
    chunk = parse(("return " + " + ".join(["1"] * 5000)).encode(), "=t")
    assert fold_constants(chunk) == 4999
    e = chunk.func.body.stats[0].exprs[0]
    assert e.__class__ is A_.Number and e.value == 5000


def test_helpers():
    assert fold_binary("+", 1, 2) == 3
    assert fold_binary("..", 1, 2) is None
    assert fold_binary("==", 1, 1) is None
    assert fold_binary("//", 1, 0) is None
    assert fold_binary("/", 1.0, -0.0) is None
    assert fold_binary("|", 1.5, 0) is None
    assert fold_binary("*", 0.0, 1) is None
    assert fold_unary("-", 0.0) is None
    assert fold_unary("-", 5) == -5
    assert fold_unary("not", 1) is None
    assert fold_unary("#", 1) is None
    assert fold_unary("~", 2.5) is None


# ------------------------------------------------------------- lines

def test_folded_node_keeps_the_operation_line():
    chunk = parse(b"local x\nx = 2 ^\n 10", "=t")
    fold_constants(chunk)
    e = chunk.func.body.stats[1].exprs[0]
    # the operator is on line 2, the statement too: folded, with line 2
    assert e.__class__ is A_.Number and e.line == 2 and e.value == 1024.0


def test_operations_on_another_line_than_their_statement_stay():
    # the generator gives such an operation its own line event; folding it
    # would lose that event
    chunk = parse(b"local x =\n  1 + 2\nlocal y = (1\n + 2) * 3", "=t")
    assert fold_constants(chunk) == 0


LINES = """local lines = {}
debug.sethook(function(_, l) lines[#lines+1] = l end, "l")
local function f(...) return ... end
local a = f(1 +
  2, 3
  * 4, (5
  - 6))
local b =
  1 << 4
local c = 2 ^ 10 + 1 /
  60
local n = 0
if n > 1 then n = 1
elseif n == 2 -
  2 then n = 2
end
repeat n = n + 1 until n >=
  1 + 1
local s = - -
  3
debug.sethook()
return table.concat(lines, " "), a, b, c, s
"""


def test_line_events_as_without_folding(monkeypatch):
    folded_run = run(LINES, sandbox=False)
    import vm.compiler
    monkeypatch.setattr(vm.compiler, "fold_constants", lambda chunk: 0)
    plain_run = run(LINES, sandbox=False)
    assert folded_run == plain_run


def test_generated_code_has_the_constant():
    chunk = parse(b"local f = ... f(1 / 60 * 10)", "=t")
    fold_constants(chunk)
    src = CodeGen(chunk).generate()[0]
    assert repr(1 / 60 * 10) in src and "60" not in src


# ------------------------------------------------------------- behaviour

@pytest.mark.parametrize("src, expected", [
    ("return math.type(2^2)", "float"),
    ("return math.type(1 << 4), math.type(7 // 2), math.type(7 // 2.0)", ("integer", "integer", "float")),
    ("return tostring(-0.0), tostring(0.0 * -1), tostring(0.0), tostring(-(0.0))",
     ("-0.0", "-0.0", "0.0", "-0.0")),
    ("return math.maxinteger + 1 == math.mininteger", True),
    ("return 9223372036854775807 + 1 == math.mininteger", True),
    ("return 1 << 64 == 0, 1 << 63 == math.mininteger", (True, True)),
    ("return 3 % -2, 5.5 // 2, -(-9223372036854775807 - 1)", (-1, 2.0, -(1 << 63))),
    ("return tostring(0/0), tostring(1/0), tostring(-1/0)", ("-nan", "inf", "-inf")),
    ("return 1 / 60 * 10", 1 / 60 * 10),
])
def test_behaviour(src, expected):
    assert run(src) == expected


@pytest.mark.parametrize("src, msg", [
    ("return 1 // 0", "attempt to divide by zero"),
    ("return 1 % 0", "attempt to perform 'n%0'"),
    ("return 1.5 | 0", "number has no integer representation"),
    ("return ~1.5", "number has no integer representation"),
])
def test_errors_stay_at_run_time(src, msg):
    lua = Lua()
    ok, err = lua.execute("return pcall(function() %s end)" % src)
    assert ok is False
    assert err.endswith(msg) or (msg == "attempt to divide by zero" and err.endswith("'n//0'")), err
    assert err.startswith("(execute):1:")


def test_string_arithmetic_not_folded():
    assert run("return '10' + 1, math.type('10' + 1), '3' * '4'") == (11, "integer", 12)
