"""Lua syntax tree → Python source of generator functions.

Every Lua function becomes a Python generator function::

    def lf_3(D, a_1=None, b_2=None, *VA, U_x=None):

``D`` is the call depth, Lua parameters are Python parameters (missing ones
default to nil, extra ones land in ``VA``), and the cells of upvalues are
bound as keyword-only defaults when the ``def`` runs, i.e. when the closure
is created.  Locals captured by inner functions live in one-element lists
(``x_4[0]``); the others are plain Python locals.

Calls are ``yield from`` for Lua functions, direct calls for plain builtins
and ``ops.call`` for everything else; fuel is charged on function entry and
at loop back-edges, and when it runs out the code yields ``OUT`` to the
executor, which resumes it later.  Operators get inline fast paths for the
common types and fall back to ``vm.runtime.ops``.

The generated code runs with empty builtins: every name it uses is either
its own local or one of the helpers in :func:`helpers`.  Untrusted text
(strings, names) only enters it through ``repr`` of bytes/ints/floats or as
identifiers validated by the lexer.
"""
from __future__ import annotations

import math
import re

from . import ast as A_
from .runtime import ops
from .typeinfer import FLOAT, INT, expr_type, is_int_expr, local_types, numeric_params
from .runtime.values import LuaTable, rawset

MAXI = (1 << 63) - 1
MINI = -(1 << 63)


def helpers() -> dict:
    """Names the generated code may use (besides its own locals)."""
    from .runtime import values
    from .runtime.requests import OUT_OF_FUEL
    from .runtime.errors import LuaError
    from .runtime.requests import CoroutineClose
    return {
        "OUT": OUT_OF_FUEL, "LuaTable": values.LuaTable,
        "LuaFunction": values.LuaFunction, "Builtin": values.Builtin,
        "GenBuiltin": values.GenBuiltin, "SLOW": values.SLOW,
        "TailCall": ops.TailCall, "MM": ops.MM, "LuaError": LuaError,
        "BaseException": BaseException,
        "index": ops.index, "index_g": ops.index_g,
        "setindex": ops.setindex, "setindex_g": ops.setindex_g,
        "call": ops.call, "run_tail": ops.run_tail, "tail_other": ops.tail_other,
        "arith": ops.arith, "arith_g": ops.arith_g,
        "add": ops.add, "sub": ops.sub, "mul": ops.mul,
        "bitop": ops.bitop, "bitop_g": ops.bitop_g,
        "unm": ops.unm, "unm_g": ops.unm_g,
        "concat": ops.concat, "concat_g": ops.concat_g,
        "length": ops.length, "len_g": ops.len_g,
        "eq": ops.eq, "eq_g": ops.eq_g, "lt": ops.lt, "lt_g": ops.lt_g,
        "le": ops.le, "le_g": ops.le_g,
        "index_d": ops.index_d, "arith_d": ops.arith_d, "eq_d": ops.eq_d, "call_d": ops.call_d,
        "lt_d": ops.lt_d, "le_d": ops.le_d,
        "index_p": ops.index_p, "arith_p": ops.arith_p, "unm_p": ops.unm_p,
        "concat_p": ops.concat_p, "len_p": ops.len_p, "eq_p": ops.eq_p,
        "lt_p": ops.lt_p, "le_p": ops.le_p,
        "forrange": ops.forrange, "mktable": mktable, "mt_untracked": mt_untracked, "mktable_kv": mktable_kv,
        "mktable_h": mktable_h,
        "close_var": ops.close_var, "check_closable": ops.check_closable,
        "CoroutineClose": CoroutineClose, "wrap": _wrap, "TUPLE": tuple,
        "Deopt": ops.Deopt, "DeoptImpure": ops.DeoptImpure, "DEOPT": ops.deopt,
        "DEOPT_T": ops.deopt_transient, "int": int, "float": float,
        "bytes": bytes, "len": len, "bool": bool, "IndexError": IndexError, "range": range,
        "NEWF": object.__new__, "SQRT": math.sqrt, "FABS": math.fabs, "FLOOR": math.floor,
        "SETMT": _setmt,
    }


def _setmt(t, mt):
    """``setmetatable(t, mt)`` once the call site checked it is allowed."""
    t.meta = mt
    return t


def _wrap(i):
    i &= 0xFFFFFFFFFFFFFFFF
    return i - 0x10000000000000000 if i & 0x8000000000000000 else i


def _pyop(e) -> str:
    """The Python operator for arithmetic node ``e``.  ``x - 0`` is
    computed as ``x + 0``, as PUC-Rio does (it compiles a small integer
    constant subtrahend to an addition): ``-0.0 - 0`` is ``0.0`` in Lua."""
    if e.op == "-" and e.right.__class__ is A_.Number and e.right.value.__class__ is int \
            and e.right.value == 0:
        return "+"
    return e.op


def mt_untracked(mt):
    """True if setting metatable ``mt`` registers nothing with the collector."""
    return mt is None or (mt.__class__ is LuaTable and b"__gc" not in mt.hash
                          and b"__mode" not in mt.hash)


def mktable(arr):
    """A table from positional values (nils allowed)."""
    while arr and arr[-1] is None:
        arr.pop()
    return LuaTable(arr)


def mktable_h(arr, h):
    """A table from positional values and a dict of string keys."""
    if None in h.values():
        h = {k: v for k, v in h.items() if v is not None}
    if not arr:
        return LuaTable(None, h)
    t = LuaTable(None, h)
    for i, v in enumerate(arr, 1):
        rawset(t, i, v)
    return t


def mktable_kv(arr, kv):
    """A table from positional values and (key, value) pairs (in order)."""
    t = LuaTable()
    for i in range(0, len(kv), 2):
        k, v = kv[i], kv[i + 1]
        if k is None:
            ops.rt_error("table index is nil")
        if k.__class__ is float and k != k:
            ops.rt_error("table index is NaN")
        rawset(t, k, v)             # a nil value removes an earlier item's
    for i, v in enumerate(arr, 1):
        rawset(t, i, v)
    return t


ARITH_EVENTS = {
    "+": b"__add", "-": b"__sub", "*": b"__mul", "/": b"__div", "%": b"__mod",
    "//": b"__idiv", "^": b"__pow",
}
BIT_EVENTS = {"&": b"__band", "|": b"__bor", "~": b"__bxor", "<<": b"__shl",
              ">>": b"__shr"}


_LINE_SPILL = (A_.BinOp, A_.UnOp, A_.Index)
_NEG_LITERAL = re.compile(r"\(-[0-9][0-9a-fA-Fx.e+\-]*\)\Z|\(-1e999\)\Z|\(-\(1e999-1e999\)\)\Z")
_INT_FAST = {"+", "-", "*", "//", "%", "&", "|", "~", "<", "<=", ">", ">=", "==", "~="}
_NUM_FAST = {"+", "-", "*", "/", "<", "<=", ">", ">=", "==", "~="}


_LEAF_STATS = (A_.Local, A_.Assign, A_.If, A_.Return, A_.Do, A_.CallStat, A_.LocalFunction)
_LEAF_EXPRS = (A_.Nil, A_.TrueExpr, A_.FalseExpr, A_.Number, A_.String, A_.Vararg,
               A_.Name, A_.Index, A_.BinOp, A_.And, A_.Or, A_.UnOp, A_.Paren,
               A_.Call, A_.MethodCall, A_.Table, A_.Function)


_SIMPLE_EXPRS = (A_.Name, A_.Number, A_.String, A_.Nil, A_.TrueExpr, A_.FalseExpr)


def final_effect(func):
    """The assignment that may be the one side effect of an otherwise pure
    function: a single store (to an upvalue or a table field) that is the
    last statement, or is followed only by ``return`` of plain values.
    Nothing after it can deoptimise, so a plain twin either stops before it
    (and the generator re-runs everything) or completes it exactly once."""
    stats = func.body.stats
    i = len(stats) - 1
    if i >= 0 and isinstance(stats[i], A_.Return):
        if not all(isinstance(x, _SIMPLE_EXPRS) for x in stats[i].exprs):
            return None
        i -= 1
    if i < 0:
        return None
    s = stats[i]
    if isinstance(s, A_.Assign) and len(s.targets) == 1 and len(s.exprs) == 1:
        t = s.targets[0]
        if not (isinstance(t, A_.Name) and t.var.func is func):
            return s
    return None


def undo_effects(func) -> set:
    """The assignments of ``func`` that store outside its own locals (table
    fields, upvalues, globals).  A plain twin can run them when it records
    each old value and puts it back before deoptimising (see
    ``plain_version``): stores of non-nil values over present keys and to
    upvalues, which a re-run of the generator then repeats exactly once."""
    out = set()
    for n in A_.walk(func.body):
        if n.__class__ is A_.Assign:
            for t in n.targets:
                if t.__class__ is not A_.Name or t.var.func is not func:
                    out.add(n)
                    break
    return out


def is_pure_leaf(func, effects=()) -> bool:
    """A function that loops nowhere and writes only its own locals (it
    may create tables and closures, which nobody else can see yet), apart
    from the assignments in ``effects``; it may
    call functions, which must turn out to be pure Lua functions or pure
    builtins at run time (the plain twin deoptimises on anything else).
    Re-running it from the start after a partial run is unobservable."""
    stack = [func.body]
    while stack:
        n = stack.pop()
        if isinstance(n, A_.Block):
            stack.extend(n.stats)
            continue
        if isinstance(n, A_.Stat):
            if not isinstance(n, _LEAF_STATS):
                return False
            if isinstance(n, A_.Local):
                if any(v.attrib == "close" for v in n.vars):
                    return False
                stack.extend(n.exprs)
            elif isinstance(n, A_.Assign):
                for t in n.targets:
                    if n in effects:
                        if isinstance(t, A_.Index):
                            stack.append(t.obj)
                            stack.append(t.key)
                    elif not isinstance(t, A_.Name) or t.var.func is not func:
                        return False
                stack.extend(n.exprs)
            elif isinstance(n, A_.If):
                for c, b in n.tests:
                    stack.append(c)
                    stack.append(b)
                if n.orelse is not None:
                    stack.append(n.orelse)
            elif isinstance(n, A_.Return):
                stack.extend(n.exprs)
            elif isinstance(n, A_.Do):
                stack.append(n.body)
            elif isinstance(n, A_.CallStat):
                stack.append(n.call)
            continue
        if not isinstance(n, _LEAF_EXPRS):
            return False
        if isinstance(n, A_.Index):
            stack.append(n.obj)
            stack.append(n.key)
        elif isinstance(n, (A_.BinOp, A_.And, A_.Or)):
            stack.append(n.left)
            stack.append(n.right)
        elif isinstance(n, A_.UnOp):
            stack.append(n.operand)
        elif isinstance(n, A_.Paren):
            stack.append(n.expr)
        elif isinstance(n, A_.Call):
            stack.append(n.func)
            stack.extend(n.args)
        elif isinstance(n, A_.MethodCall):
            stack.append(n.obj)
            stack.extend(n.args)
        elif isinstance(n, A_.Table):
            for f in n.fields:
                if f.key is not None:
                    stack.append(f.key)
                stack.append(f.value)
    return True


# metamethod helpers with a plain variant (``index_g`` -> ``index_p``)
_PLAIN_HELPERS = ("index_g(", "arith_g(", "unm_g(", "concat_g(", "len_g(",
                  "eq_g(", "lt_g(", "le_g(")


_PLAIN_CALLS = re.compile(r"\b(?:%s)p\(A, D," % "|".join(h[:-2] for h in _PLAIN_HELPERS))


# math builtins whose common case a call site runs inline once it has seen,
# by identity, that the callee is the arena's own (``B_<name>`` in the
# namespace): name -> (guard on the argument, result)
INTRINSICS = {
    "sqrt": ("%(x)s.__class__ is float and %(x)s >= 0.0", "SQRT(%(x)s)"),
    "abs": ("%(x)s.__class__ is float", "FABS(%(x)s)"),
    "floor": ("%(x)s.__class__ is float and -9.2e18 < %(x)s < 9.2e18", "FLOOR(%(x)s)"),
    # a table without a metatable gets one that registers nothing with the
    # collector (no __gc, no __mode): what the builtin does, minus the checks
    "setmetatable": ("%(x)s.__class__ is LuaTable and %(x)s.meta is None and %(y)s.__class__ is LuaTable "
                     "and b'__gc' not in %(y)s.hash and b'__mode' not in %(y)s.hash",
                     "SETMT(%(x)s, %(y)s)"),
}


REUSE_TEMPS = True
"""Number each statement's temporaries from where its block's enclosing
statement left off (smaller frames).  Tests turn it off to check, function by
function, that no temporary is read on a path where its statement did not
assign it (``tests/vm/test_codegen_temps.py``)."""


# more builtins the generated code recognises by identity (``B_<name>``):
# iterators a generic ``for`` steps inline (``next`` for pairs, ipairs'
# iterator), and ``select`` on the varargs
INLINE_BUILTINS = ("next", "inext", "select")


def _fixed_functions(chunk) -> dict:
    """Locals that always hold one function: ``local function f`` and
    ``local f = function ... end`` never assigned again."""
    out = {}
    for n in A_.walk(chunk.func.body, functions=True):
        if n.__class__ is A_.LocalFunction:
            if not n.var.assigned:
                out[n.var] = n.func
        elif n.__class__ is A_.Local and len(n.vars) == 1 and len(n.exprs) == 1 \
                and n.exprs[0].__class__ is A_.Function and not n.vars[0].assigned \
                and n.vars[0].attrib != "close":
            out[n.vars[0]] = n.exprs[0]
    return out


def _safe_arith(e) -> bool:
    """Arithmetic that cannot raise, given numeric operands: ``+ - * /``,
    unary minus, ``//`` and ``%`` by a positive integer literal."""
    c = e.__class__
    if c is A_.Number or c is A_.Name:
        return True
    if c is A_.Paren:
        return _safe_arith(e.expr)
    if c is A_.UnOp:
        return e.op == "-" and _safe_arith(e.operand)
    if c is A_.BinOp:
        if e.op in ("+", "-", "*", "/"):
            return _safe_arith(e.left) and _safe_arith(e.right)
        if e.op in ("//", "%"):
            r = e.right
            return r.__class__ is A_.Number and r.value.__class__ is int and r.value > 0 \
                and _safe_arith(e.left)
    return False


def _safe_test(e) -> bool:
    """A condition that cannot raise, given numeric operands: comparisons
    of arithmetic, combined with ``and``/``or``/``not``."""
    c = e.__class__
    if c is A_.BinOp and e.op in ("<", "<=", ">", ">=", "==", "~="):
        return _safe_arith(e.left) and _safe_arith(e.right)
    if c is A_.And or c is A_.Or:
        return _safe_test(e.left) and _safe_test(e.right)
    if c is A_.UnOp and e.op == "not" or c is A_.Paren:
        return _safe_test(e.operand if c is A_.UnOp else e.expr)
    return False


