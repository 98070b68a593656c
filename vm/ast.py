"""Lua syntax tree: node classes and the name-resolution records, nothing else.

The parser builds these nodes and resolves every name while it parses (as
PUC-Rio's lparser does), so the code generator never has to look names up:

* every ``local`` declaration (locals, parameters, for-loop variables, the
  implicit ``_ENV`` upvalue of a chunk) creates one :class:`Var`;
* a :class:`Name` node refers to its :class:`Var` (``name.var``);
* a free name ``x`` is parsed as ``Index(Name('_ENV'), String(b'x'))`` with
  ``Index.global_name = 'x'``, exactly as Lua 5.4 defines globals.

Every node carries ``line``: the source line where it starts.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional, Union


class Var:
    """One declared local variable (or parameter, loop variable, ``_ENV``).

    ``captured`` is set when a function nested inside the declaring function
    refers to it; the code generator then keeps it in a cell.  ``assigned``
    is set when any assignment other than the declaration writes to it.
    ``attrib`` is None, ``'const'`` or ``'close'``.
    """

    __slots__ = ("name", "attrib", "line", "func", "captured", "assigned",
                 "pyname", "in_loop")

    def __init__(self, name: str, line: int, func: "Function",
                 attrib: Optional[str] = None, in_loop: bool = False):
        self.name = name
        self.attrib = attrib
        self.line = line
        self.func = func          # the Function node that declares it
        self.captured = False
        self.assigned = False
        self.pyname = None        # filled in by the code generator
        self.in_loop = in_loop    # declared inside a loop body of its function

    def __repr__(self) -> str:
        return f"Var({self.name!r}@{self.line})"


# ---------------------------------------------------------------- expressions

@dataclass(eq=False)
class Expr:
    line: int


@dataclass(eq=False)
class Nil(Expr):
    pass


@dataclass(eq=False)
class TrueExpr(Expr):
    pass


@dataclass(eq=False)
class FalseExpr(Expr):
    pass


@dataclass(eq=False)
class Number(Expr):
    value: Union[int, float]          # int for integer literals, float otherwise


@dataclass(eq=False)
class String(Expr):
    value: bytes


@dataclass(eq=False)
class Vararg(Expr):
    pass


@dataclass(eq=False)
class Name(Expr):
    """A reference to a local or upvalue (``var`` is never None)."""
    name: str
    var: Var = None


@dataclass(eq=False)
class Index(Expr):
    """``obj[key]``; ``a.b`` has ``key = String(b'b')``.

    ``global_name`` is set when this node is the desugaring of a free name.
    """
    obj: Expr
    key: Expr
    global_name: Optional[str] = None


@dataclass(eq=False)
class Call(Expr):
    func: Expr
    args: list


@dataclass(eq=False)
class MethodCall(Expr):
    """``obj:name(args)``"""
    obj: Expr
    name: str
    args: list


@dataclass(eq=False)
class Function(Expr):
    """A function body.  ``params`` are the Vars of the named parameters
    (``self`` first for methods).  ``upvals`` lists, in first-use order and
    without duplicates, every Var of an enclosing function that this
    function or any function nested in it refers to.  ``name`` is a
    human-readable name for tracebacks (``'f'``, ``'a.b:m'``, or None)."""
    params: list
    is_vararg: bool
    body: "Block"
    end_line: int = 0
    name: Optional[str] = None
    upvals: list = field(default_factory=list)
    is_method: bool = False


@dataclass(eq=False)
class BinOp(Expr):
    """Arithmetic, bitwise, comparison and concatenation.

    op is one of ``+ - * / // % ^ .. == ~= < <= > >= & | ~ << >>``.
    """
    op: str
    left: Expr
    right: Expr


@dataclass(eq=False)
class And(Expr):
    left: Expr
    right: Expr


@dataclass(eq=False)
class Or(Expr):
    left: Expr
    right: Expr


@dataclass(eq=False)
class UnOp(Expr):
    """op is one of ``-`` ``not`` ``#`` ``~``."""
    op: str
    operand: Expr


