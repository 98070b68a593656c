"""moonbox VM: a pure-Python, stackless, fuel-metered, sandboxed Lua 5.4.

The public API for hosts (see ``docs/embedding.md``):

* :class:`Lua` — one arena: ``load``, ``execute``, ``eval``, ``globals``,
  ``table_from``, ``table``, ``function``, ``sequence``, ``coroutine``,
  ``register_type``, ``to_lua``, ``to_python``;
* :class:`Executor` — stepped, fuel-limited execution;
* handles: :class:`LuaTable`, :class:`LuaFunction`, :class:`LuaCoroutine`,
  :class:`LuaUserdata`;
* sequence requests: :class:`Call`, :class:`Yield`;
* userdata declarations: :func:`userdata`, :class:`UserdataType`;
* argument checks for callbacks: :func:`arg_error`, ``check_*``, ``opt_*``,
  :func:`lua_error`;
* errors: :class:`LuaError`, :class:`LuaSyntaxError`,
  :class:`LuaMemoryError`, :class:`FuelExhausted`.
"""
from __future__ import annotations

from .convert import (Call, LuaCoroutine, LuaFunction, LuaHandle, LuaTable,
                      LuaUserdata, UserdataType, arg_error, check_function,
                      check_int, check_number, check_str, check_table,
                      check_userdata, lua_error, opt_int, opt_number, opt_str,
                      userdata)
from .executor import Coroutine, Executor
from .lua import Lua
from .runtime.errors import FuelExhausted, LuaError, LuaMemoryError, LuaSyntaxError
from .runtime.requests import Yield

__all__ = [
    "Lua", "Executor", "Coroutine",
    "LuaError", "LuaSyntaxError", "LuaMemoryError", "FuelExhausted",
    "LuaHandle", "LuaTable", "LuaFunction", "LuaCoroutine", "LuaUserdata",
    "Call", "Yield",
    "userdata", "UserdataType",
    "arg_error", "lua_error", "check_int", "check_number", "check_str",
    "check_table", "check_function", "check_userdata",
    "opt_int", "opt_number", "opt_str",
]
