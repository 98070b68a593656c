"""Tests for vm.parser: tree shapes, name resolution, goto rules, errors.

Expected error messages were produced by lua5.4 (5.4.4) ``load(src, "=stdin")``.
"""
import glob
import os

import pytest

from vm import ast as A
from vm.parser import parse
from vm.runtime.errors import LuaSyntaxError

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def P(src):
    return parse(src, "=stdin")


def err(src):
    with pytest.raises(LuaSyntaxError) as ei:
        parse(src, "=stdin")
    return ei.value.value


def S(e):
    """Compact s-expression of an expression tree."""
    if isinstance(e, A.Number):
        return e.value
    if isinstance(e, A.String):
        return e.value
    if isinstance(e, A.Nil):
        return "nil"
    if isinstance(e, A.TrueExpr):
        return "true"
    if isinstance(e, A.FalseExpr):
        return "false"
    if isinstance(e, A.Vararg):
        return "..."
    if isinstance(e, A.Name):
        return e.name
    if isinstance(e, A.Index):
        if e.global_name is not None:
            return e.global_name
        return ("[]", S(e.obj), S(e.key))
    if isinstance(e, A.BinOp):
        return (e.op, S(e.left), S(e.right))
    if isinstance(e, A.And):
        return ("and", S(e.left), S(e.right))
    if isinstance(e, A.Or):
        return ("or", S(e.left), S(e.right))
    if isinstance(e, A.UnOp):
        return ("u" + e.op, S(e.operand))
    if isinstance(e, A.Paren):
        return ("()", S(e.expr))
    if isinstance(e, A.Call):
        return ("call", S(e.func)) + tuple(S(a) for a in e.args)
    if isinstance(e, A.MethodCall):
        return ("meth", S(e.obj), e.name) + tuple(S(a) for a in e.args)
    if isinstance(e, A.Table):
        return ("{}",) + tuple((None if f.key is None else S(f.key), S(f.value)) for f in e.fields)
    if isinstance(e, A.Function):
        return "function"
    raise AssertionError(e)


def E(src):
    """Parse 'return <src>' and give the s-expression of the expression."""
    ch = P("return " + src)
    ret = ch.func.body.stats[0]
    assert isinstance(ret, A.Return) and len(ret.exprs) == 1
    return S(ret.exprs[0])


def stats(src):
    return P(src).func.body.stats


# ------------------------------------------------------------------ chunk

def test_chunk_basics():
    ch = parse(b"local x = 1\nreturn x\n", "@file.lua")
    assert ch.name == "@file.lua"
    f = ch.func
    assert isinstance(f, A.Function)
    assert f.line == 0 and f.params == [] and f.is_vararg and f.name == "main chunk"
    assert f.upvals == [ch.env]
    assert ch.env.name == "_ENV" and ch.env.func is None
    assert f.end_line == 3 and f.body.end_line == 3


def test_str_source_is_utf8():
    ch = P("return 'é'")
    assert ch.func.body.stats[0].exprs[0].value == b"\xc3\xa9"


def test_shebang_line_not_skipped_by_parse():
    # luaL_loadfilex (the file loaders) skips it; load(s, "@f.lua") does not
    assert err("#!/bin/lua\nreturn x") == b"stdin:1: unexpected symbol near '#'"
    with pytest.raises(LuaSyntaxError) as ei:
        parse("#!/bin/lua\nx = = 1", "@f.lua")
    assert ei.value.value == b"f.lua:1: unexpected symbol near '#'"


def test_hash_line_not_skipped_in_strings():
    # testes/literals.lua: load("#=1") must fail like any invalid character
    assert err("#=1") == b"stdin:1: unexpected symbol near '#'"
    assert err("#!x\nreturn 1") == b"stdin:1: unexpected symbol near '#'"


def test_empty_chunk():
    ch = P("")
    assert ch.func.body.stats == []
    assert P(";;;").func.body.stats == []


# ------------------------------------------------------------------ expressions

@pytest.mark.parametrize("src,tree", [
    ("a or b and c", ("or", "a", ("and", "b", "c"))),
    ("a and b or c", ("or", ("and", "a", "b"), "c")),
    ("a or b or c", ("or", ("or", "a", "b"), "c")),
    ("a < b or c", ("or", ("<", "a", "b"), "c")),
    ("a == b and c ~= d", ("and", ("==", "a", "b"), ("~=", "c", "d"))),
    ("a > b", (">", "a", "b")),
    ("a >= b", (">=", "a", "b")),
    ("a <= b", ("<=", "a", "b")),
    ("a < b < c", ("<", ("<", "a", "b"), "c")),
    ("a | b ~ c & d", ("|", "a", ("~", "b", ("&", "c", "d")))),
    ("a & b | c", ("|", ("&", "a", "b"), "c")),
    ("a < b | c", ("<", "a", ("|", "b", "c"))),
    ("1 << 2 + 3", ("<<", 1, ("+", 2, 3))),
    ("a & b << c", ("&", "a", ("<<", "b", "c"))),
    ("a >> b >> c", (">>", (">>", "a", "b"), "c")),
    ("a << b .. c", ("<<", "a", ("..", "b", "c"))),
    ("a .. b .. c", ("..", "a", ("..", "b", "c"))),
    ("a .. b + c", ("..", "a", ("+", "b", "c"))),
    ("a + b * c", ("+", "a", ("*", "b", "c"))),
    ("a - b - c", ("-", ("-", "a", "b"), "c")),
    ("a * b / c // d % e", ("%", ("//", ("/", ("*", "a", "b"), "c"), "d"), "e")),
    ("a ^ b ^ c", ("^", "a", ("^", "b", "c"))),
    ("-x ^ 2", ("u-", ("^", "x", 2))),
    ("-2 ^ 2", ("u-", ("^", 2, 2))),
    ("2 ^ -3", ("^", 2, -3)),
    ("2 ^ -x", ("^", 2, ("u-", "x"))),
    ("a ^ -b ^ c", ("^", "a", ("u-", ("^", "b", "c")))),
    ("not a == b", ("==", ("unot", "a"), "b")),
    ("not not a", ("unot", ("unot", "a"))),
    ("#t + 1", ("+", ("u#", "t"), 1)),
    ("~a ~ b", ("~", ("u~", "a"), "b")),
    ("- - a", ("u-", ("u-", "a"))),
    ("-a * b", ("*", ("u-", "a"), "b")),
    ("a * -b", ("*", "a", ("u-", "b"))),
    ("(a + b) * c", ("*", ("+", "a", "b"), "c")),
    ("a + (b * c)", ("+", "a", ("*", "b", "c"))),
    ("1 // 0", ("//", 1, 0)),
    ("1 % 0", ("%", 1, 0)),
    ("1 + 2", ("+", 1, 2)),
    ("'a' .. 'b'", ("..", b"a", b"b")),
])
def test_precedence(src, tree):
    assert E(src) == tree


