"""The stackless core: drives compiled Lua generators with a fuel budget.

A Lua thread (the main one or a coroutine) is a list of *segments*: Python
generators each running a ``yield from`` chain of Lua calls at most
``ops.SEG`` deep.  Whatever the running code yields arrives here as a
request (see ``runtime/requests.py``):

* ``OUT_OF_FUEL`` ends the current :meth:`Executor.step`; the next step
  resumes the chain exactly where it stopped;
* ``SegmentCall`` starts a new segment (deep recursion, sequences calling Lua);
* a ``Coroutine`` (coroutine.resume / wrap) or a ``tuple`` (coroutine.yield)
  switches between coroutines, which are just other segment lists
  (``Resume`` / ``Yield`` objects do the same for host code).

Nothing lives on the C stack between steps, so dropping an executor drops
the whole Lua state of the run, and a step always returns after about
``fuel`` units of work.
"""
from __future__ import annotations

import gc as _gc

from .runtime import ops
from .runtime.errors import LuaError, LuaMemoryError
from .runtime.fuel import flush
from .runtime.ops import TailCall
from .runtime.requests import OUT_OF_FUEL, SegmentCall, Resume, Yield
from .runtime.values import LuaFunction, register_type

MAX_RESUME_LEVEL = 200

GC_YOUNG_THRESHOLD = 10000
"""While a step runs, Python's cyclic collector scans its youngest generation
after this many container allocations instead of CPython's default 700 (the
previous thresholds come back when the step ends; 0 leaves them alone).  Lua
code allocates tables and closures fast, and Lua data is full of cycles that
only this collector frees: at 700 it ran so often that allocation-heavy
programs spent a quarter of their time in it (bench/binarytrees.lua 0.62 s
against 0.47 s).  Nothing of moonbox's memory accounting depends on it."""
"""Nested resumes allowed (PUC's C stack limit: "C stack overflow")."""


class Coroutine:
    """A Lua thread.  ``status`` is one of suspended/running/normal/dead."""

    __slots__ = ("fn", "status", "segs", "resumer", "is_main", "started",
                 "wrap", "error", "level", "nny", "xfer", "top", "__weakref__")

    def __init__(self, fn, is_main: bool = False):
        self.fn = fn
        self.status = "suspended"
        self.segs = []
        self.resumer = None
        self.is_main = is_main
        self.started = False
        self.wrap = False
        self.error = None
        self.level = 0                  # how many resumes deep (C stack limit)
        self.nny = 0                    # > 0 inside builtins that forbid yields
        self.xfer = None                # resume arguments on their way in
        self.top = None                 # innermost segment's ``send`` (switched away)

    def __repr__(self):
        return "<Coroutine %s>" % self.status


register_type(Coroutine, "thread")


def internal_error(exc: BaseException) -> LuaError:
    """Turn a Python exception escaping Lua code into a Lua error that
    carries only a message (never the Python object)."""
    if isinstance(exc, LuaError):
        return exc
    if isinstance(exc, RecursionError):
        return LuaError(b"stack overflow")
    if isinstance(exc, MemoryError):
        return LuaMemoryError()
    import logging
    logging.getLogger("vm").error("internal error in Lua VM", exc_info=exc)
    return LuaError(("internal error: %s" % type(exc).__name__).encode())


