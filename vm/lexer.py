"""Lua 5.4 lexical analyser (a faithful port of PUC-Rio's llex.c behaviour).

The whole source is scanned up front into parallel lists (token types,
values, lines, start offsets).  A lexical error does not raise at once: it
becomes a final ``'<error>'`` token carrying the exception, which the parser
raises when that token would have been read by PUC's one-token-ahead lexer,
so error precedence matches ``lua5.4`` exactly.

The source is handled as a latin-1 decoded ``str`` (one char per byte).

Token types (strings): reserved words and symbols are their own text
(``'end'``, ``'=='``, ``'('``...); other single characters are the character
itself; ``'<name>'`` (value: str), ``'<number>'`` (value: int or float),
``'<string>'`` (value: bytes), ``'<eof>'`` and ``'<error>'`` (value: the
:class:`LuaSyntaxError` to raise).

Every token's line is PUC's ``ls->linenumber`` right after reading it
(i.e. the line where the token ends).
"""
from __future__ import annotations

import re

from vm.runtime.errors import LuaSyntaxError, chunkid_bytes

__all__ = ["tokenize", "lex", "Tokens", "str2number", "KEYWORDS",
           "token_text", "format_error"]

KEYWORDS = frozenset((
    "and", "break", "do", "else", "elseif", "end", "false", "for",
    "function", "goto", "if", "in", "local", "nil", "not", "or", "repeat",
    "return", "then", "true", "until", "while"))

_KW = {k: k for k in KEYWORDS}

MAXINT = (1 << 63) - 1
_2_64 = 1 << 64

# One regex for the common tokens.  Leading whitespace (incl. newlines) is
# swallowed by the match; the token is the single participating group.
_SCAN = re.compile(r"""
[ \t\f\v\n\r]*
(?:
  ([A-Za-z_][A-Za-z0-9_]*)                                          # 1 name
 |(--(?!\[=*\[)[^\n\r]*)                                            # 2 short comment
 |(\.?0[xX](?:[pP][+-]?|[0-9a-fA-F.])*[A-Za-z_]?
   |\.?[0-9](?:[eE][+-]?|[0-9a-fA-F.])*[A-Za-z_]?)                  # 3 numeral
 |(\.\.\.|\.\.|==|~=|<=|>=|<<|>>|//|::|-(?!-)|\[(?![=\[])
   |[+*/%^\#&~|<>=(){};:,\].])                                      # 4 symbol
 |("[^"\\\n\r]*"|'[^'\\\n\r]*')                                     # 5 simple string
 |(.|\Z)                                                            # 6 anything else
)""", re.X | re.S)

_NUMERAL = re.compile(r"""\.?0[xX](?:[pP][+-]?|[0-9a-fA-F.])*[A-Za-z_]?
   |\.?[0-9](?:[eE][+-]?|[0-9a-fA-F.])*[A-Za-z_]?""", re.X)

_NL = re.compile(r"\n\r?|\r\n?")
_LBRACKET = re.compile(r"\[(=*)(\[?)")
_DEC_INT = re.compile(r"[0-9]+\Z")
_DEC_FLT = re.compile(r"(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?\Z")
_HEX = re.compile(r"0[xX]([0-9a-fA-F]*)(\.[0-9a-fA-F]*)?(?:[pP][+-]?[0-9]+)?\Z")
_SPACES = re.compile(r"[ \t\n\r\f\v]*")
_STR_CHUNK = {'"': re.compile(r'[^"\\\n\r]*'), "'": re.compile(r"[^'\\\n\r]*")}
_HEXDIGITS = frozenset("0123456789abcdefABCDEF")
_DIGITS = frozenset("0123456789")
_SIMPLE_ESC = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r",
               "t": "\t", "v": "\v", "\\": "\\", '"': '"', "'": "'"}


def str2number(s: str):
    """Convert a Lua numeral as ``luaO_str2num`` does; None if malformed."""
    if _DEC_INT.match(s):
        v = int(s)
        return v if v <= MAXINT else float(s)
    m = _HEX.match(s)
    if m is not None:
        ipart, fpart = m.group(1), m.group(2)
        if not ipart and (fpart is None or len(fpart) < 2):
            return None                      # no hex digit at all
        if fpart is None and len(ipart) + 2 == len(s):
            v = int(ipart, 16) & (_2_64 - 1)  # hex integers wrap around
            return v - _2_64 if v > MAXINT else v
        try:
            return float.fromhex(s)
        except OverflowError:
            return float("inf")
    if _DEC_FLT.match(s):
        return float(s)
    return None


def utf8esc(x: int) -> str:
    """``luaO_utf8esc``: (extended) UTF-8 for x <= 0x7FFFFFFF, as latin-1."""
    if x < 0x80:
        return chr(x)
    out = []
    mfb = 0x3F
    while x > mfb:
        out.append(chr(0x80 | (x & 0x3F)))
        x >>= 6
        mfb >>= 1
    out.append(chr(((~mfb << 1) | x) & 0xFF))
    out.reverse()
    return "".join(out)


