"""Lua 5.4 parser: builds the vm.ast tree and resolves names (like lparser.c).

Public entry point: :func:`parse`.  Error messages, their line numbers and
their precedence follow PUC-Rio Lua 5.4's lparser.c/llex.c.
"""
from __future__ import annotations

import gc
import math
import sys

from vm.ast import (
    And, Assign, BinOp, Block, Break, Call, CallStat, Chunk, Do, FalseExpr,
    Function, GenericFor, Goto, If, Index, Label, Local, LocalFunction,
    MethodCall, Name, Nil, Number, NumericFor, Or, Paren, Repeat, Return,
    String, Table, TableField, TrueExpr, UnOp, Var, Vararg, While,
)
from vm.lexer import MAXINT, format_error, token_text, tokenize
from vm.runtime.errors import LuaSyntaxError

__all__ = ["parse", "MAXVARS", "MAXUPVAL", "MAXCCALLS"]

MAXVARS = 200        # active local variables per function
MAXUPVAL = 255       # upvalues per function
MAXCCALLS = 200      # nesting of statements/expressions ("C levels")
MAXREGS = 255        # registers per function (lcode.c luaK_checkstack)
# C levels already in use when lua5.4 parses a chunk that a Lua function
# loads with load/loadfile/dofile (lua.c's pmain + the load call): PUC's
# parser counts its nesting in the same nCcalls as C calls.
CLEVEL_BASE = 2
_C_STACK_OVERFLOW = b"C stack overflow"

# binary operator -> (left priority, right priority)   (lparser.c priority[])
_BINPRI = {
    "+": (10, 10), "-": (10, 10),
    "*": (11, 11), "%": (11, 11),
    "^": (14, 13),
    "/": (11, 11), "//": (11, 11),
    "&": (6, 6), "|": (4, 4), "~": (5, 5),
    "<<": (7, 7), ">>": (7, 7),
    "..": (9, 8),
    "==": (3, 3), "<": (3, 3), "<=": (3, 3),
    "~=": (3, 3), ">": (3, 3), ">=": (3, 3),
    "and": (2, 2), "or": (1, 1),
}
_UNARY_PRIORITY = 12
_UNOPS = frozenset(("not", "-", "#", "~"))
_BLOCK_FOLLOW = frozenset(("else", "elseif", "end", "<eof>"))
_BLOCK_FOLLOW_UNTIL = frozenset(("else", "elseif", "end", "<eof>", "until"))
_KEEP_PAREN = (Name, Index, Call, MethodCall, Vararg)
_TOKEN_NAMES = {"<eof>", "<number>", "<integer>", "<name>", "<string>"}


def _tok2str(t: str) -> str:
    """luaX_token2str"""
    if t in _TOKEN_NAMES:
        return t
    return "'" + t + "'"


class _BlockCnt:
    __slots__ = ("nactvar", "firstlabel", "firstgoto", "isloop", "node")

    def __init__(self, nactvar, firstlabel, firstgoto, isloop, node):
        self.nactvar = nactvar
        self.firstlabel = firstlabel
        self.firstgoto = firstgoto
        self.isloop = isloop
        self.node = node


class _FuncState:
    __slots__ = ("node", "parent", "vis", "upnames", "actvars", "nactive",
                 "prevs", "blocks", "labels", "pending", "loops", "curblock")

    def __init__(self, node, parent):
        self.node = node            # the Function node (None for the outer pseudo function)
        self.parent = parent
        self.vis = {}               # name -> visible (active) Var of this function
        self.upnames = {}           # name -> Var already an upvalue of this function
        self.actvars = []           # created Vars (active ones first, then pending)
        self.nactive = 0
        self.prevs = []             # shadowed binding for each active var
        self.blocks = []            # _BlockCnt stack
        self.labels = []            # active labels: [name, line, nactvar, Label]
        self.pending = []           # pending gotos: [name, line, nactvar, Goto|None]
        self.loops = 0              # enclosing loop blocks
        self.curblock = None        # the Block node being filled


