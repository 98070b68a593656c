"""The Lua 5.4 ``table`` library (behaviour of PUC-Rio ltablib.c).

Every function has a fast path for plain tables (no metatable), working on
``LuaTable.arr`` directly, and a general path that goes through the
metamethod-aware helpers of :mod:`vm.runtime.ops` (``__index``,
``__newindex``, ``__len``, ``__lt``) as 5.4 does.  Long loops charge fuel
and yield ``OUT_OF_FUEL`` when it runs out.
"""
from __future__ import annotations

from ..runtime.argcheck import (arg_error, check_int, lua_error, opt_int,
                                type_error)
from ..runtime.errors import LuaError
from ..runtime.numbers import MAXINT, tointeger, tostr, wrap
from ..runtime.requests import OUT_OF_FUEL
from ..runtime.ops import noyield as _noyield
from ..runtime.debuginfo import register_builtin
from ..runtime.values import (SLOW, FUNCTION_TYPES, Builtin, GenBuiltin, LuaFunction, LuaTable,
                              lua_type, rawget, rawset)

try:                                    # written concurrently by the lead
    from ..runtime import ops
except ImportError:                     # pragma: no cover - until it exists
    ops = None

_M64 = (1 << 64) - 1
TAB_R, TAB_W, TAB_L = 1, 2, 4
MAX_UNPACK = 1_000_000                  # LUAI_MAXSTACK: lua_checkstack's limit
CHUNK = 256                             # elements per fuel check in long loops


def _checktab(args, i, fname, what, A=None):
    """``checktab``: a table, or a value whose metatable has the needed
    metamethods; otherwise "table expected" error."""
    v = args[i - 1] if i <= len(args) else None
    if v.__class__ is LuaTable:
        return v
    gm = getattr(ops, "getmeta", None)
    if gm is not None and A is not None:
        mt = gm(A, v)
    else:
        mt = getattr(v, "meta", None) if v is not None else None
    if mt is not None:
        hh = mt.hash
        if ((not what & TAB_R or hh.get(b"__index") is not None) and
                (not what & TAB_W or hh.get(b"__newindex") is not None) and
                (not what & TAB_L or hh.get(b"__len") is not None)):
            return v
    type_error(args, i, fname, "table")


def _plain(t) -> bool:
    return t.__class__ is LuaTable and t.meta is None


def _truthy(r) -> bool:
    if r.__class__ is tuple:
        r = r[0] if r else None
    return r is not None and r is not False


