"""The arena's memory account and hard limit.

Python gives no per-arena allocation hook, so the account is an *estimate*
kept honest by periodic *recounts*:

``used`` = bytes found reachable at the last recount
         + bytes charged since (``mem.charge(n)``: long concatenations,
           which pay less than one fuel unit per ``bytes_per_fuel``)
         + fuel spent since the recount x ``bytes_per_fuel``

The last term bounds what generated code can allocate without calling a
builtin: between two fuel charges it runs straight-line code of one function
(no loop back-edge, no call), so what it allocates is bounded by the size of
that code.  ``bytes_per_fuel`` is :data:`BYTES_PER_FUEL` (measured on the
allocation-heavy one-line loops: ``t[#t+1] = {}``, ``s = s .. "x"``,
closures, coroutines) raised per arena for chunks whose functions contain
many allocating expressions (:func:`chunk_weight`).

When the estimate crosses the limit, a *recount* traverses everything
reachable from the arena's roots (globals, registry, string and type
metatables, ``package.loaded``, declared userdata metatables, and every live
:class:`~vm.executor.Executor` with its threads, their suspended generator
frames along the ``gi_yieldfrom`` chains and the running Python frames) and
sums per-type size estimates (see :func:`recount`).  Garbage is simply not
found, so short-lived allocations are credited back; a recount that still
finds the arena over its limit raises ``LuaMemoryError`` ("not enough
memory") into the running Lua code, where ``pcall`` can catch it.

The check runs without touching the hot path: :func:`run_metered` splits an
``Executor.step`` into slices, each ending at the fuel where the estimate
would reach the limit.  When the code stops with ``OUT_OF_FUEL`` at such a
checkpoint (and not at real exhaustion), the account is recounted and the
step continues with the fuel left — or with the error thrown into the
suspended Lua code.  Without a limit none of this runs.

A recount costs time proportional to the live heap; it is charged to the
running step as fuel (:data:`RECOUNT_OBJECTS_PER_FUEL` objects visited per
unit) so ``step(n)`` stays bounded when a script keeps its heap near the limit
(the GC-thrash case).  Nothing else of it is visible to Lua: no metamethod
runs, no table is touched, its own bookkeeping is not charged.
"""
from __future__ import annotations

import sys
from sys import getsizeof

from .runtime.errors import LuaMemoryError
from .runtime.state import MemoryAccount
from .runtime.values import Builtin, GenBuiltin, LuaFunction, LuaTable, Userdata

BYTES_PER_FUEL = 1024
"""The floor of ``bytes_per_fuel``: what one fuel unit pays for besides the
expressions :func:`chunk_weight` counts — a Lua call's generator frame and
argument tuple (~250-600 B), table growth by one slot.  Measured with
tracemalloc on allocation-heavy one-line loops: ``t[#t+1] = {}`` 323 B per
fuel unit, a closure per iteration 690, a coroutine 295, a 7000-deep
recursion 395, ``t[i] = s .. i`` with a 4000-byte ``s`` 3470 (covered by
:data:`W_CONCAT` in that loop's region)."""

RECOUNT_OBJECTS_PER_FUEL = 16
"""Objects a recount visits per fuel unit charged to the running step."""

MIN_SLICE = 64
"""Fewest fuel units between two checkpoints (the code batches its loop
back-edge checks by up to 64 anyway)."""

# Per-object size estimates (bytes, CPython 3.11 64-bit), used by recount:
SIZE_STRING = 33            # + len(s)      bytes object header
SIZE_NUMBER = 32            # a float (24) or an int outside the small-int cache (28..36)
SIZE_TABLE = 72             # + getsizeof(arr) + getsizeof(hash)   LuaTable slots object
SIZE_FUNCTION = 400         # LuaFunction + Python function + closure tuple (measured ~690 B per closure with cells and slot)
SIZE_CELL = 40
SIZE_BUILTIN = 48 + 152     # a Builtin created by Lua code (coroutine.wrap)
SIZE_USERDATA = 56          # the Userdata box only; the host object belongs to the host
SIZE_THREAD = 240           # Coroutine object + its segment list (+ generator frames, counted apiece)
SIZE_CHUNK = 400            # per compiled chunk: ChunkInfo, namespace (+ code, lines)

