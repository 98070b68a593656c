"""The Lua 5.4 ``string`` library (lstrlib.c semantics and messages)."""
from __future__ import annotations

from vm.runtime.argcheck import (arg_error, check_int, check_str, lua_error,
                                 opt_int, opt_str, type_error)
from vm.runtime.debuginfo import BOUNDARY, register_builtin
from vm.runtime.numbers import tostr
from vm.runtime.requests import OUT_OF_FUEL
from vm.runtime.values import (SLOW, Builtin, FUNCTION_TYPES, GenBuiltin, LuaFunction,
                               LuaTable, lua_type, rawget)
from . import lpattern
from .lpattern import (MatchState, drive_capped, get_captures, get_onecapture,
                       get_pattern, get_rx, nospecials, rx_captures,
                       rx_onecapture, rx_scan, rx_search, scan)
from .strformat import make_format
from .strpack import make_pack, make_packsize, make_unpack

MAXSIZE = 0x7FFFFFFF          # lstrlib's MAXSIZE (INT_MAX) for rep/pack


def _ops():
    import vm.runtime.ops as ops
    return ops


def posrelat(pos: int, ln: int) -> int:
    """``posrelatI``: initial position, clipped to [1, inf)."""
    if pos > 0:
        return pos
    if pos == 0:
        return 1
    if pos < -ln:
        return 1
    return ln + pos + 1


def getendpos(pos: int, ln: int) -> int:
    """``getendpos``: final position, clipped to [0, len]."""
    if pos > ln:
        return ln
    if pos >= 0:
        return pos
    if pos < -ln:
        return 0
    return ln + pos + 1


def _first(r):
    if r.__class__ is tuple:
        return r[0] if r else None
    return r


def _index(A, D, t, k):
    """Generator: ``t[k]`` honouring ``__index`` (lua_gettable)."""
    ops = _ops()
    idx = getattr(ops, "index_g", None)
    if idx is not None:
        return (yield from idx(A, D + 1, t, k))
    for _ in range(2000):
        if t.__class__ is LuaTable:
            v = rawget(t, k)
            if v is not None:
                return v
            mt = t.meta
            h = mt.hash.get(b"__index") if mt is not None else None
            if h is None:
                return None
        else:
            mt = getattr(t, "meta", None)
            h = mt.hash.get(b"__index") if mt is not None else None
            if h is None:
                lua_error("attempt to index a %s value" % lua_type(t))
        if h.__class__ in FUNCTION_TYPES:
            return _first((yield from ops.call(A, D + 1, h, (t, k))))
        t = h
    lua_error("'__index' chain too long; possible loop")