def open_table(A) -> LuaTable:
    T = LuaTable()
    h = T.hash
    F = A.F

    def reg(name, fn, gen, core=None, pure=0):
        if not gen:
            h[name.encode()] = Builtin(fn, "table." + name)
            return
        b = h[name.encode()] = GenBuiltin(fn, "table." + name, fast_of(core))
        if core is not None:
            b.pure = pure

    def getn(D, t):
        """``luaL_len`` (a generator)."""
        if _plain(t):
            return len(t.arr)
        n = yield from ops.len_g(A, D + 1, t)
        if n.__class__ is not int:
            # lua_tointegerx: integral floats and numeric strings count
            n = tointeger(n)
            if n is None:
                lua_error("object length is not an integer")
        return n

    # ------------------------------------------------------------ insert

    def insert_core(args):
        """``table.insert`` on a table without metatable, unless a long
        shift would run out of fuel; SLOW (having done nothing) otherwise."""
        t = args[0] if args else None
        if t.__class__ is not LuaTable or t.meta is not None:
            return SLOW
        nargs = len(args)
        arr = t.arr
        if nargs == 2:
            v = args[1]
            if v is not None:
                arr.append(v)
                if t.hash:
                    _absorb(t)
            return ()
        if nargs != 3:
            lua_error("wrong number of arguments to 'insert'")
        e = len(arr) + 1
        pos = check_int(args, 2, "table.insert")
        if ((pos - 1) & _M64) >= (e & _M64):
            arg_error(2, "table.insert", "position out of bounds")
        work = e - pos
        if work > CHUNK:
            if F[0] < work >> 3:
                return SLOW             # the generator suspends before the shift
            F[0] -= work >> 3
        _insert_plain(t, pos, args[2])
        return ()

    def t_insert(D, *args):
        t = _checktab(args, 1, "table.insert", TAB_R | TAB_W | TAB_L, A)
        nargs = len(args)
        if _plain(t):
            r = insert_core(args)
            if r is not SLOW:
                return r
            # a long shift that runs the fuel out: suspend first
            e = len(t.arr) + 1
            pos = check_int(args, 2, "table.insert")
            F[0] -= (e - pos) >> 3
            yield OUT_OF_FUEL
            if _plain(t) and len(t.arr) + 1 == e:
                _insert_plain(t, pos, args[2])
                return ()
            return (yield from _insert_gen(D, t, e, pos, args[2]))
        e = wrap((yield from getn(D, t)) + 1)   # luaL_intop: wraps around
        if nargs == 2:
            pos = e
        elif nargs == 3:
            pos = check_int(args, 2, "table.insert")
            if ((pos - 1) & _M64) >= (e & _M64):
                arg_error(2, "table.insert", "position out of bounds")
        else:
            lua_error("wrong number of arguments to 'insert'")
        return (yield from _insert_gen(D, t, e, pos, args[-1]))

    def _insert_gen(D, t, e, pos, v):
        i = e
        while i > pos:
            x = yield from ops.index_g(A, D + 1, t, i - 1)
            yield from ops.setindex_g(A, D + 1, t, i, x)
            i -= 1
            F[0] -= 1
            if F[0] < 0:
                yield OUT_OF_FUEL
        yield from ops.setindex_g(A, D + 1, t, pos, v)
        return ()

    # ------------------------------------------------------------ remove

    def remove_core(args):
        """``table.remove`` on a table without metatable, unless a long
        shift would run out of fuel; SLOW (having done nothing) otherwise."""
        t = args[0] if args else None
        if t.__class__ is not LuaTable or t.meta is not None:
            return SLOW
        arr = t.arr
        size = len(arr)
        if len(args) < 2 or args[1] is None:
            if size:
                return _pop_last(t)
            pos = 0
        else:
            pos = check_int(args, 2, "table.remove")
            if pos != size and ((pos - 1) & _M64) > (size & _M64):
                arg_error(2, "table.remove", "position out of bounds")
        if 1 <= pos <= size:
            work = size - pos
            if work > CHUNK:
                if F[0] < work >> 3:
                    return SLOW         # the generator suspends after the shift
                F[0] -= work >> 3
            return _remove_plain(t, pos)
        # pos is size + 1 (or 0 when size == 0): t[pos] = nil
        r = rawget(t, pos)
        rawset(t, pos, None)
        return r

    def t_remove(D, *args):
        t = _checktab(args, 1, "table.remove", TAB_R | TAB_W | TAB_L, A)
        if _plain(t):
            r = remove_core(args)
            if r is not SLOW:
                return r
            # a long shift that runs the fuel out: suspend after it
            pos = check_int(args, 2, "table.remove")
            F[0] -= (len(t.arr) - pos) >> 3
            r = _remove_plain(t, pos)
            yield OUT_OF_FUEL
            return r
        size = yield from getn(D, t)
        pos = opt_int(args, 2, "table.remove", size)
        if pos != size and ((pos - 1) & _M64) > (size & _M64):
            arg_error(2, "table.remove", "position out of bounds")
        r = yield from ops.index_g(A, D + 1, t, pos)
        while pos < size:
            x = yield from ops.index_g(A, D + 1, t, pos + 1)
            yield from ops.setindex_g(A, D + 1, t, pos, x)
            pos += 1
            F[0] -= 1
            if F[0] < 0:
                yield OUT_OF_FUEL
        yield from ops.setindex_g(A, D + 1, t, pos, None)
        return r

    # -------------------------------------------------------------- move

    def t_move(D, *args):
        f = check_int(args, 2, "table.move")
        e = check_int(args, 3, "table.move")
        tpos = check_int(args, 4, "table.move")
        tt_i = 5 if len(args) >= 5 and args[4] is not None else 1
        a1 = _checktab(args, 1, "table.move", TAB_R, A)
        tt = _checktab(args, tt_i, "table.move", TAB_W, A)
        if e >= f:
            if not (f > 0 or e < MAXINT + f):
                arg_error(3, "table.move", "too many elements to move")
            n = e - f + 1
            if not (tpos <= MAXINT - n + 1):
                arg_error(4, "table.move", "destination wrap around")
            forward = tpos > e or tpos <= f or (tt_i != 1 and tt is not a1)
            if _plain(a1) and _plain(tt):
                step = 0
                rng = range(n) if forward else range(n - 1, -1, -1)
                for i in rng:
                    rawset(tt, tpos + i, rawget(a1, f + i))
                    step += 1
                    if step >= CHUNK:
                        step = 0
                        F[0] -= CHUNK
                        if F[0] < 0:
                            yield OUT_OF_FUEL
                            if not (_plain(a1) and _plain(tt)):
                                raise LuaError(b"table changed during 'move'")
                F[0] -= step
            else:
                rng = range(n) if forward else range(n - 1, -1, -1)
                for i in rng:
                    x = yield from ops.index_g(A, D + 1, a1, f + i)
                    yield from ops.setindex_g(A, D + 1, tt, tpos + i, x)
                    F[0] -= 1
                    if F[0] < 0:
                        yield OUT_OF_FUEL
        return tt

    # ------------------------------------------------------------ concat

    def concat_args(args, last):
        """(sep, i, last) from the arguments; ``last`` defaults to #t."""
        sep = args[1] if len(args) >= 2 else None
        if sep is None:
            sep = b""
        elif sep.__class__ is not bytes:
            if sep.__class__ is int or sep.__class__ is float:
                sep = tostr(sep)
            else:
                type_error(args, 2, "table.concat", "string")
        i = opt_int(args, 3, "table.concat", 1)
        last = opt_int(args, 4, "table.concat", last)
        return sep, i, last

    def concat_checkpoint(size, nsep, done):
        """After each CHUNK elements: check memory, charge; True if the
        fuel ran out."""
        A.mem.check(size + nsep * done)
        F[0] -= CHUNK + (size >> 6)
        return F[0] < 0

    def concat_end(parts, sep, n, size):
        total = size + len(sep) * (n - 1)
        A.mem.check(total)
        F[0] -= (n % CHUNK) + (total >> 6)
        return sep.join(parts)

    def concat_core(args):
        """``table.concat`` of a table without metatable when the fuel
        lasts; SLOW (having charged nothing) otherwise."""
        t = args[0] if args else None
        if t.__class__ is not LuaTable or t.meta is not None:
            return SLOW
        sep, i, last = concat_args(args, len(t.arr))
        if i > last:
            return b""
        f0 = F[0]
        parts = []
        size = 0
        k = i
        while k <= last:
            stop = min(last, k + CHUNK - 1)
            size += _concat_span(t, k, stop, parts)
            if stop - k == CHUNK - 1 and concat_checkpoint(size, len(sep), stop + 1 - i):
                F[0] = f0
                return SLOW             # the generator suspends there
            k = stop + 1
        return concat_end(parts, sep, last - i + 1, size)

    def t_concat(D, *args):
        t = _checktab(args, 1, "table.concat", TAB_R | TAB_L, A)
        last = yield from getn(D, t)
        sep, i, last = concat_args(args, last)
        if i > last:
            return b""
        parts = []
        size = 0
        k = i
        while k <= last:
            stop = min(last, k + CHUNK - 1)
            if _plain(t):
                size += _concat_span(t, k, stop, parts)
            else:
                for j in range(k, stop + 1):
                    v = yield from ops.index_g(A, D + 1, t, j)
                    size += _concat_item(parts, v, j)
            if stop - k == CHUNK - 1 and concat_checkpoint(size, len(sep), stop + 1 - i):
                yield OUT_OF_FUEL
            k = stop + 1
        return concat_end(parts, sep, last - i + 1, size)

    # ------------------------------------------------------ pack/unpack

    def t_pack(*args):
        n = len(args)
        t = LuaTable()
        if n:
            arr = list(args)
            while arr and arr[-1] is None:
                arr.pop()
            t.arr = arr
        t.hash[b"n"] = n
        F[0] -= n >> 2
        return t

    def unpack_range(args, t):
        """(i, e) of ``table.unpack`` when #t needs no metamethod."""
        i = opt_int(args, 2, "table.unpack", 1)
        if len(args) >= 3 and args[2] is not None:
            return i, check_int(args, 3, "table.unpack")
        return i, len(t.arr)

    def unpack_size(i, e):
        n = e - i + 1
        if n >= MAX_UNPACK:
            lua_error("too many results to unpack")
        A.mem.check(n * 16)
        return n

    def unpack_core(args):
        """``table.unpack`` of a table without metatable when the fuel
        lasts; SLOW (having charged nothing) otherwise."""
        t = args[0] if args else None
        if t.__class__ is not LuaTable or t.meta is not None:
            return SLOW
        i, e = unpack_range(args, t)
        if i > e:
            return ()
        n = unpack_size(i, e)
        if n > CHUNK:
            if F[0] < n >> 2:
                return SLOW             # the generator suspends first
            F[0] -= n >> 2
        return _unpack_plain(t, i, e)

    def t_unpack(D, *args):
        t = args[0] if args else None
        if _plain(t):
            r = unpack_core(args)
            if r is not SLOW:
                return r
            i, e = unpack_range(args, t)
            F[0] -= (e - i + 1) >> 2
            yield OUT_OF_FUEL
            if _plain(t):
                return _unpack_plain(t, i, e)
        else:
            i = opt_int(args, 2, "table.unpack", 1)
            if len(args) >= 3 and args[2] is not None:
                e = check_int(args, 3, "table.unpack")
            else:
                e = yield from ops.len_g(A, D + 1, t)
                if e.__class__ is not int:
                    e = tointeger(e)
                    if e is None:
                        lua_error("object length is not an integer")
            if i > e:
                return ()
            n = unpack_size(i, e)
            if n > CHUNK:
                F[0] -= n >> 2
                if F[0] < 0:
                    yield OUT_OF_FUEL
        out = []
        for k in range(i, e + 1):
            out.append((yield from ops.index_g(A, D + 1, t, k)))
        return tuple(out)

    # -------------------------------------------------------------- sort

    def t_sort(D, *args):
        t = _checktab(args, 1, "table.sort", TAB_R | TAB_W | TAB_L, A)
        n = yield from getn(D, t)
        if n > 1:
            if n >= 2147483647:
                arg_error(1, "table.sort", "array too big")
            comp = args[1] if len(args) >= 2 else None
            if comp is not None and comp.__class__ not in FUNCTION_TYPES:
                type_error(args, 2, "table.sort", "function")
            if _plain(t) and n == len(t.arr):
                arr = t.arr
                if comp is None and _fast_sortable(arr):
                    F[0] -= n * max(1, n.bit_length())
                    arr.sort()
                    if F[0] < 0:
                        yield OUT_OF_FUEL
                    return ()
                S = _ListSorter(A, D, comp, arr, None)
            else:
                S = _Sorter(A, D, comp, None, t)
            try:
                yield from S.auxsort(1, n, 0)
            except IndexError:
                # the comparator shrank the table under our feet
                lua_error("invalid order function for sorting")
        return ()

    # the metamethods these call cannot yield, as in PUC Lua, where they run
    # under lua_geti/lua_seti/luaL_len without a continuation
    reg("insert", _noyield(A, t_insert), True, insert_core)
    reg("remove", _noyield(A, t_remove), True, remove_core)
    reg("move", _noyield(A, t_move), True)
    reg("concat", _noyield(A, t_concat), True, concat_core, 1)
    reg("pack", t_pack, False)
    reg("unpack", _noyield(A, t_unpack), True, unpack_core, 1)
    reg("sort", _noyield(A, t_sort), True)
    return T


