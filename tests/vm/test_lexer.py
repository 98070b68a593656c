"""Tests for vm.lexer (expected values taken from lua5.4 5.4.4 output)."""
import math

import pytest

from vm.lexer import lex, str2number, tokenize, utf8esc
from vm.parser import parse
from vm.runtime.errors import LuaSyntaxError


def toks(src):
    return [(t, v) for t, v, _ in lex(src, "=t")][:-1]


def types(src):
    return [t for t, _ in toks(src)]


def value(src):
    (t, v), = toks(src)
    return v


def lex_error(src):
    with pytest.raises(LuaSyntaxError) as ei:
        lex(src, "=stdin")
    return ei.value.value


# ------------------------------------------------------------------ tokens

def test_names_and_keywords():
    kws = ("and break do else elseif end false for function goto if in local "
           "nil not or repeat return then true until while")
    for k in kws.split():
        assert toks(k) == [(k, None)]
    assert toks("_x1 X_ and_ iff Goto") == [("<name>", n) for n in
                                             ("_x1", "X_", "and_", "iff", "Goto")]


def test_operators():
    ops = "+ - * / // % ^ # & ~ | << >> == ~= <= >= < > = ( ) { } [ ] :: ; : , . .. ..."
    assert types(ops) == ops.split()


def test_operator_maximal_munch():
    assert types("a...b") == ["<name>", "...", "<name>"]
    assert types("a....b") == ["<name>", "...", ".", "<name>"]
    assert types("<<=") == ["<<", "="]
    assert types("~==") == ["~=", "="]
    assert types(":::") == ["::", ":"]
    assert types("///") == ["//", "/"]
    assert types("a.b") == ["<name>", ".", "<name>"]


def test_other_chars_are_single_tokens():
    assert types("@ $ ! ?") == ["@", "$", "!", "?"]


@pytest.mark.parametrize("src,expected", [
    ("0", 0), ("1", 1), ("00012", 12),
    ("9223372036854775807", 9223372036854775807),
    ("0xff", 255), ("0XFF", 255), ("0x0", 0),
    ("0xffffffffffffffff", -1),
    ("0x7fffffffffffffff", 9223372036854775807),
    ("0x8000000000000000", -9223372036854775808),
    ("0x10000000000000000", 0),
    ("0x7fffffffffffffff1", -15),
])
def test_integers(src, expected):
    v = value(src)
    assert type(v) is int and v == expected


@pytest.mark.parametrize("src,expected", [
    ("9223372036854775808", 9.2233720368547758e+18),
    ("18446744073709551615", 1.8446744073709552e+19),
    ("18446744073709551616", 1.8446744073709552e+19),
    ("123456789012345678901234567890", 1.2345678901234568e+29),
    ("1.5", 1.5), ("1e10", 1e10), ("1E-2", 0.01), ("3.", 3.0), (".5", 0.5),
    ("2.5e+3", 2500.0), ("0.1", 0.1), ("0e0", 0.0),
    ("5e-324", 4.9406564584124654e-324), ("1e-400", 0.0), ("1e400", math.inf),
    ("0x1p4", 16.0), ("0x.8", 0.5), ("0xA.8p1", 21.0), ("0x1P-1", 0.5),
    ("0x.1", 0.0625), ("0x1.8", 1.5), ("0xA.", 10.0), ("0x1p99999", math.inf),
    ("0x1p-1074", 4.9406564584124654e-324), ("0x1p-1080", 0.0),
    ("0x1.fffffffffffffp1023", 1.7976931348623157e+308), ("0X1P+4", 16.0),
    ("0x10P-2", 4.0),
])
def test_floats(src, expected):
    v = value(src)
    assert type(v) is float and v == expected


def test_str2number_rejects():
    for s in ("3e", "0x", "1..2", "3abc", "0x.p1", "0x1p", "1e+", "0xg", "1_0", ".0x5"):
        assert str2number(s) is None