def open_string(A) -> LuaTable:
    """Build a fresh ``string`` table bound to arena ``A``."""
    F = A.F
    pcache_get = lpattern._CACHE.get        # pattern -> Pattern, if parsed before
    mem = A.mem
    ops = _ops()

    def charge(n):
        F[0] -= n

    # ------------------------------------------------------------ simple

    # Each has a fast path for the common argument types (strings and
    # integers) and otherwise goes through the general checks, which give
    # lstrlib's conversions and messages.

    def s_len(*args):
        s = args[0] if args else None
        if s.__class__ is bytes:
            return len(s)
        return len(check_str(args, 1, "string.len"))

    def s_sub(*args):
        na = len(args)
        if na >= 2:
            s = args[0]
            i = args[1]
            j = args[2] if na > 2 else -1
            if s.__class__ is bytes and i.__class__ is int and j.__class__ is int:
                ln = len(s)
                if i <= 0:
                    i = 1 if i == 0 or i < -ln else ln + i + 1
                if j > ln:
                    j = ln
                elif j < 0:
                    j = 0 if j < -ln else ln + j + 1
                if i > j:
                    return b""
                F[0] -= (j - i) >> 6
                return s[i - 1:j]
        s = check_str(args, 1, "string.sub")
        ln = len(s)
        i = posrelat(check_int(args, 2, "string.sub"), ln)
        j = getendpos(opt_int(args, 3, "string.sub", -1), ln)
        if i > j:
            return b""
        charge((j - i) >> 6)
        return s[i - 1:j]

    def s_reverse(*args):
        s = args[0] if args else None
        if s.__class__ is not bytes:
            s = check_str(args, 1, "string.reverse")
        F[0] -= 1 + (len(s) >> 5)
        return s[::-1]

    def s_lower(*args):
        s = args[0] if args else None
        if s.__class__ is not bytes:
            s = check_str(args, 1, "string.lower")
        F[0] -= 1 + (len(s) >> 5)
        return s.lower()

    def s_upper(*args):
        s = args[0] if args else None
        if s.__class__ is not bytes:
            s = check_str(args, 1, "string.upper")
        F[0] -= 1 + (len(s) >> 5)
        return s.upper()

    def s_rep(*args):
        if len(args) == 2:
            s, n = args
            if s.__class__ is bytes and n.__class__ is int and 0 < n and len(s) * n <= 256:
                F[0] -= 1 + ((len(s) * n) >> 5)
                return s * n
        s = check_str(args, 1, "string.rep")
        n = check_int(args, 2, "string.rep")
        sep = opt_str(args, 3, "string.rep", b"")
        if n <= 0:
            return b""
        l = len(s)
        lsep = len(sep)
        if l + lsep > MAXSIZE // n:
            lua_error("resulting string too large")
        if l + lsep == 0:
            return b""
        total = n * l + (n - 1) * lsep
        mem.check(total)
        charge(1 + (total >> 5))
        if lsep == 0:
            return s * n
        return sep.join([s] * n)

    def s_byte(*args):
        na = len(args)
        if 0 < na <= 2:
            s = args[0]
            pi = args[1] if na == 2 else 1
            if s.__class__ is bytes and pi.__class__ is int:
                # one position: posrelat and getendpos agree when in range
                ln = len(s)
                if 0 < pi <= ln:
                    F[0] -= 1
                    return s[pi - 1]
                if -ln <= pi < 0:
                    F[0] -= 1
                    return s[ln + pi]
                return ()
        s = check_str(args, 1, "string.byte")
        ln = len(s)
        pi = opt_int(args, 2, "string.byte", 1)
        posi = posrelat(pi, ln)
        pose = getendpos(opt_int(args, 3, "string.byte", pi), ln)
        if posi > pose:
            return ()
        if pose - posi >= 0x7FFFFFFF:
            lua_error("string slice too long")
        n = pose - posi + 1
        if n >= 1000000 - 50:
            lua_error("stack overflow (string slice too long)")
        charge(1 + (n >> 4))
        if n == 1:
            return s[posi - 1]
        return tuple(s[posi - 1:pose])

    def s_char(*args):
        for c in args:
            if c.__class__ is not int or c < 0 or c > 255:
                break
        else:
            F[0] -= 1 + (len(args) >> 4)
            return bytes(args)
        out = bytearray(len(args))
        for i in range(len(args)):
            c = check_int(args, i + 1, "string.char")
            if not 0 <= c <= 255:
                arg_error(i + 1, "string.char", "value out of range")
            out[i] = c
        charge(1 + (len(args) >> 4))
        return bytes(out)

    def s_dump(*args):
        f = args[0] if args else None
        if f.__class__ not in FUNCTION_TYPES:
            type_error(args, 1, "string.dump", "function")
        from vm.runtime.errors import LuaError
        from vm.runtime.values import LuaFunction
        dumper = getattr(A, "dump_function", None)
        if dumper is None or f.__class__ is not LuaFunction:
            lua_error("unable to dump given function")
        try:
            return dumper(f, len(args) > 1 and args[1] is not None and args[1] is not False)
        except LuaError as e:
            lua_error(e.value)

    # ------------------------------------------------------- find / match

    def find_args(args, fname):
        """(s, p, init) of find/match/gmatch (init 0-based, maybe > #s)."""
        na = len(args)
        if na >= 2:
            s = args[0]
            p = args[1]
            if s.__class__ is bytes and p.__class__ is bytes:
                if na == 2:
                    return s, p, 0
                i = args[2]
                if i.__class__ is int and i > 0:    # posrelatI is i itself
                    return s, p, i - 1
        s = check_str(args, 1, fname)
        p = check_str(args, 2, fname)
        init = posrelat(opt_int(args, 3, fname, 1), len(s)) - 1
        return s, p, init

    def plain_find(args, s, p, init):
        """``string.find`` without pattern matching, or None if it needs one."""
        if (len(args) > 3 and args[3] is not None and args[3] is not False) \
                or nospecials(p):
            return plain_search(s, p, init)
        return None

    def plain_search(s, p, init):
        charge(1 + ((len(s) - init) >> 6))
        j = s.find(p, init)
        if j >= 0:
            return (j + 1, j + len(p))
        return ()

    def rx_result(R, m, find):
        if m is None:
            return None
        if find:
            if R.mode:
                return (m.start() + 1, m.end()) + rx_captures(R, m, False)
            return (m.start() + 1, m.end())
        if R.mode <= 1:
            return m.group(R.mode)
        return rx_captures(R, m)

    def ms_result(ms, r, find):
        if r is None:
            return None
        st, e = r
        if find:
            return (st + 1, e) + get_captures(ms, None, 0, False)
        caps = get_captures(ms, st, e)
        return caps[0] if len(caps) == 1 else caps

    def find_core(args, find, fname):
        """find/match as plain code; SLOW (having charged nothing that the
        generator will not charge again) when the search runs out of fuel."""
        s, p, init = find_args(args, fname)
        ls = len(s)
        if init > ls:
            return None
        cp = pcache_get(p)
        if find:
            if len(args) > 3 and args[3] is not None and args[3] is not False:
                return plain_search(s, p, init) or None
            if cp is None:
                # no Pattern for a plain needle (it may be long)
                if nospecials(p):
                    return plain_search(s, p, init) or None
            elif cp.plain:
                return plain_search(s, p, init) or None
        if cp is None:
            cp = get_pattern(p)
        anchor = p[:1] == b"^"
        p0 = 1 if anchor else 0
        counted = False
        R = cp.rx[p0]
        if R is None:
            # counts this use and maybe translates (charged once: kept)
            R = get_rx(A, cp, p0, ls - init)
            counted = cp.rx[p0] is None
        elif R is False:
            R = None
        if R is not None:
            f0 = F[0]
            m = rx_search(F, R, s, init, anchor)
            if m.__class__ is not int and F[0] >= 0:
                if m is None:
                    return None
                if R.mode == 0:             # no captures (rx_result)
                    return (m.start() + 1, m.end()) if find else m.group()
                return rx_result(R, m, find)
            F[0] = f0
            return SLOW
        ms = MatchState(s)
        r = drive_capped(F, scan(A, cp, ms, init, p0, anchor))
        if r is not SLOW:
            return ms_result(ms, r, find)
        if counted:
            cp.uses -= 1                # the generator counts this use again
        return SLOW

    def find_aux(D, args, find, fname):
        s, p, init = find_args(args, fname)
        ls = len(s)
        if init > ls:
            return None
        if find:
            r = plain_find(args, s, p, init)
            if r is not None:
                return r if r else None
        cp = get_pattern(p)
        anchor = p[:1] == b"^"
        R = get_rx(A, cp, 1 if anchor else 0, ls - init)
        if R is not None:
            m = yield from rx_scan(A, R, s, init, anchor)
            return rx_result(R, m, find)
        ms = MatchState(s)
        r = yield from scan(A, cp, ms, init, 1 if anchor else 0, anchor)
        return ms_result(ms, r, find)

    def s_find(D, *args):
        return (yield from find_aux(D, args, True, "string.find"))

    def s_find_fast(*args):
        return find_core(args, True, "string.find")

    def s_match(D, *args):
        return (yield from find_aux(D, args, False, "string.match"))

    def s_match_fast(*args):
        return find_core(args, False, "string.match")

    def s_gmatch(D, *args):
        s, p, init = find_args(args, "string.gmatch")
        ls = len(s)
        if init > ls:
            init = ls + 1
        cp = get_pattern(p)
        ms = MatchState(s)
        state = [init, -1]      # src, lastmatch
        R = get_rx(A, cp, 0, ls - init)
        if R is not None:
            match = R.match
            mode = R.mode

            def rx_step():
                """The next match (charged), None, or an int: see rx_search."""
                src = state[0]
                if src > ls:
                    return None
                m = match(s, src)           # the common case: a match right here
                if m is not None and m.end() != state[1]:
                    F[0] -= 1 + ((m.end() - src) >> 6)
                    return m
                return rx_search(F, R, s, src, False, state[1])

            def rx_take(m):
                if m is None:
                    state[0] = ls + 1
                    return ()
                state[0] = state[1] = m.end()
                if mode == 1:
                    return m.group(1)
                if mode == 0:
                    return m.group()
                return rx_captures(R, m)

            def gmatch_rx(D, *_):
                m = rx_step()
                if m.__class__ is int:
                    yield OUT_OF_FUEL
                    m = yield from rx_scan(A, R, s, m, False, state[1], 0)
                elif F[0] < 0:
                    yield OUT_OF_FUEL
                return rx_take(m)

            def gmatch_rx_fast(*_):
                # rx_step and rx_take, inline
                src = state[0]
                if src > ls:
                    state[0] = ls + 1
                    return ()
                m = match(s, src)           # the common case: a match right here
                if m is not None and (e := m.end()) != state[1]:
                    n = 1 + ((e - src) >> 6)
                    if F[0] < n:
                        return SLOW
                    F[0] -= n
                else:
                    f0 = F[0]
                    m = rx_search(F, R, s, src, False, state[1])
                    if m.__class__ is int or F[0] < 0:
                        F[0] = f0
                        return SLOW
                    if m is None:
                        state[0] = ls + 1
                        return ()
                    e = m.end()
                state[0] = state[1] = e
                if mode == 2:
                    return m.groups()
                if mode == 1:
                    return m.group(1)
                if mode == 0:
                    return m.group()
                return rx_captures(R, m)

            if False:           # make s_gmatch a generator
                yield
            register_builtin(gmatch_rx_fast)
            return GenBuiltin(gmatch_rx, "gmatch_aux", gmatch_rx_fast)

        def aux_take(r):
            if r is None:
                state[0] = ls + 1
                return ()
            st, e = r
            state[0] = state[1] = e
            caps = get_captures(ms, st, e)
            return caps[0] if len(caps) == 1 else caps

        def gmatch_aux(D, *_):
            src = state[0]
            if src > ls:
                return ()
            return aux_take((yield from scan(A, cp, ms, src, 0, False, state[1])))

        def gmatch_aux_fast(*_):
            src = state[0]
            if src > ls:
                return ()
            r = drive_capped(F, scan(A, cp, ms, src, 0, False, state[1]))
            return SLOW if r is SLOW else aux_take(r)

        if False:               # make s_gmatch a generator
            yield
        register_builtin(gmatch_aux_fast)
        return GenBuiltin(gmatch_aux, "gmatch_aux", gmatch_aux_fast)

    # ---------------------------------------------------------------- gsub

    def compile_repl(r: bytes, ms):
        """Split a replacement string into literal parts and capture refs."""
        if b"%" not in r:
            return None
        parts = []
        i = 0
        n = len(r)
        while True:
            j = r.find(b"%", i)
            if j < 0:
                parts.append(r[i:])
                break
            parts.append(r[i:j])
            c = r[j + 1] if j + 1 < n else 0
            if c == 37:
                parts.append(b"%")
            elif 48 <= c <= 57:
                parts.append(c - 49)            # -1 is %0
            else:
                parts.append(False)             # error when reached
            i = j + 2
            if i > n:
                break
        return parts

    def s_gsub(D, *args):
        src = check_str(args, 1, "string.gsub")
        p = check_str(args, 2, "string.gsub")
        repl = args[2] if len(args) > 2 else None
        srcl = len(src)
        max_s = opt_int(args, 4, "string.gsub", srcl + 1)
        rc = repl.__class__
        if rc is int or rc is float:
            repl = tostr(repl)
            rc = bytes
        if rc is bytes:
            tr = 0
        elif rc is LuaTable:
            tr = 1
        elif rc in FUNCTION_TYPES:
            tr = 2
        else:
            type_error(args, 3, "string.gsub", "string/function/table")
        anchor = p[:1] == b"^"
        p0 = 1 if anchor else 0
        cp = get_pattern(p)
        ms = MatchState(src)
        R = get_rx(A, cp, p0, srcl)
        m = None
        parts = compile_repl(repl, ms) if tr == 0 else None
        out = []
        outlen = 0
        pos = 0
        lastmatch = -1
        n = 0
        changed = False
        rmatch = R.match if R is not None else None
        rmode = R.mode if R is not None else -1
        while n < max_s:
            if R is not None:
                m = rmatch(src, pos)        # the common case: a match right here
                if m is not None and m.end() != lastmatch:
                    F[0] -= 1 + ((m.end() - pos) >> 6)
                    if F[0] < 0:
                        yield OUT_OF_FUEL
                else:
                    m = rx_search(F, R, src, pos, anchor, lastmatch)
                    if m.__class__ is int:      # long search: suspend, go on
                        yield OUT_OF_FUEL
                        m = yield from rx_scan(A, R, src, m, anchor, lastmatch, 0)
                    elif F[0] < 0:
                        yield OUT_OF_FUEL
                    if m is None:
                        break
                st = m.start()
                e = m.end()
            else:
                r = yield from scan(A, cp, ms, pos, p0, anchor, lastmatch)
                if r is None:
                    break
                st, e = r
            n += 1
            if st > pos:
                out.append(src[pos:st])
                outlen += st - pos
            if tr == 0:
                changed = True
                if parts is None:
                    out.append(repl)
                    outlen += len(repl)
                else:
                    for part in parts:
                        if part.__class__ is bytes:
                            out.append(part)
                            outlen += len(part)
                        elif part is False:
                            lua_error("invalid use of '%' in replacement string")
                        elif part == -1:
                            out.append(src[st:e])
                            outlen += e - st
                        else:
                            if m is not None:
                                v = rx_onecapture(R, m, part)
                            else:
                                v = get_onecapture(ms, part, st, e)
                            if v.__class__ is int:
                                v = tostr(v)
                            out.append(v)
                            outlen += len(v)
            else:
                if tr == 2:
                    if m is not None:
                        if rmode == 0:
                            caps = (m.group(),)
                        elif rmode == 2:
                            caps = m.groups()
                        else:
                            caps = rx_captures(R, m)
                    else:
                        caps = get_captures(ms, st, e)
                    pl = repl.plain if rc is LuaFunction else None
                    if pl is not None and D < 99:
                        # a pure Lua function runs at once (as ops.call does)
                        try:
                            v = pl(D + 2, *caps)
                        except ops.DeoptImpure:
                            repl.plain = None
                            v = yield from ops.call(A, D + 1, repl, caps)
                        except ops.Deopt:
                            v = yield from ops.call(A, D + 1, repl, caps)
                    else:
                        v = yield from ops.call(A, D + 1, repl, caps)
                    if v.__class__ is tuple:
                        v = v[0] if v else None
                else:
                    if m is not None:
                        k = rx_onecapture(R, m, 0)
                    else:
                        k = get_onecapture(ms, 0, st, e)
                    v = yield from _index(A, D, repl, k)
                if v is None or v is False:
                    out.append(src[st:e])
                    outlen += e - st
                else:
                    vc = v.__class__
                    if vc is int or vc is float:
                        v = tostr(v)
                    elif vc is not bytes:
                        lua_error("invalid replacement value (a %s)" % lua_type(v))
                    changed = True
                    out.append(v)
                    outlen += len(v)
            pos = lastmatch = e
            if outlen > 65536:
                mem.check(outlen)
            if anchor:
                break
        F[0] -= 1 + (srcl >> 6) + (outlen >> 6)
        if not changed:
            return (src, n)
        out.append(src[pos:])
        outlen += srcl - pos
        mem.check(outlen)
        return (b"".join(out), n)

    def gsub_fast(*args):
        """``string.gsub`` with a string (or number) replacement or a table
        without metatable -- no Lua to call -- as plain code, when its
        pattern is already known (translated or not) and the fuel lasts;
        SLOW otherwise (nothing charged)."""
        if len(args) < 3:
            return SLOW
        repl = args[2]
        rc = repl.__class__
        if not (rc is bytes or rc is int or rc is float or
                (rc is LuaTable and repl.meta is None)):
            return SLOW
        p = args[1]
        if p.__class__ is not bytes or get_pattern(p).rx[1 if p[:1] == b"^" else 0] is None:
            return SLOW                 # get_rx still counts uses of p
        return drive_capped(F, s_gsub(0, *args))

    t = LuaTable()
    h = t.hash
    for name, fn in (("byte", s_byte), ("char", s_char), ("dump", s_dump),
                     ("len", s_len), ("lower", s_lower), ("rep", s_rep),
                     ("reverse", s_reverse), ("sub", s_sub), ("upper", s_upper)):
        h[name.encode()] = Builtin(fn, name)
    for name, fn, fast in (("find", s_find, s_find_fast), ("match", s_match, s_match_fast)):
        h[name.encode()] = b = GenBuiltin(fn, name, fast)
        b.pure = 1
    h[b"gmatch"] = GenBuiltin(s_gmatch, "gmatch")
    h[b"gsub"] = GenBuiltin(_ops().noyield(A, s_gsub), "gsub", gsub_fast)
    # gsub_fast is not a builtin level itself (GenBuiltin registered it as
    # one): s_gsub's frame, run by drive(), is -- two levels would give the
    # errors raised in s_gsub the position "" of the outer one
    BOUNDARY.discard(gsub_fast.__code__)
    h[b"gsub"].pure = 1
    fmt, fmt_fast = make_format(A)
    register_builtin(fmt_fast)
    h[b"format"] = GenBuiltin(fmt, "format", fmt_fast)
    h[b"format"].pure = 1
    h[b"pack"] = Builtin(make_pack(A), "pack")
    h[b"packsize"] = Builtin(make_packsize(A), "packsize")
    h[b"unpack"] = Builtin(make_unpack(A), "unpack")
    return t


def make_string_meta(A, string_table: LuaTable) -> LuaTable:
    """The metatable shared by all strings: ``{__index = string}``."""
    mt = LuaTable()
    mt.hash[b"__index"] = string_table
    return mt


__all__ = ["open_string", "make_string_meta", "posrelat", "getendpos", "lpattern"]
