"""Which locals provably hold only integers: lets the code generator drop
per-operation type checks in numeric code.

A local of a function qualifies when it is not captured by a closure (so no
other code can write it) and every value ever stored into it (its
declaration included) is an *integer expression* assuming the qualifying set
itself — a fixpoint, computed by removing offenders until stable.

Integer expressions: integer literals; qualifying locals; ``+ - * & | ~ <<
>>`` and unary ``- ~`` of integer expressions (64-bit wraparound keeps them
integers); ``//`` and ``%`` of an integer expression by a positive integer
literal; the control variable of a numeric ``for`` whose start and step are
integer expressions.  Nothing involving calls, tables, ``#`` (``__len`` may
return anything) or globals qualifies.
"""
from __future__ import annotations

from . import ast as A_

_INT_BINOPS = {"+", "-", "*", "&", "|", "~", "<<", ">>"}


def is_int_expr(e, ints) -> bool:
    """True if ``e`` always evaluates to an integer, given locals ``ints``."""
    c = e.__class__
    if c is A_.Number:
        return e.value.__class__ is int
    if c is A_.Name:
        return e.var in ints
    if c is A_.Paren:
        return is_int_expr(e.expr, ints)
    if c is A_.BinOp:
        if e.op in _INT_BINOPS:
            return is_int_expr(e.left, ints) and is_int_expr(e.right, ints)
        if e.op in ("//", "%"):
            r = e.right
            return (r.__class__ is A_.Number and r.value.__class__ is int and r.value > 0
                    and is_int_expr(e.left, ints))
        return False
    if c is A_.UnOp:
        return e.op in ("-", "~") and is_int_expr(e.operand, ints)
    return False


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


def integer_locals(func: A_.Function) -> set:
    """The set of Vars of ``func`` that only ever hold integers."""
    col = _Collector(func)
    col.block(func.body)
    for p in func.params:
        col.defs.pop(p, None)
    cands = {v for v, ds in col.defs.items()
             if v.func is func and not v.captured and v.attrib != "close"}
    for p in func.params:
        cands.discard(p)
    changed = True
    while changed:
        changed = False
        for v in list(cands):
            ok = True
            if v in col.forvars:
                start, step = col.forvars[v]
                if not is_int_expr(start, cands) or (step is not None and not is_int_expr(step, cands)):
                    ok = False
            for d in col.defs.get(v, ()):
                if d is None or not is_int_expr(d, cands):
                    ok = False
                    break
            if not ok:
                cands.discard(v)
                changed = True
    return cands
