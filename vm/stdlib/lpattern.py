"""Lua 5.4 patterns (lstrlib.c semantics), as an interruptible matcher.

The matcher mirrors lstrlib's recursive ``match`` with an explicit
backtracking stack: every nested ``match`` call of the C code corresponds to
one frame on the stack (choice points of ``*``, ``+``, ``-``, ``?`` and the
undo records of captures), so the "pattern too complex" limit (MAXCCALLS)
triggers exactly where PUC-Rio's does, deep patterns never touch the Python
stack, and the whole search is a generator that charges fuel per step and
yields ``OUT_OF_FUEL`` when the arena runs dry.

Pattern items are parsed lazily (errors such as "malformed pattern" are
raised when the matcher reaches the faulty item, as in C) and memoised per
pattern string, so repeated use of a pattern costs no re-parsing.
"""
from __future__ import annotations

import re as _re

from vm.runtime.argcheck import lua_error
from vm.runtime.errors import LuaError
from vm.runtime.requests import OUT_OF_FUEL
from vm.runtime.values import SLOW

MAXCCALLS = 200
MAXCAPTURES = 32
CAP_UNFINISHED = -1
CAP_POSITION = -2

SPECIALS = b"^$*+?.([%-"

# ---------------------------------------------------------------- classes

_ALL = frozenset(range(256))
_UPPER = frozenset(range(65, 91))
_LOWER = frozenset(range(97, 123))
_ALPHA = _UPPER | _LOWER
_DIGIT = frozenset(range(48, 58))
_ALNUM = _ALPHA | _DIGIT
_SPACE = frozenset((9, 10, 11, 12, 13, 32))
_CNTRL = frozenset(range(32)) | {127}
_GRAPH = frozenset(range(33, 127))
_PUNCT = _GRAPH - _ALNUM
_XDIGIT = _DIGIT | frozenset(b"abcdefABCDEF")

_CLASSES = {
    ord("a"): _ALPHA, ord("c"): _CNTRL, ord("d"): _DIGIT, ord("g"): _GRAPH,
    ord("l"): _LOWER, ord("p"): _PUNCT, ord("s"): _SPACE, ord("u"): _UPPER,
    ord("w"): _ALNUM, ord("x"): _XDIGIT, ord("z"): frozenset((0,)),
}


def class_set(cl: int) -> frozenset:
    """The set of bytes ``%cl`` matches (``match_class``)."""
    s = _CLASSES.get(cl | 0x20) if 65 <= cl <= 90 or 97 <= cl <= 122 else None
    if s is None:
        return frozenset((cl,))
    if 65 <= cl <= 90:
        return _ALL - s
    return s


# ------------------------------------------------------------ item kinds

I_END = 0        # (I_END,)
I_SINGLE = 1     # (I_SINGLE, set|None, suffix, ep)  None = '.'
I_LIT = 2        # (I_LIT, bytes, next)
I_OPEN = 3       # (I_OPEN, CAP_UNFINISHED|CAP_POSITION, next)
I_CLOSE = 4      # (I_CLOSE, next)
I_DOLLAR = 5     # (I_DOLLAR,)   '$' at the very end
I_BAL = 6        # (I_BAL, b, e, next)
I_FRONT = 7      # (I_FRONT, set, next)
I_BACK = 8       # (I_BACK, digitchar, next)

S_NONE, S_STAR, S_PLUS, S_MIN, S_OPT = 0, 1, 2, 3, 4
_SUFFIX = {42: S_STAR, 43: S_PLUS, 45: S_MIN, 63: S_OPT}

F_MAX, F_MIN, F_OPT, F_OPEN, F_CLOSE = 0, 1, 2, 3, 4

_ESC = 37      # '%'
_LBR = 91      # '['
_RBR = 93      # ']'
_LITSTOP = frozenset(b"()%.[$")