def _inline_body(stats, depth=0) -> bool:
    """``local x = <arith>`` lines, then ``return <arith>``, or an ``if``
    on safe conditions whose every branch is such a body (the rest of
    the statements being the ``else``)."""
    if not stats or len(stats) > 6 or depth > 3:
        return False
    for i, st in enumerate(stats):
        c = st.__class__
        if c is A_.Return:
            return i == len(stats) - 1 and len(st.exprs) == 1 and _safe_arith(st.exprs[0])
        if c is A_.Local:
            if len(st.vars) != 1 or len(st.exprs) != 1 or st.vars[0].captured \
                    or st.vars[0].assigned or st.vars[0].attrib is not None \
                    or not _safe_arith(st.exprs[0]):
                return False
        elif c is A_.If:
            if len(st.tests) > 3 or not all(_safe_test(t) and _inline_body(b.stats, depth + 1)
                                            for t, b in st.tests):
                return False
            rest = st.orelse.stats if st.orelse is not None else stats[i + 1:]
            return (st.orelse is None or i == len(stats) - 1) and _inline_body(rest, depth + 1)
        else:
            return False
    return False


def _inline_locals(stats):
    """The Local statements of an inlinable body, branches included."""
    for st in stats:
        if st.__class__ is A_.Local:
            yield st
        elif st.__class__ is A_.If:
            for _, b in st.tests:
                yield from _inline_locals(b.stats)
            if st.orelse is not None:
                yield from _inline_locals(st.orelse.stats)


def _inline_exprs(stats):
    """Every expression an inlinable body computes or tests."""
    for st in stats:
        if st.__class__ is A_.Return or st.__class__ is A_.Local:
            yield from st.exprs
        elif st.__class__ is A_.If:
            for t, b in st.tests:
                yield t
                yield from _inline_exprs(b.stats)
            if st.orelse is not None:
                yield from _inline_exprs(st.orelse.stats)


def _inlinable(fn) -> bool:
    """A function whose body is ``local x = <arithmetic>`` lines and
    ``return <arithmetic>``, possibly under ``if``s on comparisons, with no
    upvalues and no varargs."""
    if fn.is_vararg or fn.upvals:
        return False
    return _inline_body(fn.body.stats) and not any(p.assigned or p.captured for p in fn.params)


def _const_int(e):
    """The value of an integer literal (``-3`` included), else None."""
    if e.__class__ is A_.Number:
        return e.value if e.value.__class__ is int else None
    if e.__class__ is A_.UnOp and e.op == "-" and e.operand.__class__ is A_.Number \
            and e.operand.value.__class__ is int:
        return -e.operand.value
    return None


def _deopt_yields(text: str) -> str:
    """Replace every ``(yield from ...)`` in a line of generated code by
    the helper's plain variant (which calls a metamethod's leaf twin) or
    ``DEOPT()``."""
    def plain(inner):
        if inner.startswith(_PLAIN_HELPERS):
            return inner[:inner.index("_g(")] + "_p" + inner[inner.index("_g(") + 2:]
        return "DEOPT()"
    return _rewrite_yields(text, plain)


# metamethod helpers with a variant trying the handler's plain twin without
# a generator (``index_g`` -> ``index_d``, MM when the generator must run)
_DIRECT_HELPERS = ("arith_g(",)
# helpers whose first, non-generator try becomes the ``*_d`` variant
_FIRST_TRY = re.compile(r"(?<![\w.])(index|eq|lt|le)\(A, ")


def _direct_yields(text: str) -> str:
    """In a generator's line, try each metamethod helper's ``*_d`` variant
    before creating its generator: a pure ``__index``/``__lt``/``__add``...
    function then costs a plain call."""
    text = _FIRST_TRY.sub(r"\1_d(A, D, ", text)

    def direct(inner):
        if inner.startswith(_DIRECT_HELPERS):
            d = inner[:inner.index("_g(")] + "_d" + inner[inner.index("_g(") + 2:]
            return "(_t0 if (_t0 := %s) is not MM else (yield from %s))" % (d, inner)
        return "(yield from %s)" % inner
    return _rewrite_yields(text, direct)


def _rewrite_yields(text: str, fn) -> str:
    """Replace every ``(yield from X)`` in a line of generated code by
    ``fn(X)`` (string literals inside are skipped correctly)."""
    key = "(yield from "
    out = []
    i = 0
    while True:
        j = text.find(key, i)
        if j < 0:
            out.append(text[i:])
            return "".join(out)
        out.append(text[i:j])
        depth = 0
        k = j
        n = len(text)
        while k < n:
            ch = text[k]
            if ch == "'" or ch == '"':
                q = ch
                k += 1
                while k < n and text[k] != q:
                    k += 2 if text[k] == "\\" else 1
            elif ch == "(":
                depth += 1
            elif ch == ")":
                depth -= 1
                if depth == 0:
                    break
            k += 1
        out.append(fn(text[j + len(key):k]))
        i = k + 1


_LOOPS = (A_.While, A_.Repeat, A_.NumericFor, A_.GenericFor)


def _outlinable(stat) -> bool:
    """No return, goto or label anywhere inside (nested functions aside)."""
    stack = [stat]
    while stack:
        n = stack.pop()
        if isinstance(n, (A_.Return, A_.Goto, A_.Label)):
            return False
        if isinstance(n, A_.Local) and any(v.attrib == "close" for v in n.vars):
            return False
        for child in _children(n):
            stack.append(child)
    return True


def _direct_gotos(stats, label) -> bool:
    """Every ``goto label`` among ``stats`` runs in their own Python loop
    body: none sits in a nested loop, or in a block with labels of its own
    (a state machine loop), where ``continue`` would mean another loop."""
    stack = list(stats)
    while stack:
        n = stack.pop()
        c = n.__class__
        if c is A_.Goto:
            continue
        if c in _LOOPS or c is A_.Block and any(x.__class__ is A_.Label for x in n.stats):
            if any(g.__class__ is A_.Goto and g.label is label for g in A_.walk(n)):
                return False
            continue
        if c is A_.Block:
            stack.extend(n.stats)
        elif c is A_.If:
            stack.extend(b for _, b in n.tests)
            if n.orelse is not None:
                stack.append(n.orelse)
        elif c is A_.Do:
            stack.append(n.body)
    return True


def _children(n):
    if isinstance(n, A_.Block):
        return n.stats
    if isinstance(n, (A_.While, A_.Repeat, A_.NumericFor, A_.GenericFor, A_.Do)):
        return [n.body]
    if isinstance(n, A_.If):
        out = [b for _, b in n.tests]
        if n.orelse is not None:
            out.append(n.orelse)
        return out
    return []


def _vars_in(stat, func):
    """(Vars declared inside ``stat``, Vars assigned inside it) — statements
    only, not nested functions."""
    declared, assigned = set(), set()
    stack = [stat]
    while stack:
        n = stack.pop()
        if isinstance(n, A_.Local):
            declared.update(n.vars)
        elif isinstance(n, A_.LocalFunction):
            declared.add(n.var)
        elif isinstance(n, A_.NumericFor):
            declared.add(n.var)
        elif isinstance(n, A_.GenericFor):
            declared.update(n.vars)
        elif isinstance(n, A_.Assign):
            for t in n.targets:
                if isinstance(t, A_.Name):
                    assigned.add(t.var)
        stack.extend(_children(n))
    return declared, assigned


def _table_locals(func) -> set:
    """Locals of ``func`` worth a hoisted "is a table" flag: parameters and
    locals never assigned after their declaration (nor captured, so nothing
    else can assign them) that are indexed at least twice.  The flag is set
    where the local gets its value, so each later ``x.k``/``x[i]``/``x:m()``
    skips one class check."""
    counts = {}
    for n in A_.walk(func.body):
        if isinstance(n, (A_.Index, A_.MethodCall)):
            o = n.obj
            if isinstance(o, A_.Name):
                v = o.var
                if v.func is func and not v.captured and not v.assigned and v.attrib != "close":
                    counts[v] = counts.get(v, 0) + 1
    return {v for v, c in counts.items() if c >= 2}


def _private_tables(func) -> set:
    """Locals of ``func`` holding a table it constructs that never leaves
    it: declared ``local t = {...}`` (or ``local a, t = x, {...}``), never
    assigned or captured, and only
    ever indexed (``t[k]``, ``t.k``, ``t[k] = v``) or measured (``#t``).
    Nothing else can reach such a table, so it never gets a metatable and
    its accesses skip those tests.  (Only the debug library could reach
    it, through ``debug.getlocal``.)"""
    cands = set()
    for n in A_.walk(func.body):
        if n.__class__ is A_.Local:
            for v, e in zip(n.vars, n.exprs):
                if e.__class__ is A_.Table and not v.captured and not v.assigned and v.attrib is None:
                    cands.add(v)
    if not cands:
        return cands
    allowed = set()
    for n in A_.walk(func.body):
        if n.__class__ is A_.Index:
            allowed.add(id(n.obj))
        elif n.__class__ is A_.UnOp and n.op == "#":
            allowed.add(id(n.operand))
    for n in A_.walk(func.body):
        if n.__class__ is A_.Name and n.var in cands and id(n) not in allowed:
            cands.discard(n.var)
    return cands


def _and(test: str) -> str:
    """``test`` as the first operand of an ``and`` (nothing if always true)."""
    return "" if test == "True" else test + " and "


def _array_locals(func, flagged) -> set:
    """Of the flagged table locals ``flagged`` (never reassigned), those
    indexed by a non-constant key at least twice: each gets a second local
    bound to its array part (a table keeps the same ``arr`` list all its
    life), saving an attribute load per element access."""
    counts = {}
    for n in A_.walk(func.body):
        if n.__class__ is A_.Index and n.obj.__class__ is A_.Name and n.obj.var in flagged \
                and n.key.__class__ is not A_.String:
            counts[n.obj.var] = counts.get(n.obj.var, 0) + 1
    return {v for v, c in counts.items() if c >= 2}


class FuncState:
    """Per-function code generation state."""

    def __init__(self, node, parent):
        self.node = node
        self.parent = parent
        self.ntemp = 0             # unique ids: state machines, loops, outlined loops
        self.ntmp = 0              # temporaries _t<n>, reused statement by statement
        self.loops = []            # stack of ('loop', id) / ('sm', id)
        self.tbc_depth = 0
        self.counters = []         # local fuel counters of enclosing loops
        self.pyblocks = 0          # nested Python blocks (loops/try) so far
        self.hoists = []           # where outlined loop functions are defined
        self.label_sm = {}         # Label -> (sm id, index)
        self.label_cont = {}       # Label ending a loop body -> loop id (goto = continue)
        self.uses_jump = False
        self.plain = False         # compiling a plain (non-generator) twin
        self.undo = None           # its undo records (number, key), when it stores
        self.no_spec = False       # inside float_tree's generic fallback
        self.private = _private_tables(node)   # Vars: see _private_tables
        # ``#t`` of a private table is its array part's length: an integer
        self.lens = {n: INT for n in A_.walk(node.body)
                     if n.__class__ is A_.UnOp and n.op == "#" and n.operand.__class__ is A_.Name
                     and n.operand.var in self.private}
        self.types = local_types(node, calls=self.lens)     # numeric locals: Var -> INT/FLOAT/NUM
        # python name of a local -> python name of its "is a LuaTable" flag
        self.tabflags = {}
        self.tabvars = _table_locals(node)
        self.private_names = set()             # their Python names, once declared
        self.arrays = _array_locals(node, self.tabvars | self.private)
        self.arrnames = {}         # python name of such a local -> its array part's
        self.ints = {v for v, t in self.types.items() if t == INT}
        self.ranges = {}           # for-loop control Var -> (lo, hi) when bounded by constants
        self.selfcalls = ()        # recursive calls typed INT (int_self_calls)
        self.pname = None          # the plain twin's Python name, while compiling it
        self.inlined = {}          # Var of an inlined callee -> Python name holding its value


class Emitter:
    def __init__(self):
        self.lines = []            # [indent, text, lualine, callname]
        self.indent = 0
        self.line = 0
        self.callname = None

    def emit(self, text):
        self.lines.append([self.indent, text, self.line, self.callname])

    def mark(self):
        return len(self.lines)


