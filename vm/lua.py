"""``Lua``: one arena — its globals, registry, string metatable, memory
account and fuel — and the entry points to load and run code in it."""
from __future__ import annotations

import sys
from typing import Any, Callable, Optional

from .compiler import compile_lua
from .executor import Executor
from .runtime.errors import FuelExhausted, LuaError
from .runtime.state import State
from .runtime.values import LuaFunction, LuaTable


def _stdout_bytes(data: bytes) -> None:
    sys.stdout.buffer.write(data)
    sys.stdout.flush()


class Lua:
    """One Lua state (arena).

    ``sandbox`` (default True) gives the safe environment only;
    ``memory_limit`` is a hard limit in bytes for the arena; ``output``
    receives the text written by ``print`` and ``io.write`` (a ``str``).
    """

    def __init__(self, sandbox: bool = True, memory_limit: Optional[int] = None,
                 output: Optional[Callable[[str], Any]] = None):
        self.sandbox = sandbox
        self.state = A = State(memory_limit)
        A.lua = self
        if output is None:
            A.output = _stdout_bytes
        else:
            A.output = lambda data: output(data.decode("utf-8", "surrogateescape"))
        self._open_libs()

    def _open_libs(self) -> None:
        from .stdlib import open_libs
        open_libs(self.state, sandbox=self.sandbox)

    # ------------------------------------------------------------ loading
    def load(self, source, name: str = "=(load)", env=None) -> LuaFunction:
        """Compile a text chunk; raises LuaSyntaxError."""
        return compile_lua(self.state, source, name, env)

    @property
    def globals(self) -> LuaTable:
        return self.state.globals

    # ------------------------------------------------------------ running
    def execute(self, source_or_function, *args, fuel: Optional[int] = None):
        """Run to completion; returns None, one value, or a tuple."""
        fn = source_or_function
        if isinstance(fn, (str, bytes)):
            fn = self.load(fn, "=(execute)")
        ex = Executor(self, fn, *args)
        if fuel is None:
            while not ex.step(1 << 62):
                pass
        else:
            if not ex.step(fuel):
                ex.close()
                raise FuelExhausted("fuel exhausted after %d units" % fuel)
        r = ex.result()
        if not r:
            return None
        if len(r) == 1:
            return r[0]
        return r

    def to_lua(self, v):
        if isinstance(v, str):
            return v.encode("utf-8", "surrogateescape")
        return v

    def to_python(self, v):
        if v.__class__ is bytes:
            return v.decode("utf-8", "surrogateescape")
        return v
