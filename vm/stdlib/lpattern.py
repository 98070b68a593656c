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

from vm.runtime.argcheck import lua_error
from vm.runtime.requests import OUT_OF_FUEL

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

    __slots__ = ("pat", "plen", "items", "first")

    def __init__(self, pat: bytes):
        self.pat = pat
        self.plen = len(pat)
        self.items = [None] * (len(pat) + 1)
        self.first = None          # None: not computed; b"": no literal prefix

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


def nospecials(pat: bytes) -> bool:
    for c in SPECIALS:
        if c in pat:
            return False
    return True


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
