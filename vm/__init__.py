"""moonbox VM: a pure-Python, stackless, fuel-metered, sandboxed Lua 5.4."""
from __future__ import annotations

from .executor import Coroutine, Executor
from .lua import Lua
from .runtime.errors import FuelExhausted, LuaError, LuaMemoryError, LuaSyntaxError
from .runtime.requests import Yield
from .runtime.values import LuaFunction, LuaTable

__all__ = ["Lua", "Executor", "Coroutine", "LuaError", "LuaSyntaxError",
           "LuaMemoryError", "FuelExhausted", "LuaTable", "LuaFunction",
           "Yield"]