_SMALL_INTS = range(-5, 257)


class ArenaMemory(MemoryAccount):
    """The memory account of one :class:`vm.Lua` arena (``A.mem``)."""

    __slots__ = ("A", "base", "charged", "fuel_since", "reserve", "bytes_per_fuel",
                 "recounts", "last_objects", "peak")

    def __init__(self, A, limit=None):
        super().__init__(limit)
        self.A = A
        self.base = 0               # bytes found at the last recount
        self.charged = 0            # explicit charges since
        self.fuel_since = 0         # fuel spent since (through run_metered)
        self.reserve = 0            # step fuel not yet handed to the running slice
        self.bytes_per_fuel = BYTES_PER_FUEL
        self.recounts = 0
        self.last_objects = 0
        self.peak = 0

    # ``used`` is a slot of MemoryAccount; keep it equal to the estimate
    def estimate(self) -> int:
        u = self.base + self.charged + self.fuel_since * self.bytes_per_fuel
        self.used = u
        return u

    def check(self, nbytes: int) -> None:
        """About to allocate ``nbytes``: raise "not enough memory" if that
        would exceed the limit even after a recount.  Does not charge them:
        builtins charge fuel in proportion to what they produce, which the
        estimate already turns into bytes (callers pass running totals, e.g.
        gsub's output so far, so charging here would count them twice)."""
        limit = self.limit
        if limit is None:
            return
        if nbytes > limit:
            raise LuaMemoryError()
        if self.estimate() + nbytes > limit:
            self.recount(running=True)
            if self.used + nbytes > limit:
                raise LuaMemoryError()

    def charge(self, nbytes: int) -> None:
        """Account ``nbytes`` allocated (no check)."""
        self.charged += nbytes
        self.used += nbytes

    def fuel_to_checkpoint(self) -> int:
        headroom = self.limit - self.estimate()
        if headroom <= 0:
            return 0
        return max(MIN_SLICE, headroom // self.bytes_per_fuel)

    def recount(self, running: bool = False) -> int:
        """Recount the live heap now; returns the bytes found."""
        total, nobj = recount(self.A, running)
        self.base = total
        self.charged = 0
        self.fuel_since = 0
        self.used = total
        self.recounts += 1
        self.last_objects = nobj
        if total > self.peak:
            self.peak = total
        # the traversal's time is charged to the running step
        self.A.F[0] -= nobj // RECOUNT_OBJECTS_PER_FUEL
        return total

    def count(self) -> int:
        """The figure reported by ``collectgarbage("count")`` (bytes).

        Recounts when enough has happened since the last recount (amortised:
        at least one fuel unit per :data:`RECOUNT_OBJECTS_PER_FUEL` objects
        found last time), so calling it in a loop stays linear."""
        if self.limit is None or self.recounts == 0 or \
                self.fuel_since * RECOUNT_OBJECTS_PER_FUEL >= self.last_objects:
            self.recount(running=True)
        return self.estimate() if self.limit is not None else self.used

    def note_chunk(self, weight: int) -> None:
        """A chunk was parsed: raise ``bytes_per_fuel`` to its allocation
        weight (see :func:`chunk_weight`)."""
        if weight > self.bytes_per_fuel:
            self.bytes_per_fuel = weight


def run_metered(ex, fuel: int) -> bool:
    """``Executor.step`` for an arena with a memory limit: run in slices
    ending at memory checkpoints (see the module docstring)."""
    A = ex.A
    mem = A.mem
    F = A.F
    saved_reserve = mem.reserve
    remaining = fuel
    try:
        while True:
            s = mem.fuel_to_checkpoint()
            if s > remaining:
                s = remaining
            F[0] = s
            mem.reserve = remaining - s
            finished = ex._run()
            used = s - F[0]
            remaining -= used
            mem.fuel_since += used
            if finished or remaining < 0:
                F[0] = remaining
                return finished
            # a checkpoint: recount if the estimate says we may be over
            if mem.estimate() >= mem.limit:
                F[0] = 0
                mem.recount()
                remaining += F[0]          # the recount's fuel
                if mem.used > mem.limit:
                    ex._exc = LuaMemoryError()
                if remaining < 0 and ex._exc is None:
                    F[0] = remaining
                    return False
    finally:
        mem.reserve = saved_reserve


# ------------------------------------------------------------------ recount

def _roots(A):
    roots = [A.globals, A.registry, A.strmeta, A.loaded, A.main]
    roots.extend(A.tmeta.values())
    lua = A.lua
    if lua is not None:
        roots.extend(getattr(lua, "_metas", {}).values())
    return roots


def recount(A, running: bool = False):
    """Traverse everything reachable from arena ``A``'s roots; return
    ``(bytes, objects)``.  Iterative (explicit stack), never calls Lua."""
    from .executor import Coroutine
    from .runtime.ops import TailCall

    stack = _roots(A)
    seen = set()
    add_seen = seen.add
    total = 0
    nobj = 0
    gens = []
    for ex in list(getattr(A, "executors", ())):
        if ex.done:
            continue
        stack.append(ex.main)
        stack.append(ex.thread)
        v = ex._val
        if v is not None:
            stack.append(v)
    if running:
        # frames of the running chain (their generators are executing, so
        # ``gi_yieldfrom`` does not reach them): walk the Python stack
        f = sys._getframe(1)
        while f is not None:
            code = f.f_code
            if code.co_name == "_run" and code.co_filename.endswith("executor.py"):
                break
            total += 8 * (code.co_stacksize + code.co_nlocals) + 120
            stack.extend(f.f_locals.values())
            f = f.f_back
    pop = stack.pop
    push = stack.append
    extend = stack.extend
    while stack:
        o = pop()
        c = o.__class__
        if c is bytes:
            i = id(o)
            if i in seen:
                continue
            add_seen(i)
            total += SIZE_STRING + len(o)
            nobj += 1
        elif c is int:
            if o not in _SMALL_INTS:
                total += SIZE_NUMBER
        elif c is float:
            total += SIZE_NUMBER
        elif o is None or c is bool:
            continue
        elif c is LuaTable:
            i = id(o)
            if i in seen:
                continue
            add_seen(i)
            arr = o.arr
            h = o.hash
            total += SIZE_TABLE + getsizeof(arr) + getsizeof(h)
            nobj += 1 + len(arr) + len(h)
            for v in arr:
                cv = v.__class__
                if cv is float:
                    total += SIZE_NUMBER
                elif cv is int:
                    if v not in _SMALL_INTS:
                        total += SIZE_NUMBER
                elif cv is not bool and v is not None:
                    push(v)
            if h:
                extend(h.keys())
                extend(h.values())
            if o.meta is not None:
                push(o.meta)
        elif c is LuaFunction:
            i = id(o)
            if i in seen:
                continue
            add_seen(i)
            total += SIZE_FUNCTION
            nobj += 1
            fn = o.fn
            cl = fn.__closure__
            if cl:
                total += getsizeof(cl)
                for cell in cl:
                    try:
                        v = cell.cell_contents
                    except ValueError:
                        continue
                    if v.__class__ is list:       # an upvalue box
                        j = id(v)
                        if j in seen:
                            continue
                        add_seen(j)
                        total += SIZE_CELL + getsizeof(v)
                        extend(v)
            code = fn.__code__
            j = id(code)
            if j not in seen:
                add_seen(j)
                total += len(code.co_code) * 2 + 8 * len(code.co_consts) + 200
                extend(code.co_consts)
            info = o.proto.chunk if o.proto is not None else None
            if info is not None:
                j = id(info)
                if j not in seen:
                    add_seen(j)
                    total += SIZE_CHUNK + 8 * len(info.lines)
        elif c is Coroutine:
            i = id(o)
            if i in seen:
                continue
            add_seen(i)
            total += SIZE_THREAD
            nobj += 1
            push(o.fn)
            if o.resumer is not None:
                push(o.resumer)
            if o.error is not None:
                push(o.error.value)
            gens.extend(o.segs)
            while gens:
                g = gens.pop()
                while g is not None:
                    j = id(g)
                    if j in seen:
                        break
                    add_seen(j)
                    nobj += 1
                    fr = g.gi_frame
                    if fr is None:
                        break
                    total += getsizeof(g)
                    if not g.gi_running:
                        extend(fr.f_locals.values())
                    g = g.gi_yieldfrom
                    if g is not None and not hasattr(g, "gi_frame"):
                        break
        elif c is tuple or c is list:
            i = id(o)
            if i in seen:
                continue
            add_seen(i)
            total += getsizeof(o)
            nobj += 1 + len(o)
            extend(o)
        elif c is Userdata:
            i = id(o)
            if i in seen:
                continue
            add_seen(i)
            total += SIZE_USERDATA
            nobj += 1
            if o.meta is not None:
                push(o.meta)
        elif c is Builtin or c is GenBuiltin:
            i = id(o)
            if i in seen:
                continue
            add_seen(i)
            nobj += 1
            cl = getattr(o.fn, "__closure__", None)
            if cl:
                # only Lua values held by builtins made at run time
                # (coroutine.wrap's thread); library closures hold the arena
                for cell in cl:
                    try:
                        v = cell.cell_contents
                    except ValueError:
                        continue
                    if v.__class__ is Coroutine:
                        total += SIZE_BUILTIN
                        push(v)
        elif c is TailCall:
            push(o.f)
            push(o.args)
        # anything else (host objects, the State, Python functions) is
        # not the arena's
    return total, nobj


# ------------------------------------------------------------ chunk weight

W_TABLE = 400           # a table constructor (+16 per field)
W_FUNCTION = 700        # a closure (+56 per upvalue)
W_CONCAT = 4200         # an inline concatenation (results under 4096 bytes)
W_CALL = 96             # a call: argument and result tuples (the callee pays its frame)


def chunk_weight(chunk) -> int:
    """Upper estimate of the bytes one fuel unit of this chunk's code can
    allocate without a builtin charging them.

    Fuel is charged once per function entry and once per loop iteration, so
    the code is split into *regions*: a function body minus its loops, and
    each loop body (with its condition) minus its inner loops.  Every run of
    a region is paid by one fuel unit, hence the bound is the heaviest
    region's sum of allocating expressions (table constructors, closures,
    inline concatenations, calls)."""
    from . import ast as L
    loops = (L.While, L.Repeat, L.NumericFor, L.GenericFor)
    best = 0
    todo = [[chunk.func.body]]
    while todo:
        w = 0
        stack = todo.pop()
        while stack:
            n = stack.pop()
            c = n.__class__
            if c is list or c is tuple:
                stack.extend(n)
                continue
            if not hasattr(n, "__dataclass_fields__"):
                continue
            if c is L.Function:
                w += W_FUNCTION + 56 * len(n.upvals)
                todo.append([n.body])
                continue
            if c in loops:
                if c is L.While or c is L.Repeat:
                    todo.append([n.body, n.cond])
                else:
                    todo.append([n.body])
                    stack.extend(v for k, v in n.__dict__.items()
                                 if k not in ("body", "var", "vars") and v is not None)
                continue
            if c is L.Table:
                w += W_TABLE + 16 * len(n.fields)
            elif c is L.BinOp:
                if n.op == "..":
                    w += W_CONCAT
            elif c is L.Call or c is L.MethodCall:
                w += W_CALL + 8 * len(n.args)
            elif c is L.Label or c is L.Goto:
                continue
            for v in n.__dict__.values():
                if v is not None and v.__class__ not in _LEAVES:
                    stack.append(v)
        if w > best:
            best = w
    return best


_LEAVES = frozenset((str, bytes, int, float, bool))
