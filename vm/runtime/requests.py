"""Requests that running code yields up to the executor.

Generated Lua code, runtime helpers and generator builtins communicate with
the executor (the trampoline) only by ``yield``-ing one of these objects up
the ``yield from`` chain; the executor carries the request out and sends the
reply back in.  Anything else yielded is a bug.

Two fast forms skip the request objects on the coroutine round trip (see
``vm/stdlib/lcoroutine.py``): a plain ``tuple`` is ``Yield(*tuple)``, and a
``Coroutine`` is a resume already checked by coroutine.resume / a wrap
function (arguments in ``co.xfer``, ``co.wrap`` set).  ``Yield`` and
``Resume`` stay for host code (``vm/convert.py``).
"""
from __future__ import annotations


class _OutOfFuel:
    """Yielded when the arena's fuel counter went negative: the executor
    ends the current ``step`` and resumes right here on the next one."""
    __slots__ = ()

    def __repr__(self):
        return "OUT_OF_FUEL"


OUT_OF_FUEL = _OutOfFuel()


class SegmentCall:
    """Call ``fn`` with ``args`` in a fresh stack segment; reply: its raw
    result (one value or a tuple).  Used when the ``yield from`` chain is
    already ``ops.SEG`` deep."""
    __slots__ = ("fn", "args")

    def __init__(self, fn, *args):
        self.fn = fn
        self.args = args


class Yield:
    """Yield ``values`` out of the running coroutine; reply: the resume
    arguments as a tuple."""
    __slots__ = ("values",)

    def __init__(self, *values):
        self.values = values


class Resume:
    """Resume coroutine ``co`` with ``args``; reply: ``(True, *results)``
    or ``(False, error)``."""
    __slots__ = ("co", "args", "wrap")

    def __init__(self, co, args, wrap=False):
        self.co = co
        self.args = args
        self.wrap = wrap


class CoroutineClose(BaseException):
    """Thrown into a suspended coroutine by ``coroutine.close`` so that its
    pending to-be-closed variables run their ``__close`` (not a Lua error:
    ``pcall`` does not catch it)."""
