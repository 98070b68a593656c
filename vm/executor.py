"""The stackless core: drives compiled Lua generators with a fuel budget.

A Lua thread (the main one or a coroutine) is a list of *segments*: Python
generators each running a ``yield from`` chain of Lua calls at most
``ops.SEG`` deep.  Whatever the running code yields arrives here as a
request (see ``runtime/requests.py``):

* ``OUT_OF_FUEL`` ends the current :meth:`Executor.step`; the next step
  resumes the chain exactly where it stopped;
* ``SegmentCall`` starts a new segment (deep recursion, sequences calling Lua);
* ``Resume`` / ``Yield`` switch between coroutines, which are just other
  segment lists.

Nothing lives on the C stack between steps, so dropping an executor drops
the whole Lua state of the run, and a step always returns after about
``fuel`` units of work.
"""
from __future__ import annotations

from .runtime import ops
from .runtime.errors import LuaError, LuaMemoryError
from .runtime.requests import OUT_OF_FUEL, SegmentCall, Resume, Yield
from .runtime.values import register_type


class Coroutine:
    """A Lua thread.  ``status`` is one of suspended/running/normal/dead."""

    __slots__ = ("fn", "status", "segs", "resumer", "is_main", "started",
                 "wrap", "error", "level", "nny", "__weakref__")

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
        self.main.segs.append(ops.call(A, -1, fn, tuple(args)))
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
        saved_fuel = F[0]
        saved_current = A.current
        F[0] = fuel
        A.current = self.thread
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
            self.fuel_used += fuel - F[0] if F[0] < fuel else 0
            F[0] = saved_fuel
            A.current = saved_current
        return finished

    def _run(self) -> bool:
        A = self.A
        val, exc = self._val, self._exc
        self._val = self._exc = None
        while True:
            th = self.thread
            gen = th.segs[-1]
            try:
                if exc is not None:
                    e, exc = exc, None
                    req = gen.throw(e)
                else:
                    req = gen.send(val)
            except StopIteration as stop:
                th.segs.pop()
                val = stop.value
                if th.segs:
                    continue
                val, exc = self._thread_returned(th, val)
                if th is self.main:
                    self.done = True
                    self._result = val
                    return True
                continue
            except GeneratorExit:
                raise
            except BaseException as e:
                err = internal_error(e)
                if err is not e:
                    err.__traceback__ = e.__traceback__
                th.segs.pop()
                if th.segs:
                    exc = err
                    continue
                if th is self.main:
                    self.done = True
                    self._error = err
                    return True
                val, exc = self._thread_failed(th, err)
                continue
            # a request
            if req is OUT_OF_FUEL:
                self._val = None
                return False
            cls = req.__class__
            val = None
            if cls is SegmentCall:
                depth = sum(len(t.segs) for t in self._chain(th))
                if depth * ops.SEG > A.max_depth:
                    exc = LuaError(self._where() + b"stack overflow")
                    continue
                th.segs.append(self._call_seg(req))
            elif cls is Yield:
                if th.is_main:
                    exc = LuaError(b"attempt to yield from outside a coroutine")
                    continue
                th.status = "suspended"
                parent = th.resumer
                th.resumer = None
                parent.status = "running"
                self.thread = parent
                A.current = parent
                val = req.values if th.wrap else (True,) + req.values
            elif cls is Resume:
                val, exc = self._resume(th, req)
            else:
                exc = LuaError(b"invalid request yielded to the executor")

    def _call_seg(self, req):
        A = self.A
        return _seg(A, req.fn, req.args)

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
        co = req.co
        if co.status == "dead":
            return ((False, b"cannot resume dead coroutine") if not req.wrap else None,
                    None if not req.wrap else LuaError(b"cannot resume dead coroutine"))
        if co.status != "suspended":
            msg = b"cannot resume non-suspended coroutine"
            if req.wrap:
                return None, LuaError(msg)
            return (False, msg), None
        depth = th.level + 1
        if depth > 200:
            msg = b"C stack overflow"
            if req.wrap:
                return None, LuaError(msg)
            return (False, msg), None
        co.wrap = req.wrap
        co.level = depth
        co.resumer = th
        th.status = "normal"
        co.status = "running"
        self.thread = co
        self.A.current = co
        if not co.started:
            co.started = True
            co.segs.append(_seg(self.A, co.fn, req.args))
            return None, None
        return req.args, None

    def _thread_returned(self, th, val):
        if th is self.main:
            return val, None
        th.status = "dead"
        parent = th.resumer
        th.resumer = None
        parent.status = "running"
        self.thread = parent
        self.A.current = parent
        vals = val if val.__class__ is tuple else (val,)
        if th.wrap:
            return vals, None
        return (True,) + vals, None

    def _thread_failed(self, th, err):
        th.status = "dead"
        th.error = err
        parent = th.resumer
        th.resumer = None
        parent.status = "running"
        self.thread = parent
        self.A.current = parent
        if th.wrap:
            v = err.value
            if v.__class__ is bytes:
                pass
            return None, LuaError(v, err.traceback)
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


def _seg(A, fn, args):
    """A segment root: runs ``fn`` at depth 0 of a fresh segment."""
    return ops.call(A, -1, fn, args)