def test_unary_minus_folding():
    assert E("-1") == -1
    assert E("- 1.5") == -1.5
    assert E("-(2)") == -2
    assert E("- - 3") == 3
    v = E("-9223372036854775808")          # 9223372036854775808 is a float
    assert type(v) is float and v == -9.2233720368547758e18
    v = E("-0x8000000000000000")           # -(minint) wraps to minint
    assert type(v) is int and v == -9223372036854775808
    v = E("-9223372036854775807")
    assert type(v) is int and v == -9223372036854775807
    assert E("-0.0") == ("u-", 0.0)          # -0.0 is left to the runtime
    assert E("-0") == 0 and type(E("-0")) is int
    assert E("-'1'") == ("u-", b"1")
    assert E("-x") == ("u-", "x")


def test_long_left_assoc_chain_is_iterative():
    src = "return " + " + ".join(["a"] * 3000)
    e = P(src).func.body.stats[0].exprs[0]
    depth = 0
    while isinstance(e, A.BinOp):
        e = e.left
        depth += 1
    assert depth == 2999


@pytest.mark.parametrize("src,tree", [
    ("nil", "nil"), ("true", "true"), ("false", "false"), ("...", "..."),
    ("{}", ("{}",)),
    ("{1, 2; 3,}", ("{}", (None, 1), (None, 2), (None, 3))),
    ("{x = 1, ['y'] = 2, z}", ("{}", (b"x", 1), (b"y", 2), (None, "z"))),
    ("{f(), ...}", ("{}", (None, ("call", "f")), (None, "..."))),
    ("a.b.c", ("[]", ("[]", "a", b"b"), b"c")),
    ("a[b][1]", ("[]", ("[]", "a", "b"), 1)),
    ("f()", ("call", "f")),
    ("f(1, 2)", ("call", "f", 1, 2)),
    ("f'x'", ("call", "f", b"x")),
    ("f[[x]]", ("call", "f", b"x")),
    ("f{1}", ("call", "f", ("{}", (None, 1)))),
    ("f{}{}'x'", ("call", ("call", ("call", "f", ("{}",)), ("{}",)), b"x")),
    ("a:m(1)", ("meth", "a", "m", 1)),
    ("a.b:m'x'", ("meth", ("[]", "a", b"b"), "m", b"x")),
    ("a:m{}", ("meth", "a", "m", ("{}",))),
    ("f().x", ("[]", ("call", "f"), b"x")),
    ("(f())", ("()", ("call", "f"))),
    ("(...)", ("()", "...")),
    ("(a):m()", ("meth", ("()", "a"), "m")),
    ("('x'):rep(2)", ("meth", b"x", "rep", 2)),
    ("((1))", 1),
])
def test_simple_and_suffixed(src, tree):
    assert E(src) == tree


def test_global_desugaring():
    ch = P("x = y")
    st = ch.func.body.stats[0]
    assert isinstance(st, A.Assign)
    t = st.targets[0]
    assert isinstance(t, A.Index) and t.global_name == "x"
    assert isinstance(t.obj, A.Name) and t.obj.name == "_ENV" and t.obj.var is ch.env
    assert isinstance(t.key, A.String) and t.key.value == b"x"
    v = st.exprs[0]
    assert v.global_name == "y" and v.obj.var is ch.env


def test_local_env_shadows_chunk_env():
    ch = P("local _ENV = {} x = 1")
    loc, asg = ch.func.body.stats
    t = asg.targets[0]
    assert t.global_name == "x" and t.obj.var is loc.vars[0]
    assert t.obj.var is not ch.env


def test_line_numbers_of_nodes():
    ch = P("local a =\n  1 +\n  2\nf(\n)\nreturn")
    loc, call, ret = ch.func.body.stats
    assert loc.line == 1 and loc.exprs[0].line == 2     # line of the operator
    assert call.line == 4 and ret.line == 6


def test_call_line_is_line_of_its_arguments():
    # as Lua 5.4.8: a call's line is where its argument list starts
    st, = stats("f\n.x\n(1)")
    assert st.call.line == 3 and st.line == 1
    st, = stats("local t = {\n  x = 1,\n}")
    assert st.exprs[0].line == 1 and st.exprs[0].fields[0].value.line == 2


def test_label_in_repeat_body_not_at_end():
    st, = stats("repeat ::a:: until x")
    lbl = st.body.stats[0]
    assert lbl.block is st.body and not lbl.at_end
    f, = stats("local function f() ::z:: end")
    assert f.func.body.stats[0].block is f.func.body and f.func.body.stats[0].at_end


# ------------------------------------------------------------------ statements