def fast_of(core):
    """The ``fast`` function of a GenBuiltin whose plain logic is
    ``core(args)``.  ``fast`` counts as a builtin level (error positions,
    names), so the generator, also a level, calls ``core``, never ``fast``."""
    if core is None:
        return None

    def fast(*args):
        return core(args)
    return fast


register_builtin(fast_of(len))    # every ``fast`` shares this code object


def _concat_item(parts, v, k) -> int:
    """Append element ``k`` of a concat (``v``) to ``parts``; its length."""
    c = v.__class__
    if c is bytes:
        parts.append(v)
        return len(v)
    if c is int or c is float:
        v = tostr(v)
        parts.append(v)
        return len(v)
    lua_error("invalid value (%s) at index %d in table for 'concat'"
              % (lua_type(v), k))


def _concat_span(t: LuaTable, k: int, stop: int, parts) -> int:
    """Append elements k..stop of a table without metatable to ``parts``."""
    arr = t.arr
    size = 0
    if 0 < k and stop <= len(arr):
        for j in range(k, stop + 1):
            v = arr[j - 1]
            if v.__class__ is bytes:
                parts.append(v)
                size += len(v)
            else:
                size += _concat_item(parts, v, j)
        return size
    for j in range(k, stop + 1):
        size += _concat_item(parts, rawget(t, j), j)
    return size