class CodeGen:
    """Compiles one chunk.  ``generate()`` returns (source, lines, calls,
    protos) where lines maps Python lines to Lua lines."""

    def __init__(self, chunk: A_.Chunk):
        self.chunk = chunk
        self.e = Emitter()
        self.fs = None
        self.nfunc = 0
        self.protos = {}           # python name -> Function node
        self.funcs = []            # emitted lines of each function factory
        self.compiled = {}         # id(Function node) -> python name
        self.fixed = _fixed_functions(chunk)   # Var -> the Function it always holds
        self.consts = {}
        self.nvar = 0

    # ------------------------------------------------------------ helpers
    def emit(self, text):
        self.e.emit(text)

    def tmp(self):
        """A fresh temporary.  Temporaries live within one Lua statement,
        so each statement numbers its own from where its block's enclosing
        statement left off (``stats``): a Python frame's size is its number
        of locals, and creating one costs about 0.5 ns per local."""
        self.fs.ntmp += 1
        return "_t%d" % self.fs.ntmp

    def varname(self, var):
        if var.pyname is None:
            self.nvar += 1
            base = var.name if var.name.isidentifier() and var.name.isascii() else "v"
            var.pyname = "%s_%d" % (base, self.nvar)
            if self.fs is not None and var.func is self.fs.node:
                self.fs.node.__dict__.setdefault("locvars", []).append(var)
        return var.pyname

    def is_cell(self, var):
        return var.captured

    def var_read(self, var):
        """Python expression reading a local or upvalue."""
        fs = self.fs
        if var.func is not fs.node:
            if fs.inlined and var in fs.inlined:
                return fs.inlined[var]
            return "U_%s[0]" % self.varname(var)
        name = self.varname(var)
        return name + "[0]" if self.is_cell(var) else name

    def var_cell(self, var):
        """Python expression for the cell of a captured var in this function."""
        if var.func is not self.fs.node:
            return "U_" + self.varname(var)
        return self.varname(var)

    def desc(self, e):
        """Lua's variable description of an expression, for messages."""
        n = self.callname(e)
        if n is not None:
            return "%s '%s'" % n
        while isinstance(e, A_.Paren):
            e = e.expr
        if isinstance(e, A_.String):
            return "constant '%s'" % e.value.decode("utf-8", "replace")
        return None

    def callname(self, e):
        """(kind, name) as PUC's getobjname finds them, or None."""
        while isinstance(e, A_.Paren):
            e = e.expr
        if isinstance(e, A_.Name):
            if e.var.func is not self.fs.node:
                return ("upvalue", e.name)
            return ("local", e.name)
        if isinstance(e, A_.Index):
            if e.global_name is not None:
                return ("global", e.global_name)
            env = isinstance(e.obj, A_.Name) and e.obj.name == "_ENV"
            k = e.key
            if isinstance(k, A_.String):
                return ("global" if env else "field", k.value.decode("utf-8", "replace"))
            if isinstance(k, A_.Number) and k.value.__class__ is int and 0 <= k.value <= 255 and not env:
                return ("field", "integer index")      # OP_GETI
            return ("global" if env else "field", "?")
        return None

    # ------------------------------------------------------------ driver
    def generate(self):
        ch = self.chunk
        fname = self.function(ch.func)
        out = []
        lines = [0]
        calls = {}
        for flines in self.funcs:
            for indent, text, lualine, cn in flines:
                out.append("    " * indent + text)
                lines.append(lualine)
                if cn is not None:
                    calls[len(lines) - 1] = cn
        out.append("make_main = mk_%s" % fname)
        lines.append(0)
        return "\n".join(out) + "\n", lines, calls, self.protos

    # ------------------------------------------------------------ functions
    def function(self, node: A_.Function):
        """Emit a module-level factory ``mk_lf_N(U_a, U_b)`` returning the
        generator function for ``node`` with its upvalue cells bound (as
        Python closure variables); returns the function's Python name.

        Factories keep the generated code flat however deeply Lua
        functions nest; a function met again (while compiling the plain
        twin of its parent) reuses its factory."""
        done = self.compiled.get(id(node))
        if done is not None:
            return done
        self.nfunc += 1
        pyname = "lf_%d" % self.nfunc
        self.protos[pyname] = node
        parent = self.fs
        fs = FuncState(node, parent)
        params = ["D"]
        for p in node.params:
            params.append("%s=None" % self.varname(p))
        params.append("*VA" if node.is_vararg else "*_x")
        upnames = ["U_" + self.varname(uv) for uv in node.upvals]
        saved_e = self.e
        self.e = Emitter()
        self.e.line = node.line
        self.emit("def mk_%s(%s):" % (pyname, ", ".join(upnames)))
        self.e.indent = 1
        self.emit("def %s(%s):" % (pyname, ", ".join(params)))
        self.fs = fs
        self.e.indent = 2
        self.e.line = 0                         # line 0: no line hook event
        self.emit("try: FC()")                  # a call's fuel unit (runtime/fuel.py)
        self.emit("except IndexError: (yield OUT) if REFILL() else None")
        self.e.line = node.line
        fs.hoists.append(self.e.lines[-1])     # outlined loops are defined after it
        for p in node.params:
            if self.is_cell(p):
                n = self.varname(p)
                self.emit("%s = [%s]" % (n, n))
        self.param_flags(node)
        body_start = self.e.mark()
        self.block(node.body)
        if fs.uses_jump:
            self.e.lines.insert(body_start, [2, "_jump = 0", node.line, None])
        self.e.line = node.end_line or self.e.line
        self.emit("return ()")
        for ln in self.e.lines:
            if "(yield from " in ln[1] or "(A, " in ln[1]:
                ln[1] = _direct_yields(ln[1])
        self.e.indent = 1
        plain = effect = None
        if node is not self.chunk.func:
            effect = final_effect(node)
            if is_pure_leaf(node, (effect,)):
                plain = self.plain_version(node, pyname, params)
            else:
                # stores anywhere: each undone before the twin deoptimises
                undo = undo_effects(node)
                if undo and is_pure_leaf(node, undo):
                    effect = undo
                    plain = self.plain_version(node, pyname, params, undo=True)
            if plain is not None and effect is not None:
                node.__dict__["effectful"] = True
        if node is self.chunk.func:
            self.emit("return %s" % pyname)
        else:
            # the closure object, built without a Python-level __init__
            self.emit("_o = NEWF(LuaFunction); _o.fn = %s; _o.proto = P_%s" % (pyname, pyname))
            self.emit("_o.plain = %s; _o.leaf = %s" % (
                plain or "None", "None" if plain is None or effect is not None else plain))
            self.emit("return _o")
        self.funcs.append(self.e.lines)
        self.fs = parent
        self.e = saved_e
        self.compiled[id(node)] = pyname
        return pyname

    def plain_version(self, node, pyname, params, undo=False):
        """Emit a plain (non-generator) twin of a pure leaf function: it
        runs the same code but raises ``Deopt`` wherever the generator
        would have to call Lua (a metamethod), which can only happen before
        any side effect; the call site then re-runs the generator.

        With ``undo``, the function also stores to table fields, upvalues
        or globals.  Each store records the old value in locals of its own
        (``_uh<n>``: the container, None until the store runs; ``_uv<n>``:
        the value) and only overwrites a present key with a non-nil value
        (anything else deoptimises); a ``Deopt`` raised afterwards puts the
        old values back, newest first, before the generator re-runs.  Such
        a twin is not a leaf: a pure twin calling it could not undo it."""
        saved_fs = self.fs
        self.fs = FuncState(node, saved_fs.parent)
        self.fs.plain = True
        if undo:
            self.fs.undo = []
        start = self.e.mark()
        pname = self.fs.pname = "lfp" + pyname[2:]
        self.e.line = node.line
        self.emit("def %s(%s):" % (pname, ", ".join(params)))
        self.e.indent = 2
        # out of fuel or deep: let the generator version take over (it can
        # suspend, and it segments deep recursion)
        self.e.line = 0
        self.emit("try: FC()")
        self.emit("except IndexError: REFILL_T()")
        self.e.line = node.line
        # (also how a debug hook makes the twin give way: ldebug sets D)
        self.emit("if D > 150: DEOPT()")
        for p in node.params:
            if self.is_cell(p):
                n = self.varname(p)
                self.emit("%s = [%s]" % (n, n))
        self.param_flags(node)
        fs = self.fs
        if undo:
            try_at = self.e.mark()
            self.emit("try:")
            self.e.indent = 3
        self.int_specialised(node)
        selfcalls, stypes = self.int_self_calls(node, (), fs.types)
        if selfcalls:
            # recursion that returns integers whatever the arguments (a
            # tree's size): typed in the general body too
            fs.types = stypes
            fs.ints = {v for v, t in fs.types.items() if t == INT}
            fs.selfcalls = selfcalls
        self.block(node.body)
        self.emit("return ()")
        if undo:
            self.e.indent = 2
            self.e.line = 0
            self.emit("except Deopt:")
            self.e.indent = 3
            for n, key in reversed(fs.undo):
                self.emit("if _uh%d is not None: _uh%d[%s] = _uv%d" % (n, n, key, n))
            self.emit("raise")
            self.e.indent = 2
            if fs.undo:
                self.insert_at(try_at, " = ".join("_uh%d" % n for n, _ in fs.undo) + " = None")
        self.e.indent = 1
        self.fs = saved_fs
        lines = self.e.lines[start:]
        ok = True
        for ln in lines:
            ln[1] = _deopt_yields(ln[1])
            if "yield" in ln[1] or "(A, D," in _PLAIN_CALLS.sub("", ln[1]):
                ok = False
        if not ok:
            del self.e.lines[start:]
            return None
        self.protos[pname] = node
        return pname

    def int_specialised(self, node):
        """In a plain twin, a second copy of the body for calls whose
        numeric parameters are all integers (the usual case for counters,
        indices and recursion depths), with those parameters typed."""
        iparams = numeric_params(node)
        if not iparams:
            return
        guarded = iparams
        while True:
            # a parameter that can become a non-integer is not assumed:
            # iterate until every assumed one stays an integer
            spec = local_types(node, assume_int=set(guarded), calls=self.fs.lens)
            still = [p for p in guarded if spec.get(p) == INT]
            if still == guarded:
                break
            guarded = still
        if not guarded:
            return
        fs = self.fs
        selfcalls, stypes = self.int_self_calls(node, guarded, spec)
        if selfcalls:
            spec = stypes
        saved_line, self.e.line = self.e.line, 0    # line 0: no line hook event
        self.emit("if %s:" % " and ".join("%s.__class__ is int" % self.varname(p) for p in guarded))
        self.e.line = saved_line
        self.e.indent += 1
        saved = fs.types, fs.ints
        fs.types = spec
        fs.ints = {v for v, t in fs.types.items() if t == INT}
        fs.selfcalls = selfcalls
        self.block(node.body)
        self.emit("return ()")
        fs.types, fs.ints = saved
        fs.selfcalls = ()
        self.e.indent -= 1

    def int_self_calls(self, node, guarded, spec):
        """Recursive calls of ``node`` (through the local it is bound to for
        good) passing integers for every guarded parameter, when every
        ``return`` of the integer-specialised body then returns one integer
        (by induction: assuming those calls do).  In that body such a call
        goes straight to the twin and its result is typed INT.  Returns
        (the calls, the local types with them typed), or ((), None)."""
        params = node.params
        calls = []
        rets = []
        for n in A_.walk(node.body):
            c = n.__class__
            if c is A_.Call and n.func.__class__ is A_.Name and self.fixed.get(n.func.var) is node:
                if len(n.args) == len(params) and all(
                        p not in guarded or expr_type(a, spec) == INT
                        for p, a in zip(params, n.args)):
                    calls.append(n)
            elif c is A_.Return:
                rets.append(n)
        stats = node.body.stats
        if not calls or not stats or stats[-1].__class__ is not A_.Return:
            return (), None
        types = local_types(node, assume_int=set(guarded), calls={**self.fs.lens, **dict.fromkeys(calls, INT)})
        for r in rets:
            if len(r.exprs) != 1 or r.exprs[0].__class__ in (A_.Call, A_.MethodCall, A_.Vararg) \
                    or expr_type(r.exprs[0], types) != INT:
                return (), None
        return frozenset(calls), types

    def closure(self, node: A_.Function):
        fname = self.function(node)
        cells = ", ".join(self.var_cell(uv) for uv in node.upvals)
        return "mk_%s(%s)" % (fname, cells)

    # ------------------------------------------------------------ blocks
    def block(self, block: A_.Block):
        stats = block.stats
        labels = [i for i, s in enumerate(stats) if isinstance(s, A_.Label)]
        if labels:
            self.sm_block(block)
        else:
            self.stats(stats)

    def _labels_used(self, block):
        return any(getattr(s, "_used", False) for s in block.stats
                   if isinstance(s, A_.Label))

    def stats(self, stats):
        i = 0
        n = len(stats)
        while i < n:
            s = stats[i]
            if isinstance(s, A_.Local) and any(v.attrib == "close" for v in s.vars):
                self.local_close(s, stats[i + 1:])
                return
            mark = self.fs.ntmp
            self.stat(s)
            if REUSE_TEMPS:
                self.fs.ntmp = mark
            i += 1

    def sm_block(self, block):
        """A block whose labels are jump targets: a state machine loop."""
        fs = self.fs
        fs.ntemp += 1
        sm = fs.ntemp
        gv = "_g%d" % sm
        segments = [[]]
        for s in block.stats:
            if isinstance(s, A_.Label):
                fs.label_sm[s] = (sm, len(segments))
                segments.append([])
            else:
                segments[-1].append(s)
        self.emit("%s = 0" % gv)
        self.emit("while True:")
        self.e.indent += 1
        fs.loops.append(("sm", sm))
        for k, seg in enumerate(segments):
            self.emit("if %s <= %d:" % (gv, k))
            self.e.indent += 1
            self.emit("pass")
            self.stats(seg)
            self.e.indent -= 1
        self.emit("break")
        fs.loops.pop()
        self.e.indent -= 1
        self.after_loop()

    def after_loop(self):
        """After a Python loop: continue a pending goto/break outwards."""
        fs = self.fs
        if not fs.uses_jump:
            return
        if fs.loops:
            kind, ident = fs.loops[-1]
            if kind == "sm":
                self.emit("if _jump == %d: _jump = 0; continue" % ident)
            else:
                self.emit("if _jump == %d: _jump = 0; break" % -ident)
            self.emit("if _jump: break")

    def local_close(self, s, rest):
        self.stat(s)
        var = [v for v in s.vars if v.attrib == "close"][0]
        val = self.var_read(var)
        self.emit("check_closable(A, %s, %r)" % (val, var.name))
        self.fs.tbc_depth += 1
        self.closing(val, lambda: self.stats(rest))
        self.fs.tbc_depth -= 1

    def closing(self, val, body):
        """Emit ``body()`` so that ``__close`` of ``val`` runs when it is
        left: normally (also by break/goto/return), by an error (with the
        error value), or by ``coroutine.close``."""
        ok = self.tmp()
        err = self.tmp()
        self.emit("%s = True" % ok)
        self.emit("try:")
        self.e.indent += 1
        self.emit("pass")
        body()
        self.e.indent -= 1
        self.emit("except LuaError as %s:" % err)
        self.e.indent += 1
        self.emit("%s = False" % ok)
        self.emit("if %s is not None: yield from close_var(A, D, %s, %s.value)" % (val, val, err))
        self.emit("raise")
        self.e.indent -= 1
        self.emit("except CoroutineClose:")
        self.e.indent += 1
        self.emit("%s = False" % ok)
        self.emit("if %s is not None: yield from close_var(A, D, %s, None)" % (val, val))
        self.emit("raise")
        self.e.indent -= 1
        self.emit("except BaseException:")
        self.e.indent += 1
        self.emit("%s = False" % ok)
        self.emit("raise")
        self.e.indent -= 1
        self.emit("finally:")
        self.e.indent += 1
        self.emit("if %s and %s is not None: yield from close_var(A, D, %s, None)" % (ok, val, val))
        self.e.indent -= 1

    # ------------------------------------------------------------ statements
    def stat(self, s):
        self.e.line = s.line
        m = getattr(self, "st_" + type(s).__name__)
        if s.__class__ in _LOOPS:
            fs = self.fs
            if fs.pyblocks >= 12 and _outlinable(s):
                self.outline(s, m)
                return
            fs.pyblocks += 2
            m(s)
            fs.pyblocks -= 2
            return
        m(s)

    def outline(self, s, compile_loop):
        """Compile a deeply nested loop as a generator function defined at
        the top of the enclosing Python function (CPython allows only 20
        nested blocks and 100 indentation levels per function).  Outer
        locals it assigns are declared ``nonlocal``; it has no return or
        goto (checked by ``_outlinable``)."""
        fs = self.fs
        fs.ntemp += 1
        name = "_ol%d" % fs.ntemp
        declared, assigned = _vars_in(s, fs.node)
        outer = sorted({self.varname(v) for v in assigned - declared if not v.captured
                        and v.func is fs.node})
        saved = (fs.pyblocks, fs.loops, fs.counters, fs.uses_jump)
        fs.pyblocks, fs.loops, fs.counters, fs.uses_jump = 2, [], [], False
        marker = [0, "pass", s.line, None]

        def body():
            self.emit("def %s(D):" % name)
            self.e.indent += 1
            self.emit("nonlocal " + ", ".join(outer) if outer else "pass")
            self.e.lines.append(marker)
            marker[0] = self.e.indent
            fs.hoists.append(marker)
            compile_loop(s)
            fs.hoists.pop()
            if fs.uses_jump:
                self.emit("_jump = 0")   # (unreachable; keeps the name local)
            self.emit("return None")
            self.emit("yield")
            self.e.indent -= 1
        lines, _ = self.capture(body)
        if fs.uses_jump:
            i = next(k for k, ln in enumerate(lines) if ln is marker)
            lines.insert(i + 1, [marker[0], "_jump = 0", s.line, None])
        fs.pyblocks, fs.loops, fs.counters, fs.uses_jump = saved
        host = fs.hoists[-1]
        pos = next(k for k, ln in enumerate(self.e.lines) if ln is host) + 1
        for ln in lines:
            ln[0] += host[0]
        self.e.lines[pos:pos] = lines
        self.emit("yield from %s(D)" % name)

    def st_Local(self, s):
        vars_ = s.vars
        if len(s.exprs) == 1 and len(vars_) == 1 and not isinstance(s.exprs[0], (A_.Call, A_.MethodCall, A_.Vararg)):
            v = self.expr(s.exprs[0])
            self.assign_local(vars_[0], v, declare=True)
            return
        vals = self.explist(s.exprs, len(vars_))
        for var, v in zip(vars_, vals):
            self.assign_local(var, v, declare=True)

    def assign_local(self, var, value, declare=False):
        name = self.varname(var)
        if var.func is not self.fs.node:
            undo = self.fs.undo
            if undo is not None:
                n = len(undo) + 1
                undo.append((n, "0"))
                t = self.tmp()
                self.emit("%s = %s" % (t, value))
                self.emit("_uv%d = (_uh%d := U_%s)[0]; _uh%d[0] = %s" % (n, n, name, n, t))
                return
            self.emit("U_%s[0] = %s" % (name, value))
        elif self.is_cell(var):
            if declare:
                self.emit("%s = [%s]" % (name, value))
            else:
                self.emit("%s[0] = %s" % (name, value))
        else:
            self.emit("%s = %s" % (name, value))
            if var in self.fs.tabvars or var in self.fs.private:
                self.table_flag(var)

    def table_flag(self, var):
        name = self.varname(var)
        fs = self.fs
        if var in fs.private:
            fs.tabflags[name] = "True"
            fs.private_names.add(name)
            if var in fs.arrays:
                fs.arrnames[name] = "ar_" + name
                self.emit("ar_%s = %s.arr" % (name, name))
            return
        flag = "tf_" + name
        fs.tabflags[name] = flag
        self.emit("%s = %s.__class__ is LuaTable" % (flag, name))
        if var in fs.arrays:
            fs.arrnames[name] = "ar_" + name
            self.emit("ar_%s = %s.arr if %s else None" % (name, name, flag))

    def param_flags(self, node):
        saved, self.e.line = self.e.line, 0    # line 0: no line hook event
        for p in node.params:
            if p in self.fs.tabvars:
                self.table_flag(p)
        self.e.line = saved

    def array_part(self, obj: str) -> str:
        """Python expression for the array part of table ``obj`` (a local's
        alias of it when it has one: see ``_array_locals``)."""
        return self.fs.arrnames.get(obj) or obj + ".arr"

    def table_test(self, obj):
        """Python test that the local or temp ``obj`` is a LuaTable (its
        hoisted flag when it has one)."""
        flag = self.fs.tabflags.get(obj)
        return flag if flag is not None else "%s.__class__ is LuaTable" % obj

    def is_table_test(self, obj, t):
        """Python test that ``obj`` is a LuaTable, binding it to ``t``
        unless it is a flagged local; returns (test, name bound)."""
        flag = self.fs.tabflags.get(obj)
        if flag is not None:
            return flag, obj
        return "(%s := %s).__class__ is LuaTable" % (t, obj), t

    def st_LocalFunction(self, s):
        var = s.var
        name = self.varname(var)
        if self.is_cell(var):
            self.emit("%s = [None]" % name)
            f = self.closure(s.func)
            self.emit("%s[0] = %s" % (name, f))
        else:
            f = self.closure(s.func)
            self.emit("%s = %s" % (name, f))

    def st_Assign(self, s):
        targets = s.targets
        if len(targets) == 1 and len(s.exprs) == 1:
            t = targets[0]
            if isinstance(t, A_.Name):
                v = self.expr(s.exprs[0])
                self.assign_local(t.var, v)
                return
            obj = self.expr_tmp(t.obj)
            key = self.expr_tmp(t.key) if not isinstance(t.key, (A_.String, A_.Number)) else None
            v = self.expr(s.exprs[0])
            # Lua attributes the store to the line where the statement ends
            self.e.line = max(s.line, s.exprs[0].line)
            self.store_index(t, obj, key, v, self.nonnil(s.exprs[0]))
            return
        # general: evaluate target prefixes and keys, then values, then assign
        pre = []
        written = {t.var for t in targets if isinstance(t, A_.Name)}

        def stable(e):
            # a local no value expression can change (not captured) and no
            # target of this statement assigns: no copy needed
            return (isinstance(e, A_.Name) and e.var.func is self.fs.node and not e.var.captured
                    and e.var not in written)
        for t in targets:
            if isinstance(t, A_.Index):
                obj = self.varname(t.obj.var) if stable(t.obj) else self.expr_tmp(t.obj, force=True)
                if isinstance(t.key, (A_.String, A_.Number)):
                    key = None
                elif stable(t.key):
                    key = self.varname(t.key.var)
                else:
                    key = self.expr_tmp(t.key, force=True)
                pre.append((t, obj, key))
            else:
                pre.append((t, None, None))
        vals = self.explist(s.exprs, len(targets), force_tmp=True)
        # PUC-Rio stores right to left (``a, a = 1, 2`` leaves 1)
        exprs = s.exprs
        for i, ((t, obj, key), v) in reversed(list(enumerate(zip(pre, vals)))):
            self.e.line = t.line
            if isinstance(t, A_.Name):
                self.assign_local(t.var, v)
            else:
                self.store_index(t, obj, key, v, i < len(exprs) and self.nonnil(exprs[i]))

    def store_index(self, t, obj, key, v, nonnil=False):
        start = self.e.mark()
        self._store_index(t, obj, key, v, nonnil)
        if self.fs.plain:
            # a __newindex function is due (nothing stored yet): deoptimise
            for ln in self.e.lines[start:]:
                if ln[1].startswith("elif setindex(") and ": yield from setindex_g(" in ln[1]:
                    ln[1] = ln[1][:ln[1].index(": yield from setindex_g(")] + ": DEOPT()"

    def _store_index(self, t, obj, key, v, nonnil=False):
        desc = self.desc(t.obj)
        istab = self.table_test(obj)
        private = obj in self.fs.private_names
        if self.fs.undo is not None and not private:
            return self.undo_store(t, obj, key, v, nonnil, istab)
        # a table without a metatable: raw stores (``nn``: the value is not nil)
        raw = "" if private else "%s and %s.meta is None and " % (istab, obj)
        if v.startswith("_t") and v[2:].isdigit():
            vt = v                  # a temp already (assigned once): no copy
            v = None
        else:
            vt = self.tmp()
        nn = "" if nonnil else " and %s is not None" % vt
        arr = self.array_part(obj)
        if key is None:
            k = self.const(t.key)
            if isinstance(t.key, A_.String):
                if v is not None:
                    self.emit("%s = %s" % (vt, v))
                # a key already present is assigned raw even with a metatable
                if private:
                    self.emit("if %s%s: %s.hash[%s] = %s" % ("True" if nonnil else "", nn[5:], obj, k, vt))
                else:
                    self.emit("if %s%s and (%s.meta is None or %s.hash.get(%s) is not None): %s.hash[%s] = %s"
                              % (istab, nn, obj, obj, k, obj, k, vt))
                self.emit("elif setindex(A, %s, %s, %s, %r) is MM: yield from setindex_g(A, D, %s, %s, %s, %r)"
                          % (obj, k, vt, desc, obj, k, vt, desc))
                return
            if isinstance(t.key.value, int) and t.key.value > 0:
                i = t.key.value
                if v is not None:
                    self.emit("%s = %s" % (vt, v))
                self.emit("if %s%d <= len(%s)%s: %s[%d] = %s"
                          % (raw, i, arr, nn, arr, i - 1, vt))
                self.emit("elif setindex(A, %s, %s, %s, %r) is MM: yield from setindex_g(A, D, %s, %s, %s, %r)"
                          % (obj, k, vt, desc, obj, k, vt, desc))
                return
            key = self._spill(k)
        if v is not None:
            self.emit("%s = %s" % (vt, v))
        if self.ntype(t.key) == INT:
            intchk = isint = ""
            hashok = "(%s > len(%s) + 1 or %s < 1)" % (key, arr, key)
        else:
            c = self.tmp()
            # (assigned first, on every path: see ex_Index)
            self.emit("%s = %s.__class__" % (c, key))
            intchk = isint = "%s is int and " % c
            hashok = "(%s is bytes or %s is int and (%s > len(%s) + 1 or %s < 1))" % (c, c, key, arr, key)
        self.emit("if %s%s0 < %s <= len(%s)%s: %s[%s - 1] = %s"
                  % (raw, intchk, key, arr, nn, arr, key, vt))
        # appending (t[#t + 1] = v) to a table with no hash part
        self.emit("elif %s%s%s == len(%s) + 1%s and not %s.hash: %s.append(%s)"
                  % (raw, isint, key, arr, nn, obj, arr, vt))
        # a string key, or an integer key beyond the array part's border
        self.emit("elif %s%s%s: %s.hash[%s] = %s" % (raw, hashok, nn, obj, key, vt))
        self.emit("elif setindex(A, %s, %s, %s, %r) is MM: yield from setindex_g(A, D, %s, %s, %s, %r)"
                  % (obj, key, vt, desc, obj, key, vt, desc))

    def undo_store(self, t, obj, key, v, nonnil, istab):
        """A store in a plain twin that undoes (see ``plain_version``): the
        present value of a present key is recorded, then overwritten;
        anything else (a new key, a nil value, not a table) deoptimises."""
        undo = self.fs.undo
        n = len(undo) + 1
        if not (v.startswith("_t") and v[2:].isdigit()):
            vt = self.tmp()
            self.emit("%s = %s" % (vt, v))
            v = vt
        nn = "" if nonnil else "%s is not None and " % v
        if key is None and isinstance(t.key, A_.String):
            k = self.const(t.key)
            undo.append((n, k))
            self.emit("if %s and %s(_uv%d := (_uh%d := %s.hash).get(%s)) is not None: _uh%d[%s] = %s"
                      % (istab, nn, n, n, obj, k, n, k, v))
            self.emit("else: DEOPT()")
            return
        arr = self.array_part(obj)
        if key is None:
            i = t.key.value
            if not (isinstance(i, int) and i > 0):
                self.emit("DEOPT()")        # not an array index: never present there
                return
            undo.append((n, str(i - 1)))
            self.emit("if %s and %d <= len(%s) and %s(_uv%d := %s[%d]) is not None: (_uh%d := %s)[%d] = %s"
                      % (istab, i, arr, nn, n, arr, i - 1, n, arr, i - 1, v))
            self.emit("else: DEOPT()")
            return
        key = self._spill(key)
        intchk = "" if key.isdigit() or self.ntype(t.key) == INT else "%s.__class__ is int and " % key
        undo.append((n, "_uk%d" % n))
        self.emit("if %s and %s0 < %s <= len(%s) and %s(_uv%d := %s[(_uk%d := %s - 1)]) is not None: "
                  "(_uh%d := %s)[_uk%d] = %s"
                  % (istab, intchk, key, arr, nn, n, arr, n, key, n, arr, n, v))
        self.emit("else: DEOPT()")

    def st_CallStat(self, s):
        self.call(s.call, want=0)

    def st_Do(self, s):
        self.block(s.body)

    def fuel_check(self):
        self.emit("F[0] -= 1")
        self.emit("if F[0] < 0: yield OUT")

    def loop_counter(self):
        """Start a loop's local fuel counter: back-edges count in a fast
        local and charge the arena's fuel every 64 iterations (and the rest
        when the loop ends), which bounds latency at a fraction of the
        cost of touching the shared counter every iteration."""
        fc = "_fc%d" % (self.fs.ntemp + 1)
        self.fs.ntemp += 1
        self.emit("%s = 0" % fc)
        self.fs.counters.append(fc)
        return fc

    def loop_fuel(self, fc):
        self.emit("%s += 1" % fc)
        self.emit("if %s > 63:" % fc)
        self.e.indent += 1
        self.emit("F[0] -= %s" % fc)
        self.emit("%s = 0" % fc)
        self.emit("if F[0] < 0: yield OUT")
        self.e.indent -= 1

    def loop_end(self, line=None):
        fc = self.fs.counters.pop()
        if line is not None:
            self.e.line = line
        self.emit("F[0] -= %s" % fc)

    def loop_body(self, body, tail=None):
        fs = self.fs
        fs.ntemp += 1
        lid = fs.ntemp
        fs.loops.append(("loop", lid))
        self.emit("pass")
        stats = body.stats
        if tail is None and stats and stats[-1].__class__ is A_.Label \
                and not any(x.__class__ is A_.Label for x in stats[:-1]) \
                and _direct_gotos(stats[:-1], stats[-1]):
            # ``goto continue`` to a label ending the body: Python's continue
            fs.label_cont[stats[-1]] = lid
            self.stats(stats[:-1])
        else:
            self.block(body)
        if tail is not None:
            tail()
        self.loop_fuel(fs.counters[-1])
        fs.loops.pop()
        return lid

    def st_While(self, s):
        sub = self.capture(lambda: self.test(s.cond))
        lines, cond = sub
        self.loop_counter()
        if not lines:
            self.emit("while %s:" % cond)
            self.e.indent += 1
            self.loop_body(s.body)
            self.e.indent -= 1
        else:
            self.emit("while True:")
            self.e.indent += 1
            self.splice(lines)
            self.emit("if not (%s): break" % cond)
            self.loop_body(s.body)
            self.e.indent -= 1
        self.loop_end()
        self.after_loop()

    def st_Repeat(self, s):
        self.loop_counter()
        self.emit("while True:")
        self.e.indent += 1

        def tail():
            self.e.line = s.cond.line
            c = self.test(s.cond)
            self.emit("if %s: break" % c)
        # the condition sees the body's locals: compile it inside the body
        # (a state-machine body keeps them in scope as Python locals).
        self.loop_body_repeat(s.body, tail)
        self.e.indent -= 1
        self.loop_end()
        self.after_loop()

    def loop_body_repeat(self, body, tail):
        fs = self.fs
        fs.ntemp += 1
        lid = fs.ntemp
        fs.loops.append(("loop", lid))
        self.emit("pass")
        self.block(body)
        self.loop_fuel(fs.counters[-1])
        tail()
        fs.loops.pop()

    def st_If(self, s):
        first = True
        depth = 0
        tests = list(s.tests)
        orelse = s.orelse
        # `else if ... end end` chains become elif chains (flat Python)
        while (orelse is not None and len(orelse.stats) == 1
               and isinstance(orelse.stats[0], A_.If)):
            inner = orelse.stats[0]
            tests.extend(inner.tests)
            orelse = inner.orelse
        for cond, body in tests:
            self.e.line = cond.line
            if first:
                c = self.test(cond)
                self.emit("if %s:" % c)
                first = False
            else:
                lines, c = self.capture(lambda: self.test(cond))
                if lines:
                    self.emit("else:")
                    self.e.indent += 1
                    depth += 1
                    self.splice(lines)
                    self.emit("if %s:" % c)
                else:
                    self.emit("elif %s:" % c)
            self.e.indent += 1
            self.emit("pass")
            self.block(body)
            self.e.indent -= 1
        if orelse is not None and orelse.stats:
            self.emit("else:")
            self.e.indent += 1
            self.emit("pass")
            self.block(orelse)
            self.e.indent -= 1
        self.e.indent -= depth

    def st_NumericFor(self, s):
        a = self.expr_tmp(s.start, force=True)
        b = self.expr_tmp(s.stop, force=True)
        c = self.expr_tmp(s.step, force=True) if s.step is not None else "1"
        var = s.var
        name = self.varname(var)
        it = self.tmp()
        self.loop_counter()
        bounds = [_const_int(x) for x in (s.start, s.stop, s.step or A_.Number(s.line, 1))]
        if None not in bounds and not var.assigned and bounds[2] != 0:
            lo, hi = bounds[0], bounds[1]
            self.fs.ranges[var] = (lo, hi) if bounds[2] > 0 else (hi, lo)
        loop = "forrange(%s, %s, %s)" % (a, b, c)
        step = bounds[2]
        if step and self.ntype(s.start) == INT:
            # integer start and step: an integer limit makes it a plain range
            end = "%s + 1" % b if step > 0 else "%s - 1" % b
            rng = "range(%s, %s%s)" % (a, end, "" if step == 1 else ", %d" % step)
            loop = rng if self.ntype(s.stop) == INT else \
                "(%s if %s.__class__ is int else %s)" % (rng, b, loop)
        if self.is_cell(var):
            self.emit("for %s in %s:" % (it, loop))
            self.e.indent += 1
            self.emit("%s = [%s]" % (name, it))
        else:
            self.emit("for %s in %s:" % (name, loop))
            self.e.indent += 1
        self.loop_body(s.body)
        self.e.indent -= 1
        self.loop_end(s.line)
        self.after_loop()

    def st_GenericFor(self, s):
        vals = self.explist(s.exprs, 4, force_tmp=True)
        self.fs.ntemp += 1          # named for good: debug.getlocal shows them
        f, st, ctl, clo = ("_fs%d_%d" % (self.fs.ntemp, k) for k in range(4))
        self.emit("%s, %s, %s, %s = %s" % (f, st, ctl, clo, ", ".join(vals)))
        # the loop's hidden state, as debug.getlocal shows it in PUC Lua
        for t in (f, st, ctl, clo):
            v = A_.Var("(for state)", s.line, self.fs.node)
            v.pyname = t
            self.fs.node.__dict__.setdefault("locvars", []).append(v)

        def loop():
            self.loop_counter()
            # ipairs and pairs (next) over a table step inline (with a debug
            # hook set, the iterator is called: call hooks must see it)
            fast = len(s.vars) <= 2
            if fast:
                ip = "_ip%d" % self.fs.ntemp
                self.emit("%s = %s is B_inext and %s.__class__ is LuaTable and %s.__class__ is int "
                          "and %s < 4611686018427387904" % (ip, f, st, ctl, ctl))
            self.emit("while True:")
            self.e.indent += 1
            r = self.tmp()
            if fast:
                v2, a = self.tmp(), self.tmp()
                self.emit("if %s and %s.meta is None and not HK[0]:" % (ip, st))
                self.emit("    %s += 1" % ctl)
                self.emit("    if 0 < %s <= len(%s := %s.arr): %s = %s[%s - 1]" % (ctl, a, st, v2, a, ctl))
                self.emit("    else: %s = %s.hash.get(%s)" % (v2, st, ctl))
                self.emit("    if %s is None: break" % v2)
                self.emit("elif %s is B_next and %s.__class__ is LuaTable and not HK[0]:" % (f, st))
                # the array part's next slot, else ``next`` itself
                self.emit("    if %s.__class__ is int and 0 < %s < len(%s := %s.arr) and (%s := %s[%s]) is not None: %s += 1"
                          % (ctl, ctl, a, st, v2, a, ctl, ctl))
                self.emit("    elif %s is None and (%s := %s.arr) and (%s := %s[0]) is not None: %s = 1"
                          % (ctl, a, st, v2, a, ctl))
                self.emit("    else:")
                self.emit("        if (%s := B_next.fn(%s, %s)) is None: break" % (r, st, ctl))
                self.emit("        %s, %s = %s" % (ctl, v2, r))
                self.emit("else:")
                self.e.indent += 1
            self.dispatch(r, f, [st, ctl], "for iterator 'for iterator'",
                          ("for iterator", "for iterator"), multi=True, line=s.exprs[0].line)
            names = []
            for i, var in enumerate(s.vars):
                val = "%s[%d] if len(%s) > %d else None" % (r, i, r, i) if i else "%s[0] if %s else None" % (r, r)
                names.append(val)
            first = s.vars[0]
            self.emit("%s = %s" % (ctl, names[0]))
            self.emit("if %s is None: break" % ctl)
            if fast:
                if len(names) > 1:
                    self.emit("%s = %s" % (v2, names[1]))
                    names[1] = v2
                self.e.indent -= 1
            for var, val in zip(s.vars, names):
                if var is first:
                    val = ctl
                self.assign_local(var, val, declare=True)
            self.loop_body(s.body)
            self.e.indent -= 1
            self.loop_end()
            self.after_loop()
        self.emit("if %s is not None: check_closable(A, %s, '(for state)')" % (clo, clo))
        self.fs.tbc_depth += 1
        self.closing(clo, loop)
        self.fs.tbc_depth -= 1
        self.emit("del %s, %s, %s, %s" % (f, st, ctl, clo))     # out of scope

    def st_Return(self, s):
        exprs = s.exprs
        fs = self.fs
        if len(exprs) == 1 and isinstance(exprs[0], (A_.Call, A_.MethodCall)) and fs.tbc_depth == 0:
            self.tailcall(exprs[0])
            return
        if len(exprs) == 1 and not isinstance(exprs[0], (A_.Call, A_.MethodCall, A_.Vararg)):
            self.emit("return %s" % self.expr(exprs[0]))
            return
        if not exprs:
            self.emit("return ()")
            return
        parts = self.explist(exprs, None)
        self.emit("return %s" % self.tuple_expr(parts))

    def tuple_expr(self, parts):
        if len(parts) == 1 and parts[0].startswith("*"):
            return parts[0][1:]
        return "(%s,)" % ", ".join(parts)

    def st_Break(self, s):
        fs = self.fs
        for kind, ident in reversed(fs.loops):
            if kind == "loop":
                target = ident
                break
        if fs.loops[-1][0] == "loop":
            self.emit("break")
        else:
            fs.uses_jump = True
            self.emit("_jump = %d" % -target)
            self.emit("break")

    def st_Goto(self, s):
        fs = self.fs
        if s.label in fs.label_cont:
            self.fuel_check()
            self.emit("continue")
            return
        sm, k = fs.label_sm[s.label]
        self.fuel_check()
        if fs.loops and fs.loops[-1] == ("sm", sm):
            self.emit("_g%d = %d" % (sm, k))
            self.emit("continue")
        else:
            fs.uses_jump = True
            self.emit("_g%d = %d" % (sm, k))
            self.emit("_jump = %d" % sm)
            self.emit("break")

    def st_Label(self, s):
        pass

    # ------------------------------------------------------------ capture
    def capture(self, fn):
        """Run ``fn`` emitting into a scratch buffer; returns (lines, result)."""
        saved = self.e.lines
        self.e.lines = []
        base = self.e.indent
        try:
            res = fn()
            lines = self.e.lines
        finally:
            self.e.lines = saved
        for ln in lines:
            ln[0] -= base
        return lines, res

    def splice(self, lines):
        base = self.e.indent
        for ln in lines:
            self.e.lines.append([ln[0] + base, ln[1], ln[2], ln[3]])

    # ------------------------------------------------------------ expressions
    def const(self, e):
        if isinstance(e, A_.String):
            return repr(e.value)
        if isinstance(e, A_.Number):
            return self.number(e.value)
        raise AssertionError(e)

    def number(self, v):
        if v.__class__ is float:
            if v != v:
                return "(-(1e999-1e999))"
            if v in (float("inf"), float("-inf")):
                return "1e999" if v > 0 else "(-1e999)"
            r = repr(v)
            return r if not r.startswith("-") else "(%s)" % r
        return repr(v) if v >= 0 else "(%s)" % repr(v)

    def is_simple(self, s):
        """A Python expression string that is safe to evaluate later."""
        if _NEG_LITERAL.match(s):
            return True
        return s.isidentifier() or s[:1].isdigit() or s[:2] in ("b'", 'b"') or s in ("None", "True", "False")

    def expr_tmp(self, e, force=False):
        """Evaluate ``e`` now into a temp (or a simple expression)."""
        s = self.expr(e)
        if self.is_literal(s) or (self.is_simple(s) and not force):
            return s
        t = self.tmp()
        self.emit("%s = %s" % (t, s))
        return t

    def is_literal(self, s):
        """A Python literal (never changes when other code runs)."""
        if _NEG_LITERAL.match(s):
            return True
        return s[:1].isdigit() or s[:2] in ("b'", 'b"') or s in ("None", "True", "False")

    def explist(self, exprs, want, force_tmp=False):
        """Compile an expression list.  With ``want`` = n returns n Python
        expressions (padding with None, truncating); with ``want`` None
        returns the parts for a tuple, the last maybe ``*t``."""
        items = []
        n = len(exprs)
        for i, e in enumerate(exprs):
            last = i == n - 1
            if last and isinstance(e, (A_.Call, A_.MethodCall, A_.Vararg)) and (want is None or want > i + 1):
                if isinstance(e, A_.Vararg):
                    t = "VA"
                else:
                    t = self.call(e, want=-1)
                if want is None:
                    items.append((self.e.mark(), "*" + t))
                else:
                    for j in range(want - i):
                        if isinstance(e, A_.Vararg):
                            items.append((self.e.mark(), self._spill("VA[%d] if len(VA) > %d else None" % (j, j))))
                        else:
                            items.append((self.e.mark(), self._spill("%s[%d] if len(%s) > %d else None" % (t, j, t, j))))
                return self._order(items)
            s = self.expr(e)
            if (force_tmp and not self.is_literal(s)) or ((want is not None and i >= want) and not self.is_simple(s)):
                t = self.tmp()
                self.emit("%s = %s" % (t, s))
                s = t
            if want is not None and i >= want:
                continue       # evaluated for side effects only
            items.append((self.e.mark(), s))
        out = self._order(items)
        if want is not None:
            while len(out) < want:
                out.append("None")
        return out

    def _spill(self, s):
        t = self.tmp()
        self.emit("%s = %s" % (t, s))
        return t

    def _order(self, items):
        """Keep left-to-right evaluation: an operand whose Python
        expression would only be evaluated later is spilled into a temp
        right after its own code whenever later operands emitted code."""
        out = [s for _, s in items]
        for idx in range(len(items) - 1, -1, -1):
            boundary, s = items[idx]      # position right after its own code
            if self.is_simple(s) or s.startswith("*"):
                continue
            if self.e.mark() > boundary:
                t = self.tmp()
                self.insert_at(boundary, "%s = %s" % (t, s))
                out[idx] = t
        return out

    def _emitted_between(self, a, b):
        return b > a

    def insert_at(self, pos, text):
        ln = self.e.lines
        ref = ln[pos] if pos < len(ln) else None
        indent = self.e.indent
        lualine = ref[2] if ref is not None else self.e.line
        ln.insert(pos, [indent, text, lualine, None])

    def expr(self, e):
        """Python expression (single value) for Lua expression ``e``;
        may emit statements first.  Long results are spilled into a temp
        so deeply nested Lua expressions stay within CPython's limits."""
        m = getattr(self, "ex_" + type(e).__name__)
        saved = self.e.line
        r = m(e)
        if (len(r) > 1200 or (e.line != saved and e.__class__ in _LINE_SPILL)) and not self.is_simple(r):
            # an operation on another line than its statement gets its own
            # Python line, so a runtime error there reports the right line
            self.e.line = e.line
            r = self._spill(r)
        self.e.line = saved
        return r

    def ex_Nil(self, e):
        return "None"

    def ex_TrueExpr(self, e):
        return "True"

    def ex_FalseExpr(self, e):
        return "False"

    def ex_Number(self, e):
        return self.number(e.value)

    def ex_String(self, e):
        return repr(e.value)

    def ex_Vararg(self, e):
        return "(VA[0] if VA else None)"

    def ex_Paren(self, e):
        return self.expr(e.expr)

    def ex_Name(self, e):
        return self.var_read(e.var)

    def ex_Function(self, e):
        t = self.tmp()
        f = self.closure(e)
        self.emit("%s = %s" % (t, f))
        return t

    def ex_Call(self, e):
        return self.call(e, want=1)

    def ex_MethodCall(self, e):
        return self.call(e, want=1)

    def field_get(self, obj, key: bytes, desc, method=False):
        """``obj.key`` for a constant string key: raw hit, or a hit in an
        ``__index`` table one level up, inline; the helpers otherwise.
        ``method`` adds an inline path for string methods (``s:sub()``)."""
        L = {"obj": obj, "k": repr(key), "d": desc, "t": self.tmp(), "v": self.tmp(),
             "m": self.tmp(), "i": self.tmp()}
        L["istab"], L["t"] = self.is_table_test(obj, L["t"])
        strpath = ""
        if method:
            strpath = ("%(v)s if %(t)s.__class__ is bytes and (%(i)s := A.strmeta.hash.get(b'__index')).__class__ is LuaTable "
                       "and (%(v)s := %(i)s.hash.get(%(k)s)) is not None else " % L)
        return ("(%(v)s if %(istab)s and ((%(v)s := %(t)s.hash.get(%(k)s)) is not None "
                "or (%(m)s := %(t)s.meta) is None or ((%(i)s := %(m)s.hash.get(b'__index')).__class__ is LuaTable "
                "and (%(v)s := %(i)s.hash.get(%(k)s)) is not None)) else " % L + strpath +
                "%(v)s if (%(v)s := index(A, %(t)s, %(k)s, %(d)r)) is not MM "
                "else (yield from index_g(A, D, %(t)s, %(k)s, %(d)r)))" % L)

    def method_get(self, obj, key: bytes, desc):
        return self.field_get(obj, key, desc, method=True)

    def ex_Index(self, e):
        self.e.line = e.line
        desc = self.desc(e.obj)
        obj = self.expr(e.obj)
        if isinstance(e.key, A_.String):
            return self.field_get(obj, e.key.value, desc)
        mark = self.e.mark()
        key = self.expr(e.key)
        if self.e.mark() > mark and not self.is_simple(obj):
            t0 = self.tmp()
            self.insert_at(mark, "%s = %s" % (t0, obj))
            obj = t0
        t, v = self.tmp(), self.tmp()
        slow = ("else %s if (%s := index(A, %%(t)s, %%(k)s, %r)) is not MM "
                "else (yield from index_g(A, D, %%(t)s, %%(k)s, %r)))" % (v, v, desc, desc))
        if key.isdigit() and int(key) > 0:
            # a constant index: one bound to test
            istab, t = self.is_table_test(obj, t)
            arr = self.array_part(t)
            return ("(%s if %s%s <= len(%s) and (%s := %s[%d]) is not None "
                    % (v, _and(istab), key, arr, v, arr, int(key) - 1)) + slow % {"t": t, "k": key}
        if not key.isidentifier():
            if not self.is_simple(obj):
                t0 = self.tmp()             # evaluated first, as in Lua
                self.insert_at(mark, "%s = %s" % (t0, obj))
                obj = t0
            key = self._spill(key)
        if self.ntype(e.key) == INT:
            istab, t = self.is_table_test(obj, t)
            arr = self.array_part(t)
            # (the hash part never holds keys of the array part)
            return ("(%s if %s(0 < %s <= len(%s) and (%s := %s[%s - 1]) is not None "
                    "or (%s := %s.hash.get(%s)) is not None) "
                    % (v, _and(istab), key, arr, v, arr, key, v, t, key)) + slow % {"t": t, "k": key}
        istab, t = self.is_table_test(obj, t)
        arr = self.array_part(t)
        c = self.tmp()
        # an integer key in the array part; else a string or integer key in
        # the hash part (floats and booleans are normalised by ``index``).
        # Every temporary is assigned before any path reads it: the
        # collector's liveness analysis of temporaries is path-insensitive.
        return ("(%s if %s((%s := %s.__class__) is int and 0 < %s <= len(%s) and (%s := %s[%s - 1]) is not None "
                "or (%s is bytes or %s is int) and (%s := %s.hash.get(%s)) is not None) "
                % (v, _and(istab), c, key, key, arr, v, arr, key,
                   c, c, v, t, key)) + slow % {"t": t, "k": key}

    def ex_Table(self, e):
        self.e.line = e.line
        pos = []
        kv = []
        items = []
        nf = len(e.fields)
        for i, f in enumerate(e.fields):
            if f.key is None:
                if i == nf - 1 and isinstance(f.value, (A_.Call, A_.MethodCall, A_.Vararg)):
                    items.append(("multi", f.value))
                else:
                    items.append(("pos", f.value))
            else:
                items.append(("kv", f.key, f.value))
        # compile in order; spill everything to keep evaluation order simple
        for it in items:
            if it[0] == "pos":
                pos.append(self.expr_tmp(it[1]))
            elif it[0] == "multi":
                if isinstance(it[1], A_.Vararg):
                    pos.append("*VA")
                elif any(x[0] == "kv" for x in items):
                    pos.append("*" + self.call(it[1], want=-1))
                else:
                    pos.append("**" + self.call(it[1], want=-2))   # one value or a tuple
            else:
                k = self.expr_tmp(it[1])
                v = self.expr_tmp(it[2])
                kv.append(k)
                kv.append(v)
        t = self.tmp()
        if kv and all(it[0] != "kv" or isinstance(it[1], A_.String) for it in items):
            pairs = ", ".join("%s: %s" % (kv[i], kv[i + 1]) for i in range(0, len(kv), 2))
            if pos:
                self.emit("%s = mktable_h([%s], {%s})" % (t, ", ".join(pos), pairs))
                return t
            # string keys only: built directly unless a value turns out nil
            kvs = [it for it in items if it[0] == "kv"]
            unsure = [kv[2 * j + 1] for j, it in enumerate(kvs) if not self.nonnil(it[2])]
            if unsure:
                self.emit("if %s: %s" % (" and ".join("%s is not None" % v for v in unsure),
                                         self.new_table(t, "[]", "{%s}" % pairs)))
                self.emit("else: %s = mktable_h((), {%s})" % (t, pairs))
            else:
                self.emit(self.new_table(t, "[]", "{%s}" % pairs))
        elif kv:
            self.emit("%s = mktable_kv([%s], (%s,))" % (t, ", ".join(pos), ", ".join(kv)))
        elif not pos:
            self.emit(self.new_table(t, "[]", "{}"))
        elif items[-1][0] == "pos" and self.nonnil(items[-1][1]):
            self.emit(self.new_table(t, "[%s]" % ", ".join(pos), "{}"))
        else:
            # the array part must not end in nil (trailing nils are dropped)
            a = self.tmp()
            if pos[-1].startswith("**"):
                # a last call's raw result: a tuple of values, or one value
                last = pos[-1][2:]
                items = ", ".join(pos[:-1] + ["*" + last])
                self.emit("if %s.__class__ is TUPLE: %s = [%s]" % (last, a, items))
                self.emit("else: %s = [%s]" % (a, ", ".join(pos[:-1] + [last])))
            else:
                self.emit("%s = [%s]" % (a, ", ".join(pos)))
            self.emit("if %s and %s[-1] is not None: %s" % (a, a, self.new_table(t, a, "{}")))
            self.emit("else: %s = mktable(%s)" % (t, a))
        return t

    @staticmethod
    def new_table(t, arr, hash_) -> str:
        """A statement making ``t`` a new table with array part ``arr`` and
        hash part ``hash_`` (Python expressions), without a Python-level
        ``__init__`` call (about 30 ns less per table)."""
        return ("%s = NEWF(LuaTable); %s.arr = %s; %s.hash = %s; %s.meta = None; %s._iter = None"
                % (t, t, arr, t, hash_, t, t))

    def nonnil(self, e) -> bool:
        """True if expression ``e`` can never evaluate to nil."""
        if isinstance(e, (A_.Number, A_.String, A_.TrueExpr, A_.FalseExpr, A_.Table, A_.Function)):
            return True
        if isinstance(e, A_.Paren):
            return self.nonnil(e.expr)
        if isinstance(e, A_.Or):
            return self.nonnil(e.right)
        if isinstance(e, A_.And):
            return self.nonnil(e.left) and self.nonnil(e.right)
        if isinstance(e, A_.UnOp) and e.op == "not":
            return True
        if isinstance(e, A_.BinOp) and e.op in ("==", "~=", "<", "<=", ">", ">="):
            return True
        return self.ntype(e) is not None

    def ex_And(self, e):
        left = self.expr(e.left)
        lines, right = self.capture(lambda: self.expr(e.right))
        t = self.tmp()
        if not lines:
            return "(%s if (%s := %s) is None or %s is False else %s)" % (t, t, left, t, right)
        self.emit("%s = %s" % (t, left))
        self.emit("if %s is not None and %s is not False:" % (t, t))
        self.e.indent += 1
        self.splice(lines)
        self.emit("%s = %s" % (t, right))
        self.e.indent -= 1
        return t

    def ex_Or(self, e):
        left = self.expr(e.left)
        lines, right = self.capture(lambda: self.expr(e.right))
        t = self.tmp()
        if not lines:
            return "(%s if (%s := %s) is not None and %s is not False else %s)" % (t, t, left, t, right)
        self.emit("%s = %s" % (t, left))
        self.emit("if %s is None or %s is False:" % (t, t))
        self.e.indent += 1
        self.splice(lines)
        self.emit("%s = %s" % (t, right))
        self.e.indent -= 1
        return t

    def ex_UnOp(self, e):
        self.e.line = e.line
        op = e.op
        if op == "not":
            return "(not %s)" % self.test(e.operand)
        a = self.expr(e.operand)
        desc = self.desc(e.operand)
        t, r = self.tmp(), self.tmp()
        if op == "-" and self.ntype(e.operand) == FLOAT:
            return "(-%s)" % a
        if op == "-" and self.ntype(e.operand) is not None:
            return ("(%s if (%s := -%s).__class__ is float or %s <= %d else wrap(%s))"
                    % (r, r, a, r, MAXI, r))
        if op == "-":
            return ("(-%s if (%s := %s).__class__ is float else %s if %s.__class__ is int and (%s := -%s) <= %d "
                    "else %s if (%s := unm(A, %s, %r)) is not MM else (yield from unm_g(A, D, %s, %r)))"
                    % (t, t, a, r, t, r, t, MAXI, r, r, t, desc, t, desc))
        if op == "#" and e in self.fs.lens:
            return "len(%s)" % self.array_part(a)     # a private table
        if op == "#":
            return ("(len(%s.arr) if (%s := %s).__class__ is LuaTable and %s.meta is None "
                    "else %s if (%s := length(A, %s, %r)) is not MM else (yield from len_g(A, D, %s, %r)))"
                    % (t, t, a, t, r, r, t, desc, t, desc))
        if op == "~":
            return ("(~%s if (%s := %s).__class__ is int else %s if (%s := bitop(A, b'__bnot', %s, %s, %r, %r)) is not MM "
                    "else (yield from bitop_g(A, D, b'__bnot', %s, %s, %r, %r)))"
                    % (t, t, a, r, r, t, t, desc, desc, t, t, desc, desc))
        raise AssertionError(op)

    def binop_operands(self, e):
        a = self.expr(e.left)
        mark2 = self.e.mark()
        b = self.expr(e.right)
        if self.e.mark() > mark2 and not self.is_simple(a):
            t0 = self.tmp()
            self.insert_at(mark2, "%s = %s" % (t0, a))
            a = t0
        return a, b

    def is_int(self, e):
        return is_int_expr(e, self.fs.ints)

    def ntype(self, e):
        """INT, FLOAT or NUM if ``e`` provably yields a number, else None."""
        return expr_type(e, self.fs.types)

    def float_tree(self, e):
        """Speculate that an arithmetic expression over locals, upvalues,
        constants and raw field reads is all floats: check each leaf once,
        then compute the whole tree in plain Python; anything else (ints,
        metamethods, a zero divisor, a missing field) runs the generic code,
        which re-reads the leaves in Lua's order (the speculative reads are
        raw, so reading twice is unobservable)."""
        leaves = {}          # leaf key -> (python name, check)
        order = []
        nops = [0]
        types = self.fs.types

        def leaf_of(n):
            c = n.__class__
            if c is A_.Name:
                v = n.var
                if v.func is self.fs.node or v in self.fs.inlined:
                    t = types.get(v)
                    if t == FLOAT:
                        return self.var_read(v), None
                    if t == INT:
                        return None     # never a float: the typed code is better
                key = ("v", v)
                if key not in leaves:
                    name = self.var_read(v)
                    if not name.isidentifier():
                        t = self.tmp()
                        leaves[key] = (t, "(%s := %s).__class__ is float" % (t, name))
                    else:
                        leaves[key] = (name, "%s.__class__ is float" % name)
                    order.append(key)
                return leaves[key]
            if c is A_.Index and n.obj.__class__ is A_.Name:
                v = n.obj.var
                k = n.key
                if k.__class__ is A_.String:
                    kk = ("f", v, k.value)
                elif k.__class__ is A_.Name and k.var.func is self.fs.node and types.get(k.var) == INT:
                    kk = ("i", v, k.var)
                else:
                    return None
                if kk not in leaves:
                    obj = self.var_read(v)
                    istab = self.table_test(obj)
                    t = self.tmp()
                    if kk[0] == "f":
                        read = "%s.hash.get(%r) if %s else None" % (obj, k.value, istab)
                    else:
                        kn = self.var_read(k.var)
                        arr = self.array_part(obj)
                        read = "%s[%s - 1] if %s and 0 < %s <= len(%s) else None" % (arr, kn, istab, kn, arr)
                    leaves[kk] = (t, "(%s := (%s)).__class__ is float" % (t, read))
                    order.append(kk)
                return leaves[kk]
            return None

        nonzero = []

        def walk(n):
            c = n.__class__
            if c is A_.Paren:
                r = walk(n.expr)
                return None if r is None else "(%s)" % r
            if c is A_.Number:
                return self.number(n.value)
            if c is A_.BinOp and n.op in ("+", "-", "*", "/"):
                if n.left.__class__ is A_.Number and n.right.__class__ is A_.Number:
                    return None
                a = walk(n.left)
                if a is None:
                    return None
                if n.op == "/":
                    r = n.right
                    if r.__class__ is A_.Number:
                        if r.value == 0:
                            return None
                        b = self.number(float(r.value))
                    else:
                        lf = leaf_of(r)
                        if lf is None:
                            return None
                        b = lf[0]
                        nonzero.append(b)
                else:
                    b = walk(n.right)
                    if b is None:
                        return None
                nops[0] += 1
                return "(%s %s %s)" % (a, _pyop(n), b)
            if c is A_.UnOp and n.op == "-":
                a = walk(n.operand)
                return None if a is None else "(-%s)" % a
            lf = leaf_of(n)
            return None if lf is None else lf[0]

        fast = walk(e)
        checks = [leaves[k][1] for k in order if leaves[k][1] is not None]
        if fast is None or nops[0] < 2 or not checks:
            return None
        checks += nonzero
        cond = " and ".join(checks)
        self.fs.no_spec = True
        try:
            lines, generic = self.capture(lambda: self.ex_BinOp(e))
        finally:
            self.fs.no_spec = False
        if not lines:
            return "(%s if %s else %s)" % (fast, cond, generic)
        # the generic code needs statements: only run them when speculating fails
        r = self.tmp()
        self.emit("if %s: %s = %s" % (cond, r, fast))
        self.emit("else:")
        self.e.indent += 1
        self.splice(lines)
        self.emit("%s = %s" % (r, generic))
        self.e.indent -= 1
        return r

    def num_binop(self, e, tl, tr):
        """Both operands are proven numbers (at least one not proven an
        integer): no metamethods, so plain Python arithmetic; only integer
        results need the 64-bit wraparound check."""
        op = e.op
        if op in ("/",) and FLOAT not in (tl, tr):
            return None     # int / int: converted to floats first, via the helper
        a, b = self.binop_operands(e)
        if op in ("<", "<=", ">", ">=", "==", "~="):
            return "(%s %s %s)" % (a, "!=" if op == "~=" else op, b)
        if op in ("+", "-", "*"):
            op = _pyop(e)
            if FLOAT in (tl, tr):
                return "(%s %s %s)" % (a, op, b)
            r = self.tmp()
            return ("(%s if (%s := %s %s %s).__class__ is float or %d <= %s <= %d else wrap(%s))"
                    % (r, r, a, op, b, MINI, r, MAXI, r))
        if op == "/":
            # x / 0 is inf or nan in Lua, an exception in Python
            rc = e.right.value if e.right.__class__ is A_.Number else None
            if rc is not None and rc != 0:
                return "(%s / %s)" % (a, self.number(float(rc)))
            tb = self.tmp()
            if e.left.__class__ is A_.Number:
                return ("(%s / %s if (%s := %s) else arith(A, b'__div', %s, %s, None, None))"
                        % (a, tb, tb, b, a, tb))
            # (both temporaries assigned on every path: see ex_Index)
            ta = self.tmp()
            return ("(%s / %s if ((%s := %s) if (%s := %s) is not None else (%s := %s)) "
                    "else arith(A, b'__div', %s, %s, None, None))"
                    % (ta, tb, tb, b, ta, a, tb, b, ta, tb))
        return None

    def int_range(self, e):
        """Bounds (lo, hi) of integer expression ``e`` when they are known
        (constants and constant-bounded ``for`` variables), else None."""
        c = e.__class__
        if c is A_.Number:
            return (e.value, e.value) if e.value.__class__ is int else None
        if c is A_.Name:
            return self.fs.ranges.get(e.var)
        if c is A_.Paren:
            return self.int_range(e.expr)
        if c is A_.UnOp and e.op == "-":
            r = self.int_range(e.operand)
            return None if r is None else (-r[1], -r[0])
        if c is A_.BinOp and e.op in ("+", "-", "*", "//", "%"):
            a, b = self.int_range(e.left), self.int_range(e.right)
            if a is None or b is None:
                return None
            if e.op == "+":
                return a[0] + b[0], a[1] + b[1]
            if e.op == "-":
                return a[0] - b[1], a[1] - b[0]
            if e.op == "*":
                ps = (a[0] * b[0], a[0] * b[1], a[1] * b[0], a[1] * b[1])
                return min(ps), max(ps)
            if b[0] == b[1] and b[0] > 0:
                if e.op == "//":
                    return a[0] // b[0], a[1] // b[0]
                return 0, b[0] - 1
        return None

    def int_binop(self, e):
        """Both operands are proven integers: no type checks."""
        op = e.op
        a, b = self.binop_operands(e)
        rng = self.int_range(e) if op in ("+", "-", "*") else None
        if rng is not None and MINI <= rng[0] and rng[1] <= MAXI:
            return "(%s %s %s)" % (a, _pyop(e), b)      # cannot wrap around
        if op in ("+", "-", "*"):
            r = self.tmp()
            rc = e.right.value if isinstance(e.right, A_.Number) else None
            if op in ("+", "-") and rc is not None and -(1 << 32) < rc < 1 << 32:
                # adding a small constant can only overflow on one side
                if (op == "+") == (rc >= 0):
                    return "(%s if (%s := %s %s %s) <= %d else wrap(%s))" % (r, r, a, op, b, MAXI, r)
                return "(%s if (%s := %s %s %s) >= %d else wrap(%s))" % (r, r, a, op, b, MINI, r)
            return ("(%s if %d <= (%s := %s %s %s) <= %d else wrap(%s))"
                    % (r, MINI, r, a, op, b, MAXI, r))
        if op in ("//", "%", "&", "|"):
            return "(%s %s %s)" % (a, op, b)
        if op == "~":
            return "(%s ^ %s)" % (a, b)
        if op in ("<", "<=", ">", ">=", "==", "~="):
            return "(%s %s %s)" % (a, "!=" if op == "~=" else op, b)
        return None

    def ex_BinOp(self, e):
        self.e.line = e.line
        op = e.op
        if op in ("+", "-", "*", "/") and not self.fs.no_spec:
            code = self.float_tree(e)
            if code is not None:
                return code
        if op in _INT_FAST and self.is_int(e.left) and self.is_int(e.right) \
                and (op not in ("//", "%") or self.is_int(e)):
            return self.int_binop(e)
        if op in ("<<", ">>") and self.is_int(e.left) and e.right.__class__ is A_.Number \
                and e.right.value.__class__ is int and 0 <= e.right.value < 64:
            # a constant shift of an integer: logical, within 64 bits
            a = self.expr(e.left)
            n = e.right.value
            r = self.tmp()
            if n == 0:
                return a
            if op == "<<":
                return "(%s if %d <= (%s := %s << %d) <= %d else wrap(%s))" % (r, MINI, r, a, n, MAXI, r)
            return "((%s >> %d) if (%s := %s) >= 0 else (%s & 0xFFFFFFFFFFFFFFFF) >> %d)" % (r, n, r, a, r, n)
        if op in _NUM_FAST:
            tl, tr = self.ntype(e.left), self.ntype(e.right)
            if tl is not None and tr is not None:
                code = self.num_binop(e, tl, tr)
                if code is not None:
                    return code
        if op in ("==", "~=", "<", "<=", ">", ">="):
            return "(%s)" % self.compare(e)
        a, b = self.binop_operands(e)
        da, db = self.desc(e.left), self.desc(e.right)
        ta, tb, r = self.tmp(), self.tmp(), self.tmp()
        if op in ARITH_EVENTS:
            return self.arith(e, op, a, b, ta, tb, r, da, db)
        if op in BIT_EVENTS:
            ev = BIT_EVENTS[op]
            if op in ("&", "|", "~"):
                pyop = {"&": "&", "|": "|", "~": "^"}[op]
                return ("(%s %s %s if ((%s := %s).__class__ is int) & ((%s := %s).__class__ is int) "
                        "else %s if (%s := bitop(A, %r, %s, %s, %r, %r)) is not MM else (yield from bitop_g(A, D, %r, %s, %s, %r, %r)))"
                        % (ta, pyop, tb, ta, a, tb, b, r, r, ev, ta, tb, da, db, ev, ta, tb, da, db))
            return ("(%s if (%s := bitop(A, %r, (%s := %s), (%s := %s), %r, %r)) is not MM else (yield from bitop_g(A, D, %r, %s, %s, %r, %r)))"
                    % (r, r, ev, ta, a, tb, b, da, db, ev, ta, tb, da, db))
        if op == "..":
            return ("(%s + %s if ((%s := %s).__class__ is bytes) & ((%s := %s).__class__ is bytes) and len(%s) + len(%s) < 4096 "
                    "else %s if (%s := concat(A, %s, %s, %r, %r)) is not MM else (yield from concat_g(A, D, %s, %s, %r, %r)))"
                    % (ta, tb, ta, a, tb, b, ta, tb, r, r, ta, tb, da, db, ta, tb, da, db))
        raise AssertionError(op)

    def arith(self, e, op, a, b, ta, tb, r, da, db):
        """Inline fast paths for arithmetic; ``arith``/``arith_g`` otherwise.

        Integer results are range-checked (the slow path wraps them);
        floats follow IEEE directly.  ``/`` between two integers and the
        operators with special cases (``^``, float ``%`` and ``//``) always
        take the helper."""
        ev = ARITH_EVENTS[op]
        plain = {"+": "add", "-": "sub", "*": "mul"}.get(op, "arith")
        evarg = "" if plain != "arith" else "%r, " % ev

        def slow(x, y):
            return ("%s if (%s := %s(A, %s%s, %s, %r, %r)) is not MM else (yield from arith_g(A, D, %r, %s, %s, %r, %r))"
                    % (r, r, plain, evarg, x, y, da, db, ev, x, y, da, db))
        L = {"MIN": MINI, "MAX": MAXI, "a": a, "b": b, "ta": ta, "tb": tb, "r": r, "op": _pyop(e)}
        rc = e.right.value if isinstance(e.right, A_.Number) else None
        lc = e.left.value if isinstance(e.left, A_.Number) else None
        if op in ("+", "-", "*"):
            if rc is not None:
                c = self.number(rc)
                L["c"] = c
                if rc.__class__ is int:
                    # a plain local needs no copy into a temp
                    direct = a.isidentifier()
                    if direct:
                        L["ta"] = a
                    # one-sided overflow checks for +/- of a small constant
                    if op == "+" and 0 <= rc < 1 << 32 or op == "-" and -(1 << 32) < rc <= 0:
                        L["chk"] = "(%(r)s := %(ta)s %(op)s %(c)s) <= %(MAX)d" % L
                    elif op == "-" and 0 <= rc < 1 << 32 or op == "+" and -(1 << 32) < rc <= 0:
                        L["chk"] = "(%(r)s := %(ta)s %(op)s %(c)s) >= %(MIN)d" % L
                    else:
                        L["chk"] = "%(MIN)d <= (%(r)s := %(ta)s %(op)s %(c)s) <= %(MAX)d" % L
                    if direct:
                        return ("(%(r)s if (%(tb)s := %(a)s.__class__) is int and %(chk)s "
                                "else %(a)s %(op)s %(c)s if %(tb)s is float else " % L) + slow(a, c) + ")"
                    return ("(%(r)s if (%(tb)s := (%(ta)s := %(a)s).__class__) is int and %(chk)s "
                            "else %(ta)s %(op)s %(c)s if %(tb)s is float else " % L) + slow(ta, c) + ")"
                return ("(%(ta)s %(op)s %(c)s if (%(tb)s := (%(ta)s := %(a)s).__class__) is float or %(tb)s is int else " % L) + slow(ta, c) + ")"
            if lc is not None:
                c = self.number(lc)
                L["c"] = c
                if lc.__class__ is int:
                    return ("(%(r)s if (%(ta)s := (%(tb)s := %(b)s).__class__) is int and %(MIN)d <= (%(r)s := %(c)s %(op)s %(tb)s) <= %(MAX)d "
                            "else %(c)s %(op)s %(tb)s if %(ta)s is float else " % L) + slow(c, tb) + ")"
                return ("(%(c)s %(op)s %(tb)s if (%(ta)s := (%(tb)s := %(b)s).__class__) is float or %(ta)s is int else " % L) + slow(c, tb) + ")"
            L["k"], L["l"] = self.tmp(), self.tmp()
            # float op float first (the common case in numeric code), then
            # int op int (range-checked), then the mixed pairs (always float)
            return ("(%(ta)s %(op)s %(tb)s if (%(k)s := (%(ta)s := %(a)s).__class__) is (%(l)s := (%(tb)s := %(b)s).__class__) is float "
                    "else %(r)s if %(k)s is %(l)s is int and %(MIN)d <= (%(r)s := %(ta)s %(op)s %(tb)s) <= %(MAX)d "
                    "else %(ta)s %(op)s %(tb)s if (%(k)s is int and %(l)s is float) or (%(k)s is float and %(l)s is int) "
                    "else " % L) + slow(ta, tb) + ")"
        if op == "/":
            if rc is not None and rc != 0:
                L["c"] = self.number(float(rc))
                return ("(%(ta)s / %(c)s if (%(tb)s := (%(ta)s := %(a)s).__class__) is float or %(tb)s is int else " % L) + slow(ta, L["c"]) + ")"
            L["k"], L["l"] = self.tmp(), self.tmp()
            return ("(%(ta)s / %(tb)s if ((%(k)s := (%(ta)s := %(a)s).__class__) is float or %(k)s is int) & "
                    "((%(l)s := (%(tb)s := %(b)s).__class__) is float or %(l)s is int) and (%(k)s is float or %(l)s is float) and %(tb)s "
                    "else " % L) + slow(ta, tb) + ")"
        if op in ("//", "%"):
            if rc is not None and rc.__class__ is int and rc > 0:
                L["c"] = self.number(rc)
                return ("(%(ta)s %(op)s %(c)s if (%(ta)s := %(a)s).__class__ is int else " % L) + slow(ta, L["c"]) + ")"
            return ("(%(ta)s %(op)s %(tb)s if ((%(ta)s := %(a)s).__class__ is int) & ((%(tb)s := %(b)s).__class__ is int) and %(tb)s > 0 "
                    "else " % L) + slow(ta, tb) + ")"
        # ^ : always through the helper
        return ("(%s if (%s := arith(A, %r, (%s := %s), (%s := %s), %r, %r)) is not MM "
                "else (yield from arith_g(A, D, %r, %s, %s, %r, %r)))"
                % (r, r, ev, ta, a, tb, b, da, db, ev, ta, tb, da, db))

    def compare(self, e):
        """Python bool expression for a comparison (operands evaluated
        left to right; ``a > b`` is ``b < a`` for metamethods)."""
        op = e.op
        left, right = e.left, e.right
        a, b = self.binop_operands(e)
        ta, tb, r = self.tmp(), self.tmp(), self.tmp()
        if op in ("==", "~="):
            neg = "not " if op == "~=" else ""
            for x, y, xs in ((left, right, a), (right, left, b)):
                if isinstance(y, A_.Nil):
                    return "%s(%s is None)" % (neg, xs)
                if isinstance(y, A_.TrueExpr):
                    return "%s(%s is True)" % (neg, xs)
                if isinstance(y, A_.FalseExpr):
                    return "%s(%s is False)" % (neg, xs)
                if isinstance(y, A_.String):
                    return "%s(%s == %s)" % (neg, xs, repr(y.value))
                if isinstance(y, A_.Number) and y.value == y.value:
                    c = self.number(y.value)
                    if y.value in (0, 1):
                        return "%s((%s := %s) == %s and %s.__class__ is not bool)" % (neg, ta, xs, c, ta)
                    return "%s(%s == %s)" % (neg, xs, c)
            return ("%s(%s == %s if (%s := (%s := %s).__class__) is (%s := %s).__class__ and (%s is int or %s is bytes or %s is float) "
                    "else %s if (%s := eq(A, %s, %s)) is not MM else (yield from eq_g(A, D, %s, %s)))"
                    % (neg, ta, tb, r, ta, a, tb, b, r, r, r, r, r, ta, tb, ta, tb))
        if op in ("<", "<="):
            fn, gfn = ("lt", "lt_g") if op == "<" else ("le", "le_g")
            x, y = ta, tb
        else:
            fn, gfn = ("lt", "lt_g") if op == ">" else ("le", "le_g")
            x, y = tb, ta
        const = right if isinstance(right, A_.Number) else left if isinstance(left, A_.Number) else None
        if const is not None:
            # a number against a constant: one class test
            c = self.number(const.value)
            v, vs = (ta, a) if const is right else (tb, b)
            lhs, rhs = (v, c) if const is right else (c, v)
            sx, sy = (lhs, rhs) if op in ("<", "<=") else (rhs, lhs)
            return ("(%s %s %s if (%s := (%s := %s).__class__) is int or %s is float "
                    "else %s if (%s := %s(A, %s, %s)) is not MM else (yield from %s(A, D, %s, %s)))"
                    % (lhs, op, rhs, r, v, vs, r, r, r, fn, sx, sy, gfn, sx, sy))
        # same class first (float, int, string), then mixed int/float (Python
        # compares those exactly, as Lua does)
        k, l_ = self.tmp(), self.tmp()
        return ("(%s %s %s if (%s := (%s := %s).__class__) is (%s := (%s := %s).__class__) and (%s is float or %s is int or %s is bytes) "
                "or (%s is float or %s is int) and (%s is float or %s is int) "
                "else %s if (%s := %s(A, %s, %s)) is not MM else (yield from %s(A, D, %s, %s)))"
                % (ta, op, tb, k, ta, a, l_, tb, b, k, k, k, k, k, l_, l_, r, r, fn, x, y, gfn, x, y))

    def expr_str(self, node, s):
        return s

    def test(self, e):
        """Python expression true iff Lua expression ``e`` is truthy."""
        if isinstance(e, A_.BinOp) and e.op in ("==", "~=", "<", "<=", ">", ">="):
            self.e.line = e.line
            if self.is_int(e.left) and self.is_int(e.right):
                return self.int_binop(e)
            if self.ntype(e.left) is not None and self.ntype(e.right) is not None:
                return self.num_binop(e, self.ntype(e.left), self.ntype(e.right))
            return self.compare(e)
        if isinstance(e, A_.UnOp) and e.op == "not":
            return "(not %s)" % self.test(e.operand)
        if isinstance(e, A_.TrueExpr):
            return "True"
        if isinstance(e, (A_.FalseExpr, A_.Nil)):
            return "False"
        if isinstance(e, (A_.And, A_.Or)):
            left = self.test(e.left)
            lines, right = self.capture(lambda: self.test(e.right))
            if not lines:
                return "(%s %s %s)" % (left, "and" if isinstance(e, A_.And) else "or", right)
            t = self.tmp()
            self.emit("%s = %s" % (t, left))
            self.emit("if %s%s:" % ("" if isinstance(e, A_.And) else "not ", t))
            self.e.indent += 1
            self.splice(lines)
            self.emit("%s = %s" % (t, right))
            self.e.indent -= 1
            return t
        s = self.expr(e)
        if s.isidentifier():
            return "(%s is not None and %s is not False)" % (s, s)
        t = self.tmp()
        return "((%s := %s) is not None and %s is not False)" % (t, s, t)

    # ------------------------------------------------------------ calls
    def call(self, e, want):
        """Emit a call.  want=0: discard; 1: return a single-value expr;
        -1: return the name of a temp holding a tuple of all results."""
        self.e.line = e.line
        if isinstance(e, A_.MethodCall):
            obj = self.expr_tmp(e.obj, force=True)
            desc = "method '%s'" % e.name
            cname = ("method", e.name)
            f = self.tmp()
            self.emit("%s = %s" % (f, self.method_get(obj, e.name.encode(), self.desc(e.obj))))
            args = [obj] + self.args(e.args)
        else:
            desc = self.desc(e.func)
            cname = self.callname(e.func)
            f = self.callee(e.func)
            args = self.args(e.args)
        r = self.tmp()
        fresh = isinstance(e, A_.Call) and bool(e.args) and isinstance(e.args[0], A_.Table)
        if e in self.fs.selfcalls:
            # the integer-specialised twin calling itself: its result is an
            # integer, so the caller's arithmetic on it is typed (and checked
            # here on the path where the callee turned out to be another)
            self.emit("if %s.__class__ is LuaFunction and %s.leaf is %s: %s = %s(D + 1%s)"
                      % (f, f, self.fs.pname, r, self.fs.pname, "".join(", " + a for a in args)))
            self.emit("else:")
            self.e.indent += 1
            self.dispatch(r, f, args, desc, cname, single=True, line=e.line, fresh=fresh)
            self.emit("if %s.__class__ is not int: DEOPT()" % r)
            self.e.indent -= 1
            return r
        plan = self.inline_plan(e) if want == 1 else None
        if plan is not None:
            self.inline_call(plan, e, f, args, r)
            self.e.indent += 1
            self.dispatch(r, f, args, desc, cname, single=True, line=e.line, fresh=fresh)
            self.e.indent -= 1
            return r
        self.dispatch(r, f, args, desc, cname, multi=(want == -1), single=(want == 1), line=e.line,
                      fresh=fresh)
        return r

    # ------------------------------------------------------------ inlining
    def inline_plan(self, e):
        """The callee, the types of its parameters and locals, and the
        arguments needing a run-time ``float`` test, when call ``e`` can run
        the callee's body in place: a local function that is never
        reassigned, has no upvalues, and is ``local`` lines and returns of
        arithmetic (possibly under ``if``s on comparisons) that cannot fail
        given the numeric types of the arguments.  An argument of unknown
        type is assumed a float, which the guard then tests."""
        if not isinstance(e, A_.Call) or not isinstance(e.func, A_.Name):
            return None
        fn = self.fixed.get(e.func.var)
        if fn is None or id(fn) not in self.compiled or not _inlinable(fn) \
                or len(e.args) != len(fn.params) \
                or any(isinstance(a, (A_.Call, A_.MethodCall, A_.Vararg)) for a in e.args):
            return None
        types = {}
        guards = []
        for i, (p, a) in enumerate(zip(fn.params, e.args)):
            t = self.ntype(a)
            if t == "b":
                return None
            if t is None:
                guards.append(i)
                t = FLOAT
            types[p] = t
        if len(guards) > 2:
            return None
        for st in _inline_locals(fn.body.stats):
            t = expr_type(st.exprs[0], types)
            if t is None or t == "b":
                return None
            types[st.vars[0]] = t
        def typed(x):
            c = x.__class__
            if c is A_.BinOp and x.op in ("<", "<=", ">", ">=", "==", "~="):
                return typed(x.left) and typed(x.right)
            if c is A_.And or c is A_.Or:
                return typed(x.left) and typed(x.right)
            if c is A_.UnOp and x.op == "not":
                return typed(x.operand)
            return expr_type(x, types) not in (None, "b")
        if not all(typed(x) for x in _inline_exprs(fn.body.stats)):
            return None
        return fn, types, guards

    def inline_call(self, plan, e, f, args, r):
        """Emit ``if <f is that function, no hook is set, the guessed
        arguments are floats>: r = <body>`` and open the ``else:`` for the
        ordinary call.  The body cannot raise, call or yield, so running it
        in place is unobservable (debug hooks would miss the call: with a
        hook set, the call runs)."""
        fn, types, guards = plan
        fs = self.fs
        tests = "".join(" and %s.__class__ is float" % args[i] for i in guards)
        self.emit("if %s.__class__ is LuaFunction and %s.proto is P_%s and not HK[0]%s:"
                  % (f, f, self.compiled[id(fn)], tests))
        self.e.indent += 1
        saved = fs.inlined, fs.types, fs.ints
        fs.inlined = dict(fs.inlined)
        fs.types = dict(fs.types)
        fs.types.update(types)
        fs.ints = {v for v, t in fs.types.items() if t == INT}
        try:
            for p, a in zip(fn.params, args):
                fs.inlined[p] = a
            self.inline_stats(fn.body.stats, r)
        finally:
            fs.inlined, fs.types, fs.ints = saved
        self.e.indent -= 1
        self.emit("else:")

    def inline_stats(self, stats, r):
        """The statements of an inlined body, its result into ``r``."""
        fs = self.fs
        for i, st in enumerate(stats):
            c = st.__class__
            if c is A_.Local:
                v = self.expr(st.exprs[0])
                t = self.tmp()
                self.emit("%s = %s" % (t, v))
                fs.inlined[st.vars[0]] = t
            elif c is A_.Return:
                self.emit("%s = %s" % (r, self.expr(st.exprs[0])))
                return
            else:                   # If: every branch returns; the rest is the else
                branches = list(st.tests)
                rest = st.orelse.stats if st.orelse is not None else stats[i + 1:]
                for cond, block in branches:
                    self.emit("if %s:" % self.test(cond))
                    self.e.indent += 1
                    self.inline_stats(block.stats, r)
                    self.e.indent -= 1
                    self.emit("else:")
                    self.e.indent += 1
                self.inline_stats(rest, r)
                self.e.indent -= len(branches)
                return

    def callee(self, func):
        f = self.expr_tmp(func, force=True)
        if not f.isidentifier():
            f = self._spill(f)      # a literal (``(1)()``) needs a name for ``.__class__``
        return f

    def args(self, exprs):
        """Argument list, each non-trivial argument in a temp (the call
        dispatch mentions the arguments in three branches).  A last
        argument that is a call comes as ``**t``: its raw result, one value
        or a tuple, which the dispatch passes without packing a tuple."""
        last = exprs[-1] if exprs else None
        raw = isinstance(last, (A_.Call, A_.MethodCall)) and last not in self.fs.selfcalls
        parts = self.explist(exprs[:-1], len(exprs) - 1) if raw else self.explist(exprs, None)
        out = []
        for p in parts:
            if p.startswith("*") or self.is_simple(p):
                out.append(p)
            else:
                out.append(self._spill(p))
        if raw:
            out.append("**" + self.call(last, want=-2))
        return out

    def raw_tail(self, args, emit_call):
        """For a ``**t`` last argument (see ``args``): emit the call twice,
        with ``t`` as one value and with ``*t`` for a tuple of them."""
        t = args[-1][2:]
        self.emit("if %s.__class__ is TUPLE:" % t)
        self.e.indent += 1
        emit_call(args[:-1] + ["*" + t])
        self.e.indent -= 1
        self.emit("else:")
        self.e.indent += 1
        emit_call(args[:-1] + [t])
        self.e.indent -= 1

    def dispatch(self, r, f, args, desc, cname, multi=False, single=False, line=None, fresh=False):
        """Emit the call of ``f`` with ``args`` into ``r``; ``fresh``: the
        first argument is a table constructed just now."""
        if line is not None:
            self.e.line = line
        if args and args[-1].startswith("**"):
            self.raw_tail(args, lambda a: self.dispatch(r, f, a, desc, cname, multi, single, line, fresh))
            return
        argl = ", ".join(args)
        if args and args[-1].startswith("*"):
            tup = "(%s)" % (argl + ",") if len(args) > 1 else args[-1][1:]
            if len(args) > 1:
                tup = "(%s,)" % argl
        else:
            tup = "(%s,)" % argl if args else "()"
        c = self.tmp()
        self.e.callname = cname
        pl = self.tmp()
        kw = "if"
        intr = self.intrinsic(f, args, cname, fresh, single)
        if intr is not None:
            self.emit("if %s: %s = %s" % (intr[0], r, intr[1]))
            kw = "elif"
        if self.fs.plain:
            self.e.callname = cname
            self.emit("%s %s.__class__ is LuaFunction and (%s := %s.leaf) is not None: %s = %s(D + 1%s)"
                      % (kw, f, pl, f, r, pl, (", " + argl) if args else ""))
            self.emit("elif %s.__class__ is Builtin and %s: %s = %s.fn(%s)"
                      % (f, self.pure_test(f, fresh, args), r, f, argl))
            # SLOW from a pure fast path is transient (out of fuel, say)
            self.emit("elif %s.__class__ is GenBuiltin and %s.pure:" % (f, f))
            self.emit("    if (%s := %s.fast(%s)) is SLOW: DEOPT_T()" % (r, f, argl))
            self.emit("else: DEOPT()")
            self.e.callname = None
            if single:
                self.emit("if %s.__class__ is TUPLE: %s = %s[0] if %s else None" % (r, r, r, r))
            elif multi:
                self.emit("if %s.__class__ is not TUPLE: %s = (%s,)" % (r, r, r))
            return
        cargs = (", " + argl) if args else ""
        # a pure callee runs as a plain call first (twins never return a
        # TailCall); the generator when it cannot finish, or when deep
        self.emit("%s (%s := %s.__class__) is LuaFunction and (%s := %s.plain) is not None and D < 100:"
                  % (kw, c, f, pl, f))
        self.emit("    try: %s = %s(D + 1%s)" % (r, pl, cargs))
        self.emit("    except Deopt as _e:")
        self.emit("        if _e.__class__ is DeoptImpure: %s.plain = None" % f)
        self.emit("        %s = yield from %s.fn(D + 1%s)" % (r, f, cargs))
        self.emit("        if %s.__class__ is TailCall: %s = yield from run_tail(A, D, %s)" % (r, r, r))
        self.emit("elif %s is LuaFunction and D < 120:" % c)
        self.emit("    %s = yield from %s.fn(D + 1%s)" % (r, f, cargs))
        self.emit("    if %s.__class__ is TailCall: %s = yield from run_tail(A, D, %s)" % (r, r, r))
        self.emit("elif %s is Builtin: %s = %s.fn(%s)" % (c, r, f, argl))
        fa = self.tmp()
        self.emit("elif %s is GenBuiltin:" % c)
        self.emit("    if (%s := %s.fast) is None or (%s := %s(%s)) is SLOW: %s = yield from %s.fn(D + 1%s)"
                  % (fa, f, r, fa, argl, r, f, (", " + argl) if args else ""))
        # a callable object whose __call handler has a plain twin: no generator
        self.emit("else: %s = _t0 if (_t0 := call_d(A, D, %s, %s)) is not MM else (yield from call(A, D, %s, %s, %r))"
                  % (r, f, tup, f, tup, desc))
        self.e.callname = None
        if single:
            self.emit("if %s.__class__ is TUPLE: %s = %s[0] if %s else None" % (r, r, r, r))
        elif multi:
            self.emit("if %s.__class__ is not TUPLE: %s = (%s,)" % (r, r, r))

    def intrinsic(self, f, args, cname, fresh, single=False):
        """(test, result) running a call of a builtin recognised by
        identity inline (``INTRINSICS``), or None."""
        if cname is not None and cname[1] == "select" and len(args) == 2 and args[1] == "*VA":
            # select("#", ...) and, for one value, select(i, ...)
            n = args[0]
            if n == "b'#'":
                return "%s is B_select and not HK[0]" % f, "len(VA)"
            if single and n.isidentifier():
                return ("%s is B_select and not HK[0] and %s.__class__ is int and 0 < %s <= len(VA)"
                        % (f, n, n), "VA[%s - 1]" % n)
            return None
        intr = INTRINSICS.get(cname[1]) if cname is not None else None
        if intr is None or not all(a.isidentifier() for a in args):
            return None
        if "%(y)s" not in intr[0]:
            if len(args) != 1:
                return None
        elif len(args) != 2 or (self.fs.plain and not fresh):
            return None         # setmetatable: a plain twin only on a table it just made
        names = dict(zip("xy", args))
        # (with a debug hook set, the call runs: call hooks must see it)
        return ("%s is B_%s and %s and not HK[0]" % (f, cname[1], intr[0] % names),
                intr[1] % names)

    def pure_test(self, f, fresh, args):
        """The purity test for builtin ``f`` called from a plain twin: a
        ``pure == 2`` builtin (setmetatable) only on a fresh table, and only
        with a metatable the collector does not track (``__gc``/``__mode``
        register the table, which a re-run would make observable)."""
        if not fresh or len(args) != 2 or args[1].startswith("*"):
            return "%s.pure == 1" % f
        return "(%s.pure == 1 or %s.pure == 2 and mt_untracked(%s))" % (f, f, args[1])

    def tailcall(self, e):
        self.e.line = e.line
        if isinstance(e, A_.MethodCall):
            obj = self.expr_tmp(e.obj, force=True)
            desc = "method '%s'" % e.name
            cname = ("method", e.name)
            f = self.tmp()
            self.emit("%s = %s" % (f, self.method_get(obj, e.name.encode(), self.desc(e.obj))))
            args = [obj] + self.args(e.args)
        else:
            desc = self.desc(e.func)
            cname = self.callname(e.func)
            f = self.callee(e.func)
            args = self.args(e.args)
        fresh = isinstance(e, A_.Call) and bool(e.args) and isinstance(e.args[0], A_.Table)
        if args and args[-1].startswith("**"):
            self.raw_tail(args, lambda a: self.tail_dispatch(f, a, desc, cname, fresh))
        else:
            self.tail_dispatch(f, args, desc, cname, fresh)

    def tail_dispatch(self, f, args, desc, cname, fresh):
        """Emit ``return f(args)`` as a tail call."""
        argl = ", ".join(args)
        if args and args[-1].startswith("*"):
            tup = "(%s,)" % argl if len(args) > 1 else args[-1][1:]
        else:
            tup = "(%s,)" % argl if args else "()"
        c = self.tmp()
        self.e.callname = cname
        pl = self.tmp()
        kw = "if"
        intr = self.intrinsic(f, args, cname, fresh)
        if intr is not None:
            self.emit("if %s: return %s" % intr)
            kw = "elif"
        if self.fs.plain:
            self.e.callname = cname
            self.emit("%s %s.__class__ is LuaFunction and (%s := %s.leaf) is not None: return %s(D + 1%s)"
                      % (kw, f, pl, f, pl, (", " + argl) if args else ""))
            self.emit("elif %s.__class__ is Builtin and %s: return %s.fn(%s)"
                      % (f, self.pure_test(f, fresh, args), f, argl))
            self.emit("elif %s.__class__ is GenBuiltin and %s.pure:" % (f, f))
            self.emit("    if (%s := %s.fast(%s)) is SLOW: DEOPT_T()" % (pl, f, argl))
            self.emit("    return %s" % pl)
            self.emit("else: DEOPT()")
            self.e.callname = None
            return
        self.emit("%s (%s := %s.__class__) is LuaFunction:" % (kw, c, f))
        self.e.indent += 1
        # a pure callee runs at once as a plain call (depth-limited)
        self.emit("if (%s := %s.plain) is not None and D < 100:" % (pl, f))
        self.e.indent += 1
        self.emit("try: return %s(D + 1%s)" % (pl, (", " + argl) if args else ""))
        self.emit("except DeoptImpure: %s.plain = None" % f)
        self.emit("except Deopt: pass")
        self.e.indent -= 1
        self.emit("return TailCall(%s, %s)" % (f, tup))
        self.e.indent -= 1
        self.emit("elif %s is Builtin: return %s.fn(%s)" % (c, f, argl))
        self.emit("else: return (yield from tail_other(A, D, %s, %s, %r))" % (f, tup, desc))
        self.e.callname = None