def test_statement_kinds():
    src = """
    local a, b = 1
    a, b = b, a
    f(a)
    do local c end
    while a do break end
    repeat local d until d
    if a then elseif b then else end
    for i = 1, 10, 2 do end
    for k, v in pairs(t) do end
    function g() end
    local function h() end
    goto l
    ::l::
    return a
    """
    kinds = [type(s).__name__ for s in stats(src)]
    assert kinds == ["Local", "Assign", "CallStat", "Do", "While", "Repeat", "If",
                     "NumericFor", "GenericFor", "Assign", "LocalFunction", "Goto",
                     "Label", "Return"]


def test_if_structure():
    st, = stats("if a then x() elseif b then y() elseif c then else z() end")
    assert isinstance(st, A.If)
    assert [S(c) for c, _ in st.tests] == ["a", "b", "c"]
    assert [len(b.stats) for _, b in st.tests] == [1, 1, 0]
    assert isinstance(st.orelse, A.Block) and len(st.orelse.stats) == 1
    st, = stats("if a then end")
    assert st.orelse is None


def test_numeric_for():
    st, = stats("for i = 1, 10 do local x = i end")
    assert isinstance(st, A.NumericFor)
    assert st.var.name == "i" and S(st.start) == 1 and S(st.stop) == 10 and st.step is None
    assert st.body.stats[0].exprs[0].var is st.var
    st, = stats("for i = 1, 10, -1 do end")
    assert S(st.step) == -1


def test_generic_for():
    st, = stats("for k, v in next, t do print(k, v) end")
    assert [v.name for v in st.vars] == ["k", "v"]
    assert [S(e) for e in st.exprs] == ["next", "t"]
    call = st.body.stats[0].call
    assert [a.var for a in call.args] == st.vars


def test_for_vars_scoped_to_body():
    ch = P("local i = 0 for i = i, 2 do end return i")
    loc, fr, ret = ch.func.body.stats
    assert fr.start.var is loc.vars[0]
    assert ret.exprs[0].var is loc.vars[0]
    ch = P("local k for k in k do end return k")
    loc, fr, ret = ch.func.body.stats
    assert fr.exprs[0].var is loc.vars[0] and ret.exprs[0].var is loc.vars[0]


def test_return_forms():
    r, = stats("return")
    assert r.exprs == []
    r, = stats("return;")
    assert r.exprs == []
    r, = stats("return 1, 2;")
    assert [S(e) for e in r.exprs] == [1, 2]
    d, = stats("do return end")
    assert isinstance(d.body.stats[0], A.Return)


def test_assignment_targets():
    st, = stats("a.b, c[1], d = 1, 2, 3")
    assert [S(t) for t in st.targets] == [("[]", "a", b"b"), ("[]", "c", 1), "d"]
    st, = stats("f().x = 1")
    assert S(st.targets[0]) == ("[]", ("call", "f"), b"x")
    st, = stats("(a).b = 1")
    assert S(st.targets[0]) == ("[]", ("()", "a"), b"b")


def test_many_assignment_targets():
    src = "local a; " + ",".join(["a"] * 100) + " = " + ",".join(["1"] * 100)
    st = stats(src)[1]
    assert len(st.targets) == 100 and len(st.exprs) == 100


def test_call_statements():
    st, = stats("a:b(1)")
    assert isinstance(st, A.CallStat) and isinstance(st.call, A.MethodCall)
    st, = stats("f 'x'")
    assert isinstance(st.call, A.Call)


# ------------------------------------------------------------------ functions

def test_function_statement_forms():
    st, = stats("function a.b.c:m(x, ...) return self end")
    assert isinstance(st, A.Assign)
    assert S(st.targets[0]) == ("[]", ("[]", ("[]", "a", b"b"), b"c"), b"m")
    f = st.exprs[0]
    assert f.is_method and f.name == "a.b.c:m" and f.is_vararg
    assert [p.name for p in f.params] == ["self", "x"]
    assert f.body.stats[0].exprs[0].var is f.params[0]
    st, = stats("function f() end")
    assert S(st.targets[0]) == "f" and st.exprs[0].name == "f"
    assert not st.exprs[0].is_method and not st.exprs[0].is_vararg
    st, = stats("function a.b() end")
    assert st.exprs[0].name == "a.b"


def test_local_function_sees_itself():
    st, = stats("local function f(n) return f(n) end")
    assert isinstance(st, A.LocalFunction)
    assert st.var.name == "f" and st.func.name == "f"
    call = st.func.body.stats[0].exprs[0]
    assert call.func.var is st.var
    assert st.var.captured and st.func.upvals == [st.var]


def test_local_function_expression_does_not_see_itself():
    st, = stats("local f = function() return f end")
    assert st.exprs[0].name == "f"
    inner = st.exprs[0].body.stats[0].exprs[0]
    assert inner.global_name == "f"


def test_function_names():
    st, = stats("local a, b = function() end, function() end")
    assert [f.name for f in st.exprs] == ["a", "b"]
    st, = stats("t.x = function() end")
    assert st.exprs[0].name == "t.x"
    st, = stats("x = function() end")
    assert st.exprs[0].name == "x"
    st, = stats("t[1] = function() end")
    assert st.exprs[0].name is None
    st, = stats("f(function() end)")
    assert st.call.args[0].name is None
    st, = stats("local t = {m = function() end}")
    assert st.exprs[0].fields[0].value.name == "m"


def test_function_lines():
    st, = stats("\nfunction f()\n\nend")
    f = st.exprs[0]
    assert f.line == 2 and f.end_line == 4 and f.body.end_line == 4
    st, = stats("local function g()\nend")
    assert st.func.line == 1 and st.func.end_line == 2


def test_vararg_function():
    st, = stats("local f = function(...) return ... end")
    assert st.exprs[0].is_vararg and st.exprs[0].params == []


# ------------------------------------------------------------------ scoping

def test_local_not_in_scope_in_own_initializer():
    ch = P("local x = 1 local x = x")
    l1, l2 = ch.func.body.stats
    assert l2.exprs[0].var is l1.vars[0]
    assert l2.vars[0] is not l1.vars[0]