def _unpack_plain(t: LuaTable, i: int, e: int) -> tuple:
    arr = t.arr
    if 1 <= i and e <= len(arr):
        return tuple(arr[i - 1:e])
    return tuple([rawget(t, k) for k in range(i, e + 1)])


def _absorb(t: LuaTable) -> None:
    """Move integer keys len(arr)+1.. from the hash part into ``arr``."""
    h = t.hash
    if h:
        arr = t.arr
        k = len(arr) + 1
        while k in h:
            arr.append(h.pop(k))
            k += 1


def _insert_plain(t: LuaTable, pos: int, v) -> None:
    """Insert ``v`` at ``pos`` (1 <= pos <= #t + 1) of a table without
    metatable, shifting up."""
    arr = t.arr
    if v is None:
        for k in range(len(arr) + 1, pos, -1):
            rawset(t, k, rawget(t, k - 1))
        rawset(t, pos, None)
        return
    arr.insert(pos - 1, v)
    _absorb(t)


def _remove_plain(t: LuaTable, pos: int):
    """Remove entry ``pos`` (1 <= pos <= len(arr)) of a table without
    metatable, shifting down."""
    arr = t.arr
    if pos == len(arr):
        return _pop_last(t)
    r = arr.pop(pos - 1)
    # the new last element may be nil: restore the invariant
    while arr and arr[-1] is None:
        arr.pop()
    return r


