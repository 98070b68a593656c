"""Which locals provably hold only numbers, and of which kind: lets the
code generator drop per-operation type checks in numeric code.

A local of a function qualifies when it is not captured by a closure (so no
other code can write it) and every value ever stored into it (its
declaration included) is a *numeric expression* given the types of the
other qualifying locals.  Types form a small lattice::

    BOTTOM (no value seen yet)  <  INT, FLOAT  <  NUM (int or float)  <  unknown

and the types are the least fixpoint of "join of the types of every store".

Expression types: number literals; qualifying locals; ``+ - *`` of numeric
operands (INT when both are INT, FLOAT when either is FLOAT, else NUM);
``/`` and ``^`` of numeric operands (always FLOAT); ``//`` and ``%`` (as
``+``, but INT results only for a positive integer literal divisor, which
the generator relies on); ``& | ~ << >>`` and unary ``~`` of INT operands;
unary ``-`` keeps the type; the control variable of a numeric ``for`` (INT
when start and step are INT, else FLOAT when both are known numbers, else
NUM — the loop raises an error before running on anything else).  Nothing
involving calls, tables, ``#`` (``__len`` may return anything), strings
(``"1" + 1`` converts) or globals qualifies.
"""
from __future__ import annotations

from . import ast as A_

BOTTOM = "b"
INT = "i"
FLOAT = "f"
NUM = "n"
_NUMERIC = (INT, FLOAT, NUM)

_INT_BINOPS = {"&", "|", "~", "<<", ">>"}


def join(a, b):
    """Least upper bound of two types (``None`` is unknown)."""
    if a is None or b is None:
        return None
    if a == BOTTOM:
        return b
    if b == BOTTOM or a == b:
        return a
    return NUM


def _arith(a, b):
    if a is None or b is None:
        return None
    if a == BOTTOM or b == BOTTOM:
        return BOTTOM
    if a == INT and b == INT:
        return INT
    if a == FLOAT or b == FLOAT:
        return FLOAT
    return NUM


def expr_type(e, types):
    """The type of expression ``e`` given local types ``types`` (a dict
    Var -> type); ``None`` when it may be something other than a number."""
    c = e.__class__
    if c is A_.Number:
        return INT if e.value.__class__ is int else FLOAT
    if c is A_.Name:
        return types.get(e.var)
    if c is A_.Paren:
        return expr_type(e.expr, types)
    if c is A_.Call:
        return types.get(e)       # only calls whose result type is guaranteed
    if c is A_.BinOp:
        op = e.op
        if op in ("+", "-", "*"):
            return _arith(expr_type(e.left, types), expr_type(e.right, types))
        if op in ("/", "^"):
            t = _arith(expr_type(e.left, types), expr_type(e.right, types))
            return t if t is None or t == BOTTOM else FLOAT
        if op in ("//", "%"):
            t = _arith(expr_type(e.left, types), expr_type(e.right, types))
            if t == INT or t == NUM:
                r = e.right
                if not (r.__class__ is A_.Number and r.value.__class__ is int and r.value > 0):
                    return NUM if t == NUM else None
            return t
        if op in _INT_BINOPS:
            t = _arith(expr_type(e.left, types), expr_type(e.right, types))
            return t if t == INT or t == BOTTOM else None
        return None
    if c is A_.UnOp:
        if e.op == "#":
            return types.get(e)   # only lengths the caller guarantees (no __len)
        t = expr_type(e.operand, types)
        if e.op == "-":
            return t
        if e.op == "~":
            return t if t == INT or t == BOTTOM else None
    return None


def is_int_expr(e, ints) -> bool:
    """True if ``e`` always evaluates to an integer, given the locals
    ``ints`` (a set of Vars, or a dict Var -> type)."""
    types = ints if isinstance(ints, dict) else dict.fromkeys(ints, INT)
    return expr_type(e, types) == INT


