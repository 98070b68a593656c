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

Weak tables
-----------
A *collection* is the same traversal that does not follow weak references
(``__mode`` containing ``k`` and/or ``v``, read from the metatable at each
collection, as Lua does) followed by a sweep clearing the entries whose weak
key or value is a collectable object (table, Lua function, coroutine,
userdata, a builtin made at run time such as ``coroutine.wrap``'s) that was
not reached.  Strings, numbers, booleans and library/host functions (Lua's
light C functions) are never cleared.  Weak keys have ephemeron semantics:
an entry's value is reached only once its key is (linear: values wait in a
table keyed by their key's id).  Cleared array slots become holes; hash
entries are deleted (``next`` keeps its cursor).

Roots are as for a recount, plus the frames running Lua code above the
*outermost* ``Executor._run`` (an executor stepped from a host callback
must not lose the outer one's frames), plus userdata whose host object is
referenced outside its box (the host anchors it: it would get the same box
back).  Frames hold more than Lua would see: the code generator's
temporaries (``_t<n>``) keep their values until overwritten, and a loop
body's local keeps the last iteration's value.  Those are not roots
(:func:`_dead_temps`: a liveness analysis of the bytecode for temporaries,
the chunk's scopes for locals; in-scope locals are roots even if unused, as
in Lua); they are still counted as memory.  What *is* a root, conservatively:
a suspended generator's evaluation stack (``gc.get_referents``) and every
local of a running frame.  Not seen: values held only on the evaluation
stack of the running frame that calls ``collectgarbage`` (e.g.
``f(next(weak), collectgarbage())``), and Lua values the host keeps in
Python variables (anchor them in the registry or a global, as in C).

Finalizers
----------
``setmetatable`` with a metatable that has a ``__gc`` field (and ``io``
for its files) *marks* the object (:meth:`ArenaMemory.note_gc`; ``finobj``
holds it, not as a root).  A collection then does what Lua's atomic phase
does: after the strong traversal, weak values are cleared of unreached
objects, the unreached marked objects move to ``tobefnz`` (newest marked
first) and are traversed again ("resurrected", so weak keys keep them until
the next cycle), then weak keys are cleared.  ``tobefnz`` is a root until
each object's ``__gc`` (read from its metatable at call time) has run, once:
``collectgarbage()`` calls them in the running thread
(:func:`call_finalizers`, yields forbidden, errors become warnings through
``A.warn`` when set); after an automatic collection they run at the
checkpoint in a nested executor paid from the step's fuel
(:meth:`ArenaMemory.run_finalizers`, continued at the next checkpoint when
it runs out).  ``collectgarbage`` inside a finalizer fails (nil), as in Lua.
Nothing is freed by a collection: Python frees an object once nothing
holds it.

Collections run on ``collectgarbage()``/``"step"``, at memory checkpoints
when the arena has weak tables, and — only in arenas with weak tables or
marked objects, so others pay nothing — automatically every ``max(GC_MIN_INTERVAL,
GC_OBJECTS_MUL x objects at the last one)`` fuel units: ``setmetatable``
registers tables whose metatable has ``__mode`` (:meth:`ArenaMemory.note_weak`),
after which steps run in slices like :func:`run_metered` (the first one cuts
a running step: :func:`resume_cut`).  ``collectgarbage("stop")`` suspends the
automatic ones.  A collection is charged like a recount.
"""
from __future__ import annotations

import dis
import sys
from bisect import bisect_left, bisect_right
import weakref
from gc import get_referents
from sys import getsizeof
from types import CellType

from .runtime.errors import LuaError, LuaMemoryError
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

GARBAGE_PER_FUEL = 64
"""Without a memory limit, ``collectgarbage("count")`` adds this many bytes
per fuel unit spent since the last collection (see :meth:`ArenaMemory.count`)."""

GC_MIN_INTERVAL = 100_000
"""Fewest fuel units between two automatic collections (arenas with weak
tables only)."""

GC_OBJECTS_MUL = 8
"""Automatic collections run every ``max(GC_MIN_INTERVAL, GC_OBJECTS_MUL x
objects found by the last collection)`` fuel units, so their cost (about one
fuel unit per :data:`RECOUNT_OBJECTS_PER_FUEL` objects, ~1 us each) stays a
bounded fraction of the run time, like a collector's pause."""


class ArenaMemory(MemoryAccount):
    """The memory account of one :class:`vm.Lua` arena (``A.mem``)."""

    __slots__ = ("A", "base", "charged", "fuel_since", "reserve", "bytes_per_fuel",
                 "recounts", "last_objects", "peak",
                 "weak", "cut", "gc_fuel", "gc_interval", "stopped", "mode",
                 "pause", "stepmul", "collections", "cleared", "gc_mark",
                 "finobj", "tobefnz", "in_fin", "fin_ex", "fin_busy")

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
        # weak tables and collections (see "Weak tables" below)
        self.weak = None            # WeakSet of tables known to have a __mode, once any
        self.cut = 0                # fuel taken from a plain step when the first appeared
        self.gc_fuel = 0            # fuel spent since the last collection (paced steps)
        self.gc_interval = GC_MIN_INTERVAL
        self.stopped = False        # collectgarbage("stop"): no automatic collections
        self.mode = "incremental"   # only reported
        self.pause = 200            # only reported (setpause)
        self.stepmul = 100          # only reported (setstepmul)
        self.collections = 0        # weak-aware collections run
        self.cleared = 0            # weak entries cleared, in total
        self.gc_mark = None         # (thread, fuel counter) at the last collection
        # finalizers (see "Finalizers" above)
        self.finobj = None          # id -> object marked for finalization, in marking order
        self.tobefnz = []           # unreachable marked objects awaiting their __gc call
        self.in_fin = False         # a finalizer is running (no nested finalizer calls)
        self.fin_ex = None          # the executor running finalizers at checkpoints
        self.fin_busy = False       # fin_ex is being stepped

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
            # a builtin is half-way through its work: count what is really
            # held first, and clear weak tables only if that is needed
            self.recount(running=True, sweep=False)
            if self.used + nbytes > limit and self.weak:
                self.recount(running=True, sweep=True)
            if self.used + nbytes > limit:
                raise LuaMemoryError()

    def charge(self, nbytes: int) -> None:
        """Account ``nbytes`` allocated (no check)."""
        self.charged += nbytes
        self.used += nbytes

    def fuel_to_checkpoint(self) -> int:
        s = None
        if self.limit is not None:
            headroom = self.limit - self.estimate()
            if headroom <= 0:
                return 0
            s = max(MIN_SLICE, headroom // self.bytes_per_fuel)
        if (self.weak or self.finobj or self.tobefnz) and not self.stopped:
            g = max(MIN_SLICE, self.gc_interval - self.gc_fuel)
            if s is None or g < s:
                s = g
        return (1 << 62) if s is None else s

    def gc_due(self) -> bool:
        return (bool(self.weak) or bool(self.finobj)) and not self.stopped and \
            self.gc_fuel >= self.gc_interval

    def recount(self, running: bool = False, sweep=None, dead: bool = True) -> int:
        """Recount the live heap now; returns the bytes found.

        With ``sweep`` (by default: when the arena has weak tables) this is
        a full collection: weak references are not followed and the entries
        of weak tables whose weak key or value was not reached are cleared
        (see :func:`recount`); without, everything held is counted and
        nothing changes."""
        if sweep is None:
            sweep = self.weak is not None
        total, nobj = recount(self.A, running, sweep, dead)
        if sweep:
            self.gc_fuel = 0
            self.gc_interval = max(GC_MIN_INTERVAL, GC_OBJECTS_MUL * nobj)
            self.collections += 1
            if self.weak is not None and not self.weak and not self.finobj \
                    and not self.tobefnz and self.fin_ex is None:
                self.weak = None        # all weak tables are gone: stop pacing
        A = self.A
        self.base = total
        self.charged = 0
        self.fuel_since = 0
        self.used = total
        self.recounts += 1
        self.last_objects = nobj
        if total > self.peak:
            self.peak = total
        # the traversal's time is charged to the running step
        A.F[0] -= nobj // RECOUNT_OBJECTS_PER_FUEL
        if sweep:
            self.gc_mark = (A.current, A.F[0])
        return total

    def count(self) -> int:
        """The figure reported by ``collectgarbage("count")`` (bytes).

        Recounts when enough has happened since the last recount (amortised:
        at least one fuel unit per :data:`RECOUNT_OBJECTS_PER_FUEL` objects
        found last time), so calling it in a loop stays linear."""
        if self.limit is None or self.recounts == 0 or \
                self.fuel_since * RECOUNT_OBJECTS_PER_FUEL >= self.last_objects:
            self.recount(running=True, sweep=False, dead=self.limit is not None)
        if self.limit is not None:
            return self.estimate()
        # without a limit, nothing tracks the fuel: like Lua's figure, add
        # what was allocated since the last collection (the garbage a
        # collector would still hold: GARBAGE_PER_FUEL per fuel unit spent
        # by this step since)
        u = self.used
        mark = self.gc_mark
        A = self.A
        if mark is not None and mark[0] is A.current and A.current is not None:
            spent = mark[1] - A.F[0]
            if spent > 0:
                g = spent * GARBAGE_PER_FUEL
                # a running collector would have collected it by 2x the live
                # size; a stopped one (collectgarbage("stop")) lets it grow
                u += g if self.stopped else min(g, u)
        return u

    def note_weak(self, t) -> None:
        """``setmetatable`` gave table ``t`` a metatable with ``__mode``.

        The first one switches the arena to paced steps (automatic
        collections); if a step is running without checkpoints, its fuel
        beyond the first collection point is set aside (``cut``) so the
        step stops there and continues paced (:func:`resume_cut`)."""
        ws = self.weak
        if ws is None:
            self._pace().add(t)
        else:
            ws.add(t)

    def _pace(self):
        """Switch the arena to paced steps (the first weak table or object
        marked for finalization); returns the (new) weak-table set."""
        ws = self.weak = weakref.WeakSet()
        A = self.A
        if self.limit is None and A.current is not None and not self.stopped:
            F = A.F
            keep = max(MIN_SLICE, self.gc_interval - self.gc_fuel)
            extra = F[0] - keep
            if extra > 0:
                F[0] = keep
                self.cut += extra
                self.reserve += extra
        return ws

    def note_gc(self, o) -> None:
        """``o`` got a metatable with a ``__gc`` field: mark it for
        finalization (once; Lua's ``luaC_checkfinalizer``).  A marked
        object is held here (it is not a root) until a collection finds it
        unreachable; then its finalizer is due (:meth:`finalizers_due`)."""
        fo = self.finobj
        if fo is None:
            fo = self.finobj = {}
        i = id(o)
        if i in fo:
            return
        fo[i] = o
        if self.weak is None:
            self._pace()

    def collect(self) -> None:
        """A full collection (``collectgarbage()``), from running Lua code."""
        self.recount(running=True, sweep=True)

    def next_finalizer(self):
        """Pop the next object whose finalizer is due, with the finalizer
        (its metatable's ``__gc`` now), or None.  Objects whose ``__gc`` is
        gone are dropped; none is given while a finalizer runs."""
        tb = self.tobefnz
        while tb:
            o = tb.pop(0)
            mt = o.meta
            h = mt.hash.get(b"__gc") if mt is not None else None
            if h is not None:
                return o, h
        return None

    def warn_gc(self, err) -> None:
        """An error in a finalizer becomes a warning ("error in __gc (msg)")
        sent to the arena's ``warn`` function if it has one."""
        v = getattr(err, "value", None)
        msg = v if v.__class__ is bytes else b"error object is not a string"
        try:
            self.A.emit_warning(b"error in __gc (" + msg + b")")
        except Exception:
            pass

    def run_finalizers(self, fuel: int) -> int:
        """Run due finalizers between two slices of a step (an automatic
        collection found them) in a nested executor, with at most ``fuel``
        units; returns the fuel used.  The executor is kept when it runs out
        of fuel and continued at the next checkpoint."""
        ex = self.fin_ex
        if ex is None:
            if not self.tobefnz or self.in_fin:
                return 0
            from .executor import Executor
            ex = self.fin_ex = Executor(self.A, _finalizer_driver(self.A), convert=False)
        A = self.A
        saved = A.F[0]
        before = ex.fuel_used
        self.fin_busy = True
        try:
            done = ex.step(max(fuel, MIN_SLICE))
        finally:
            A.F[0] = saved
            self.fin_busy = False
            self.in_fin = False
        if done:
            self.fin_ex = None
            ex.done = True
            execs = getattr(A, "executors", None)
            if execs is not None:
                execs.discard(ex)
        return ex.fuel_used - before

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
            mem.gc_fuel += used
            if finished or remaining < 0:
                F[0] = remaining
                return finished
            # a checkpoint: recount if the estimate says we may be over,
            # collect if an automatic collection is due
            over = mem.limit is not None and mem.estimate() >= mem.limit
            if over or mem.gc_due():
                F[0] = 0
                mem.recount()
                remaining += F[0]          # the recount's fuel
                if over and mem.used > mem.limit:
                    ex._exc = LuaMemoryError()
            if (mem.tobefnz or mem.fin_ex is not None) and not mem.in_fin \
                    and not mem.fin_busy and remaining > 0 and ex._exc is None:
                # due finalizers run here, as Lua runs them between steps
                remaining -= mem.run_finalizers(remaining)
            if remaining < 0 and ex._exc is None:
                F[0] = remaining
                return False
    finally:
        mem.reserve = saved_reserve


def call_finalizers(A, D):
    """Call the due finalizers (a generator run by ``collectgarbage`` and by
    the checkpoint executor), newest marked first, each as ``__gc(o)``
    with yields forbidden; an error becomes a warning.  Not re-entered
    from inside a finalizer."""
    mem = A.mem
    if mem.in_fin or not mem.tobefnz:
        return
    from .runtime import ops
    mem.in_fin = True
    try:
        while True:
            nf = mem.next_finalizer()
            if nf is None:
                return
            try:
                yield from ops._nonyielding(A, ops.call(A, D, nf[1], (nf[0],)))
            except LuaError as e:
                mem.warn_gc(e)
    finally:
        mem.in_fin = False


def _finalizer_driver(A):
    """The function the checkpoint executor runs: the due finalizers."""
    def drive(D):
        yield from call_finalizers(A, D)
        return ()
    return GenBuiltin(drive, "__gc")


def resume_cut(ex, finished: bool) -> bool:
    """The rest of a plain ``Executor.step`` during which the arena's first
    weak table appeared (:meth:`ArenaMemory.note_weak` cut its fuel): give
    the fuel back, collect, and go on paced."""
    A = ex.A
    mem = A.mem
    F = A.F
    cut = mem.cut
    mem.cut = 0
    mem.reserve -= cut
    F[0] += cut
    if finished or F[0] < 0:
        return finished
    remaining = F[0]
    F[0] = 0
    if not mem.stopped:
        mem.recount()
    remaining += F[0]
    if remaining < 0:
        F[0] = remaining
        return False
    return run_metered(ex, remaining)


# ------------------------------------------------------------------ recount

def _roots(A):
    roots = [A.globals, A.registry, A.strmeta, A.loaded, A.main]
    roots.extend(A.tmeta.values())
    lua = A.lua
    if lua is not None:
        roots.extend(getattr(lua, "_metas", {}).values())
    return roots


def _running_frames(running: bool, sweep: bool):
    """Frames of running Lua code (their generators are executing, so
    ``gi_yieldfrom`` does not reach them), innermost first: those above
    the innermost ``Executor._run`` — or, for a collection, above the
    outermost one, so that an executor stepped from inside another (a host
    callback calling ``Lua.execute``) does not lose the outer one's frames."""
    frames = []
    cut = -1
    f = sys._getframe(2)
    while f is not None:
        code = f.f_code
        if code.co_name == "_run" and code.co_filename.endswith("executor.py"):
            cut = len(frames)
            if not sweep:
                break
        frames.append(f)
        f = f.f_back
    if cut < 0:
        return frames if running else ()
    return frames[:cut]


_op = dis.opmap.get
_UNCONDITIONAL = frozenset(_op(n) for n in (
    "JUMP_FORWARD", "JUMP_BACKWARD", "JUMP_BACKWARD_NO_INTERRUPT", "JUMP_ABSOLUTE",
    "RETURN_VALUE", "RAISE_VARARGS", "RERAISE") if _op(n) is not None)
_BACKWARD = frozenset(o for n, o in dis.opmap.items() if "JUMP_BACKWARD" in n)
_JREL = frozenset(dis.hasjrel)
_JABS = frozenset(dis.hasjabs)
_LOADS = frozenset(_op(n) for n in ("LOAD_FAST", "LOAD_FAST_CHECK") if _op(n) is not None)
_STORES = frozenset(_op(n) for n in ("STORE_FAST", "DELETE_FAST") if _op(n) is not None)
_HAVE_ARGUMENT = dis.HAVE_ARGUMENT
_EXTENDED_ARG = dis.EXTENDED_ARG
_CACHES = list(getattr(dis, "_inline_cache_entries", ()))   # per opcode (3.11+)
_CACHES += [0] * (256 - len(_CACHES))
_LIVENESS = {}      # id(code) -> (weakref to code, _TempLiveness or None)


class _TempLiveness:
    """Where the code generator's temporaries (``_t<n>`` locals of
    generated code) are live in a code object: a sparse backward liveness
    analysis over its bytecode (jumps, fall-through, exception handlers),
    walking back from each read of a temporary to the stores that reach it.
    Temporaries live within a statement (or a loop's header), so this costs
    about the size of the code; named Lua locals are left to their scopes
    (:func:`_dead_at`)."""

    __slots__ = ("names", "index", "offsets", "live_out", "scoped", "memo", "aliases")

    def __init__(self, code, names):
        self.names = names
        self.scoped = None
        self.memo = {}          # f_lasti -> names dead there (see _dead_temps)
        varnames = code.co_varnames
        nvar = len(varnames)
        var_of = [-1] * nvar    # co_varnames index -> index in names
        pos = {nm: k for k, nm in enumerate(names)}
        for j, nm in enumerate(varnames):
            k = pos.get(nm)
            if k is not None:
                var_of[j] = k
        # decode (``co_code`` is the unspecialised bytecode)
        co = code.co_code
        offsets = []
        kills = {}              # instruction -> variable it stores
        uses = [[] for _ in names]
        succ = []
        ext = 0
        caches = 0
        targets = []            # (instruction index, target offset)
        for off in range(0, len(co), 2):
            if caches:
                caches -= 1
                continue
            op = co[off]
            caches = _CACHES[op]
            if op >= _HAVE_ARGUMENT:
                arg = co[off + 1] | ext
                ext = (arg << 8) if op == _EXTENDED_ARG else 0
            else:
                arg = 0
                ext = 0
            i = len(offsets)
            offsets.append(off)
            if op in _LOADS:
                if arg < nvar and var_of[arg] >= 0:
                    uses[var_of[arg]].append(i)
            elif op in _STORES:
                if arg < nvar and var_of[arg] >= 0:
                    kills[i] = var_of[arg]
            if op in _JREL:
                targets.append((i, off + 2 - 2 * arg if op in _BACKWARD else off + 2 + 2 * arg))
            elif op in _JABS:
                targets.append((i, 2 * arg))
            succ.append(op not in _UNCONDITIONAL)
        n = len(offsets)
        self.offsets = offsets
        self.index = index = {o: i for i, o in enumerate(offsets)}
        pred = [[] for _ in range(n)]
        for i in range(n - 1):
            if succ[i]:
                pred[i + 1].append(i)
        for i, t in targets:
            j = index.get(t)
            if j is not None:
                pred[j].append(i)
        try:
            entries = dis._parse_exception_table(code)
        except Exception:           # pragma: no cover - other Pythons
            entries = dis.Bytecode(code).exception_entries
        for e in entries:
            h = index.get(e.target)
            if h is not None:
                pred[h].extend(range(bisect_left(offsets, e.start), bisect_left(offsets, e.end)))
        live_out = {}           # instruction -> [variables live after it]
        for v, us in enumerate(uses):
            if not us:
                continue
            out_seen = set()
            in_seen = set(us)
            work = list(us)
            while work:
                u = work.pop()
                for q in pred[u]:
                    if q in out_seen:
                        continue
                    out_seen.add(q)
                    lst = live_out.get(q)
                    if lst is None:
                        live_out[q] = [v]
                    else:
                        lst.append(v)
                    if kills.get(q) != v and q not in in_seen:
                        in_seen.add(q)
                        work.append(q)
        self.live_out = live_out

    def dead(self, lasti):
        """Names of the temporaries dead once the instruction at offset
        ``lasti`` completes (none if the offset is unknown)."""
        # a running frame's ``f_lasti`` may point at the inline cache
        # entries following its instruction
        i = self.index.get(lasti)
        if i is None:
            i = bisect_right(self.offsets, lasti) - 1
            if i < 0 or lasti < 0:
                return ()
        live = self.live_out.get(i)
        if not live:
            return list(self.names)
        live = set(live)
        return [nm for k, nm in enumerate(self.names) if k not in live]


def _liveness(code):
    e = _LIVENESS.get(id(code))
    if e is not None and e[0]() is code:
        return e[1]
    if len(_LIVENESS) > 4096:
        for k in [k for k, (r, _) in _LIVENESS.items() if r() is None]:
            del _LIVENESS[k]
    lv = None
    if code.co_filename.startswith("<lua#"):
        from .runtime.debuginfo import CHUNKS
        cells = set(code.co_cellvars)
        names = [n for n in code.co_varnames
                 if n.startswith("_t") and n[2:].isdigit() and n not in cells]
        info = CHUNKS.get(code.co_filename)
        p = info.funcs.get(code.co_name) if info is not None else None
        scoped = {}
        if p is not None:
            varnames = set(code.co_varnames)
            for name, pyname, _cell, decl in p.locvars:
                if pyname in varnames and pyname not in cells:
                    scoped[pyname] = (name, decl)
        # the code generator's aliases of a table's array part (``ar_<local>``):
        # the table's own local is the root, the alias never keeps anything
        aliases = [n for n in code.co_varnames if n.startswith("ar_") and n not in cells]
        if names or scoped or aliases:
            lv = _TempLiveness(code, names)
            lv.scoped = scoped
            lv.aliases = aliases
    _LIVENESS[id(code)] = (weakref.ref(code), lv)
    return lv


def _scopes(info):
    """{(name, declaration line): last line of its scope} of a chunk (the
    debug library's, computed once per chunk from its source)."""
    try:
        from .stdlib.ldebug import _scopes as scopes
        return scopes(info)
    except Exception:
        return None


def _dead_at(lv, code, lasti, pyline):
    """The dead temporaries at ``lasti`` and the Lua locals out of their
    scope at the corresponding Lua line (declared later, or their block
    ended: as a Lua register, their slot is free)."""
    dead = list(lv.dead(lasti))
    dead.extend(lv.aliases)
    scoped = lv.scoped
    if scoped:
        from .runtime.debuginfo import CHUNKS
        info = CHUNKS.get(code.co_filename)
        sc = _scopes(info) if info is not None else None
        line = info.lua_line(pyline) if info is not None else -1
        if sc is not None and line >= 0:
            for n, d in scoped.items():
                end = sc.get(d)
                if end is not None and (line < d[1] or line > end):
                    dead.append(n)
    return tuple(dead)


def _dead_temps(fr):
    """Locals of a frame of generated code that can no longer be used, as
    a ``{python name: value}`` dict (None if there are none):

    * the code generator's temporaries (``_t<n>``: assigned and read within
      one statement, they keep their value until overwritten) not read
      again from the frame's position (a backward data-flow over the
      bytecode, :class:`_TempLiveness`);
    * Lua locals not read again *and* out of scope at the frame's line
      (a loop body's local after the loop; in Lua its register is reused).
      A Lua local still in scope is kept even if unused, as in Lua.
    """
    code = fr.f_code
    lv = _liveness(code)
    if lv is None:
        return None
    lasti = fr.f_lasti
    dead = lv.memo.get(lasti)
    if dead is None:
        dead = lv.memo[lasti] = _dead_at(lv, code, lasti, fr.f_lineno)
    if not dead:
        return None
    loc = fr.f_locals
    return {n: loc[n] for n in dead if n in loc}


def _running_values(fr, late):
    """What a running frame holds: its locals (its evaluation stack is out
    of reach).  With ``late`` (a collection), the dead temporaries go there
    instead: counted, but not keeping anything in a weak table."""
    loc = fr.f_locals
    dead = _dead_temps(fr) if late is not None else None
    if not dead:
        return loc.values()
    late.extend(dead.values())
    return [v for k, v in loc.items() if k not in dead]


def _suspended_values(g, fr, late):
    """What a suspended generator holds: its locals, cells and evaluation
    stack (``gc.get_referents``); dead temporaries go to ``late`` as in
    :func:`_running_values`."""
    refs = get_referents(g)
    dead = _dead_temps(fr) if late is not None else None
    if not dead:
        return refs
    late.extend(dead.values())
    cnt = {}
    for v in dead.values():
        i = id(v)
        cnt[i] = cnt.get(i, 0) + 1
    out = []
    for r in refs:
        i = id(r)
        k = cnt.get(i)
        if k:
            cnt[i] = k - 1
        else:
            out.append(r)
    return out


def _is_collectable(v, Coroutine) -> bool:
    """Can a weak table lose ``v``?  Tables, Lua functions, coroutines and
    userdata; builtins only when made at run time (``coroutine.wrap``):
    library and host functions behave like Lua's light C functions."""
    c = v.__class__
    if c is LuaTable or c is LuaFunction or c is Coroutine or c is Userdata:
        return True
    if c is Builtin or c is GenBuiltin:
        return _wrapped_coroutine(v, Coroutine) is not None
    return False


def _wrapped_coroutine(b, Coroutine):
    cl = getattr(b.fn, "__closure__", None)
    if cl:
        for cell in cl:
            try:
                v = cell.cell_contents
            except ValueError:
                continue
            if v.__class__ is Coroutine:
                return v
    return None


def recount(A, running: bool = False, sweep: bool = False, dead: bool = True):
    """Traverse everything reachable from arena ``A``'s roots; return
    ``(bytes, objects)``.  Iterative (explicit stack), never calls Lua.

    With ``sweep``, a full collection of weak tables: the traversal does
    not follow weak references (ephemeron semantics for weak keys: the
    value of an entry is reached only through its key), then clears the
    entries whose weak key or value was not reached (:func:`_sweep`).

    ``dead``: count what frames hold in locals they can no longer use (dead
    temporaries, out-of-scope locals: see :func:`_dead_temps`).  They are
    really held, so the memory account counts them; Lua would not (its
    stack slots get reused), so ``collectgarbage("count")`` without a limit
    does not.  They never keep anything in a weak table."""
    from .executor import Coroutine

    stack = _roots(A)
    seen = set()
    total = 0
    nobj = 0
    weak = [] if sweep else None    # (table, weak keys, weak values) reached
    pending = {}        # id(unreached key of an ephemeron) -> [its values]
    late = [] if sweep or not dead else None    # dead locals: counted after the sweep
    for ex in list(getattr(A, "executors", ())):
        if ex.done:
            continue
        stack.append(ex.main)
        stack.append(ex.thread)
        v = ex._val
        if v is not None:
            stack.append(v)
    if sweep:
        # a userdata whose host object is referenced outside its box is
        # anchored by the host (it would get the same box back next time)
        lua = A.lua
        cache = getattr(lua, "_userdata_cache", None) if lua is not None else None
        if cache:
            for u in list(cache.values()):
                if sys.getrefcount(u.value) > 2:
                    stack.append(u)
    if running or sweep:
        for f in _running_frames(running, sweep):
            code = f.f_code
            total += 8 * (code.co_stacksize + code.co_nlocals) + 120
            stack.extend(_running_values(f, late))
    mem = A.mem
    tobefnz = getattr(mem, "tobefnz", None)
    if tobefnz:
        stack.extend(tobefnz)       # finalizers not run yet: still alive
    total, nobj = _walk(stack, seen, total, nobj, weak, pending, late)
    if sweep:
        fin = mem.finobj
        if fin:
            # Lua's atomic phase: weak values are cleared of what only
            # objects being finalized reach, then those are marked again
            # ("resurrected": weak keys keep them until the next cycle)
            mem.cleared += _sweep(weak, seen, Coroutine, keys=False)
            dead = [i for i in fin if i not in seen]
            if dead:
                found = [fin.pop(i) for i in reversed(dead)]    # newest first
                mem.tobefnz.extend(found)
                total, nobj = _walk(list(found), seen, total, nobj, weak, pending, late)
        mem.cleared += _sweep(weak, seen, Coroutine)
        ws = A.mem.weak
        if weak and ws is None:
            ws = A.mem.weak = weakref.WeakSet()
        for t, _, _ in weak:
            ws.add(t)
    if late and dead:
        # still held (until overwritten), so counted — with weak
        # references followed, as nothing is cleared any more
        total, nobj = _walk(late, seen, total, nobj, None, {}, None)
    return total, nobj


def _walk(stack, seen, total, nobj, weak, pending, late):
    """The traversal proper: pops ``stack`` until empty, marking in ``seen``
    and summing sizes.  ``weak`` is None to follow weak references, else
    the list collecting the weak tables reached."""
    from .executor import Coroutine
    from .runtime.ops import TailCall

    add_seen = seen.add
    sweep = weak is not None
    gens = []
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
            if pending:
                vs = pending.pop(i, None)
                if vs is not None:
                    extend(vs)
            arr = o.arr
            h = o.hash
            total += SIZE_TABLE + getsizeof(arr) + getsizeof(h)
            nobj += 1 + len(arr) + len(h)
            meta = o.meta
            wk = wv = False
            if meta is not None:
                push(meta)
                if sweep:
                    mode = meta.hash.get(b"__mode")
                    if mode.__class__ is bytes:
                        wk = b"k" in mode
                        wv = b"v" in mode
                        if wk or wv:
                            weak.append((o, wk, wv))
            if wv:
                # weak values: only what cannot be collected is followed
                for v in arr:
                    cv = v.__class__
                    if cv is float:
                        total += SIZE_NUMBER
                    elif cv is int:
                        if v not in _SMALL_INTS:
                            total += SIZE_NUMBER
                    elif cv is bytes:
                        push(v)
                for k, v in h.items():
                    if not wk or not _is_collectable(k, Coroutine):
                        push(k)
                    if not _is_collectable(v, Coroutine):
                        push(v)
                continue
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
                if wk:
                    # an ephemeron table: a value is reached once its key is
                    for k, v in h.items():
                        if id(k) in seen or not _is_collectable(k, Coroutine):
                            push(k)
                            push(v)
                        else:
                            vs = pending.get(id(k))
                            if vs is None:
                                pending[id(k)] = [v]
                            else:
                                vs.append(v)
                else:
                    extend(h.keys())
                    extend(h.values())
        elif c is LuaFunction:
            i = id(o)
            if i in seen:
                continue
            add_seen(i)
            if pending:
                vs = pending.pop(i, None)
                if vs is not None:
                    extend(vs)
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
            if pending:
                vs = pending.pop(i, None)
                if vs is not None:
                    extend(vs)
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
                        # locals, cells and the evaluation stack's
                        # temporaries of the suspended frame
                        extend(_suspended_values(g, fr, late))
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
        elif c is CellType:
            try:
                push(o.cell_contents)
            except ValueError:
                pass
        elif c is Userdata:
            i = id(o)
            if i in seen:
                continue
            add_seen(i)
            if pending:
                vs = pending.pop(i, None)
                if vs is not None:
                    extend(vs)
            total += SIZE_USERDATA
            nobj += 1
            if o.meta is not None:
                push(o.meta)
        elif c is Builtin or c is GenBuiltin:
            i = id(o)
            if i in seen:
                continue
            add_seen(i)
            if pending:
                vs = pending.pop(i, None)
                if vs is not None:
                    extend(vs)
            nobj += 1
            # only Lua values held by builtins made at run time
            # (coroutine.wrap's thread); library closures hold the arena
            co = _wrapped_coroutine(o, Coroutine)
            if co is not None:
                total += SIZE_BUILTIN
                push(co)
        elif c is TailCall:
            push(o.f)
            push(o.args)
        # anything else (host objects, the State, Python functions) is
        # not the arena's
    return total, nobj


def _sweep(weak, seen, Coroutine, keys: bool = True) -> int:
    """Clear the entries of the reached weak tables whose weak key or value
    is a collectable object the traversal did not reach; returns how many.
    Cleared array slots become holes (trailing ones are dropped, keeping
    the ``arr`` invariant); cleared hash entries are deleted (``next``
    keeps its cursor on the table, so a traversal in progress goes on)."""
    n = 0
    for t, wk, wv in weak:
        if wv:
            arr = t.arr
            for j, v in enumerate(arr):
                if v is not None and id(v) not in seen and _is_collectable(v, Coroutine):
                    arr[j] = None
                    n += 1
            while arr and arr[-1] is None:
                arr.pop()
        h = t.hash
        if h:
            if not keys:
                wk = False
                if not wv:
                    continue
            dead = [k for k, v in h.items()
                    if (wk and id(k) not in seen and _is_collectable(k, Coroutine)) or
                    (wv and id(v) not in seen and _is_collectable(v, Coroutine))]
            for k in dead:
                del h[k]
            n += len(dead)
    return n


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