@pytest.mark.parametrize("src,msg", [
    ("x = 3e", b"stdin:1: malformed number near '3e'"),
    ("x = 0x", b"stdin:1: malformed number near '0x'"),
    ("x = 1..2", b"stdin:1: malformed number near '1..2'"),
    ("x = 3abc", b"stdin:1: malformed number near '3abc'"),
    ("x = 3gh", b"stdin:1: malformed number near '3g'"),
    ("x = 0x.p1", b"stdin:1: malformed number near '0x.p1'"),
    ("x = 0x1p", b"stdin:1: malformed number near '0x1p'"),
    ("x = 1e+", b"stdin:1: malformed number near '1e+'"),
])
def test_malformed_numbers(src, msg):
    assert lex_error(src) == msg


def test_number_then_operator():
    assert toks("3-4") == [("<number>", 3), ("-", None), ("<number>", 4)]
    assert toks("0xe+1") == [("<number>", 14), ("+", None), ("<number>", 1)]
    assert toks("1e+1") == [("<number>", 10.0)]
    assert toks("a.5") == [("<name>", "a"), ("<number>", 0.5)]


# ------------------------------------------------------------------ strings

@pytest.mark.parametrize("src,expected", [
    (r'"abc"', b"abc"), (r"'abc'", b"abc"), (r'""', b""),
    (r'"a\'b"', b"a'b"), (r"'a\"b'", b'a"b'), (r"'\\'", b"\\"),
    (r'"\a\b\f\n\r\t\v"', b"\a\b\f\n\r\t\v"),
    (r'"\x41\x4a\x4A\xff"', b"AJJ\xff"),
    (r'"\65\066\0067"', b"AB\x067"), (r'"\0"', b"\0"), (r'"\255"', b"\xff"),
    (r'"\1234"', b"{4"),
    (r'"\u{E9}"', b"\xc3\xa9"), (r'"\u{41}"', b"A"), (r'"\u{0}"', b"\0"),
    (r'"\u{7FF}"', b"\xdf\xbf"), (r'"\u{800}"', b"\xe0\xa0\x80"),
    (r'"\u{10FFFF}"', b"\xf4\x8f\xbf\xbf"),
    (r'"\u{7FFFFFFF}"', b"\xfd\xbf\xbf\xbf\xbf\xbf"),
    (r'"\u{000000041}"', b"A"),
    ('"a\\z  \n\t  b"', b"ab"), ('"a\\z"', b"a"),
    ('"a\\\nb"', b"a\nb"), ('"a\\\r\nb"', b"a\nb"), ('"a\\\n\rb"', b"a\nb"),
    ('"a\\\rb"', b"a\nb"),
    ("'\u00e9'", b"\xc3\xa9"),
])
def test_short_strings(src, expected):
    assert value(src) == expected


def test_utf8esc_matches_lua():
    # lua5.4: ("\u{E9}\u{7FFFFFFF}\u{0}"):byte(1,-1)
    assert [ord(c) for c in utf8esc(0xE9) + utf8esc(0x7FFFFFFF) + utf8esc(0)] == \
        [195, 169, 253, 191, 191, 191, 191, 191, 0]


def test_raw_bytes_in_source():
    assert lex(b"'\xff\x00'")[0][1] == b"\xff\x00"


@pytest.mark.parametrize("src,expected", [
    ("[[abc]]", b"abc"), ("[[\nabc]]", b"abc"), ("[[\r\nabc]]", b"abc"),
    ("[[\n\nabc]]", b"\nabc"), ("[==[a]]b]=]c]==]", b"a]]b]=]c"),
    ("[=[\n]]=]", b"]"), ("[[a\r\nb\n\rc\rd\ne]]", b"a\nb\nc\nd\ne"),
    ("[[\\n]]", b"\\n"), ("[[]]", b""), ("[==[]==]", b""),
])
def test_long_strings(src, expected):
    assert value(src) == expected


def test_comments():
    assert toks("a -- comment\nb") == [("<name>", "a"), ("<name>", "b")]
    assert toks("a --[[ long\n comment ]] b") == [("<name>", "a"), ("<name>", "b")]
    assert toks("a --[==[ ]] ]==] b") == [("<name>", "a"), ("<name>", "b")]
    assert toks("a --[==x\nb") == [("<name>", "a"), ("<name>", "b")]
    assert toks("a --") == [("<name>", "a")]
    assert toks("- -") == [("-", None), ("-", None)]


