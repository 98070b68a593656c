"""The coroutine library, on top of the executor's fast requests.

``coroutine.resume`` / a wrap function check that the coroutine can be
resumed, prepare it (``level``, ``wrap``, arguments in ``xfer``) and yield
the Coroutine itself; ``coroutine.yield`` yields its arguments tuple.  The
executor switches threads and sends back the reply (see vm/executor.py).
"""
from __future__ import annotations

from ..executor import Coroutine
from ..runtime import ops
from ..runtime.argcheck import lua_error, type_error
from ..runtime.debuginfo import boundary, where
from ..runtime.errors import LuaError
from ..runtime.requests import CoroutineClose
from ..runtime.values import Builtin, GenBuiltin, LuaTable


_NOARG = object()


def open_coroutine(A) -> LuaTable:
    """A fresh ``coroutine`` table for arena ``A``."""
    t = LuaTable()

    def check_co(args, i, fname):
        v = args[i - 1] if i <= len(args) else None
        if v.__class__ is not Coroutine:
            type_error(args, i, fname, "thread")   # luaL_argexpected(L, co, 1, "thread")
        return v

    def create(*args):
        f = args[0] if args else None
        if not ops.is_callable_value(f):
            type_error(args, 1, "coroutine.create", "function")
        return Coroutine(f)

    @boundary
    def resume(D, co=_NOARG, *args):
        if co.__class__ is not Coroutine:
            check_co(() if co is _NOARG else (co,), 1, "coroutine.resume")
        if co.status != "suspended":
            if co.status == "dead":
                return (False, b"cannot resume dead coroutine")
            return (False, b"cannot resume non-suspended coroutine")
        co.wrap = False
        co.xfer = args
        return (yield co)

    def yield_(D, *args):
        cur = A.current
        if cur is not None and cur.nny and not cur.is_main:
            raise LuaError(b"attempt to yield across a C-call boundary")
        return (yield args)

    def status(*args):
        co = check_co(args, 1, "coroutine.status")
        return co.status.encode()

    def running(*args):
        cur = A.current
        if cur is None:
            return (None, True)
        return (cur, bool(cur.is_main))

    def isyieldable(*args):
        if args:
            co = check_co(args, 1, "coroutine.isyieldable")
            return not co.is_main
        cur = A.current
        return cur is not None and not cur.is_main and not cur.nny

    def wrap(*args):
        f = args[0] if args else None
        if not ops.is_callable_value(f):
            type_error(args, 1, "coroutine.wrap", "function")
        co = Coroutine(f)

        # like luaB_auxwrap, a string error (from the coroutine or about
        # resuming it) gets the position of the wrap function's caller
        @boundary
        def wrapped(D, *a):
            if co.status != "suspended":
                if co.status == "dead":
                    raise LuaError(where(1).encode() + b"cannot resume dead coroutine")
                raise LuaError(where(1).encode() + b"cannot resume non-suspended coroutine")
            co.wrap = True
            co.xfer = a
            try:
                return (yield co)
            except LuaError as e:
                v = e.value
                if v.__class__ is bytes:
                    v = where(1).encode() + v
                    raise LuaError(v, e.traceback) from None
                raise
        return GenBuiltin(wrapped, "wrap")

    def close(D, *args):
        co = check_co(args, 1, "coroutine.close")
        if co.status not in ("suspended", "dead"):
            lua_error("cannot close a %s coroutine" % co.status)
        err = co.error
        # unwind the suspended segments, innermost first, running the
        # __close metamethods of pending to-be-closed variables (meanwhile
        # the coroutine counts as running: it cannot be closed again)
        if co.segs:
            if getattr(A, "closing_depth", 0) >= 100:
                lua_error("C stack overflow")
            co.status = "running"
        A.closing_depth = getattr(A, "closing_depth", 0) + 1
        try:
            err = yield from _unwind(co, err)
        finally:
            A.closing_depth -= 1
        co.status = "dead"
        co.error = None
        if err is not None:
            return (False, err.value)
        return True

    def _unwind(co, err):
        while co.segs:
            g = co.segs.pop()
            try:
                req = g.throw(CoroutineClose())
                while True:
                    reply = yield req
                    req = g.send(reply)
            except (CoroutineClose, StopIteration):
                pass
            except LuaError as e:
                err = e
            finally:
                g.close()
        return err

    for name, f in (("create", create), ("status", status), ("running", running),
                    ("isyieldable", isyieldable), ("wrap", wrap)):
        t.hash[name.encode()] = Builtin(f, "coroutine." + name)
    t.hash[b"resume"] = GenBuiltin(resume, "coroutine.resume")
    t.hash[b"yield"] = GenBuiltin(yield_, "coroutine.yield")
    t.hash[b"close"] = GenBuiltin(close, "coroutine.close")
    return t