class Parser:
    def __init__(self, toks, chunkname: str):
        self.toks = toks
        self.types = toks.types
        self.vals = toks.vals
        self.lines = toks.lines
        self.chunkname = chunkname
        self.i = 0
        self.t = toks.types[0]
        self.fs = None
        self.level = CLEVEL_BASE
        # Registers in use by the statement being parsed beyond its active
        # locals' (lcode's freereg - reglevel), as far as lists of values
        # (arguments, return values, assignments, constructors) commit them;
        # temporaries of operators are not counted.  Checked against MAXREGS
        # only when the active locals alone could get near the limit.
        self.freg = 0
        self.ctcs = {}      # compile-time constant local Var -> its value expr

    # ------------------------------------------------------------ tokens

    def next(self):
        i = self.i + 1
        self.i = i
        t = self.types[i]
        self.t = t
        if t == "<error>":
            raise self.vals[i]

    def peek(self):
        """luaX_lookahead"""
        t = self.types[self.i + 1]
        if t == "<error>":
            raise self.vals[self.i + 1]
        return t

    def syntax_error(self, msg: str):
        # a NUL character is token 0 in llex: lexerror() then omits "near"
        near = None if self.t == "\0" else token_text(self.toks, self.i)
        raise LuaSyntaxError(format_error(self.chunkname, self.lines[self.i], msg, near))

    def sem_error(self, msg: str):
        raise LuaSyntaxError(format_error(self.chunkname, self.lines[self.i], msg))

    def error_expected(self, t: str):
        self.syntax_error(_tok2str(t) + " expected")

    def check(self, t: str):
        if self.t != t:
            self.error_expected(t)

    def checknext(self, t: str):
        if self.t != t:
            self.error_expected(t)
        self.next()

    def testnext(self, t: str) -> bool:
        if self.t == t:
            self.next()
            return True
        return False

    def check_match(self, what: str, who: str, where: int):
        if self.t == what:
            self.next()
            return
        if where == self.lines[self.i]:
            self.error_expected(what)
        self.syntax_error("%s expected (to close %s at line %d)"
                          % (_tok2str(what), _tok2str(who), where))

    def str_checkname(self) -> str:
        if self.t != "<name>":
            self.error_expected("<name>")
        name = self.vals[self.i]
        self.next()
        return name

    # ------------------------------------------------------------ scopes

    def needregs(self, n: int):
        """luaK_checkstack: error if the statement needs n registers beyond
        its active locals (callers test ``fs.nactive + n >= MAXREGS`` first:
        compile-time constants take no register)."""
        fs = self.fs
        ctcs = self.ctcs
        level = fs.nactive
        if ctcs:
            for v in fs.actvars[:fs.nactive]:
                if v in ctcs:
                    level -= 1
        if level + n >= MAXREGS:
            self.syntax_error("function or expression needs too many registers")

    def errorlimit(self, fs, limit, what):
        line = fs.node.line
        where = "main function" if line == 0 else "function at line %d" % line
        self.syntax_error("too many %s (limit is %d) in %s" % (what, limit, where))

    def new_localvar(self, name: str, line: int) -> Var:
        fs = self.fs
        if len(fs.actvars) + 1 > MAXVARS:
            self.errorlimit(fs, MAXVARS, "local variables")
        v = Var(name, line, fs.node, None, fs.loops > 0 or len(fs.labels) > 0)
        fs.actvars.append(v)
        return v

    def adjustlocalvars(self, n: int):
        fs = self.fs
        vis = fs.vis
        prevs = fs.prevs
        k = fs.nactive
        for j in range(k, k + n):
            v = fs.actvars[j]
            prevs.append(vis.get(v.name))
            vis[v.name] = v
        fs.nactive = k + n

    def removevars(self, fs, tolevel: int):
        vis = fs.vis
        prevs = fs.prevs
        actvars = fs.actvars
        while fs.nactive > tolevel:
            fs.nactive -= 1
            v = actvars[fs.nactive]
            p = prevs.pop()
            if p is None:
                del vis[v.name]
            else:
                vis[v.name] = p
        del actvars[tolevel:]

    def resolve(self, name: str):
        """The Var a name refers to here, or None for a global."""
        fs = self.fs
        v = fs.vis.get(name)
        if v is not None:
            return v
        v = fs.upnames.get(name)
        if v is not None:
            return v
        return self._resolve_up(fs, name)

    def _resolve_up(self, fs, name):
        p = fs.parent
        if p is None:
            return None
        v = p.vis.get(name)
        if v is None:
            v = p.upnames.get(name)
            if v is None:
                v = self._resolve_up(p, name)
                if v is None:
                    return None
        ups = fs.node.upvals
        if len(ups) + 1 > MAXUPVAL:
            self.errorlimit(fs, MAXUPVAL, "upvalues")
        ups.append(v)
        fs.upnames[name] = v
        v.captured = True
        return v

    def singlevar(self, name: str, line: int):
        v = self.resolve(name)
        if v is not None:
            return Name(line, name, v)
        env = self.resolve("_ENV")
        return Index(line, Name(line, "_ENV", env), String(line, name.encode()), name)

    def enterblock(self, isloop: bool, node=None) -> _BlockCnt:
        fs = self.fs
        bl = _BlockCnt(fs.nactive, len(fs.labels), len(fs.pending), isloop, node)
        fs.blocks.append(bl)
        if isloop:
            fs.loops += 1
        return bl

    def leaveblock(self):
        fs = self.fs
        bl = fs.blocks.pop()
        self.removevars(fs, bl.nactvar)
        if bl.isloop:
            fs.loops -= 1
        del fs.labels[bl.firstlabel:]
        pending = fs.pending
        if fs.blocks:                       # nested block: move gotos out
            for j in range(bl.firstgoto, len(pending)):
                pending[j][2] = bl.nactvar
        elif len(pending) > bl.firstgoto:   # function's outermost block
            g = pending[bl.firstgoto]
            if g[0] == "break":
                self.sem_error("break outside loop at line %d" % g[1])
            self.sem_error("no visible label '%s' for <goto> at line %d" % (g[0], g[1]))

    def findlabel(self, name: str):
        for lb in self.fs.labels:
            if lb[0] == name:
                return lb
        return None

    # ------------------------------------------------------------ statements

    def block(self, isloop: bool = False) -> Block:
        fs = self.fs
        node = Block([], self.lines[self.i])
        saved = fs.curblock
        fs.curblock = node
        self.enterblock(isloop, node)
        self.statlist(node.stats)
        node.end_line = self.lines[self.i]
        self.leaveblock()
        fs.curblock = saved
        return node

    def statlist(self, stats: list):
        follow = _BLOCK_FOLLOW_UNTIL
        while self.t not in follow:
            if self.t == "return":
                self.statement(stats)
                return
            self.statement(stats)

    def statement(self, stats: list):
        line = self.lines[self.i]
        self.freg = 0
        self.level += 1
        if self.level >= MAXCCALLS:
            raise LuaSyntaxError(_C_STACK_OVERFLOW)
        t = self.t
        if t == "local":
            self.next()
            if self.t == "function":
                self.next()
                stats.append(self.localfunc(line))
            else:
                stats.append(self.localstat(line))
        elif t == "if":
            stats.append(self.ifstat(line))
        elif t == "return":
            self.next()
            stats.append(self.retstat(line))
        elif t == "for":
            stats.append(self.forstat(line))
        elif t == "function":
            stats.append(self.funcstat(line))
        elif t == ";":
            self.next()
        elif t == "while":
            stats.append(self.whilestat(line))
        elif t == "do":
            self.next()
            body = self.block()
            self.check_match("end", "do", line)
            stats.append(Do(line, body))
        elif t == "repeat":
            stats.append(self.repeatstat(line))
        elif t == "::":
            self.next()
            self.labelstat(self.str_checkname(), line, stats)
        elif t == "break":
            self.next()
            fs = self.fs
            if fs.loops == 0:
                fs.pending.append(["break", line, fs.nactive, None])
            stats.append(Break(line))
        elif t == "goto":
            self.next()
            stats.append(self.gotostat(line))
        else:
            stats.append(self.exprstat(line))
        self.level -= 1

    def ifstat(self, line):
        tests = []
        while True:      # IF cond THEN block {ELSEIF cond THEN block}
            self.next()
            cond = self.expr()
            self.checknext("then")
            tests.append((cond, self.block()))
            if self.t != "elseif":
                break
        orelse = None
        if self.t == "else":
            self.next()
            orelse = self.block()
        self.check_match("end", "if", line)
        return If(line, tests, orelse)

    def whilestat(self, line):
        self.next()
        cond = self.expr()
        self.enterblock(True)
        self.checknext("do")
        body = self.block()
        self.check_match("end", "while", line)
        self.leaveblock()
        return While(line, cond, body)

    def repeatstat(self, line):
        fs = self.fs
        self.enterblock(True)
        node = Block([], line)
        saved = fs.curblock
        fs.curblock = node
        self.enterblock(False, node)
        self.next()
        self.statlist(node.stats)
        node.end_line = self.lines[self.i]
        self.check_match("until", "repeat", line)
        cond = self.expr()            # inside the scope block
        self.leaveblock()
        fs.curblock = saved
        self.leaveblock()
        return Repeat(line, node, cond)

    def forstat(self, line):
        self.enterblock(True)
        self.next()
        nline = self.lines[self.i]
        name = self.str_checkname()
        t = self.t
        if t == "=":
            node = self.fornum(name, nline, line)
        elif t == "," or t == "in":
            node = self.forlist(name, nline, line)
        else:
            self.syntax_error("'=' or 'in' expected")
        self.check_match("end", "for", line)
        self.leaveblock()
        return node

    def _hidden(self, n):
        for _ in range(n):
            self.new_localvar("(for state)", 0)

    def fornum(self, name, nline, line):
        self._hidden(3)
        var = self.new_localvar(name, nline)
        self.checknext("=")
        start = self.expr()
        self.checknext(",")
        stop = self.expr()
        step = None
        if self.testnext(","):
            step = self.expr()
        self.adjustlocalvars(3)
        body = self.forbody(1)
        return NumericFor(line, var, start, stop, step, body)

    def forlist(self, name, nline, line):
        self._hidden(4)
        vs = [self.new_localvar(name, nline)]
        while self.testnext(","):
            ln = self.lines[self.i]
            vs.append(self.new_localvar(self.str_checkname(), ln))
        self.checknext("in")
        exprs = self.explist()
        n = len(exprs)
        if self.fs.nactive + n >= MAXREGS and type(exprs[-1]) not in _MULTRET:
            self.needregs(n)
        self.adjustlocalvars(4)
        body = self.forbody(len(vs))
        return GenericFor(line, vs, exprs, body)

    def forbody(self, nvars):
        self.checknext("do")
        self.enterblock(False)
        self.adjustlocalvars(nvars)
        body = self.block()
        self.leaveblock()
        return body

    def localfunc(self, line):
        nline = self.lines[self.i]
        name = self.str_checkname()
        var = self.new_localvar(name, nline)
        self.adjustlocalvars(1)
        func = self.body(False, self.lines[self.i], name)
        return LocalFunction(line, var, func)

    def localstat(self, line):
        vs = []
        toclose = False
        while True:
            nline = self.lines[self.i]
            v = self.new_localvar(self.str_checkname(), nline)
            if self.t == "<":           # ATTRIB -> ['<' Name '>']
                self.next()
                attr = self.str_checkname()
                self.checknext(">")
                if attr == "const":
                    v.attrib = "const"
                elif attr == "close":
                    v.attrib = "close"
                    if toclose:
                        self.sem_error("multiple to-be-closed variables in local list")
                    toclose = True
                else:
                    self.sem_error("unknown attribute '%s'" % attr)
            vs.append(v)
            if self.t != ",":
                break
            self.next()
        if self.t == "=":
            self.next()
            exprs = self.explist()
            for j in range(min(len(vs), len(exprs))):
                e = exprs[j]
                if type(e) is Function and e.name is None:
                    e.name = vs[j].name
            n = len(exprs)
            v = vs[-1]
            if n == len(vs) and v.attrib == "const" and _ctc_value(exprs[-1], self.ctcs) is not None:
                self.ctcs[v] = exprs[-1]
            elif self.fs.nactive + n >= MAXREGS and type(exprs[-1]) not in _MULTRET:
                self.needregs(n)            # adjust_assign closes the last one
        else:
            exprs = []
        self.adjustlocalvars(len(vs))
        return Local(line, vs, exprs)

    def funcstat(self, line):
        self.next()
        nline = self.lines[self.i]
        name = self.str_checkname()
        target = self.singlevar(name, nline)
        fullname = name
        ismethod = False
        while self.t == ".":
            kl = self.lines[self.i]
            self.next()
            key = self.str_checkname()
            target = Index(kl, target, String(kl, key.encode()))
            fullname += "." + key
        if self.t == ":":
            kl = self.lines[self.i]
            self.next()
            key = self.str_checkname()
            target = Index(kl, target, String(kl, key.encode()))
            fullname += ":" + key
            ismethod = True
        func = self.body(ismethod, line, fullname)
        self.check_readonly(target)
        return Assign(line, [target], [func])

    def check_readonly(self, e):
        if type(e) is Name:
            if e.var.attrib is not None:
                self.sem_error("attempt to assign to const variable '%s'" % e.name)
            e.var.assigned = True

    def exprstat(self, line):
        e = self.suffixedexp()
        t = self.t
        if t == "=" or t == ",":
            targets = [e]
            if not isinstance(e, (Name, Index)):
                self.syntax_error("syntax error")
            self.check_readonly(e)
            extra = 0
            while self.t == ",":
                self.next()
                e = self.suffixedexp()
                self.level += 1
                extra += 1
                if self.level >= MAXCCALLS:
                    raise LuaSyntaxError(_C_STACK_OVERFLOW)
                if not isinstance(e, (Name, Index)):
                    self.syntax_error("syntax error")
                self.check_readonly(e)
                targets.append(e)
            self.checknext("=")
            held = 0                # registers held by the targets
            for x in targets:
                if type(x) is Index and x.global_name is None:
                    held += self._target_regs(x)
            self.freg = held
            exprs = self.explist()
            n = len(exprs) + self.freg
            if self.fs.nactive + n >= MAXREGS and len(exprs) != len(targets) \
                    and type(exprs[-1]) not in _MULTRET:
                self.needregs(n)            # adjust_assign closes the last one
            self.level -= extra
            for j in range(min(len(targets), len(exprs))):
                f = exprs[j]
                if type(f) is Function and f.name is None:
                    f.name = _simple_name(targets[j])
            return Assign(line, targets, exprs)
        if not isinstance(e, (Call, MethodCall)):
            self.syntax_error("syntax error")
        return CallStat(line, e)

    def retstat(self, line):
        if self.t in _BLOCK_FOLLOW_UNTIL or self.t == ";":
            exprs = []
        else:
            exprs = self.explist()
            n = len(exprs)
            if self.fs.nactive + n >= MAXREGS and type(exprs[-1]) not in _MULTRET:
                self.needregs(n)            # values go to consecutive registers
        self.testnext(";")
        return Return(line, exprs)

    def gotostat(self, line):
        fs = self.fs
        gline = self.lines[self.i]
        name = self.str_checkname()
        node = Goto(line, name)
        lb = self.findlabel(name)
        if lb is None:       # forward jump, resolved when the label appears
            fs.pending.append([name, gline, fs.nactive, node])
        else:                # backward jump
            node.label = lb[3]
        return node

    def labelstat(self, name, line, stats):
        fs = self.fs
        node = Label(line, name, fs.curblock)
        stats.append(node)
        self.checknext("::")
        while self.t == ";" or self.t == "::":
            self.statement(stats)      # skip other no-op statements
        lb = self.findlabel(name)
        if lb is not None:
            self.sem_error("label '%s' already defined on line %d" % (name, lb[1]))
        last = self.t in _BLOCK_FOLLOW
        node.at_end = last
        nact = fs.blocks[-1].nactvar if last else fs.nactive
        fs.labels.append([name, line, nact, node])
        # solve pending forward gotos of the current block
        pending = fs.pending
        j = fs.blocks[-1].firstgoto
        while j < len(pending):
            g = pending[j]
            if g[0] == name:
                if g[2] < nact:
                    self.sem_error("<goto %s> at line %d jumps into the scope of local '%s'"
                                   % (name, g[1], fs.actvars[g[2]].name))
                g[3].label = node
                del pending[j]
            else:
                j += 1

    # ------------------------------------------------------------ functions

    def body(self, ismethod: bool, line: int, name) -> Function:
        node = Function(line, [], False, Block([], line), 0, name, [], ismethod)
        freg = self.freg
        fs = _FuncState(node, self.fs)
        self.fs = fs
        fs.curblock = node.body
        self.enterblock(False, node.body)
        self.checknext("(")
        params = node.params
        if ismethod:
            params.append(self.new_localvar("self", line))
            self.adjustlocalvars(1)
        if self.t != ")":
            n = 0
            while True:
                t = self.t
                if t == "<name>":
                    pl = self.lines[self.i]
                    params.append(self.new_localvar(self.str_checkname(), pl))
                    n += 1
                elif t == "...":
                    self.next()
                    node.is_vararg = True
                    break
                else:
                    self.syntax_error("<name> or '...' expected")
                if self.t != ",":
                    break
                self.next()
            self.adjustlocalvars(n)
        self.checknext(")")
        node.body.line = self.lines[self.i]
        self.statlist(node.body.stats)
        node.end_line = node.body.end_line = self.lines[self.i]
        self.check_match("end", "function", line)
        self.leaveblock()
        self.fs = fs.parent
        self.freg = freg
        return node

    def mainfunc(self, chunkname) -> Chunk:
        env = Var("_ENV", 0, None)
        env.captured = True
        outer = _FuncState(None, None)
        outer.vis["_ENV"] = env
        node = Function(0, [], True, Block([], 1), 0, "main chunk", [env])
        fs = _FuncState(node, outer)
        fs.upnames["_ENV"] = env
        fs.curblock = node.body
        self.fs = fs
        self.enterblock(False, node.body)
        if self.t == "<error>":
            raise self.vals[0]
        self.statlist(node.body.stats)
        self.check("<eof>")
        node.end_line = node.body.end_line = self.lines[self.i]
        self.leaveblock()
        self.fs = None
        return Chunk(node, env, chunkname)

    # ------------------------------------------------------------ expressions

    def expr(self):
        return self.subexpr(0)

    def explist(self) -> list:
        es = [self.subexpr(0)]
        if self.t == ",":
            base = k = self.freg
            fs = self.fs
            while self.t == ",":
                self.next()
                k += 1                      # the previous value to a register
                if fs.nactive + k >= MAXREGS:
                    self.needregs(k)
                self.freg = k
                es.append(self.subexpr(0))
            self.freg = base
        return es

    def subexpr(self, limit: int):
        self.level += 1
        if self.level >= MAXCCALLS:
            raise LuaSyntaxError(_C_STACK_OVERFLOW)
        t = self.t
        i = self.i
        if t in _UNOPS:
            line = self.lines[i]
            self.next()
            e = self.subexpr(_UNARY_PRIORITY)
            e = _unop(line, t, e)
        # simpleexp
        elif t == "<name>" or t == "(":
            e = self.suffixedexp()
        elif t == "<number>":
            e = Number(self.lines[i], self.vals[i])
            self.next()
        elif t == "<string>":
            e = String(self.lines[i], self.vals[i])
            self.next()
        elif t == "nil":
            e = Nil(self.lines[i])
            self.next()
        elif t == "true":
            e = TrueExpr(self.lines[i])
            self.next()
        elif t == "false":
            e = FalseExpr(self.lines[i])
            self.next()
        elif t == "...":
            if not self.fs.node.is_vararg:
                self.syntax_error("cannot use '...' outside a vararg function")
            e = Vararg(self.lines[i])
            self.next()
        elif t == "{":
            e = self.constructor()
        elif t == "function":
            self.next()
            e = self.body(False, self.lines[self.i], None)
        else:
            e = self.suffixedexp()      # raises "unexpected symbol"
        pri = _BINPRI.get(self.t)
        while pri is not None and pri[0] > limit:
            op = self.t
            line = self.lines[self.i]
            self.next()
            e2 = self.subexpr(pri[1])
            if op == "and":
                e = And(line, e, e2)
            elif op == "or":
                e = Or(line, e, e2)
            else:
                e = BinOp(line, op, e, e2)
            pri = _BINPRI.get(self.t)
        self.level -= 1
        return e

    def suffixedexp(self):
        # Calls get the line of their argument list's first token, as Lua
        # 5.4.8 does (5.4.0-5.4.6 used the line where the expression starts).
        t = self.t
        line = self.lines[self.i]
        if t == "<name>":
            name = self.vals[self.i]
            self.next()
            e = self.singlevar(name, line)
        elif t == "(":
            self.next()
            e = self.subexpr(0)
            self.check_match(")", "(", line)
            if isinstance(e, _KEEP_PAREN):
                e = Paren(line, e)
        else:
            self.syntax_error("unexpected symbol")
        while True:
            t = self.t
            if t == ".":
                line = self.lines[self.i]
                if self.fs.nactive + self.freg + 1 >= MAXREGS and self._objreg(e):
                    self.needregs(self.freg + 1)
                self.next()
                kl = self.lines[self.i]
                key = self.str_checkname()
                e = Index(line, e, String(kl, key.encode()))
            elif t == "[":
                line = self.lines[self.i]
                base = self.freg
                if self._objreg(e):     # the object goes to a register first
                    self.freg = base + 1
                    if self.fs.nactive + base + 1 >= MAXREGS:
                        self.needregs(base + 1)
                self.next()
                k = self.subexpr(0)
                self.freg = base
                self.checknext("]")
                e = Index(line, e, k)
            elif t == ":":
                self.next()
                name = self.str_checkname()
                cl = self.lines[self.i]
                e = MethodCall(cl, e, name, self.funcargs(cl, 2))
            elif t == "(" or t == "<string>" or t == "{":
                cl = self.lines[self.i]
                e = Call(cl, e, self.funcargs(cl, 1))
            else:
                return e

    def _objreg(self, e) -> bool:
        """Whether indexing e first puts it in a fresh register (it is not
        a local or an upvalue: luaK_exp2anyregup)."""
        if type(e) is Paren:
            e = e.expr
            if type(e) is Name:         # a parenthesized upvalue is loaded
                return e.var.func is not self.fs.node
        return type(e) is not Name

    def _target_regs(self, e) -> int:
        """Registers an assignment target holds while the values are
        evaluated (table and key of an indexed one, lparser restassign)."""
        if type(e) is not Index or e.global_name is not None:
            return 0
        k = e.key
        tk = type(k)
        kstr = tk is String and len(k.value) <= 40     # a short string
        if kstr or (tk is Number and type(k.value) is int and 0 <= k.value <= 255):
            kregs = 0
        elif tk is Name and k.var.func is self.fs.node:
            kregs = 0
        else:
            kregs = 1
        o = e.obj
        if type(o) is Name:
            oregs = 0 if (kstr or o.var.func is self.fs.node) else 1
        else:
            oregs = 1 if self._objreg(o) else 0
        return oregs + kregs

    def funcargs(self, line: int, nfunc: int) -> list:
        # nfunc registers hold the function (and self): reserved by now
        t = self.t
        i = self.i
        base = self.freg
        k = base + nfunc
        nactive = self.fs.nactive
        if nactive + k >= MAXREGS:
            self.needregs(k)
        if t == "(":
            self.next()
            if self.t == ")":
                args = []
            else:
                self.freg = k
                args = self.explist()
                self.freg = base
                if nactive + k + len(args) >= MAXREGS and type(args[-1]) is Vararg:
                    self.needregs(k + len(args))    # luaK_setmultret
            self.check_match(")", "(", line)
            # the last argument goes to its register after the ')'
            if args and nactive + k + len(args) >= MAXREGS and type(args[-1]) not in _MULTRET_VA:
                self.needregs(k + len(args))
            return args
        if t == "{":
            self.freg = k
            args = [self.constructor()]
            self.freg = base
            return args
        if t == "<string>":
            self.next()
            if nactive + k + 1 >= MAXREGS:
                self.needregs(k + 1)
            return [String(self.lines[i], self.vals[i])]
        self.syntax_error("function arguments expected")

    def constructor(self) -> Table:
        line = self.lines[self.i]
        base = self.freg
        fs = self.fs
        tab = base + 1                  # the table's register
        if fs.nactive + tab >= MAXREGS:
            self.needregs(tab)
        self.checknext("{")
        fields = []
        pending = None                  # list item not yet in a register
        tostore = 0                     # list items since the last flush
        while self.t != "}":
            if pending is not None:     # closelistfield
                pending = None
                if fs.nactive + tab + tostore >= MAXREGS:
                    self.needregs(tab + tostore)
                if tostore == 50:       # LFIELDS_PER_FLUSH: SETLIST frees them
                    tostore = 0
            self.freg = tab + tostore
            t = self.t
            if t == "<name>" and self.peek() == "=":
                i = self.i
                key = String(self.lines[i], self.vals[i].encode())
                self.next()
                self.next()              # skip '='
                val = self.subexpr(0)
                if type(val) is Function and val.name is None:
                    val.name = self.vals[i]
                fields.append(TableField(key, val))
            elif t == "[":
                self.next()
                key = self.subexpr(0)
                self.checknext("]")
                self.checknext("=")
                fields.append(TableField(key, self.subexpr(0)))
            else:
                pending = self.subexpr(0)
                tostore += 1
                fields.append(TableField(None, pending))
            if self.t == "," or self.t == ";":
                self.next()
            else:
                break
        self.check_match("}", "{", line)
        self.freg = base
        if pending is not None and fs.nactive + tab + tostore >= MAXREGS \
                and type(pending) not in _MULTRET:
            self.needregs(tab + tostore)
        return Table(line, fields)