class Executor:
    """Runs one Lua function to completion in fuel-limited steps.

    ``Executor(lua, fn, *args)``; ``step(fuel) -> bool`` (True once the
    function returned or failed); ``result()`` gives the returned values as
    a tuple or raises the :class:`LuaError`; ``fuel_used`` counts the fuel
    spent over all steps.
    """

    def __init__(self, lua, fn, *args, convert: bool = True):
        self.lua = lua
        self.A = lua.state if hasattr(lua, "state") else lua
        A = self.A
        if hasattr(lua, "to_lua"):
            fn = lua.to_lua(fn)
            if convert:
                args = tuple(lua.to_lua(a) for a in args)
        self.main = Coroutine(fn, is_main=True)
        self.main.status = "running"
        self.main.started = True
        self.main.segs.append(_root(A, fn, tuple(args)))
        self.thread = self.main
        self.done = False
        self.fuel_used = 0
        self._val = None
        self._exc = None
        self._result = None
        self._error = None
        self._convert = convert
        execs = getattr(A, "executors", None)
        if execs is not None:           # memory recounts find live executors
            execs.add(self)

    # ------------------------------------------------------------ stepping
    def step(self, fuel: int) -> bool:
        """Run about ``fuel`` units; True when the function has finished."""
        if self.done:
            return True
        A = self.A
        F = A.F
        P = A.P
        saved_fuel = F[0]
        if P:                           # a step inside a step (hooks, finalizers)
            saved_fuel += len(P)
            flush(A)
        saved_current = A.current
        F[0] = fuel
        A.current = self.thread
        gc_saved = _gc.get_threshold()
        if gc_saved[0] < GC_YOUNG_THRESHOLD:
            _gc.set_threshold(GC_YOUNG_THRESHOLD, gc_saved[1], gc_saved[2])
        else:
            gc_saved = None
        try:
            mem = A.mem
            if not hasattr(mem, "reserve") or (mem.limit is None and mem.weak is None):
                finished = self._run()
                if getattr(mem, "cut", 0):  # the first weak table appeared
                    from .memory import resume_cut
                    finished = resume_cut(self, finished)
            else:                       # memory / collection checkpoints (vm/memory.py)
                from .memory import run_metered
                finished = run_metered(self, fuel)
        finally:
            flush(A)
            self.fuel_used += fuel - F[0] if F[0] < fuel else 0
            F[0] = saved_fuel
            A.current = saved_current
            if gc_saved is not None:
                _gc.set_threshold(*gc_saved)
        return finished

    def _run(self) -> bool:
        """Drive the running thread until the step's fuel is spent (False)
        or the executor's function finished (True); the fuel pocket is
        flushed back to the ledger on the way out."""
        try:
            return self._drive()
        finally:
            flush(self.A)

    def _drive(self) -> bool:
        # The hot loop.  Fast requests, in order of frequency: a tuple is a
        # coroutine yield (its values), a Coroutine is a resume prepared by
        # coroutine.resume/wrap (checks done, arguments in ``co.xfer``),
        # OUT_OF_FUEL ends the step.  Generators are driven from this very
        # frame: ldebug.running_frames recognises it (and ``self.thread``).
        # ``send`` is the running segment's ``send``; a thread switched away
        # from keeps its own in ``top`` for the switch back.
        A = self.A
        val, exc = self._val, self._exc
        self._val = self._exc = None
        th = self.thread
        send = th.segs[-1].send
        Coroutine_, TailCall_, OUT = Coroutine, TailCall, OUT_OF_FUEL
        maxlevel = MAX_RESUME_LEVEL
        while True:
            try:
                if exc is None:
                    req = send(val)
                else:
                    e, exc = exc, None
                    seg = th.segs[-1]
                    _note_throw(e, seg)
                    req = seg.throw(e)
            except StopIteration as stop:
                segs = th.segs
                segs.pop()
                val = stop.value
                if val.__class__ is TailCall_:  # a segment root's tail call
                    segs.append(val.f.fn(0, *val.args))
                    send = segs[-1].send
                    val = None
                    continue
                if segs:
                    send = segs[-1].send
                    continue
                if th is self.main:
                    self.done = True
                    self._result = val
                    return True
                # the coroutine returned: back to its resumer
                th.status = "dead"
                parent = th.resumer
                th.resumer = None
                parent.status = "running"
                if val.__class__ is not tuple:
                    val = (val,)
                if not th.wrap:
                    val = (True,) + val
                self.thread = A.current = th = parent
                send = th.top
                continue
            except GeneratorExit:
                raise
            except BaseException as e:
                err = internal_error(e)
                if err is not e:
                    err.__traceback__ = e.__traceback__
                segs = th.segs
                segs.pop()
                if segs:
                    exc = err
                    send = segs[-1].send
                    continue
                if th is self.main:
                    self.done = True
                    self._error = err
                    return True
                val, exc = self._thread_failed(th, err)
                th = self.thread
                send = th.segs[-1].send
                continue
            cls = req.__class__
            if cls is tuple:                    # coroutine.yield(...)
                parent = th.resumer
                if parent is None:              # the main thread
                    val = None
                    exc = LuaError(b"attempt to yield from outside a coroutine")
                    continue
                th.status = "suspended"
                th.resumer = None
                th.top = send
                parent.status = "running"
                val = req if th.wrap else (True,) + req
                self.thread = A.current = th = parent
                send = th.top
                continue
            if cls is Coroutine_:               # coroutine.resume / wrap
                level = th.level
                if level >= maxlevel:
                    val = req.xfer = None
                    if req.wrap:
                        exc = LuaError(b"C stack overflow")
                    else:
                        val = (False, b"C stack overflow")
                    continue
                req.level = level + 1
                req.resumer = th
                th.status = "normal"
                th.top = send
                req.status = "running"
                self.thread = A.current = th = req
                val = th.xfer
                th.xfer = None
                if th.started:
                    send = th.top
                else:
                    th.started = True
                    root = _root(A, th.fn, val)
                    th.segs.append(root)
                    send = root.send
                    val = None
                continue
            val = None
            if req is OUT:
                if A.P:                 # the ledger ran dry with units in the pocket
                    flush(A)
                    if A.F[0] > 0:
                        continue
                return False
            if cls is SegmentCall:
                depth = sum(len(t.segs) for t in self._chain(th))
                if depth * ops.SEG > A.max_depth:
                    exc = LuaError(self._where() + b"stack overflow")
                    continue
                root = _root(A, req.fn, req.args)
                th.segs.append(root)
                send = root.send
            elif cls is Yield:                  # from host sequences
                if th.is_main:
                    exc = LuaError(b"attempt to yield from outside a coroutine")
                    continue
                th.status = "suspended"
                parent = th.resumer
                th.resumer = None
                th.top = send
                parent.status = "running"
                val = req.values if th.wrap else (True,) + req.values
                self.thread = A.current = th = parent
                send = th.top
            elif cls is Resume:                 # from host code (convert.py)
                th.top = send
                val, exc = self._resume(th, req)
                th = self.thread
                send = th.segs[-1].send
            else:
                exc = LuaError(b"invalid request yielded to the executor")

    def _chain(self, th):
        while th is not None:
            yield th
            th = th.resumer

    def _where(self) -> bytes:
        """Position of the innermost suspended Lua frame of this thread."""
        from .runtime.debuginfo import CHUNKS
        segs = self.thread.segs
        if not segs:
            return b""
        g = segs[-1]
        pos = b""
        while g is not None:
            fr = getattr(g, "gi_frame", None)
            if fr is not None:
                info = CHUNKS.get(fr.f_code.co_filename)
                if info is not None:
                    pos = ("%s:%d: " % (info.short, info.lua_line(fr.f_lineno))).encode()
            g = getattr(g, "gi_yieldfrom", None)
        return pos

    def _resume(self, th, req):
        """A ``Resume`` request (host code; Lua's coroutine.resume/wrap
        check in place and yield the coroutine itself)."""
        co = req.co
        msg = resume_error(co, th)
        if msg is not None:
            if req.wrap:
                return None, LuaError(msg)
            return (False, msg), None
        co.wrap = req.wrap
        co.level = th.level + 1
        co.resumer = th
        th.status = "normal"
        co.status = "running"
        self.thread = co
        self.A.current = co
        if not co.started:
            co.started = True
            co.segs.append(_root(self.A, co.fn, req.args))
            return None, None
        return req.args, None

    def _thread_failed(self, th, err):
        th.status = "dead"
        th.error = err
        parent = th.resumer
        th.resumer = None
        parent.status = "running"
        self.thread = parent
        self.A.current = parent
        if th.wrap:
            return None, LuaError(err.value, err.traceback)
        return (False, err.value), None

    # ------------------------------------------------------------ results
    def result(self) -> tuple:
        """The function's results as a tuple, or raise its LuaError."""
        if not self.done:
            raise RuntimeError("the executor has not finished")
        if self._error is not None:
            if self._convert and hasattr(self.lua, "public_error"):
                raise self.lua.public_error(self._error) from None
            raise self._error
        r = self._result
        vals = r if r.__class__ is tuple else (r,)
        if self._convert and hasattr(self.lua, "to_python"):
            return tuple(self.lua.to_python(v) for v in vals)
        return vals

    @property
    def error(self):
        return self._error

    def raw_result(self) -> tuple:
        r = self._result
        return r if r.__class__ is tuple else (r,)

    def close(self) -> None:
        """Drop all suspended state now."""
        for th in (self.thread, self.main):
            for g in reversed(th.segs):
                try:
                    g.close()
                except BaseException:
                    pass
            th.segs.clear()
        self.done = True