class Pattern:
    """A pattern string with its lazily parsed items (shared by arenas)."""

    __slots__ = ("pat", "plen", "items", "first", "rx", "uses", "plain")

    def __init__(self, pat: bytes):
        self.pat = pat
        self.plen = len(pat)
        self.plain = _SPECIAL(pat) is None     # no special character (nospecials)
        self.items = [None] * (len(pat) + 1)
        self.first = None          # None: not computed; b"": no literal prefix
        self.rx = [None, None]     # per start item (0 or 1): None unknown, False no, Rx
        self.uses = 0

    # -- parsing (lazy, errors raised when the matcher reaches the item)

    def classend(self, p: int) -> int:
        pat = self.pat
        plen = self.plen
        c = pat[p]
        p += 1
        if c == _ESC:
            if p >= plen:
                lua_error("malformed pattern (ends with '%')")
            return p + 1
        if c == _LBR:
            if p < plen and pat[p] == 94:       # '^'
                p += 1
            while True:                          # look for a ']'
                if p >= plen:
                    lua_error("malformed pattern (missing ']')")
                cc = pat[p]
                p += 1
                if cc == _ESC and p < plen:
                    p += 1                       # skip escapes (e.g. '%]')
                if p < plen and pat[p] == _RBR:
                    break
            return p + 1
        return p

    def bracket(self, p: int, ec: int) -> frozenset:
        """Set matched by the class ``[...]`` at ``p`` whose ']' is at ``ec``."""
        pat = self.pat
        sig = True
        if pat[p + 1] == 94:
            sig = False
            p += 1
        members = set()
        p += 1
        while p < ec:
            c = pat[p]
            if c == _ESC:
                p += 1
                members |= class_set(pat[p])
            elif p + 2 < ec and pat[p + 1] == 45:     # range a-z
                hi = pat[p + 2]
                if c <= hi:
                    members.update(range(c, hi + 1))
                p += 2
            else:
                members.add(c)
            p += 1
        return frozenset(members) if sig else _ALL - members

    def single_set(self, p: int, ep: int):
        c = self.pat[p]
        if c == 46:             # '.'
            return None
        if c == _ESC:
            return class_set(self.pat[p + 1])
        if c == _LBR:
            return self.bracket(p, ep - 1)
        return frozenset((c,))

    def compile(self, p: int):
        pat = self.pat
        plen = self.plen
        if p >= plen:
            it = (I_END,)
        else:
            c = pat[p]
            nxt = pat[p + 1] if p + 1 < plen else 0
            it = None
            if c == 40:                                   # '('
                if nxt == 41:
                    it = (I_OPEN, CAP_POSITION, p + 2)
                else:
                    it = (I_OPEN, CAP_UNFINISHED, p + 1)
            elif c == 41:                                 # ')'
                it = (I_CLOSE, p + 1)
            elif c == 36 and p + 1 == plen:               # '$' at end
                it = (I_DOLLAR,)
            elif c == _ESC and nxt == 98:                 # %b
                if p + 2 >= plen - 1:
                    lua_error("malformed pattern (missing arguments to '%b')")
                it = (I_BAL, pat[p + 2], pat[p + 3], p + 4)
            elif c == _ESC and nxt == 102:                # %f
                q = p + 2
                if q >= plen or pat[q] != _LBR:
                    lua_error("missing '[' after '%f' in pattern")
                ep = self.classend(q)
                it = (I_FRONT, self.bracket(q, ep - 1), ep)
            elif c == _ESC and 48 <= nxt <= 57:           # back reference
                it = (I_BACK, nxt, p + 2)
            if it is None:
                ep = self.classend(p)
                suf = _SUFFIX.get(pat[ep], S_NONE) if ep < plen else S_NONE
                if suf == S_NONE and c not in _LITSTOP:
                    # a run of plain characters without suffixes
                    q = p + 1
                    while q < plen:
                        cq = pat[q]
                        if cq in _LITSTOP or cq in _SUFFIX:
                            break
                        if q + 1 < plen and pat[q + 1] in _SUFFIX:
                            break
                        q += 1
                    if q - p >= 2:
                        it = (I_LIT, pat[p:q], q)
                if it is None:
                    it = (I_SINGLE, self.single_set(p, ep), suf,
                          ep + 1 if suf else ep)
        self.items[p] = it
        return it

    def first_literal(self, p0: int) -> bytes:
        """A byte every match must start with (b"" when unknown)."""
        it = self.items[p0]
        if it is None:
            it = self.compile(p0)
        if it[0] == I_LIT:
            return it[1][:1]
        if it[0] == I_SINGLE and it[2] in (S_NONE, S_PLUS) and it[1] is not None \
                and len(it[1]) == 1:
            return bytes(it[1])
        return b""


