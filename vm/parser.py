"""Lua 5.4 parser: builds the vm.ast tree and resolves names (like lparser.c).

Public entry point: :func:`parse`.  Error messages, their line numbers and
their precedence follow PUC-Rio Lua 5.4's lparser.c/llex.c.
"""
from __future__ import annotations

import gc
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
        self.level = 0

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
        self.level += 1
        if self.level >= MAXCCALLS:
            self.syntax_error("too many C levels (limit is %d)" % MAXCCALLS)
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
                    self.syntax_error("too many C levels (limit is %d)" % MAXCCALLS)
                if not isinstance(e, (Name, Index)):
                    self.syntax_error("syntax error")
                self.check_readonly(e)
                targets.append(e)
            self.checknext("=")
            exprs = self.explist()
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
        while self.t == ",":
            self.next()
            es.append(self.subexpr(0))
        return es

    def subexpr(self, limit: int):
        self.level += 1
        if self.level >= MAXCCALLS:
            self.syntax_error("too many C levels (limit is %d)" % MAXCCALLS)
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
                self.next()
                kl = self.lines[self.i]
                key = self.str_checkname()
                e = Index(line, e, String(kl, key.encode()))
            elif t == "[":
                line = self.lines[self.i]
                self.next()
                k = self.subexpr(0)
                self.checknext("]")
                e = Index(line, e, k)
            elif t == ":":
                self.next()
                name = self.str_checkname()
                cl = self.lines[self.i]
                e = MethodCall(cl, e, name, self.funcargs(cl))
            elif t == "(" or t == "<string>" or t == "{":
                cl = self.lines[self.i]
                e = Call(cl, e, self.funcargs(cl))
            else:
                return e

    def funcargs(self, line: int) -> list:
        t = self.t
        i = self.i
        if t == "(":
            self.next()
            if self.t == ")":
                args = []
            else:
                args = self.explist()
                # registers: the active locals, the function and its arguments
                if self.fs.nactive + len(args) + 1 >= 255:
                    self.syntax_error("function or expression needs too many registers")
            self.check_match(")", "(", line)
            return args
        if t == "{":
            return [self.constructor()]
        if t == "<string>":
            self.next()
            return [String(self.lines[i], self.vals[i])]
        self.syntax_error("function arguments expected")

    def constructor(self) -> Table:
        line = self.lines[self.i]
        self.checknext("{")
        fields = []
        while self.t != "}":
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
                fields.append(TableField(None, self.subexpr(0)))
            if self.t == "," or self.t == ";":
                self.next()
            else:
                break
        self.check_match("}", "{", line)
        return Table(line, fields)


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
    # Skip a first '#' line (shebang) of file chunks only, as luaL_loadfilex
    # does; load() of a string starting with '#' is a syntax error in Lua.
    if src.startswith("#") and chunkname.startswith("@"):
        k = src.find("\n")
        src = src[k:] if k >= 0 else ""
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