def format_error(chunkname: str, line: int, msg: str, near=None) -> bytes:
    """``chunk:line: msg [near tok]`` as bytes (msg/near are latin-1 str)."""
    head = chunkid_bytes(chunkname) + (":%d: " % line).encode()
    if near is not None:
        msg = msg + " near " + near
    return head + msg.encode("latin-1", "replace")


def _quote(text: str) -> str:
    # luaO_pushfstring's %s stops at the first NUL
    k = text.find("\0")
    if k >= 0:
        text = text[:k]
    return "'" + text + "'"


class _LexError(Exception):
    def __init__(self, line, msg, near):
        self.line = line
        self.msg = msg
        self.near = near


class Tokens:
    __slots__ = ("types", "vals", "lines", "poss", "src", "chunkname")

    def __init__(self, types, vals, lines, poss, src, chunkname):
        self.types = types
        self.vals = vals
        self.lines = lines
        self.poss = poss
        self.src = src
        self.chunkname = chunkname


def token_text(toks: Tokens, i: int) -> str:
    """The text llex's ``txtToken`` shows for token i (quoted, or <eof>)."""
    t = toks.types[i]
    if t == "<eof>":
        return "<eof>"
    if t == "<name>":
        return _quote(toks.vals[i])
    if t == "<number>":
        return _quote(_NUMERAL.match(toks.src, toks.poss[i]).group())
    if t == "<string>":
        src = toks.src
        p = toks.poss[i]
        body = toks.vals[i].decode("latin-1")
        if src[p] == "[":
            m = _LBRACKET.match(src, p)
            eq = m.group(1)
            return _quote("[" + eq + "[" + body + "]" + eq + "]")
        return _quote(src[p] + body + src[p])
    if len(t) == 1 and not ("\x20" <= t <= "\x7e"):
        return "'<\\%d>'" % ord(t)
    return "'" + t + "'"


def _count_nl(src, a, b, has_cr):
    if has_cr:
        return len(_NL.findall(src, a, b))
    return src.count("\n", a, b)


def _read_long(src, p, level, line, is_comment, has_cr):
    """Read a long string/comment whose opening bracket ends at p.

    Returns (value or None, end position, new line)."""
    close = "]" + "=" * level + "]"
    j = src.find(close, p)
    if j < 0:
        what = "comment" if is_comment else "string"
        raise _LexError(line + _count_nl(src, p, len(src), has_cr),
                        "unfinished long %s (starting at line %d)" % (what, line),
                        "<eof>")
    end = j + len(close)
    if is_comment:
        return None, end, line + _count_nl(src, p, j, has_cr)
    body = src[p:j]
    if has_cr and "\r" in body:
        n = len(_NL.findall(body))
        body = _NL.sub("\n", body)
    else:
        n = body.count("\n")
    if body[:1] == "\n":
        body = body[1:]            # first newline is skipped
    return body, end, line + n


def _read_string(src, pos, line):
    """Read a short string with escapes starting at src[pos] (a quote).

    Returns (value str, end position, new line)."""
    delim = src[pos]
    chunk = _STR_CHUNK[delim].match
    n = len(src)
    buf = []
    i = pos + 1
    while True:
        j = chunk(src, i).end()
        if j > i:
            buf.append(src[i:j])
            i = j
        if i >= n:
            raise _LexError(line, "unfinished string", "<eof>")
        c = src[i]
        if c == delim:
            return "".join(buf), i + 1, line
        if c == "\n" or c == "\r":
            raise _LexError(line, "unfinished string", _quote(delim + "".join(buf)))
        # backslash escape
        i += 1
        if i >= n:
            continue                      # "unfinished string" next round
        c = src[i]
        e = _SIMPLE_ESC.get(c)
        if e is not None:
            buf.append(e)
            i += 1
        elif c == "\n" or c == "\r":
            i += 1
            if i < n and src[i] in "\n\r" and src[i] != c:
                i += 1
            line += 1
            buf.append("\n")
        elif c == "x":
            r = 0
            for k in (1, 2):
                d = src[i + k] if i + k < n else ""
                if d not in _HEXDIGITS or d == "":
                    raise _LexError(line, "hexadecimal digit expected",
                                    _quote(delim + "".join(buf) + "\\" + src[i:i + k + 1]))
                r = r * 16 + int(d, 16)
            buf.append(chr(r))
            i += 3
        elif c == "u":
            prefix = delim + "".join(buf) + "\\"
            if i + 1 >= n or src[i + 1] != "{":
                raise _LexError(line, "missing '{'", _quote(prefix + src[i:i + 2]))
            k = i + 2
            if k >= n or src[k] not in _HEXDIGITS:
                raise _LexError(line, "hexadecimal digit expected", _quote(prefix + src[i:k + 1]))
            r = int(src[k], 16)
            k += 1
            while k < n and src[k] in _HEXDIGITS:
                if r > (0x7FFFFFFF >> 4):
                    raise _LexError(line, "UTF-8 value too large", _quote(prefix + src[i:k + 1]))
                r = r * 16 + int(src[k], 16)
                k += 1
            if k >= n or src[k] != "}":
                raise _LexError(line, "missing '}'", _quote(prefix + src[i:k + 1]))
            buf.append(utf8esc(r))
            i = k + 1
        elif c == "z":
            i += 1
            while i < n:
                c = src[i]
                if c == "\n" or c == "\r":
                    i += 1
                    if i < n and src[i] in "\n\r" and src[i] != c:
                        i += 1
                    line += 1
                elif c in " \t\f\v":
                    i += 1
                else:
                    break
        elif c in _DIGITS:
            k = i
            r = 0
            while k < n and k < i + 3 and src[k] in _DIGITS:
                r = r * 10 + ord(src[k]) - 48
                k += 1
            if r > 255:
                raise _LexError(line, "decimal escape too large",
                                _quote(delim + "".join(buf) + "\\" + src[i:k + 1]))
            buf.append(chr(r))
            i = k
        else:
            raise _LexError(line, "invalid escape sequence",
                            _quote(delim + "".join(buf) + "\\" + c))


