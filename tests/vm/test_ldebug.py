"""debug library (outside the sandbox): levels, names, locals, upvalues,
metatables, hooks.  Expected values observed with lua 5.4.8."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from vm import Lua
from vm.runtime.errors import LuaError


def run(src: str) -> str:
    out = []
    lua = Lua(sandbox=False, output=out.append)
    lua.execute(lua.load(src, "=t"))
    return "".join(out)


def test_no_debug_in_sandbox():
    lua = Lua()
    assert lua.eval("debug") is None
    with pytest.raises(LuaError):
        lua.execute("return string.dump(function() end)")


def test_registered_in_package_loaded():
    assert run("print(require('debug') == debug, package.loaded.debug == debug)") == "true\ttrue\n"


def test_getinfo_fields_and_names():
    out = run("""
local function F(a)
  local t = debug.getinfo(1, "nSlu")
  print(t.name, t.namewhat, t.what, t.currentline, t.linedefined, t.lastlinedefined,
        t.nups, t.nparams, t.isvararg, t.short_src)
end
F(1)
local o = {m = F}
o:m()
G = F
G()
local m = debug.getinfo(1, "S")
print(m.what, m.linedefined, m.lastlinedefined)
local c = debug.getinfo(print)
print(c.what, c.short_src, c.source, c.currentline)
print(debug.getinfo(50), debug.getinfo(F, "f").func == F)
""")
    assert out == (
        "F\tlocal\tLua\t3\t2\t6\t1\t1\tfalse\tt\n"
        "m\tmethod\tLua\t3\t2\t6\t1\t1\tfalse\tt\n"
        "G\tglobal\tLua\t3\t2\t6\t1\t1\tfalse\tt\n"
        "main\t0\t0\n"
        "C\t[C]\t=[C]\t-1\n"
        "nil\ttrue\n")


def test_getinfo_invalid_option():
    out = run("print(pcall(debug.getinfo, 1, 'x')) print(pcall(debug.getinfo, 1, '>S'))")
    assert out == ("false\tbad argument #2 to 'debug.getinfo' (invalid option)\n"
                   "false\tbad argument #2 to 'debug.getinfo' (invalid option '>')\n")


def test_metamethod_and_pcall_names():
    out = run("""
local t = setmetatable({}, {__index = function() return debug.getinfo(1, "n").namewhat .. ":" .. debug.getinfo(1, "n").name end})
print(t.x)
print(pcall(function() return debug.getinfo(2, "n").name end))
""")
    assert out == "metamethod:index\ntrue\tpcall\n"


def test_traceback_format():
    out = run("""
local function lvl2() return debug.traceback("msg") end
local function lvl1() local r = lvl2() return r end
print(lvl1())
print(debug.traceback(42), debug.traceback(nil) ~= nil)
local t = {}
print(debug.traceback(t) == t)
""")
    assert out == ("msg\nstack traceback:\n"
                   "\tt:2: in upvalue 'lvl2'\n"
                   "\tt:3: in local 'lvl1'\n"
                   "\tt:4: in main chunk\n"
                   "\t[C]: in ?\n"
                   "42\nstack traceback:\n\tt:5: in main chunk\n\t[C]: in ?\ttrue\n"
                   "true\n")


def test_traceback_in_xpcall_handler_sees_error_stack():
    out = run("""
local function bad() local x = nil; return x.y end
print(xpcall(bad, debug.traceback))
""")
    assert out == ("false\tt:2: attempt to index a nil value (local 'x')\nstack traceback:\n"
                   "\tt:2: in function <t:2>\n"
                   "\t[C]: in function 'xpcall'\n"
                   "\tt:3: in main chunk\n\t[C]: in ?\n")


def test_traceback_skips_middle_levels():
    out = run("""
local function r(n) if n == 0 then return debug.traceback() end local s = r(n - 1) return s end
print(r(30))
""")
    lines = out.splitlines()
    assert lines[0] == "stack traceback:"
    assert "\t...\t(skipping 11 levels)" in lines
    assert len(lines) == 1 + 10 + 1 + 11


def test_getlocal_setlocal():
    out = run("""
local function f(p1, p2, ...)
  local a = 10
  do
    local inner = 20
  end
  local b = 30
  local i = 1
  while i <= 5 do
    local name, value = debug.getlocal(1, i)
    if not name then break end
    print(i, name, value)
    i = i + 1
  end
  print(debug.getlocal(1, -1), debug.getlocal(1, -3))
  print(debug.setlocal(1, 3, 11), a, debug.setlocal(1, 4, 31), b)
  print(debug.setlocal(1, -2, "V"), ...)
  print(pcall(debug.getlocal, 40, 1))
end
f(1, 2, "x", "y")
print(debug.getlocal(f, 2), debug.getlocal(f, 3))
""")
    assert out == ("1\tp1\t1\n2\tp2\t2\n3\ta\t10\n4\tb\t30\n5\ti\t5\n"
                   "(vararg)\tnil\n"
                   "a\t11\tb\t31\n"
                   "(vararg)\tx\tV\n"
                   "false\tbad argument #1 to 'debug.getlocal' (level out of range)\n"
                   "p2\tnil\n")


def test_getlocal_of_suspended_coroutine():
    out = run("""