_CACHE: dict = {}


def get_pattern(pat: bytes) -> Pattern:
    cp = _CACHE.get(pat)
    if cp is None:
        if len(_CACHE) > 512:
            _CACHE.clear()
        cp = _CACHE[pat] = Pattern(pat)
    return cp


_SPECIAL = _re.compile(b"[" + _re.escape(SPECIALS) + b"]").search


def nospecials(pat: bytes) -> bool:
    return _SPECIAL(pat) is None


class MatchState:
    """Captures of the last successful match."""

    __slots__ = ("src", "level", "cinit", "clen")

    def __init__(self, src: bytes):
        self.src = src
        self.level = 0
        self.cinit = [0] * MAXCAPTURES
        self.clen = [0] * MAXCAPTURES


def _too_complex():
    lua_error("pattern too complex")


def scan(A, cp: Pattern, ms: MatchState, start: int, p0: int, anchor: bool,
         lastmatch: int = -1):
    """Generator: find the first position ``>= start`` (only ``start`` when
    ``anchor``) where the pattern (from item ``p0``) matches with an end
    different from ``lastmatch``.  Returns ``(start, end)`` (captures in
    ``ms``) or None."""
    src = ms.src
    n = len(src)
    items = cp.items
    cinit = ms.cinit
    clen = ms.clen
    F = A.F
    F[0] -= 1
    tick = 0
    first = cp.first
    if first is None:
        first = cp.first = cp.first_literal(p0) if p0 == 0 else b""
    if p0 != 0:
        first = b""
    while True:
        if first and not anchor:
            j = src.find(first, start)
            if j < 0:
                return None
            start = j
        level = 0
        stack = []
        s = start
        p = p0
        matched = False
        while True:
            tick += 1
            if tick >= 32:
                F[0] -= tick >> 3
                tick = 0
                if F[0] < 0:
                    yield OUT_OF_FUEL
            it = items[p]
            if it is None:
                it = cp.compile(p)
            k = it[0]
            if k == I_SINGLE:
                S = it[1]
                suf = it[2]
                if s < n and (S is None or src[s] in S):
                    if suf == S_NONE:
                        s += 1
                        p = it[3]
                        continue
                    if suf == S_STAR or suf == S_PLUS:
                        base = s if suf == S_STAR else s + 1
                        if S is None:
                            j = n
                        else:
                            j = base
                            while j < n and src[j] in S:
                                j += 1
                        tick += (j - base) >> 3
                        if len(stack) >= MAXCCALLS - 1:
                            _too_complex()
                        stack.append((F_MAX, base, j - base, it[3]))
                        s = j
                        p = it[3]
                        continue
                    if len(stack) >= MAXCCALLS - 1:
                        _too_complex()
                    if suf == S_MIN:
                        stack.append((F_MIN, s, S, it[3]))
                        p = it[3]
                        continue
                    # S_OPT
                    stack.append((F_OPT, s, it[3]))
                    s += 1
                    p = it[3]
                    continue
                if suf == S_STAR or suf == S_MIN or suf == S_OPT:
                    p = it[3]
                    continue
                # fail
            elif k == I_LIT:
                lit = it[1]
                if src.startswith(lit, s):
                    s += len(lit)
                    p = it[2]
                    continue
            elif k == I_END:
                matched = True
                break
            elif k == I_OPEN:
                if level >= MAXCAPTURES:
                    lua_error("too many captures")
                if len(stack) >= MAXCCALLS - 1:
                    _too_complex()
                cinit[level] = s
                clen[level] = it[1]
                level += 1
                stack.append((F_OPEN,))
                p = it[2]
                continue
            elif k == I_CLOSE:
                l = level - 1
                while l >= 0 and clen[l] != CAP_UNFINISHED:
                    l -= 1
                if l < 0:
                    lua_error("invalid pattern capture")
                if len(stack) >= MAXCCALLS - 1:
                    _too_complex()
                clen[l] = s - cinit[l]
                stack.append((F_CLOSE, l))
                p = it[1]
                continue
            elif k == I_DOLLAR:
                if s == n:
                    matched = True
                    break
            elif k == I_BAL:
                if s < n and src[s] == it[1]:
                    b = it[1]
                    e = it[2]
                    cont = 1
                    j = s + 1
                    found = -1
                    while j < n:
                        c = src[j]
                        if c == e:
                            cont -= 1
                            if cont == 0:
                                found = j + 1
                                break
                        elif c == b:
                            cont += 1
                        j += 1
                    tick += (j - s) >> 3
                    if found >= 0:
                        s = found
                        p = it[3]
                        continue
            elif k == I_FRONT:
                S = it[1]
                prev = src[s - 1] if s > 0 else 0
                cur = src[s] if s < n else 0
                if prev not in S and cur in S:
                    p = it[2]
                    continue
            else:  # I_BACK
                l = it[1] - 49
                if l < 0 or l >= level or clen[l] == CAP_UNFINISHED:
                    lua_error("invalid capture index %%%d" % (l + 1))
                ln = clen[l]
                if ln >= 0:
                    ci = cinit[l]
                    if n - s >= ln and src[s:s + ln] == src[ci:ci + ln]:
                        s += ln
                        p = it[2]
                        continue
            # ---- failure: backtrack to the latest choice point
            resumed = False
            while stack:
                fr = stack.pop()
                fk = fr[0]
                if fk == F_OPEN:
                    level -= 1
                elif fk == F_CLOSE:
                    clen[fr[1]] = CAP_UNFINISHED
                elif fk == F_MAX:
                    i = fr[2] - 1
                    if i >= 0:
                        stack.append((F_MAX, fr[1], i, fr[3]))
                        s = fr[1] + i
                        p = fr[3]
                        resumed = True
                        break
                elif fk == F_MIN:
                    s = fr[1]
                    S = fr[2]
                    if s < n and (S is None or src[s] in S):
                        s += 1
                        stack.append((F_MIN, s, S, fr[3]))
                        p = fr[3]
                        resumed = True
                        break
                else:  # F_OPT
                    s = fr[1]
                    p = fr[2]
                    resumed = True
                    break
            if not resumed:
                break
        if matched and s != lastmatch:
            ms.level = level
            if tick:
                F[0] -= tick >> 3
            return (start, s)
        if anchor or start >= n:
            if tick:
                F[0] -= tick >> 3
            return None
        start += 1