def test_block_scoping_and_shadowing():
    ch = P("local x do local x = 2 y = x end z = x")
    l1, d, a = ch.func.body.stats
    inner = d.body.stats[0].vars[0]
    assert d.body.stats[1].exprs[0].var is inner
    assert a.exprs[0].var is l1.vars[0]


def test_repeat_condition_sees_body_locals():
    st, = stats("repeat local done = f() until done")
    assert st.cond.var is st.body.stats[0].vars[0]


def test_var_records():
    ch = P("local a <const>, b <close> = 1, 2\nlocal c")
    l1, l2 = ch.func.body.stats
    a, b = l1.vars
    assert a.attrib == "const" and b.attrib == "close" and l2.vars[0].attrib is None
    assert a.func is ch.func and a.line == 1 and l2.vars[0].line == 2
    assert not a.captured and not a.assigned


def test_captured_and_upvals_chain():
    src = """
    local x, unused = 1, 2
    local function f()
      local y = 3
      local function g()
        return x + y + z
      end
      return g
    end
    """
    ch = P(src)
    loc, lf = ch.func.body.stats
    x, unused = loc.vars
    f = lf.func
    y = f.body.stats[0].vars[0]
    g = f.body.stats[1].func
    assert x.captured and y.captured and not unused.captured
    assert g.upvals == [x, y, ch.env]
    assert f.upvals == [x, ch.env]
    assert ch.func.upvals == [ch.env]
    assert not lf.var.captured     # f is not used inside itself


def test_upvals_first_use_order_and_unique():
    ch = P("local a, b local function f() return b, a, b, a end")
    a, b = ch.func.body.stats[0].vars
    assert ch.func.body.stats[1].func.upvals == [b, a]


def test_assigned_flag():
    ch = P("local a, b, c = 1 a = 2 local function f() b = 3 end function c() end")
    a, b, c = ch.func.body.stats[0].vars
    assert a.assigned and b.assigned and c.assigned
    assert b.captured and not a.captured
    ch = P("local d = 1 local e = d")
    assert not ch.func.body.stats[0].vars[0].assigned


def test_in_loop():
    src = """
    local a
    while x do local b end
    repeat local c until c
    for i = 1, 2 do local d end
    for k in x do local e end
    do local f end
    local function g(p) local q while x do local r end end
    do ::top:: local s goto top end
    local t
    """
    ch = P(src)
    st = ch.func.body.stats
    assert not st[0].vars[0].in_loop                         # a
    assert st[1].body.stats[0].vars[0].in_loop               # b
    assert st[2].body.stats[0].vars[0].in_loop               # c
    assert st[3].var.in_loop                                 # i
    assert st[3].body.stats[0].vars[0].in_loop               # d
    assert st[4].vars[0].in_loop                             # k
    assert st[4].body.stats[0].vars[0].in_loop               # e
    assert not st[5].body.stats[0].vars[0].in_loop           # f
    g = st[6].func
    assert not st[6].var.in_loop
    assert not g.params[0].in_loop                           # p
    assert not g.body.stats[0].vars[0].in_loop               # q
    assert g.body.stats[1].body.stats[0].vars[0].in_loop     # r
    assert st[7].body.stats[1].vars[0].in_loop               # s (after a label)
    assert not st[8].vars[0].in_loop                         # t


def test_function_inside_loop_has_own_loop_state():
    st, = stats("while x do local f = function() local y end end")
    f = st.body.stats[0].exprs[0]
    assert st.body.stats[0].vars[0].in_loop
    assert not f.body.stats[0].vars[0].in_loop


def test_method_self_and_params_scope():
    st, = stats("function obj:m(a, b) return self, a, b end")
    f = st.exprs[0]
    ret = f.body.stats[0]
    assert [e.var for e in ret.exprs] == f.params
    assert all(p.func is f for p in f.params)


# ------------------------------------------------------------------ goto / labels

def test_backward_goto():
    d, = stats("do ::top:: goto top end")
    lbl, gt = d.body.stats
    assert isinstance(lbl, A.Label) and gt.label is lbl
    assert lbl.block is d.body and not lbl.at_end


def test_forward_goto_and_at_end():
    src = "for i = 1, 3 do if i then goto continue end local x = i ::continue:: end"
    st, = stats(src)
    lbl = st.body.stats[-1]
    gt = st.body.stats[0].tests[0][1].stats[0]
    assert isinstance(gt, A.Goto) and gt.label is lbl
    assert lbl.at_end and lbl.block is st.body


def test_label_followed_by_void_statements_is_at_end():
    d, = stats("do goto a; local x ::a:: ; ::b:: ; end")
    a = d.body.stats[2]
    assert a.name == "a" and a.at_end


def test_goto_into_enclosing_block_label():
    ch = P("::a:: do goto a end")
    lbl, d = ch.func.body.stats
    assert d.body.stats[0].label is lbl


def test_goto_continue_in_repeat_is_error():
    assert err("repeat goto a; local x; ::a:: until x") == \
        b"stdin:1: <goto a> at line 1 jumps into the scope of local 'x'"


def test_labels_in_nested_functions_are_separate():
    ch = P("::a:: local function f() ::a:: end")
    assert ch.func.body.stats[1].func.body.stats[0].name == "a"
    assert err("::a:: local function f() goto a end") == \
        b"stdin:1: no visible label 'a' for <goto> at line 1"


def test_same_label_in_sibling_blocks_ok():
    P("do ::a:: end do ::a:: end")
    P("while x do ::continue:: end while y do ::continue:: end")


# ------------------------------------------------------------------ limits

def _nest_ok_and_fail(init, rep, close, repc):
    s = init + rep * 100 + close + repc * 100
    P(s)
    s = init + rep * 500
    with pytest.raises(LuaSyntaxError) as ei:
        P(s)
    msg = ei.value.value
    assert b"too many" in msg or b"overflow" in msg