class _Collector:
    """Gathers, for one function body, every store into its locals."""

    def __init__(self, func):
        self.func = func
        self.defs = {}            # Var -> list of expr (None = unknown value)
        self.forvars = {}         # Var -> (start, step)

    def add(self, var, expr):
        if var.func is self.func and not var.captured:
            self.defs.setdefault(var, []).append(expr)

    def block(self, b):
        for s in b.stats:
            self.stat(s)

    def stat(self, s):
        c = s.__class__
        if c is A_.Local:
            self.assign(s.vars, s.exprs)
        elif c is A_.Assign:
            self.assign([t.var if t.__class__ is A_.Name else None for t in s.targets], s.exprs)
        elif c is A_.LocalFunction:
            self.add(s.var, None)
        elif c is A_.NumericFor:
            self.forvars[s.var] = (s.start, s.step)
            self.defs.setdefault(s.var, [])
            self.block(s.body)
        elif c is A_.GenericFor:
            for v in s.vars:
                self.add(v, None)
            self.block(s.body)
        elif c in (A_.Do, A_.While):
            self.block(s.body)
        elif c is A_.Repeat:
            self.block(s.body)
        elif c is A_.If:
            for _, b in s.tests:
                self.block(b)
            if s.orelse is not None:
                self.block(s.orelse)

    def assign(self, vars_, exprs):
        n = len(exprs)
        multi = n > 0 and exprs[-1].__class__ in (A_.Call, A_.MethodCall, A_.Vararg)
        for i, v in enumerate(vars_):
            if v is None:
                continue
            if i < n and not (multi and i == n - 1):
                self.add(v, exprs[i])
            else:
                self.add(v, None)


_ASSUMED = A_.Number(0, 0)


def local_types(func: A_.Function, assume_int=(), calls=None) -> dict:
    """Map each numeric local Var of ``func`` to INT, FLOAT or NUM.

    Parameters are unknown, except those in ``assume_int``, which are taken
    to arrive as integers (the caller guards that at run time).  ``calls``
    maps Call nodes (and ``#`` operations) whose result type the caller
    guarantees to that type; they stay in the result."""
    col = _Collector(func)
    col.block(func.body)
    for p in func.params:
        pdefs = col.defs.pop(p, [])
        if p in assume_int and not p.captured:
            col.defs[p] = [_ASSUMED] + pdefs
    types = {v: BOTTOM for v in col.defs
             if v.func is func and not v.captured and v.attrib != "close"}
    local_vars = list(types)
    if calls:
        types.update(calls)
    changed = True
    while changed:
        changed = False
        for v in [v for v in local_vars if v in types]:
            t = BOTTOM
            if v in col.forvars:
                start, step = col.forvars[v]
                ts = expr_type(start, types)
                tp = INT if step is None else expr_type(step, types)
                if ts == BOTTOM or tp == BOTTOM:
                    t = BOTTOM
                elif ts == INT and tp == INT:
                    t = INT
                elif ts in (FLOAT, INT) and tp in (FLOAT, INT):
                    t = FLOAT
                else:
                    t = NUM
            for d in col.defs.get(v, ()):
                t = join(t, None if d is None else expr_type(d, types))
                if t is None:
                    break
            if t is None:
                del types[v]
                changed = True
            elif t != types[v]:
                types[v] = t
                changed = True
    return {v: t for v, t in types.items() if t != BOTTOM}


_NUMERIC_OPS = {"+", "-", "*", "/", "//", "%", "^", "<", "<=", ">", ">=",
                "&", "|", "~", "<<", ">>"}


def numeric_params(func: A_.Function) -> list:
    """Parameters of ``func`` used directly as operands of arithmetic or
    comparisons (candidates for an integer-specialised version)."""
    used = set()
    params = set(func.params)
    for n in A_.walk(func.body):
        c = n.__class__
        if c is A_.BinOp and n.op in _NUMERIC_OPS:
            for o in (n.left, n.right):
                if o.__class__ is A_.Name and o.var in params:
                    used.add(o.var)
        elif c is A_.UnOp and n.op in ("-", "~") and n.operand.__class__ is A_.Name \
                and n.operand.var in params:
            used.add(n.operand.var)
    return [p for p in func.params if p in used]


def integer_locals(func: A_.Function) -> set:
    """The set of Vars of ``func`` that only ever hold integers."""
    return {v for v, t in local_types(func).items() if t == INT}