_MULTRET = (Call, MethodCall)      # open results: no register of their own
_MULTRET_VA = (Call, MethodCall, Vararg)


def _ctc_value(e, ctcs):
    """luaK_exp2const: the constant value of e (a Python value; None for
    nil; a bytes for a string), or None if e is no compile-time constant."""
    t = type(e)
    if t is Number:
        return e.value
    if t is String:
        return e.value
    if t is Nil or t is FalseExpr:
        return False
    if t is TrueExpr:
        return True
    if t is Paren:
        return _ctc_value(e.expr, ctcs)
    if t is Name:
        c = ctcs.get(e.var)
        return None if c is None else _ctc_value(c, ctcs)
    if t is UnOp:
        if e.op == "not":
            v = _ctc_value(e.operand, ctcs)
            return None if v is None else (v is False)
        if e.op == "-" or e.op == "~":
            return _fold(e.op + "u", _ctc_value(e.operand, ctcs), 0)
        return None
    if t is And or t is Or:              # a constant left side leaves no jump
        a = _ctc_value(e.left, ctcs)
        if a is None or (a is not False) != (t is And):
            return None
        return _ctc_value(e.right, ctcs)
    if t is BinOp:
        a = _ctc_value(e.left, ctcs)
        if a is None or type(a) is bool or type(a) is bytes:
            return None
        return _fold(e.op, a, _ctc_value(e.right, ctcs))
    return None