@pytest.mark.parametrize("init,rep,close,repc", [
    ("local a; a", ",a", "= 1", ",1"),
    ("local a; a=", "{", "0", "}"),
    ("return ", "(", "2", ")"),
    ("local function a (x) return x end; return ", "a(", "2.2", ")"),
    ("", "do ", "", " end"),
    ("", "while a do ", "", " end"),
    ("local a; ", "if a then else ", "", " end"),
    ("", "function foo () ", "", " end"),
    ("local a = ''; return ", "a..", "'a'", ""),
    ("local a = 1; return ", "a^", "a", ""),
    ("return ", "- ", "1", ""),
    ("return ", "not ", "1", ""),
])
def test_nesting_limits(init, rep, close, repc):
    _nest_ok_and_fail(init, rep, close, repc)


def test_nesting_error_message():
    assert err("x = " + "(" * 300 + "x") == b"C stack overflow"


def test_deep_nesting_never_recursion_error():
    for n in (1000, 5000):
        for s in ("(" * n, "{" * n, "do " * n, "x = " + "-" * n,
                  "x = " + "a.." * n + "a", "function f() " * n):
            with pytest.raises(LuaSyntaxError):
                P(s)


def test_local_variable_limit():
    t = "".join("local a%d\n" % i for i in range(1, 201))
    P(t)
    assert err(t + "local a201\n") == \
        b"stdin:202: too many local variables (limit is 200) in main function near <eof>"
    assert err("local function f()\n" + t + "local a201\n end") == \
        b"stdin:203: too many local variables (limit is 200) in function at line 1 near 'end'"
    t199 = "".join("local a%d\n" % i for i in range(1, 200))
    # for loops use hidden control variables
    assert err(t199 + " for i=1,2 do end") == \
        b"stdin:200: too many local variables (limit is 200) in main function near '='"
    assert err(t199 + " for k,v in pairs(x) do end") == \
        b"stdin:200: too many local variables (limit is 200) in main function near ','"
    assert err(t199 + " local x, y") == \
        b"stdin:200: too many local variables (limit is 200) in main function near <eof>"


def test_locals_freed_at_block_end():
    t = "".join("local a%d\n" % i for i in range(1, 151))
    P("do " + t + " end do " + t + " end")


def test_upvalue_limit():
    s = "".join("local a%d\n" % i for i in range(1, 181))
    s2 = "".join("local b%d\n" % i for i in range(1, 181))
    u = ["a%d" % i for i in range(1, 181)] + ["b%d" % i for i in range(1, 81)]
    src = s + "local function f()\n " + s2 + " function g() return " + "+".join(u) + " end end"
    assert err(src) == \
        b"stdin:362: too many upvalues (limit is 255) in function at line 362 near '+'"
    ok = s + "local function f()\n " + s2 + " function g() return " + "+".join(u[:250]) + " end end"
    P(ok)


# ------------------------------------------------------------------ errors

def test_error_messages_match_lua(case):
    src, expected = case
    if expected == b"OK":
        P(src)
    else:
        assert err(src) == expected


def test_break_outside_loop_reported_at_function_end():
    assert err("local function f()\n break\nend\n\nx = 1") == \
        b"stdin:5: break outside loop at line 2"


def test_error_with_at_chunkname():
    with pytest.raises(LuaSyntaxError) as ei:
        parse("x = = 1", "@scripts/x.lua")
    assert ei.value.value == b"scripts/x.lua:1: unexpected symbol near '='"
    with pytest.raises(LuaSyntaxError) as ei:
        parse("x = = 1", "x = = 1")
    assert ei.value.value == b"[string \"x = = 1\"]:1: unexpected symbol near '='"


def test_error_is_lua_syntax_error_with_bytes():
    with pytest.raises(LuaSyntaxError) as ei:
        P("x = ")
    assert isinstance(ei.value.value, bytes)


# ------------------------------------------------------------------ whole files

FILES = sorted(glob.glob(os.path.join(ROOT, "tests", "conformance", "*.lua")) +
               glob.glob(os.path.join(ROOT, "bench", "*.lua")))


@pytest.mark.parametrize("path", FILES, ids=[os.path.basename(f) for f in FILES])
def test_parse_project_files(path):
    with open(path, "rb") as f:
        src = f.read()
    ch = parse(src, "@" + path)
    assert isinstance(ch, A.Chunk) and ch.func.body.stats


def test_parse_is_reentrant_and_restores_recursion_limit():
    import sys
    old = sys.getrecursionlimit()
    P("return " + "(" * 150 + "1" + ")" * 150)
    assert sys.getrecursionlimit() == old