def get_onecapture(ms: MatchState, i: int, s: int, e: int):
    """Capture ``i`` (0-based) as a Lua value (whole match if none)."""
    if i >= ms.level:
        if i != 0:
            lua_error("invalid capture index %%%d" % (i + 1))
        return ms.src[s:e]
    ln = ms.clen[i]
    if ln == CAP_UNFINISHED:
        lua_error("unfinished capture")
    if ln == CAP_POSITION:
        return ms.cinit[i] + 1
    ci = ms.cinit[i]
    return ms.src[ci:ci + ln]


def get_captures(ms: MatchState, s, e, whole_if_none: bool = True) -> tuple:
    """All captures (``push_captures``); ``s`` None means none if no captures."""
    level = ms.level
    if level == 0:
        return (ms.src[s:e],) if whole_if_none else ()
    src = ms.src
    cinit = ms.cinit
    clen = ms.clen
    out = []
    for i in range(level):
        ln = clen[i]
        if ln >= 0:
            ci = cinit[i]
            out.append(src[ci:ci + ln])
        else:
            out.append(get_onecapture(ms, i, s, e))
    return tuple(out)


def run_to_end(gen):
    """Drive a matcher generator that must not suspend (tests, sync callers)."""
    try:
        while True:
            gen.send(None)
    except StopIteration as stop:
        return stop.value