def _fold(op, a, b):
    """lcode.c constfolding on numerals a, b: the result or None."""
    if a is None or b is None or type(a) is bool or type(a) is bytes \
            or type(b) is bool or type(b) is bytes:
        return None
    try:
        if op in ("&", "|", "~", "<<", ">>", "~u"):
            if a != int(a) or b != int(b):
                return None
            x, y = int(a), int(b)
            if not (-(1 << 63) <= x < (1 << 63) and -(1 << 63) <= y < (1 << 63)):
                return None
            if op == "&":
                r = x & y
            elif op == "|":
                r = x | y
            elif op == "~":
                r = x ^ y
            elif op == "~u":
                r = ~x
            else:
                if op == ">>":
                    y = -y
                if y <= -64 or y >= 64:
                    r = 0
                elif y >= 0:
                    r = x << y
                else:
                    r = (x & ((1 << 64) - 1)) >> -y
        elif op == "-u":
            r = -a
        elif op in ("+", "-", "*"):
            r = a + b if op == "+" else a - b if op == "-" else a * b
        elif op in ("/", "//", "%"):
            if b == 0:
                return None
            if op == "/":
                r = float(a) / float(b)
            elif type(a) is int and type(b) is int:
                r = a // b if op == "//" else a % b
            elif op == "//":
                r = math.floor(float(a) / float(b)) * 1.0
            else:
                r = math.fmod(a, b)
                if r != 0 and (r < 0) != (b < 0):
                    r += b
        elif op == "^":
            r = float(a) ** float(b)
            if type(r) is complex:
                return None
        else:
            return None
    except (OverflowError, ZeroDivisionError, ValueError):
        return None
    if type(r) is int:
        r &= (1 << 64) - 1
        return r - (1 << 64) if r >= (1 << 63) else r
    if r != r or r == 0:            # NaN and (-)0.0 are not folded
        return None
    return r