def tokenize(src: str, chunkname: str) -> Tokens:
    """Scan latin-1 decoded source text into a :class:`Tokens`."""
    types = []
    vals = []
    lines = []
    poss = []
    tappend = types.append
    vappend = vals.append
    lappend = lines.append
    pappend = poss.append
    has_cr = "\r" in src
    match = _SCAN.match
    kw = _KW
    numcache = {}
    line = 1
    pos = 0
    try:
        while True:
            m = match(src, pos)
            g = m.lastindex
            ts = m.start(g)
            if ts != pos:
                if has_cr:
                    line += len(_NL.findall(src, pos, ts))
                else:
                    line += src.count("\n", pos, ts)
            pos = m.end()
            if g == 1:                                  # name / keyword
                text = m.group(1)
                k = kw.get(text)
                if k is None:
                    tappend("<name>")
                    vappend(text)
                else:
                    tappend(k)
                    vappend(None)
            elif g == 4:                                # symbol
                tappend(m.group(4))
                vappend(None)
            elif g == 2:                                # short comment
                continue
            elif g == 3:                                # numeral
                text = m.group(3)
                v = numcache.get(text)
                if v is None:
                    v = str2number(text)
                    if v is None:
                        raise _LexError(line, "malformed number", _quote(text))
                    numcache[text] = v
                tappend("<number>")
                vappend(v)
            elif g == 5:                                # simple string
                tappend("<string>")
                vappend(src[ts + 1:pos - 1].encode("latin-1"))
            else:
                c = m.group(6)
                if c == "":
                    tappend("<eof>")
                    vappend(None)
                    lappend(line)
                    pappend(ts)
                    break
                if c == '"' or c == "'":
                    v, pos, line = _read_string(src, ts, line)
                    tappend("<string>")
                    vappend(v.encode("latin-1"))
                elif c == "[":
                    mb = _LBRACKET.match(src, ts)
                    eq = mb.group(1)
                    if not mb.group(2):
                        raise _LexError(line, "invalid long string delimiter",
                                        _quote("[" + eq))
                    v, pos, line = _read_long(src, mb.end(), len(eq), line, False, has_cr)
                    tappend("<string>")
                    vappend(v.encode("latin-1"))
                elif c == "-":                          # long comment
                    mb = _LBRACKET.match(src, ts + 2)
                    _, pos, line = _read_long(src, mb.end(), len(mb.group(1)),
                                              line, True, has_cr)
                    continue
                else:                                   # any other single char
                    tappend(c)
                    vappend(None)
            lappend(line)
            pappend(ts)
    except _LexError as e:
        tappend("<error>")
        vappend(LuaSyntaxError(format_error(chunkname, e.line, e.msg, e.near)))
        lappend(e.line)
        pappend(pos)
    return Tokens(types, vals, lines, poss, src, chunkname)


def lex(source, chunkname: str = "=?"):
    """Convenience for tests/tools: list of (type, value, line) tuples up to
    and including ``'<eof>'``; raises the first lexical error."""
    if isinstance(source, str):
        source = source.encode("utf-8")
    toks = tokenize(source.decode("latin-1"), chunkname)
    out = []
    for t, v, ln in zip(toks.types, toks.vals, toks.lines):
        if t == "<error>":
            raise v
        out.append((t, v, ln))
    return out
