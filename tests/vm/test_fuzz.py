"""Property-based fuzzing of the whole pipeline: random source text, token
soups and generated small programs go through ``load`` and
``Executor.step``; the only exceptions that may leave the VM are its own Lua
error types.  ``MOONBOX_FUZZ_EXAMPLES=20000`` runs it long (also
``bench/fuzz.py``)."""
from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import vm

EXAMPLES = int(os.environ.get("MOONBOX_FUZZ_EXAMPLES", "60"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=EXAMPLES <= 100,
                suppress_health_check=list(HealthCheck))

TOKENS = ["and", "break", "do", "else", "elseif", "end", "false", "for", "function",
          "goto", "if", "in", "local", "nil", "not", "or", "repeat", "return", "then",
          "true", "until", "while", "+", "-", "*", "/", "//", "%", "^", "#", "&", "~",
          "|", "<<", ">>", "==", "~=", "<=", ">=", "<", ">", "=", "(", ")", "{", "}",
          "[", "]", "::", ";", ":", ",", ".", "..", "...", "x", "y", "t", "f", "1", "0",
          "2.5", "0x10", "'s'", '"str"', "[[long]]", "--c\n", "\n", "print", "pcall",
          "string", "table", "setmetatable", "coroutine", "error", "math.huge", "1e308"]

ATOMS = ["1", "0", "-1", "2.5", "1e308", "0/0", "'a'", "'10'", "nil", "true", "false",
         "{}", "{1,2,3}", "x", "y", "t", "f", "...", "math.maxinteger", "math.mininteger",
         "function(...) return ... end", "setmetatable({}, mt)", "coroutine.create(f)"]
BINOPS = ["+", "-", "*", "/", "//", "%", "^", "..", "==", "~=", "<", "<=", "and", "or",
          "&", "|", "~", "<<", ">>"]
CALLS = ["tostring", "tonumber", "type", "pcall", "select", "rawlen", "string.rep",
         "string.format", "string.sub", "string.find", "string.gsub", "table.concat",
         "table.unpack", "table.insert", "table.remove", "table.sort", "math.floor",
         "math.fmod", "utf8.char", "utf8.len", "coroutine.wrap", "coroutine.resume",
         "next", "ipairs", "pairs", "setmetatable", "getmetatable", "string.pack",
         "string.byte", "string.char", "error", "assert", "load"]

PRELUDE = ("local mt = {__index = function(t, k) return k end, __add = function(a, b) return 1 end,"
           " __call = function() return 2 end, __len = function() return 3 end,"
           " __tostring = function() return 'obj' end}\n"
           "local x, y, t = 1, 'two', {1, 2, 3}\nlocal function f(...) return ... end\n")


def expr(depth):
    if depth <= 0:
        return st.sampled_from(ATOMS)
    sub = expr(depth - 1)
    return st.one_of(
        st.sampled_from(ATOMS),
        st.tuples(sub, st.sampled_from(BINOPS), sub).map(lambda a: "(%s %s %s)" % a),
        st.tuples(st.sampled_from(["-", "not ", "#", "~"]), sub).map(lambda a: "(%s%s)" % a),
        st.tuples(st.sampled_from(CALLS), st.lists(sub, max_size=3)).map(
            lambda a: "%s(%s)" % (a[0], ", ".join(a[1]))),
        st.tuples(sub, sub).map(lambda a: "(%s)[%s]" % a),
        st.lists(sub, max_size=3).map(lambda a: "{%s}" % ", ".join(a)),
        st.tuples(sub, st.sampled_from(["x", "len", "upper", "foo"])).map(lambda a: "(%s):%s()" % a),
    )


def stat(depth):
    e = expr(2)
    simple = st.one_of(
        e.map(lambda a: "x = %s" % a),
        st.tuples(e, e).map(lambda a: "t[%s] = %s" % a),
        e.map(lambda a: "local z = %s" % a),
        e.map(lambda a: "f(%s)" % a),
        e.map(lambda a: "pcall(function() return %s end)" % a),
    )
    if depth <= 0:
        return simple
    body = st.lists(stat(depth - 1), max_size=3).map("\n".join)
    return st.one_of(
        simple,
        st.tuples(e, body, body).map(lambda a: "if %s then %s else %s end" % a),
        st.tuples(body).map(lambda a: "for i = 1, 3 do %s end" % a),
        st.tuples(body).map(lambda a: "while x do %s break end" % a),
        st.tuples(body).map(lambda a: "local co = coroutine.wrap(function() %s coroutine.yield() end) pcall(co)" % a),
        st.tuples(body, e).map(lambda a: "repeat %s until %s" % a),
        body.map(lambda a: "do %s end" % a),
    )


def run_contained(source, fuel=20_000, steps=5, memory_limit=4 << 20):
    """Load and step ``source``; any exception other than the VM's own
    Lua errors fails the test."""
    lua = vm.Lua(sandbox=True, memory_limit=memory_limit, output=lambda s: None)
    try:
        fn = lua.load(source, "=fuzz")
    except vm.LuaError:
        return
    ex = vm.Executor(lua, fn)
    for _ in range(steps):
        if ex.step(fuel):
            break
    else:
        ex.close()
        return
    try:
        ex.result()
    except vm.LuaError as e:
        assert "Traceback" not in str(e)
        assert "internal error" not in str(e), (source, str(e))


@FUZZ
@given(st.binary(max_size=200))
def test_random_bytes(data):
    run_contained(data)


@FUZZ
@given(st.text(max_size=200))
def test_random_text(text):
    run_contained(text)


@FUZZ
@given(st.lists(st.sampled_from(TOKENS), max_size=60))
def test_token_soup(tokens):
    run_contained(" ".join(tokens))


@FUZZ
@given(st.lists(stat(2), min_size=1, max_size=6))
def test_generated_programs(stats):
    run_contained(PRELUDE + "\n".join(stats))


@FUZZ
@given(expr(3))
def test_generated_expressions(e):
    run_contained(PRELUDE + "return " + e)