def _unop(line, op, e):
    """Build a unary operation; fold '-' on a numeric literal when exact."""
    if op == "-" and type(e) is Number:
        v = e.value
        if type(v) is int:
            v = -v
            if v > MAXINT:              # -(-2^63) wraps around
                v -= 1 << 64
            return Number(line, v)
        v = -v
        if v != 0 and v == v:           # keep -0.0 and nan unfolded
            return Number(line, v)
    return UnOp(line, op, e)


def _simple_name(e):
    """'x', 'a.b.c' for simple assignment targets, else None."""
    if type(e) is Name:
        return e.name
    if type(e) is Index:
        if e.global_name is not None:
            return e.global_name
        k = e.key
        if type(k) is String:
            base = _simple_name(e.obj)
            if base is not None:
                try:
                    return base + "." + k.value.decode("ascii")
                except UnicodeDecodeError:
                    return None
    return None


def parse(source, chunkname: str) -> Chunk:
    """Parse Lua 5.4 source (bytes, or str encoded as UTF-8) into a Chunk.

    Raises LuaSyntaxError with PUC-Rio's message on any error."""
    if isinstance(source, str):
        source = source.encode("utf-8")
    src = source.decode("latin-1")
    # A first '#' line (shebang) is skipped by the file loaders
    # (luaL_loadfilex: package.read_file_chunk, the CLI), not here: load()
    # of text starting with '#' is a syntax error whatever its chunk name.
    old = sys.getrecursionlimit()
    gc_was_enabled = gc.isenabled()
    gc.disable()        # the tree is garbage-free while building; GC passes only cost time
    if old < 8000:
        sys.setrecursionlimit(8000)
    try:
        toks = tokenize(src, chunkname)
        return Parser(toks, chunkname).mainfunc(chunkname)
    finally:
        if old < 8000:
            sys.setrecursionlimit(old)
        if gc_was_enabled:
            gc.enable()
