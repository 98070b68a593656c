"""string.dump and loading binary chunks (vm/dump.py)."""
from __future__ import annotations

import struct
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from vm import Lua
from vm.dump import HEADER
from vm.runtime.errors import LuaError


def run(src: str) -> str:
    out = []
    lua = Lua(sandbox=False, output=out.append)
    lua.execute(lua.load(src, "=t"))
    return "".join(out)


def test_header_is_lua_54():
    lua = Lua(sandbox=False)
    d = lua.execute("return string.dump(function() return 1 end)")
    d = d.encode("utf-8", "surrogateescape") if isinstance(d, str) else d
    assert d.startswith(b"\x1bLua\x54\x00\x19\x93\r\n\x1a\n\x04\x08\x08")
    assert struct.unpack("<qd", d[15:31]) == (0x5678, 370.5)
    assert d.startswith(HEADER)


def test_round_trip_with_fresh_upvalues():
    out = run("""
local x0 = 5
local function adder(y) return x0 + y end
local a2 = load(string.dump(adder), "dumped", "b")
print(debug.getupvalue(a2, 1), select(2, debug.getupvalue(a2, 1)) == _G)
debug.setupvalue(a2, 1, 7)
print(a2(1), adder(1))
local a, b = 20, 30
local x = load(string.dump(function (x)
  if x == "set" then a = 10 + b; b = b + 1 else return a end
end), "", "b", nil)
print(x(), debug.setupvalue(x, 1, "hi"), x(), debug.setupvalue(x, 2, 13))
x("set") print(x())
""")
    assert out == "x0\ttrue\n8\t6\nnil\ta\thi\tb\n23\n"


def test_main_chunk_env_and_nested_functions():
    out = run("""
local main = load("local k = 3; return k * (...)")
print(load(string.dump(main))(5))
print(load(string.dump(load("return v")), "e", "b", {v = 9})())
local nested = load(string.dump(load("return function(a) return function(b) return a + b end end")))
print(nested()(1)(2))
print(load(string.dump(load(string.dump(main))))(2))
""")
    assert out == "15\n9\n3\n6\n"


def test_line_numbers_survive():
    out = run("""
local function f()
  error("here")
end
print(pcall(load(string.dump(f))))
print(debug.getinfo(load(string.dump(f)), "S").linedefined)
""")
    assert out == "false\tt:3: here\n2\n"


def test_strip():
    out = run("""
local f = load(string.dump(function(a) return a + 1 end, true))
print(f(3), select(2, pcall(f, {})):match("^[^:]*:[^:]*:"))
local i = debug.getinfo(f, "S")
print(i.short_src, i.source, i.linedefined)
local n, v = debug.getupvalue(load(string.dump(function() return print end, true)), 1)
print(n, v == _G)
""")
    assert out == "4\t?:-1:\n?\t=?\t2\n(no name)\ttrue\n"


def test_modes_and_errors():
    out = run("""
local d = string.dump(function() return 1 end)
print(load(d, "x", "t"))
print(load("return 1", "x", "b"))
print(pcall(string.dump, print))
print(pcall(string.dump))
print(load(d:sub(1, 20)))
print(load(d:sub(1, 40), "=name"))
local c = d:sub(1, 4) .. "\\83" .. d:sub(6)
print(load(c))
""")
    assert out == ("nil\tattempt to load a binary chunk (mode is 't')\n"
                   "nil\tattempt to load a text chunk (mode is 'b')\n"
                   "false\tunable to dump given function\n"
                   "false\tbad argument #1 to 'string.dump' (function expected, got no value)\n"
                   "nil\tbinary string: bad binary format (truncated chunk)\n"
                   "nil\tname: bad binary format (truncated chunk)\n"
                   "nil\tbinary string: bad binary format (version mismatch)\n")


def test_every_truncation_fails():
    out = run("""
local c = string.dump(function() local a = 1 return a end)
local ok = true
for i = 1, #c - 1 do
  local f, msg = load(c:sub(1, i))
  if f or not msg:find("truncated") then ok = false end
end
print(ok, load(c)())
""")
    assert out == "true\t1\n"


def test_sandbox_has_no_binary_chunks():
    lua = Lua()
    with pytest.raises(LuaError):
        lua.execute("return string.dump(function() end)")