# ------------------------------------------------- translation to ``re``
#
# A well-formed pattern (no %b, no back references, no '-' suffix, at most
# RX_MAXPAT bytes, captures properly closed) whose every '*', '+' and '?'
# item is *possessive-safe* -- the items that may follow it cannot start
# with a byte of its set, so backtracking into it can never produce a match
# (Lua's backtracking search and a possessive one then give the same
# result) -- is run by Python's ``re`` as one deterministic, linear-time
# attempt per start position:
#
#   * every item becomes a possessive class (``[S]``, ``[S]*+``, ``[S]++``,
#     ``[S]?+``), ``%f`` a pair of one-byte lookarounds, a final ``$`` ``\Z``;
#   * each item that can fail opens an optional group holding the rest of
#     the pattern, so the regex always matches, ``m.end()`` is how far the
#     attempt got (its work, charged as fuel) and an empty group at the very
#     end tells a complete match (``m.lastindex``);
#   * captures are empty marker groups at their start and end (they nest
#     anywhere); a position capture is one marker.
#
# Each attempt does work proportional to the bytes it examines, which is
# charged; the search over start positions stays a Python loop that charges
# fuel and suspends like the interpreter.  The "pattern too complex" and
# "too many captures" limits cannot be reached by such patterns (fewer items
# than MAXCCALLS, at most MAXCAPTURES captures), and every ill-formed pattern
# is left to the interpreter, which raises its errors lazily as lstrlib does.

RX_MAXPAT = 150
RX_MIN_USES = 2             # translate a pattern on its second search...
RX_MIN_SUBJECT = 256        # ...or at once for a subject this long

K_SINGLE, K_OPEN, K_CLOSE, K_POS, K_DOLLAR, K_FRONT = range(6)


class Rx:
    __slots__ = ("match", "reach", "caps", "mode", "first", "fset", "cost")

    def __init__(self, match, reach, caps, mode, first, fset, cost):
        self.match = match      # compiled regex .match: None or a whole match
        self.reach = reach      # .match of the prefix form: how far an attempt got
        self.caps = caps        # per capture: its group, and True for a position
        self.mode = mode        # 0 no captures, 1 one string, 2 strings, 3 mixed
        self.first = first      # prefilter: None, a 1-byte bytes, or regex .search
        self.fset = fset        # the bytes a match can start with (None: any)
        self.cost = cost        # work units per attempt besides the bytes


_SETRX: dict = {}


def _setrx(S) -> str:
    """A regex (str, latin-1) matching one byte of ``S`` (None: any byte)."""
    if S is None:
        return "[\\x00-\\xff]"
    r = _SETRX.get(S)
    if r is None:
        if not S:
            r = "(?!)"
        else:
            out = []
            bs = sorted(S)
            i = 0
            while i < len(bs):
                j = i
                while j + 1 < len(bs) and bs[j + 1] == bs[j] + 1:
                    j += 1
                if j == i:
                    out.append("\\x%02x" % bs[i])
                else:
                    out.append("\\x%02x-\\x%02x" % (bs[i], bs[j]))
                i = j + 1
            r = "[" + "".join(out) + "]"
        if len(_SETRX) > 4096:
            _SETRX.clear()
        _SETRX[S] = r
    return r


def _rx_items(cp: Pattern, p0: int):
    """The pattern's items from ``p0``, or None if not translatable."""
    pat = cp.pat
    plen = cp.plen
    items = []
    opens = []
    ncap = 0
    p = p0
    while p < plen:
        c = pat[p]
        nxt = pat[p + 1] if p + 1 < plen else -1
        if c == 40:                                   # '('
            if ncap >= MAXCAPTURES:
                return None
            if nxt == 41:
                items.append((K_POS, ncap))
                p += 2
            else:
                items.append((K_OPEN, ncap))
                opens.append(ncap)
                p += 1
            ncap += 1
            continue
        if c == 41:                                   # ')'
            if not opens:
                return None
            items.append((K_CLOSE, opens.pop()))
            p += 1
            continue
        if c == 36 and p + 1 == plen:                 # final '$'
            items.append((K_DOLLAR,))
            p += 1
            continue
        if c == _ESC and (nxt == 98 or 48 <= nxt <= 57):   # %b, %0-%9
            return None
        if c == _ESC and nxt == 102:                  # %f[set]
            q = p + 2
            if q >= plen or pat[q] != _LBR:
                return None
            ep = cp.classend(q)
            items.append((K_FRONT, cp.bracket(q, ep - 1)))
            p = ep
            continue
        ep = cp.classend(p)
        suf = _SUFFIX.get(pat[ep], S_NONE) if ep < plen else S_NONE
        if suf == S_MIN:
            return None
        items.append((K_SINGLE, cp.single_set(p, ep), suf))
        p = ep + 1 if suf else ep
    if opens:
        return None
    return items, ncap


