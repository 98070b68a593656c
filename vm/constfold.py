"""Constant folding on the syntax tree, as PUC-Rio's code generator does it
(lcode.c ``constfolding`` and ``validop``).

An arithmetic (``+ - * / // % ^``) or bitwise (``& | ~ << >>``) binary
operation, or a unary ``-`` or ``~``, whose operands are number literals
(or operations already folded; the parser drops parentheses around them)
becomes one :class:`~vm.ast.Number` carrying the line of the operation.  The
result is computed by the runtime's own helpers (``ops._num_arith``,
``ops._bit``), so it is bit-identical to what the operation yields when
run.  Like PUC, an operation is left alone when

* it would raise an error or needs a run-time check: ``/``, ``//`` or ``%``
  by zero (integer or float, as ``validop`` tests ``nvalue(v2) != 0``), a
  bitwise operation on a float without an exact integer value;
* the result is a float NaN or zero (folding ``0.0`` would lose the sign
  of ``-0.0``).

Strings (``"1" + 1`` converts at run time), comparisons, ``..``, ``not``,
``#``, ``and``/``or`` are never folded.

One rule is moonbox's own: the code generator gives an operation that is on
another line than the enclosing code its own line event, which a literal
does not get.  So that line hooks and active lines stay exactly as without
folding, an operation is folded only when it is on the same line as its
statement and every expression between them.
"""
from __future__ import annotations

from . import ast as A_
from .runtime.numbers import tointeger
from .runtime.ops import _bit, _num_arith

_ARITH = {"+": b"__add", "-": b"__sub", "*": b"__mul", "/": b"__div",
          "%": b"__mod", "//": b"__idiv", "^": b"__pow"}
_BITWISE = {"&": b"__band", "|": b"__bor", "~": b"__bxor", "<<": b"__shl",
            ">>": b"__shr"}
_DIVISIONS = ("/", "//", "%")
_MIXED = -1
"""Context line of an expression whose enclosing code spans several lines."""

_LEAVES = (str, bytes, int, float, bool, A_.Var)


def fold_binary(op: str, a, b):
    """The value of ``a op b`` for numbers ``a`` and ``b`` when PUC-Rio
    would fold it, else None."""
    ev = _ARITH.get(op)
    if ev is not None:
        if op in _DIVISIONS and b == 0:
            return None
        r = _num_arith(ev, a, b)
    else:
        ev = _BITWISE.get(op)
        if ev is None:
            return None
        x, y = tointeger(a), tointeger(b)
        if x is None or y is None:
            return None
        r = _bit(ev, x, y)
    return _foldable(r)


def fold_unary(op: str, a):
    """The value of unary ``op a`` for a number ``a`` when PUC-Rio would
    fold it, else None."""
    if op == "-":
        return _foldable(_num_arith(b"__unm", a, a))
    if op == "~":
        x = tointeger(a)
        return None if x is None else _bit(b"__bnot", x, x)
    return None


def _foldable(r):
    if r.__class__ is float and (r != r or r == 0):
        return None
    return r


def _fold_node(n, ctx: int):
    """The Number replacing operation ``n`` (whose operands are already
    folded), or None."""
    c = n.__class__
    if c is A_.BinOp:
        if n.op not in _ARITH and n.op not in _BITWISE:
            return None
        left, right = n.left, n.right
        if left.__class__ is not A_.Number or right.__class__ is not A_.Number \
                or ctx != n.line:
            return None
        v = fold_binary(n.op, left.value, right.value)
    else:
        if n.op != "-" and n.op != "~":
            return None
        operand = n.operand
        if operand.__class__ is not A_.Number or ctx != n.line:
            return None
        v = fold_unary(n.op, operand.value)
    return None if v is None else A_.Number(n.line, v)


def _substitute(n, folded: dict) -> None:
    """Replace the children of ``n`` that were folded."""
    for name in A_.child_fields(n.__class__):
        v = getattr(n, name)
        if v.__class__ is list:
            for i, x in enumerate(v):
                if x.__class__ is tuple:
                    if any(id(y) in folded for y in x):
                        v[i] = tuple(folded.get(id(y), y) for y in x)
                elif id(x) in folded:
                    v[i] = folded[id(x)]
        elif id(v) in folded:
            setattr(n, name, folded[id(v)])


_STAT, _FUNC, _EXPR, _OTHER = range(4)
_NO_CHILDREN = frozenset((A_.Nil, A_.TrueExpr, A_.FalseExpr, A_.Number, A_.String,
                          A_.Vararg, A_.Name, A_.Break, A_.Goto, A_.Label))
_SHAPES: dict = {}


def _shape(cls) -> tuple:
    """(kind, child fields) of node class ``cls``."""
    sh = _SHAPES.get(cls)
    if sh is None:
        if issubclass(cls, A_.Stat):
            kind = _STAT
        elif issubclass(cls, A_.Function):
            kind = _FUNC
        elif issubclass(cls, A_.Expr):
            kind = _EXPR
        else:                   # Block, TableField, Chunk
            kind = _OTHER
        sh = _SHAPES[cls] = (kind, A_.child_fields(cls))
    return sh


def fold_constants(root) -> int:
    """Fold the constant operations under ``root`` (a Chunk, or any node),
    nested functions included, in place; returns how many operations were
    folded away.  Iterative, so arbitrarily deep expressions are fine."""
    folded = {}             # id(operation) -> Number replacing it
    replaced = []           # the folded operations, kept alive so ids stay unique
    dirty = set()           # ids of nodes with a folded child
    stack = [(root, _MIXED, 0, False)]
    pop, push = stack.pop, stack.append
    while stack:
        n, ctx, parent, done = pop()
        c = n.__class__
        if done:
            if id(n) in dirty:
                _substitute(n, folded)
            if c is A_.BinOp or c is A_.UnOp:
                r = _fold_node(n, ctx)
                if r is not None:
                    folded[id(n)] = r
                    replaced.append(n)
                    dirty.add(parent)
            continue
        kind, fields = _SHAPES.get(c) or _shape(c)
        if kind == _STAT:
            sub = n.line
        elif kind == _EXPR:
            sub = n.line if ctx == n.line else _MIXED
        elif kind == _FUNC:
            sub = _MIXED
        else:
            sub = ctx
        push((n, ctx, parent, True))
        me = id(n)
        for name in fields:
            v = getattr(n, name)
            vc = v.__class__
            if vc is list:
                for x in v:
                    if x.__class__ is tuple:
                        for y in x:
                            if y is not None and y.__class__ not in _NO_CHILDREN:
                                push((y, sub, me, False))
                    elif x.__class__ not in _NO_CHILDREN and not isinstance(x, _LEAVES):
                        push((x, sub, me, False))
            elif v is not None and vc not in _NO_CHILDREN and not isinstance(v, _LEAVES):
                push((v, sub, me, False))
    return len(folded)
