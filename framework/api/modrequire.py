"""``require`` confined to the mod's own folder, cached per arena.

``require "ai.steer"`` looks for ``<mod>/ai/steer.lua`` then ``<mod>/ai/steer/init.lua``;
module names are dotted identifiers, so nothing outside the mod folder can be named
(symbolic links leading outside are refused too).  The module chunk runs inside the
caller's executor — on the mod's fuel, suspendable like any Lua code — because
``require`` itself is written in Lua; Python only finds and compiles the file.
Results are cached in the arena (``package.loaded``-like), so a module runs once.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import vm

from ..hookspecs import hookimpl
from ..plain import to_text

__all__ = ["RequireApi", "find_module"]

_MODULE_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$")

# Runs once per arena with the Python finder as argument; returns the `require` function.
_REQUIRE_LUA = """
local find = ...
local loaded, loading = {}, {}
local error, type = error, type
return function(name)
  if type(name) ~= "string" then
    error("bad argument #1 to 'require' (string expected, got " .. type(name) .. ")", 2)
  end
  local value = loaded[name]
  if value ~= nil then return value end
  if loading[name] then error("loop while requiring module '" .. name .. "'", 2) end
  local chunk, where, level = find(name)
  if not chunk then error(where, level) end
  loading[name] = true
  local ok, result = pcall(chunk, name, where)
  loading[name] = nil
  if not ok then error(result, 0) end
  if result == nil then result = true end
  loaded[name] = result
  return result
end
"""


def find_module(folder: Path, name: str) -> Path | str:
    """The file for module ``name`` inside ``folder``, or a Lua-style 'not found' message."""
    if not _MODULE_RE.match(name):
        return f"module '{name}' not found: invalid module name (use dotted names like 'ai.steer')"
    rel = name.replace(".", "/")
    root = folder.resolve()
    tried = []
    for candidate in (f"{rel}.lua", f"{rel}/init.lua"):
        tried.append(candidate)
        path = (folder / candidate)
        if path.is_file():
            if not path.resolve().is_relative_to(root):
                return f"module '{name}' not found: '{candidate}' leads outside the mod folder"
            return path
    return f"module '{name}' not found:" + "".join(f"\n\tno file '{t}'" for t in tried)


class RequireApi:
    """Plugin installing ``require`` in every arena (always granted: group ``_G``)."""

    @hookimpl
    def moonbox_register_api(self, host: Any, mod: Any) -> dict[str, dict[str, Any]]:
        lua = mod.lua

        def find(name: Any) -> tuple[Any, str, int]:
            """(chunk, file) or (nil, message, error level): a syntax error already
            says where it is; 'not found' points at the require call."""
            text = to_text(name)
            found = find_module(mod.folder, text)
            if isinstance(found, str):
                return None, found, 3
            try:
                return mod.compile_file(found), mod.chunk_name(found)[1:], 0
            except vm.LuaSyntaxError as exc:
                return None, str(exc), 0
            except (OSError, UnicodeDecodeError) as exc:
                return None, f"module '{text}': cannot read: {exc}", 3

        maker = lua.load(_REQUIRE_LUA, "=[moonbox require]")
        require = lua.execute(maker, lua.function(find, "require"))
        return {"_G": {"require": require}}