local co = coroutine.create(function(a) local b = a * 2; coroutine.yield(b) end)
coroutine.resume(co, 21)
print(debug.getinfo(co, 0).what, debug.getinfo(co, 1).currentline, debug.getinfo(co, 2))
print(debug.getlocal(co, 1, 1), debug.getlocal(co, 1, 2))
print(debug.setlocal(co, 1, 2, "c"), debug.getlocal(co, 1, 2))
print(debug.traceback(co))
""")
    assert out == ("C\t2\tnil\n" "a\tb\t42\n" "b\tb\tc\n"
                   "stack traceback:\n\t[C]: in function 'coroutine.yield'\n"
                   "\tt:2: in function <t:2>\n")


def test_upvalues():
    out = run("""
local u1, u2 = 1, 2
local function g() return u1 + u2 end
local function h() return u2 end
print(debug.getupvalue(g, 1), debug.getupvalue(g, 2), select('#', debug.getupvalue(g, 3)))
print(debug.setupvalue(g, 1, 100), g(), u1, select('#', debug.setupvalue(g, 9, 1)))
print(debug.upvalueid(g, 2) == debug.upvalueid(h, 1), debug.upvalueid(g, 1) == debug.upvalueid(h, 1))
print(type(debug.upvalueid(g, 1)), debug.upvalueid(g, 3))
debug.upvaluejoin(g, 1, h, 1)
print(g())
print(pcall(debug.upvaluejoin, g, 3, h, 1))
print(debug.upvalueid(string.gmatch("x", "x"), 1) ~= nil, select('#', debug.getupvalue(print, 1)))
""")
    assert out == ("u1\tu2\t0\n"
                   "u1\t102\t100\t0\n"
                   "true\tfalse\n"
                   "userdata\tnil\n"
                   "4\n"
                   "false\tbad argument #2 to 'debug.upvaluejoin' (invalid upvalue index)\n"
                   "true\t0\n")


def test_metatables_of_all_types():
    out = run("""
debug.setmetatable(10, {__index = {twice = function(n) return n * 2 end}})
print((21):twice(), (1.5):twice())
debug.setmetatable(1, nil)
print(pcall(function() return (1):twice() end))
debug.setmetatable(nil, {__index = function() return "nilidx" end})
print((nil).x)
debug.setmetatable(nil, nil)
debug.setmetatable(true, {__len = function() return 99 end})
print(#false, debug.getmetatable(true) ~= nil)
debug.setmetatable(true, nil)
debug.setmetatable(print, {__index = {kind = "fn"}})
print(print.kind, (function() end).kind)
debug.setmetatable(print, nil)
print(debug.getmetatable("").__index == string, debug.getregistry() ~= nil)
""")
    assert out == ("42\t3.0\n"
                   "false\tt:5: attempt to index a number value\n"
                   "nilidx\n"
                   "99\ttrue\n"
                   "fn\tfn\n"
                   "true\ttrue\n")


def test_hooks_call_return_line():
    out = run("""
local trace = {}
local function hook(ev, line) trace[#trace + 1] = ev .. (line and (":" .. line) or "") end
local function leaf(x)
  local y = x + 1
  return y
end
debug.sethook(hook, "crl")
leaf(1)
debug.sethook()
print(table.concat(trace, " "))
print(debug.gethook())
""")
    assert out == ("return line:9 call line:5 line:6 return line:10 call\n"
                   "nil\n")


def test_hook_on_coroutine_only():
    out = run("""
local co = coroutine.create(function ()
  coroutine.yield(10)
  return 20
end)
local tr = {}
debug.sethook(co, function(e) tr[#tr + 1] = e end, "clr")
repeat until not coroutine.resume(co)
print(table.concat(tr, " "), debug.gethook(), debug.gethook(co) ~= nil)
""")
    assert out == "call line call return line return\tnil\ttrue\n"


def test_count_hook_and_error_in_hook():
    out = run("""
local n = 0
debug.sethook(function() n = n + 1 end, "", 10)
for i = 1, 1000 do local x = i end
debug.sethook()
print(n > 10)
print(pcall(function()
  debug.sethook(function() error("timeout!") end, "", 100)
  while true do end
end))
debug.sethook()
local k = 0
debug.sethook(function() k = k + 1 end, "l")
local a = 1
a = 2
debug.sethook()
print(k)
""")
    assert out == "true\nfalse\tt:8: timeout!\n3\n"


def test_return_hook_names():
    out = run("""
local names = {}
local function leaf(x) return x end
debug.sethook(function(ev) names[#names + 1] = ev .. " " .. tostring(debug.getinfo(2, "n").name) end, "r")
leaf(5)
debug.sethook()
print(table.concat(names, ", "))
""")
    assert out == "return sethook, return leaf\n"


def test_uservalues():
    out = run("""
local lud = debug.upvalueid(function() return print end, 1)
print(pcall(debug.setuservalue, lud, {}))
print(debug.getuservalue(1))
""")
    assert out == ("false\tbad argument #1 to 'debug.setuservalue' (userdata expected, got light userdata)\n"
                   "nil\n")