def _pop_last(t: LuaTable):
    arr = t.arr
    r = arr.pop()
    while arr and arr[-1] is None:
        arr.pop()
    return r


def _fast_sortable(arr) -> bool:
    """True when Python's sort gives exactly Lua's result with ``<``: all
    integers, all strings, or all floats without NaN/signed zeros (equal
    elements are then indistinguishable and ``<`` is a total order)."""
    c = arr[0].__class__
    if c is int or c is bytes:
        for v in arr:
            if v.__class__ is not c:
                return False
        return True
    if c is float:
        for v in arr:
            if v.__class__ is not float or v != v or v == 0.0:
                return False
        return True
    return False


class _Sorter:
    """ltablib's quicksort (auxsort/partition), as generators, on either a
    Python list (plain table, 1-based indices mapped to ``arr[i-1]``) or a
    table accessed through metamethods."""

    __slots__ = ("A", "D", "comp", "arr", "t", "F", "rnd_state")

    def __init__(self, A, D, comp, arr, t):
        self.A = A
        self.D = D
        self.comp = comp
        self.arr = arr
        self.t = t
        self.F = A.F
        self.rnd_state = 0x9E3779B9

    def geti(self, i):
        if self.arr is not None:
            return self.arr[i - 1]
        return (yield from ops.index_g(self.A, self.D + 1, self.t, i))

    def seti(self, i, v):
        if self.arr is not None:
            self.arr[i - 1] = v
            return
        yield from ops.setindex_g(self.A, self.D + 1, self.t, i, v)

    def lt(self, a, b):
        F = self.F
        F[0] -= 1
        if F[0] < 0:
            yield OUT_OF_FUEL
        comp = self.comp
        if comp is None:
            ca, cb = a.__class__, b.__class__
            if ((ca is int or ca is float) and (cb is int or cb is float)) or \
                    (ca is bytes and cb is bytes):
                return a < b
            return bool((yield from ops.lt_g(self.A, self.D + 1, a, b)))
        cc = comp.__class__
        if cc is LuaFunction and self.D < ops.SEG:
            # direct Lua call: one generator less per comparison (none for
            # a leaf comparator with a plain twin)
            r = None
            p = comp.plain
            if p is not None:
                try:
                    r = p(self.D + 2, a, b)
                except ops.DeoptImpure:
                    comp.plain = p = None
                except ops.Deopt:
                    p = None
            if p is None:
                D = self.D + 1
                r = yield from comp.fn(D + 1, a, b)
                while r.__class__ is ops.TailCall:
                    r = yield from r.f.fn(D + 1, *r.args)
        elif cc is Builtin:
            r = comp.fn(a, b)
        else:
            r = yield from ops.call(self.A, self.D + 1, comp, (a, b))
        if r.__class__ is tuple:
            r = r[0] if r else None
        return r is not None and r is not False

    def lt_plain(self, a, b):
        """``lt`` without a generator where possible: the default order on
        numbers or strings, or the comparator's plain twin.  Returns True
        or False; None when ``lt`` must run instead (nothing charged); or
        the Deopt the twin raised (then ``lt_deopted`` runs)."""
        F = self.F
        F[0] -= 1
        if F[0] >= 0:
            comp = self.comp
            if comp is None:
                ca, cb = a.__class__, b.__class__
                if ((ca is int or ca is float) and (cb is int or cb is float)) or \
                        (ca is bytes and cb is bytes):
                    return a < b
            elif comp.__class__ is LuaFunction and self.D < 98:
                pl = comp.plain
                if pl is not None:
                    try:
                        r = pl(self.D + 2, a, b)
                    except ops.Deopt as exc:
                        F[0] += 1
                        return exc
                    if r.__class__ is tuple:
                        r = r[0] if r else None
                    return r is not None and r is not False
        F[0] += 1
        return None

    def lt_deopted(self, exc, a, b):
        """``lt`` after the comparator's plain twin raised ``exc``: the
        comparison runs as a generator (as ``lt`` does after a Deopt)."""
        F = self.F
        F[0] -= 1
        if F[0] < 0:
            yield OUT_OF_FUEL
        comp = self.comp
        if isinstance(exc, ops.DeoptImpure):
            comp.plain = None
        D = self.D + 1
        r = yield from comp.fn(D + 1, a, b)
        while r.__class__ is ops.TailCall:
            r = yield from r.f.fn(D + 1, *r.args)
        if r.__class__ is tuple:
            r = r[0] if r else None
        return r is not None and r is not False

    def _rand(self):
        # deterministic stand-in for l_randomizePivot (clock ^ time)
        x = (self.rnd_state * 1103515245 + 12345) & 0xFFFFFFFF
        self.rnd_state = x
        return x or 1

    def partition(self, lo, up, P):
        i = lo
        j = up - 1
        while True:
            i += 1
            ai = yield from self.geti(i)
            while (yield from self.lt(ai, P)):
                if i == up - 1:
                    lua_error("invalid order function for sorting")
                i += 1
                ai = yield from self.geti(i)
            j -= 1
            aj = yield from self.geti(j)
            while (yield from self.lt(P, aj)):
                if j < i:
                    lua_error("invalid order function for sorting")
                j -= 1
                aj = yield from self.geti(j)
            if j < i:
                # swap pivot (a[up - 1]) with a[i]
                pv = yield from self.geti(up - 1)
                yield from self.seti(up - 1, ai)
                yield from self.seti(i, pv)
                return i
            yield from self.seti(i, aj)
            yield from self.seti(j, ai)

    def auxsort(self, lo, up, rnd):
        while lo < up:
            alo = yield from self.geti(lo)
            aup = yield from self.geti(up)
            if (yield from self.lt(aup, alo)):
                yield from self.seti(lo, aup)
                yield from self.seti(up, alo)
            if up - lo == 1:
                return
            if up - lo < 100 or rnd == 0:
                p = (lo + up) // 2
            else:
                r4 = (up - lo) // 4
                p = rnd % (r4 * 2) + (lo + r4)
            ap = yield from self.geti(p)
            alo = yield from self.geti(lo)
            if (yield from self.lt(ap, alo)):
                yield from self.seti(p, alo)
                yield from self.seti(lo, ap)
            else:
                aup = yield from self.geti(up)
                if (yield from self.lt(aup, ap)):
                    yield from self.seti(p, aup)
                    yield from self.seti(up, ap)
            if up - lo == 2:
                return
            P = yield from self.geti(p)
            aum1 = yield from self.geti(up - 1)
            yield from self.seti(p, aum1)
            yield from self.seti(up - 1, P)
            p = yield from self.partition(lo, up, P)
            if p - lo < up - p:
                yield from self.auxsort(lo, p - 1, rnd)
                n = p - lo
                lo = p + 1
            else:
                yield from self.auxsort(p + 1, up, rnd)
                n = up - p
                up = p - 1
            if (up - lo) // 128 > n:
                rnd = self._rand()