def _possessive_safe(items) -> bool:
    for i, it in enumerate(items):
        if it[0] != K_SINGLE or it[2] == S_NONE:
            continue
        S = it[1]
        for it2 in items[i + 1:]:
            k = it2[0]
            if k == K_OPEN or k == K_CLOSE or k == K_POS:
                continue
            if k == K_DOLLAR:
                break
            if k == K_FRONT:
                return False
            T = it2[1]
            if S is None or T is None or not S.isdisjoint(T):
                return False
            if it2[2] == S_NONE or it2[2] == S_PLUS:
                break
    return True


def _first_set(items):
    """Bytes every match must start with (None: no useful prefilter)."""
    acc = set()
    for it in items:
        k = it[0]
        if k == K_OPEN or k == K_CLOSE or k == K_POS or k == K_FRONT:
            continue
        if k == K_DOLLAR:
            return None
        S = it[1]
        if S is None:
            return None
        acc |= S
        if it[2] == S_NONE or it[2] == S_PLUS:
            return frozenset(acc) if len(acc) < 256 else None
    return None


_POSSESS = {S_NONE: "", S_STAR: "*+", S_PLUS: "++", S_OPT: "?+"}


def _rx_build(cp: Pattern, p0: int):
    if cp.plen - p0 > RX_MAXPAT:
        return False
    try:
        r = _rx_items(cp, p0)
    except LuaError:
        return False
    if r is None:
        return False
    items, ncap = r
    if not _possessive_safe(items):
        return False
    flat = []           # the pattern, with capture groups
    pref = []           # the prefix form: each item that may fail opens an
    depth = 0           # optional group holding the rest
    caps = [None] * ncap
    for it in items:
        k = it[0]
        if k == K_OPEN:
            caps[it[1]] = False
            flat.append("(")
        elif k == K_CLOSE:
            flat.append(")")
        elif k == K_POS:
            caps[it[1]] = True
            flat.append("()")
        elif k == K_DOLLAR:
            flat.append("\\Z")
            pref.append("(?:\\Z")
            depth += 1
        elif k == K_FRONT:
            S = it[1]
            if not S or len(S) == 256:
                frag = "(?!)"
            elif 0 in S:
                frag = "(?<=%s)(?=%s|\\Z)" % (_setrx(_ALL - S), _setrx(S))
            else:
                frag = "(?<!%s)(?=%s)" % (_setrx(S), _setrx(S))
            flat.append(frag)
            pref.append("(?:" + frag)
            depth += 1
        else:
            S = it[1]
            suf = it[2]
            if S is not None and not S:
                frag = "(?!)" if suf == S_NONE or suf == S_PLUS else ""
            else:
                frag = _setrx(S) + _POSSESS[suf]
            flat.append(frag)
            if suf == S_NONE or suf == S_PLUS:
                pref.append("(?:")
                depth += 1
            pref.append(frag)
    pref.append(")?" * depth)
    try:
        match = _re.compile("".join(flat).encode("latin-1")).match
        reach = _re.compile("".join(pref).encode("latin-1")).match
    except (_re.error, RecursionError, OverflowError):    # pragma: no cover
        return False
    fs = _first_set(items)
    if fs is None:
        first = None
    elif len(fs) == 1:
        first = bytes(fs)
    else:
        first = _re.compile(_setrx(fs).encode("latin-1")).search
    if not caps:
        mode = 0
    elif True in caps:
        mode = 3
    else:
        mode = 1 if ncap == 1 else 2
    return Rx(match, reach, tuple(caps), mode, first, fs, 16 + len(items))


def get_rx(A, cp: Pattern, p0: int, ls: int):
    """The ``re`` translation of ``cp`` from item ``p0``, or None (use the
    interpreter).  Translated on the pattern's RX_MIN_USES-th use or for a
    subject of ``ls`` >= RX_MIN_SUBJECT bytes (compiling costs ~30 us plus
    ~8 us per pattern byte, charged as fuel)."""
    rx = cp.rx[p0]
    if rx is None:
        cp.uses += 1
        if cp.uses < RX_MIN_USES and ls < RX_MIN_SUBJECT:
            return None
        A.F[0] -= 40 + 8 * cp.plen
        rx = cp.rx[p0] = _rx_build(cp, p0)
    return rx or None