def _note_throw(e, seg) -> None:
    """Remember the frames of segment ``seg`` that error ``e`` is about to
    be thrown into.  A generator suspended inside an ``except`` block (a
    call in a plain twin's ``Deopt`` fallback) loses the traceback entries
    of the generators it delegates to when an exception is thrown through
    it (CPython 3.11), so tracebacks rebuild them from this."""
    frames = []
    g = seg
    while g is not None:
        fr = getattr(g, "gi_frame", None)
        if fr is None:
            break
        frames.append((fr, fr.f_lineno))
        g = getattr(g, "gi_yieldfrom", None)
    try:
        lst = e.thrown
        if lst is None:
            lst = e.thrown = []
    except AttributeError:
        return
    lst.append(frames)


def _root(A, fn, args):
    """A segment root: runs ``fn`` at depth 0 of a fresh segment (a Lua
    function's own generator, so no extra level; ``_run`` resolves a tail
    call it returns)."""
    if fn.__class__ is LuaFunction:
        return fn.fn(0, *args)
    return ops.call(A, -1, fn, args)


def resume_error(co, th):
    """Why ``th`` cannot resume ``co`` now (a message), or None."""
    st = co.status
    if st != "suspended":
        if st == "dead":
            return b"cannot resume dead coroutine"
        return b"cannot resume non-suspended coroutine"
    if th is not None and th.level >= MAX_RESUME_LEVEL:
        return b"C stack overflow"
    return None