LUA_LOAD_RESULTS = [
    (b'x = ', b'stdin:1: unexpected symbol near <eof>'),
    (b'while true do end break', b'stdin:1: break outside loop at line 1'),
    (b'do break end', b'stdin:1: break outside loop at line 1'),
    (b'goto foo', b"stdin:1: no visible label 'foo' for <goto> at line 1"),
    (b'local function f() goto foo end', b"stdin:1: no visible label 'foo' for <goto> at line 1"),
    (b'::a:: ::a::', b"stdin:1: label 'a' already defined on line 1"),
    (b'goto a; local x; ::a:: print(x)', b"stdin:1: <goto a> at line 1 jumps into the scope of local 'x'"),
    (b'goto a; local x; ::a::', b'OK'),
    (b'repeat goto a; local x; ::a:: until x', b"stdin:1: <goto a> at line 1 jumps into the scope of local 'x'"),
    (b'local x <const> = 1; x = 2', b"stdin:1: attempt to assign to const variable 'x'"),
    (b'local x <close>, y <close> = 1', b'stdin:1: multiple to-be-closed variables in local list'),
    (b'local x <foo> = 1', b"stdin:1: unknown attribute 'foo'"),
    (b'function f() return ... end', b"stdin:1: cannot use '...' outside a vararg function near '...'"),
    (b"x = '\\q'", b"stdin:1: invalid escape sequence near ''\\q'"),
    (b"x = '\\256'", b"stdin:1: decimal escape too large near ''\\256''"),
    (b"x = '\\u{80000000}'", b"stdin:1: UTF-8 value too large near ''\\u{80000000'"),
    (b"x = '\\u{7FFFFFFF}'", b'OK'),
    (b"x = '\\uX'", b"stdin:1: missing '{' near ''\\uX'"),
    (b"x = '\\u{12'", b"stdin:1: missing '}' near ''\\u{12''"),
    (b"x = '\\xg'", b"stdin:1: hexadecimal digit expected near ''\\xg'"),
    (b"x = '\\x5g'", b"stdin:1: hexadecimal digit expected near ''\\x5g'"),
    (b'x = [==x', b"stdin:1: invalid long string delimiter near '[=='"),
    (b'x = [==[ \n\n', b'stdin:3: unfinished long string (starting at line 1) near <eof>'),
    (b'--[==[ \n\n', b'stdin:3: unfinished long comment (starting at line 1) near <eof>'),
    (b"x = 'abc", b'stdin:1: unfinished string near <eof>'),
    (b"x = 'abc\ndef'", b"stdin:1: unfinished string near ''abc'"),
    (b'x = 3e', b"stdin:1: malformed number near '3e'"),
    (b'x = 0x', b"stdin:1: malformed number near '0x'"),
    (b'x = 1..2', b"stdin:1: malformed number near '1..2'"),
    (b'x = 3abc', b"stdin:1: malformed number near '3abc'"),
    (b'x = 3gh', b"stdin:1: malformed number near '3g'"),
    (b'f:m', b'stdin:1: function arguments expected near <eof>'),
    (b'x = \x01', b"stdin:1: unexpected symbol near '<\\1>'"),
    (b'x = \xc8', b"stdin:1: unexpected symbol near '<\\200>'"),
    (b'x = y z', b'stdin:1: syntax error near <eof>'),
    (b"x = 1 'a\\0b'", b"stdin:1: unexpected symbol near ''a'"),
    (b'x = 1 [==[a\x00b]==]', b"stdin:1: unexpected symbol near '[==[a'"),
    (b'x = 1 [==[\nab]==]', b"stdin:2: unexpected symbol near '[==[ab]==]'"),
    (b"x = 1 'a\\z   \n  b'", b"stdin:2: unexpected symbol near ''ab''"),
    (b'x = 1 0x10', b"stdin:1: unexpected symbol near '0x10'"),
    (b'x = 1 1e5', b"stdin:1: unexpected symbol near '1e5'"),
    (b'x = 1 abc', b'stdin:1: syntax error near <eof>'),
    (b'x = 1 ...', b"stdin:1: unexpected symbol near '...'"),
    (b'local t = {x\n\n= 1', b"stdin:3: '}' expected (to close '{' at line 1) near <eof>"),
    (b'local t = {x\n\ny', b"stdin:3: '}' expected (to close '{' at line 1) near 'y'"),
    (b'f(\n1\n', b"stdin:3: ')' expected (to close '(' at line 1) near <eof>"),
    (b'function f()\n goto x\nend\n\n y = 1', b"stdin:5: no visible label 'x' for <goto> at line 2"),
    (b'function f()\n goto x\nend', b"stdin:3: no visible label 'x' for <goto> at line 2"),
    (b'for i=1,2 do\n local x\n goto x\nend\n\n y = 1', b"stdin:6: no visible label 'x' for <goto> at line 3"),
    (b'local x = 1\nx = 2 local y <const> = 3 y = 4', b"stdin:2: attempt to assign to const variable 'y'"),
    (b'local a = {}; function a.b() end local c <const> = 1 function c() end', b"stdin:1: attempt to assign to const variable 'c'"),
    (b'local c <const> = {} function c.x() end', b'OK'),
    (b"local s = 'x' local a = s:upper 1", b"stdin:1: function arguments expected near '1'"),
    (b'if x then\n\nelse', b"stdin:3: 'end' expected (to close 'if' at line 1) near <eof>"),
    (b'while x do\n\n', b"stdin:3: 'end' expected (to close 'while' at line 1) near <eof>"),
    (b'x = (1\n\n', b"stdin:3: ')' expected (to close '(' at line 1) near <eof>"),
    (b'x = {1\n\n', b"stdin:3: '}' expected (to close '{' at line 1) near <eof>"),
    (b'local function f(a,\n1) end', b"stdin:2: <name> or '...' expected near '1'"),
    (b'x = function (a,\n1) end', b"stdin:2: <name> or '...' expected near '1'"),
    (b'local x <\nconst', b"stdin:2: '>' expected near <eof>"),
    (b'::x:: ::y:: goto z', b"stdin:1: no visible label 'z' for <goto> at line 1"),
    (b'goto l1; do ::l1:: end', b"stdin:1: no visible label 'l1' for <goto> at line 1"),
    (b'do goto l1 end ::l1::', b'OK'),
    (b'do goto l1 end local x ::l1:: ;;', b'OK'),
    (b'do goto l1 end local x ::l1:: ;; x=1', b"stdin:1: <goto l1> at line 1 jumps into the scope of local 'x'"),
    (b'local x = ... f()', b'OK'),
    (b'x.y:z = 1', b"stdin:1: function arguments expected near '='"),
    (b'f() = 1', b"stdin:1: syntax error near '='"),
    (b'(a) = 1', b"stdin:1: syntax error near '='"),
    (b'a, f() = 1', b"stdin:1: syntax error near '='"),
    (b'return 1 x = 2', b"stdin:1: <eof> expected near 'x'"),
    (b'return return', b"stdin:1: unexpected symbol near 'return'"),
    (b'x = 3 == = 4', b"stdin:1: unexpected symbol near '='"),
    (b"a.b:c 'x'.d = 1", b'OK'),
    (b"x = 'a\\\r\nb' y", b'stdin:2: syntax error near <eof>'),
    (b'x = 1\r\n\n\r y y', b"stdin:3: syntax error near 'y'"),
    (b'x = 1\n\r\n\r y y', b"stdin:3: syntax error near 'y'"),
    (b'x = 1\r\r y y', b"stdin:3: syntax error near 'y'"),
    (b'x = [[\r\nab\r\n\r\ncd]] y y', b"stdin:4: syntax error near 'y'"),
    (b"x = 1 'a\\x41\\65\\u{48}' y", b"stdin:1: unexpected symbol near ''aAAH''"),
    (b"x = 1 '\\z'", b"stdin:1: unexpected symbol near ''''"),
    (b"x = '\\", b'stdin:1: unfinished string near <eof>'),
    (b"x = '\\\n", b'stdin:2: unfinished string near <eof>'),
    (b"x = '\\u{}'", b"stdin:1: hexadecimal digit expected near ''\\u{}'"),
    (b"x = '\\u{g}'", b"stdin:1: hexadecimal digit expected near ''\\u{g'"),
    (b"x = '\\x", b"stdin:1: hexadecimal digit expected near ''\\x'"),
    (b"x = '\\1234'", b'OK'),
    (b'local t = {x\n\n}', b'OK'),
    (b'for i = 1, 2 do goto cont; local z = 1; ::cont:: end', b'OK'),
    (b'while true do goto cont; local z = 1; ::cont:: ; ; end', b'OK'),
    (b'do goto a end do ::a:: end', b"stdin:1: no visible label 'a' for <goto> at line 1"),
    (b'::a:: do ::a:: end', b"stdin:1: label 'a' already defined on line 1"),
    (b'local function f() ::a:: end ::a::', b'OK'),
    (b'goto b; do local x; ::b:: end', b"stdin:1: no visible label 'b' for <goto> at line 1"),
    (b'x = 0x.p1', b"stdin:1: malformed number near '0x.p1'"),
    (b'x = 0x1p', b"stdin:1: malformed number near '0x1p'"),
    (b'x = 0xA.', b'OK'),
    (b'x = 1e+', b"stdin:1: malformed number near '1e+'"),
    (b'x = .e5', b"stdin:1: unexpected symbol near '.'"),
    (b'a = b = c', b"stdin:1: unexpected symbol near '='"),
    (b'a.b', b'stdin:1: syntax error near <eof>'),
    (b'f{}{}"x"', b'OK'),
    (b'local a <close> = 1 a = 2', b"stdin:1: attempt to assign to const variable 'a'"),
    (b'x = function() end +', b'stdin:1: unexpected symbol near <eof>'),
    (b'local a; local function f() a = 1 end local a <const> = 2; local function g() a = 3 end', b"stdin:1: attempt to assign to const variable 'a'"),
    (b'for i do end', b"stdin:1: '=' or 'in' expected near 'do'"),
    (b'local function f() end x = ', b'stdin:1: unexpected symbol near <eof>'),
    (b'x = @', b"stdin:1: unexpected symbol near '@'"),
    (b'x = $ y', b"stdin:1: unexpected symbol near '$'"),
    (b'for a,b,c in x,y,z do local q end', b'OK'),
    (b'for a = 1 do end', b"stdin:1: ',' expected near 'do'"),
    (b'for a.b = 1, 2 do end', b"stdin:1: '=' or 'in' expected near '.'"),
    (b'if x then else elseif y then end', b"stdin:1: 'end' expected near 'elseif'"),
    (b'x = a.1', b"stdin:1: unexpected symbol near '.1'"),
    (b'x = {[1] 2}', b"stdin:1: '=' expected near '2'"),
    (b'x = {a = }', b"stdin:1: unexpected symbol near '}'"),
    (b'local function f.x() end', b"stdin:1: '(' expected near '.'"),
    (b'function f:a.b() end', b"stdin:1: '(' expected near '.'"),
    (b'function f(a, ...) return ... end function g(...) local function h() return ... end end', b"stdin:1: cannot use '...' outside a vararg function near '...'"),
    (b'return ...;', b'OK'),
    (b'local x; x, y = ...', b'OK'),
    (b'goto', b'stdin:1: <name> expected near <eof>'),
    (b':: x', b"stdin:1: '::' expected near <eof>"),
    (b'::x', b"stdin:1: '::' expected near <eof>"),
    (b'local 1', b"stdin:1: <name> expected near '1'"),
    (b'local function', b'stdin:1: <name> expected near <eof>'),
    (b'x = not', b'stdin:1: unexpected symbol near <eof>'),
    (b'x = #', b'stdin:1: unexpected symbol near <eof>'),
    (b'x = 1 + ', b'stdin:1: unexpected symbol near <eof>'),
    (b'x = a[1', b"stdin:1: ']' expected near <eof>"),
    (b'x = a:b(', b'stdin:1: unexpected symbol near <eof>'),
    (b"x = f'str' 'x' [[y]] {1}", b'OK'),
    (b'local t = {1, 2, 3,}', b'OK'),
    (b'local t = {1, 2, 3,,}', b"stdin:1: unexpected symbol near ','"),
    (b'local t = {;}', b"stdin:1: unexpected symbol near ';'"),
    (b'x = 0x7fffffffffffffff1 .. ', b'stdin:1: unexpected symbol near <eof>'),
    (b'x = ~~1 + - - 2', b'OK'),
    (b'x = "\\x4"', b'stdin:1: hexadecimal digit expected near \'"\\x4"\''),
    (b'x = "\\u{41"', b'stdin:1: missing \'}\' near \'"\\u{41"\''),
    (b'x = "\\u{41}\\u"', b'stdin:1: missing \'{\' near \'"A\\u"\''),
    (b'x = "\\u"', b'stdin:1: missing \'{\' near \'"\\u"\''),
    (b'x = "\\300"', b'stdin:1: decimal escape too large near \'"\\300"\''),
    (b'x = "\\3000"', b'stdin:1: decimal escape too large near \'"\\3000\''),
    (b'x = "\\2"', b'OK'),
    (b'while x do local function f() break end end', b'stdin:1: break outside loop at line 1'),
    (b'while x do local f = function() goto l end ::l:: end', b"stdin:1: no visible label 'l' for <goto> at line 1"),
    (b'for i=1,2 do do goto l end local y ::l:: end', b'OK'),
    (b'for i=1,2 do do goto l end local y ::l:: y = 1 end', b"stdin:1: <goto l> at line 1 jumps into the scope of local 'y'"),
    (b'do do goto l end local y ::l:: ::m:: end', b'OK'),
    (b'do goto l; local a; do ::l:: end end', b"stdin:1: no visible label 'l' for <goto> at line 1"),
    (b'local x <const> = 1; local function f() x = 2 end', b"stdin:1: attempt to assign to const variable 'x'"),
    (b'local x <const> = 1; local function f() local function g() x = 2 end end', b"stdin:1: attempt to assign to const variable 'x'"),
    (b'local x <close> = nil; function x() end', b"stdin:1: attempt to assign to const variable 'x'"),
    (b'local x <const> = {}; x.y = 1; x[1] = 2', b'OK'),
    (b'local a <const>, b = 1, 2; b = 3', b'OK'),
    (b'local a, b <const> = 1, 2; a, b = 3, 4', b"stdin:1: attempt to assign to const variable 'b'"),
    (b'local a <closex> = 1', b"stdin:1: unknown attribute 'closex'"),
    (b'local a < const > = 1', b'OK'),
    (b'local a <const', b"stdin:1: '>' expected near <eof>"),
    (b'local a <1>', b"stdin:1: <name> expected near '1'"),
    (b'x = {x = 1, y = 2, [3] = 4; 5, 6}', b'OK'),
    (b'x = {x = }', b"stdin:1: unexpected symbol near '}'"),
    (b'x = {= 1}', b"stdin:1: unexpected symbol near '='"),
    (b'x = {[1] = }', b"stdin:1: unexpected symbol near '}'"),
    (b'f(a,)', b"stdin:1: unexpected symbol near ')'"),
    (b'f(,)', b"stdin:1: unexpected symbol near ','"),
    (b'a:b:c()', b"stdin:1: function arguments expected near ':'"),
    (b'a.b.c = function() end', b'OK'),
    (b'local function f(...) return function() return ... end end', b"stdin:1: cannot use '...' outside a vararg function near '...'"),
    (b'function f(a, b, ...) end', b'OK'),
    (b'function f(a, ..., b) end', b"stdin:1: ')' expected near ','"),
    (b'function f(...,) end', b"stdin:1: ')' expected near ','"),
    (b'function f(a b) end', b"stdin:1: ')' expected near 'b'"),
    (b'function f(a,) end', b"stdin:1: <name> or '...' expected near ')'"),
    (b'local function (a) end', b"stdin:1: <name> expected near '('"),
    (b'function () end', b"stdin:1: <name> expected near '('"),
    (b'x = function a() end', b"stdin:1: '(' expected near 'a'"),
    (b'if a then b() else c() elseif d then end', b"stdin:1: 'end' expected near 'elseif'"),
    (b'if a b() end', b"stdin:1: 'then' expected near 'b'"),
    (b'while a b() end', b"stdin:1: 'do' expected near 'b'"),
    (b'for i=1 2 do end', b"stdin:1: ',' expected near '2'"),
    (b'for i=1,2 3 do end', b"stdin:1: 'do' expected near '3'"),
    (b'for a,b in c d do end', b"stdin:1: 'do' expected near 'd'"),
    (b'repeat x() until', b'stdin:1: unexpected symbol near <eof>'),
    (b'repeat x()', b"stdin:1: 'until' expected near <eof>"),
    (b'local x = 1 2', b"stdin:1: unexpected symbol near '2'"),
    (b'x = 1 2', b"stdin:1: unexpected symbol near '2'"),
    (b'return 1 2', b"stdin:1: <eof> expected near '2'"),
    (b'return 1,', b'stdin:1: unexpected symbol near <eof>'),
    (b"x = a.b.c.d:e():f().g[h](i){j}'k'[[l]]", b'OK'),
    (b'goto continue', b"stdin:1: no visible label 'continue' for <goto> at line 1"),
    (b'::continue::', b'OK'),
    (b'goto = 1', b"stdin:1: <name> expected near '='"),
    (b'local goto = 1', b"stdin:1: <name> expected near 'goto'"),
    (b'x = goto', b"stdin:1: unexpected symbol near 'goto'"),
    (b'x = \'a\' .. \'b\' .. "\\065"', b'OK'),
    (b'x = 0x10 + 0x.1 + 1e1 + .1e1 + 1.e1', b'OK'),
    (b'x = a and b or c and not d', b'OK'),
    (b'x = ~a | ~b & ~c << 1 >> 2 // 3 % 4', b'OK'),
    (b'x = 1 < 2 == true ~= false', b'OK'),
    (b'x = \x00 y', b'stdin:1: unexpected symbol'),
    (b'f\n.x(\n1', b"stdin:3: ')' expected (to close '(' at line 2) near <eof>"),
    (b'f\n.x(\n1,', b'stdin:3: unexpected symbol near <eof>'),
    (b'f\n:m(1', b"stdin:2: ')' expected near <eof>"),
    (b'f\n(\n1', b"stdin:3: ')' expected (to close '(' at line 2) near <eof>"),
    (b'x = a\x00', b'stdin:1: unexpected symbol'),
]


def pytest_generate_tests(metafunc):
    if "case" in metafunc.fixturenames:
        metafunc.parametrize("case", LUA_LOAD_RESULTS,
                             ids=[repr(s[:30]) for s, _ in LUA_LOAD_RESULTS])
