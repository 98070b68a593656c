"""Per-arena runtime state shared by generated code, helpers and builtins."""
from __future__ import annotations

from .values import LuaTable


class MemoryAccount:
    """The arena's accounted memory and optional hard limit (bytes)."""

    __slots__ = ("used", "limit")

    def __init__(self, limit: int | None = None):
        self.used = 0
        self.limit = limit

    def check(self, nbytes: int) -> None:
        """Raise "not enough memory" if allocating ``nbytes`` would exceed
        the limit (called by builtins before they allocate)."""
        if self.limit is not None and self.used + nbytes > self.limit:
            from .errors import LuaMemoryError
            raise LuaMemoryError()

    def charge(self, nbytes: int) -> None:
        """Account ``nbytes`` just allocated (see vm/memory.py)."""
        self.used += nbytes


class State:
    """Everything one arena's running code needs at hand.

    ``F`` is the fuel ledger (a one-element list so generated code can
    decrement it in place) and ``P`` the pocket of prepaid units that Lua
    calls draw on (see ``vm/runtime/fuel.py``); code yields
    ``OUT_OF_FUEL`` when both are spent.
    """

    def __init__(self, memory_limit: int | None = None):
        from .fuel import FIRST_LEVEL, new_pocket, refill_functions
        self.F = [0]
        self.P = new_pocket()
        self.PL = [FIRST_LEVEL]
        self.HK = [False]               # a debug hook is set (inlined calls then run as calls)
        self.intrinsics = {}            # name -> builtin whose calls run inline (codegen INTRINSICS)
        self.refill, self.refill_t = refill_functions(self.F, self.P, self.PL)
        self.globals = LuaTable()
        self.registry = LuaTable()
        self.strmeta = None             # the string metatable
        self.tmeta = {}                 # type name -> metatable (debug.setmetatable)
        self.mem = MemoryAccount(memory_limit)
        self.current = None             # running Coroutine (None: main thread)
        self.main = None                # the main "thread" object
        self.max_depth = 7800           # Lua call depth cap ("stack overflow")
        self.lua = None                 # the owning vm.Lua object
        self.loaded = None              # package.loaded table
        self.output = None              # function(bytes) for print/io.write
        self.warn_on = False            # warn("@on") / warn("@off")
        self.warn = None                # function(bytes) receiving warnings (None: stderr)

    def emit_warning(self, msg: bytes) -> None:
        """Deliver a warning (``warn``, errors in ``__gc``) when warnings
        are on: to ``self.warn``, or as "Lua warning: ..." on stderr."""
        if not self.warn_on:
            return
        if self.warn is not None:
            self.warn(msg)
            return
        import sys
        sys.stderr.write("Lua warning: %s\n" % msg.decode("utf-8", "replace"))
        sys.stderr.flush()

    def charge(self, n: int) -> None:
        """Charge ``n`` fuel units for work done inside a builtin."""
        self.F[0] -= n