# ------------------------------------------------------------------ lines

def test_line_numbers():
    ts = lex("a\nb\r\nc\n\rd\re\n\nf")
    assert [(v, ln) for t, v, ln in ts if t == "<name>"] == [
        ("a", 1), ("b", 2), ("c", 3), ("d", 4), ("e", 5), ("f", 7)]
    # \r\r is two lines, \n\r one (so \n\r\n\r is two)
    ts = lex("a\r\rb\n\r\n\rc")
    assert [ln for t, v, ln in ts if t == "<name>"] == [1, 3, 5]


def test_line_of_multiline_tokens_is_end_line():
    ts = lex("x = [[\n\n]] y --[[\n]] z 'a\\\nb' w")
    assert [(t, ln) for t, v, ln in ts] == [
        ("<name>", 1), ("=", 1), ("<string>", 3), ("<name>", 3), ("<name>", 4),
        ("<string>", 5), ("<name>", 5), ("<eof>", 5)]


def test_eof_line_after_trailing_blank_lines():
    assert lex("x\n\n\n")[-1] == ("<eof>", None, 4)


# ------------------------------------------------------------------ errors

@pytest.mark.parametrize("src,msg", [
    ("x = '\\q'", b"stdin:1: invalid escape sequence near ''\\q'"),
    ("x = 'ab\\tc\\q'", b"stdin:1: invalid escape sequence near ''ab\tc\\q'"),
    ("x = '\\256'", b"stdin:1: decimal escape too large near ''\\256''"),
    ("x = '\\u{80000000}'", b"stdin:1: UTF-8 value too large near ''\\u{80000000'"),
    ("x = '\\uX'", b"stdin:1: missing '{' near ''\\uX'"),
    ("x = '\\u{12'", b"stdin:1: missing '}' near ''\\u{12''"),
    ("x = '\\u{}'", b"stdin:1: hexadecimal digit expected near ''\\u{}'"),
    ("x = '\\xg'", b"stdin:1: hexadecimal digit expected near ''\\xg'"),
    ("x = '\\x5g'", b"stdin:1: hexadecimal digit expected near ''\\x5g'"),
    ("x = '\\x", b"stdin:1: hexadecimal digit expected near ''\\x'"),
    ("x = [==x", b"stdin:1: invalid long string delimiter near '[=='"),
    ("x = [==[ \n\n", b"stdin:3: unfinished long string (starting at line 1) near <eof>"),
    ("\n--[==[ \n\n", b"stdin:4: unfinished long comment (starting at line 2) near <eof>"),
    ("x = 'abc", b"stdin:1: unfinished string near <eof>"),
    ("x = 'abc\ndef'", b"stdin:1: unfinished string near ''abc'"),
    ("x = '\\", b"stdin:1: unfinished string near <eof>"),
    ("x = '\\\n", b"stdin:2: unfinished string near <eof>"),
])
def test_lexical_errors(src, msg):
    assert lex_error(src) == msg


def test_lex_error_is_deferred_until_reached():
    # the parser error before the bad token wins, as in PUC
    with pytest.raises(LuaSyntaxError) as ei:
        parse("x = = 'unfinished", "=stdin")
    assert ei.value.value == b"stdin:1: unexpected symbol near '='"
    tk = tokenize("a 'b", "=stdin")
    assert tk.types == ["<name>", "<error>"]


def test_chunkname_formats():
    with pytest.raises(LuaSyntaxError) as ei:
        lex("'", "@dir/file.lua")
    assert ei.value.value == b"dir/file.lua:1: unfinished string near <eof>"
    with pytest.raises(LuaSyntaxError) as ei:
        lex("'", "x = '")
    assert ei.value.value == b"[string \"x = '\"]:1: unfinished string near <eof>"


def test_speed_smoke():
    src = ("local x = 1 + 2 * y .. 'str' -- comment\n" * 2000)
    ts = lex(src)
    assert len(ts) == 2000 * 10 + 1