class _ListSorter(_Sorter):
    """_Sorter specialised for a plain table's ``arr`` list."""

    __slots__ = ()

    def partition(self, lo, up, P):
        comp = self.comp
        if comp is not None and comp.__class__ is LuaFunction and self.D < 98 \
                and comp.plain is not None:
            return (yield from self.partition_twin(lo, up, P))
        # comparisons go through ``lt_plain`` (no generator) when it can
        a = self.arr
        lt_plain = self.lt_plain
        i = lo
        j = up - 1
        while True:
            i += 1
            ai = a[i - 1]
            while True:
                r = lt_plain(ai, P)
                if r.__class__ is not bool:
                    r = yield from (self.lt(ai, P) if r is None else self.lt_deopted(r, ai, P))
                if not r:
                    break
                if i == up - 1:
                    lua_error("invalid order function for sorting")
                i += 1
                ai = a[i - 1]
            j -= 1
            aj = a[j - 1]
            while True:
                r = lt_plain(P, aj)
                if r.__class__ is not bool:
                    r = yield from (self.lt(P, aj) if r is None else self.lt_deopted(r, P, aj))
                if not r:
                    break
                if j < i:
                    lua_error("invalid order function for sorting")
                j -= 1
                aj = a[j - 1]
            if j < i:
                # swap pivot (a[up - 1]) with a[i]
                pv = a[up - 1 - 1]
                a[up - 1 - 1] = ai
                a[i - 1] = pv
                return i
            a[i - 1] = aj
            a[j - 1] = ai

    def partition_twin(self, lo, up, P):
        """``partition`` for a Lua comparator with a plain twin, called
        inline: the same comparisons in the same order as ``lt``.  The
        sort's own fuel, one unit per comparison, is charged up front: a
        partition of lo..up makes up - lo comparisons, give or take one
        (and each call of the twin charges its own unit, so a long
        partition still stops when the fuel runs out: the twin raises
        Deopt).  A Deopt from the twin runs that comparison as a generator
        (``lt_deopted``); a comparator that lost its twin goes on through
        ``lt`` (both charge that comparison again)."""
        a = self.arr
        comp = self.comp
        F = self.F
        pl = comp.plain
        D2 = self.D + 2
        Deopt = ops.Deopt
        F[0] -= up - lo
        if F[0] < 0:
            yield OUT_OF_FUEL
        i = lo
        j = up - 1
        while True:
            i += 1
            ai = a[i - 1]
            while True:
                if pl is not None:
                    try:
                        r = pl(D2, ai, P)
                    except Deopt as exc:
                        r = yield from self.lt_deopted(exc, ai, P)
                        pl = comp.plain
                else:
                    r = yield from self.lt(ai, P)
                if r is not True:
                    if r.__class__ is tuple:
                        r = r[0] if r else None
                    if r is None or r is False:
                        break
                if i == up - 1:
                    lua_error("invalid order function for sorting")
                i += 1
                ai = a[i - 1]
            j -= 1
            aj = a[j - 1]
            while True:
                if pl is not None:
                    try:
                        r = pl(D2, P, aj)
                    except Deopt as exc:
                        r = yield from self.lt_deopted(exc, P, aj)
                        pl = comp.plain
                else:
                    r = yield from self.lt(P, aj)
                if r is not True:
                    if r.__class__ is tuple:
                        r = r[0] if r else None
                    if r is None or r is False:
                        break
                if j < i:
                    lua_error("invalid order function for sorting")
                j -= 1
                aj = a[j - 1]
            if j < i:
                # swap pivot (a[up - 1]) with a[i]
                pv = a[up - 1 - 1]
                a[up - 1 - 1] = ai
                a[i - 1] = pv
                return i
            a[i - 1] = aj
            a[j - 1] = ai

    def auxsort(self, lo, up, rnd):
        a = self.arr
        lt_plain = self.lt_plain
        while lo < up:
            alo = a[lo - 1]
            aup = a[up - 1]
            r = lt_plain(aup, alo)
            if r.__class__ is not bool:
                r = yield from (self.lt(aup, alo) if r is None else self.lt_deopted(r, aup, alo))
            if r:
                a[lo - 1] = aup
                a[up - 1] = alo
            if up - lo == 1:
                return
            if up - lo < 100 or rnd == 0:
                p = (lo + up) // 2
            else:
                r4 = (up - lo) // 4
                p = rnd % (r4 * 2) + (lo + r4)
            ap = a[p - 1]
            alo = a[lo - 1]
            r = lt_plain(ap, alo)
            if r.__class__ is not bool:
                r = yield from (self.lt(ap, alo) if r is None else self.lt_deopted(r, ap, alo))
            if r:
                a[p - 1] = alo
                a[lo - 1] = ap
            else:
                aup = a[up - 1]
                r = lt_plain(aup, ap)
                if r.__class__ is not bool:
                    r = yield from (self.lt(aup, ap) if r is None else self.lt_deopted(r, aup, ap))
                if r:
                    a[p - 1] = aup
                    a[up - 1] = ap
            if up - lo == 2:
                return
            P = a[p - 1]
            aum1 = a[up - 1 - 1]
            a[p - 1] = aum1
            a[up - 1 - 1] = P
            p = yield from self.partition(lo, up, P)
            if p - lo < up - p:
                yield from self.auxsort(lo, p - 1, rnd)
                n = p - lo
                lo = p + 1
            else:
                yield from self.auxsort(p + 1, up, rnd)
                n = up - p
                up = p - 1
            if (up - lo) // 128 > n:
                rnd = self._rand()