def rx_search(F, R: Rx, src: bytes, st: int, anchor: bool, lastmatch: int = -1,
              work: int = 16):
    """The search of :func:`rx_scan` as plain code, charging the same fuel
    to ``F``: returns the ``re`` match object or None -- or, when the fuel
    ran out in the middle of a long search, the (int) position to resume
    from (with ``work`` 0) after suspending.  A caller that cannot suspend
    restores the fuel and lets :func:`rx_scan` redo the search."""
    n = len(src)
    match = R.match
    first = R.first
    cost = R.cost
    while True:
        if first is not None and not anchor:
            if first.__class__ is bytes:
                j = src.find(first, st)
            else:
                fm = first(src, st)
                j = fm.start() if fm is not None else -1
            if j < 0:
                F[0] -= (work >> 4) + ((n - st) >> 6)
                return None
            work += (j - st) >> 2
            st = j
        m = match(src, st)
        if m is not None:
            e = m.end()
            work += ((e - st) >> 2) + cost
            if e != lastmatch:
                F[0] -= work >> 4
                return m
        else:
            work += ((R.reach(src, st).end() - st) >> 2) + cost
        if anchor or st >= n:
            F[0] -= work >> 4
            return None
        st += 1
        if work > 2048:
            F[0] -= work >> 4
            work = 0
            if F[0] < 0:
                return st


def rx_scan(A, R: Rx, src: bytes, st: int, anchor: bool, lastmatch: int = -1,
            work: int = 16):
    """Generator: like :func:`scan` for a translated pattern; returns the
    ``re`` match object (its ``start()`` and ``end()`` are the match) or
    None.  Charges about one fuel unit per attempt plus one per 64 bytes
    examined, and suspends when the fuel runs out."""
    F = A.F
    while True:
        m = rx_search(F, R, src, st, anchor, lastmatch, work)
        if m.__class__ is not int:
            if F[0] < 0:
                yield OUT_OF_FUEL
            return m
        yield OUT_OF_FUEL
        st = m
        work = 0


def drive(gen):
    """Run a matcher generator as plain code: its return value, or SLOW
    (the generator closed) if it had to suspend."""
    try:
        gen.send(None)
    except StopIteration as stop:
        return stop.value
    gen.close()
    return SLOW


FAST_FUEL = 512
"""The most fuel a fast path spends on a search it may have to abandon
(the generator then redoes it): bounds the work wasted in a step."""


def drive_capped(F, gen):
    """:func:`drive` with at most FAST_FUEL of the fuel ``F``: the result
    (its fuel charged), or SLOW with nothing charged if the generator needs
    more fuel than that or than there is."""
    f0 = F[0]
    cap = FAST_FUEL if f0 > FAST_FUEL else f0
    F[0] = cap
    try:
        r = drive(gen)
    except BaseException:
        F[0] = f0 - (cap - F[0])
        raise
    if r is SLOW or F[0] < 0:
        F[0] = f0
        return SLOW
    F[0] = f0 - (cap - F[0])
    return r


def rx_captures(R: Rx, m, whole_if_none: bool = True) -> tuple:
    """All captures of a translated match (``push_captures``)."""
    mode = R.mode
    if mode == 2:
        return m.groups()
    if mode == 1:
        return (m.group(1),)
    if mode == 0:
        return (m.group(),) if whole_if_none else ()
    out = []
    g = 1
    for pos in R.caps:
        out.append(m.start(g) + 1 if pos else m.group(g))
        g += 1
    return tuple(out)


def rx_onecapture(R: Rx, m, i: int):
    """Capture ``i`` (0-based) of a translated match (whole match if none)."""
    caps = R.caps
    if i >= len(caps):
        if i != 0:
            lua_error("invalid capture index %%%d" % (i + 1))
        return m.group()
    if caps[i]:
        return m.start(i + 1) + 1
    return m.group(i + 1)