@dataclass(eq=False)
class Paren(Expr):
    """``(e)``: truncates a multi-valued expression to one value."""
    expr: Expr


@dataclass(eq=False)
class TableField:
    """One entry of a table constructor; ``key`` is None for positional."""
    key: Optional[Expr]
    value: Expr


@dataclass(eq=False)
class Table(Expr):
    fields: list


# ----------------------------------------------------------------- statements

@dataclass(eq=False)
class Stat:
    line: int


@dataclass(eq=False)
class Block:
    stats: list
    line: int = 0
    end_line: int = 0


@dataclass(eq=False)
class Local(Stat):
    """``local a <const>, b = e1, e2``: ``vars`` are the new Vars."""
    vars: list
    exprs: list


@dataclass(eq=False)
class LocalFunction(Stat):
    var: Var
    func: Function


@dataclass(eq=False)
class Assign(Stat):
    """``t1, t2 = e1, e2``; targets are Name or Index.  ``function a.b()``
    statements are parsed into this node too."""
    targets: list
    exprs: list


@dataclass(eq=False)
class CallStat(Stat):
    call: Expr            # Call or MethodCall


@dataclass(eq=False)
class Do(Stat):
    body: Block


@dataclass(eq=False)
class While(Stat):
    cond: Expr
    body: Block


@dataclass(eq=False)
class Repeat(Stat):
    """The condition may refer to locals of the body."""
    body: Block
    cond: Expr


@dataclass(eq=False)
class If(Stat):
    """``tests`` is a list of ``(cond, Block)``; ``orelse`` a Block or None."""
    tests: list
    orelse: Optional[Block]


@dataclass(eq=False)
class NumericFor(Stat):
    var: Var
    start: Expr
    stop: Expr
    step: Optional[Expr]
    body: Block


@dataclass(eq=False)
class GenericFor(Stat):
    vars: list
    exprs: list
    body: Block


@dataclass(eq=False)
class Return(Stat):
    exprs: list


@dataclass(eq=False)
class Break(Stat):
    pass


@dataclass(eq=False)
class Goto(Stat):
    """``label`` is the Label node it jumps to (resolved by the parser)."""
    name: str
    label: "Label" = None


@dataclass(eq=False)
class Label(Stat):
    """``block`` is the Block holding the label; ``at_end`` is True when only
    void statements (labels, ``;``) follow it in that block."""
    name: str
    block: Optional[Block] = None
    at_end: bool = False


@dataclass(eq=False)
class Chunk:
    """A compiled unit: the main function (vararg, no params) and the Var of
    its ``_ENV`` upvalue."""
    func: Function
    env: Var
    name: str


_CHILD_FIELDS: dict = {}


def child_fields(cls) -> tuple:
    """Names of the attributes of node class ``cls`` that may hold child
    nodes (or lists of them), for generic walks; back references (a
    Label's block, a Goto's label) are left out so walks stay trees."""
    f = _CHILD_FIELDS.get(cls)
    if f is None:
        f = tuple(name for name in getattr(cls, "__dataclass_fields__", ())
                  if name not in ("line", "end_line", "op", "name", "at_end", "block", "label"))
        _CHILD_FIELDS[cls] = f
    return f


def walk(root, functions: bool = False):
    """Every node under ``root`` (itself included), each once; nested
    functions only with ``functions``."""
    skip = (str, bytes, int, float, bool, Var) if functions else \
        (str, bytes, int, float, bool, Var, Function)
    stack = [root]
    seen = set()            # labels and gotos refer back to their blocks
    while stack:
        n = stack.pop()
        if n is None or isinstance(n, skip):
            continue
        if isinstance(n, (list, tuple)):
            stack.extend(n)
            continue
        if id(n) in seen:
            continue
        seen.add(id(n))
        yield n
        for name in child_fields(n.__class__):
            stack.append(getattr(n, name))
