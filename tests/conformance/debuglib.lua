-- debug library and string.dump / binary load

local function F(a)
  local t = debug.getinfo(1, "nSlu")
  print(t.name, t.namewhat, t.what, t.currentline, t.linedefined, t.lastlinedefined,
        t.nups, t.nparams, t.isvararg, t.short_src, t.source)
  return a
end
F(1)
local obj = {m = F}
obj.m(2)
obj:m()
GLOBALF = F
GLOBALF(3)

local t = debug.getinfo(1, "Sl")
print(t.what, t.linedefined, t.lastlinedefined, t.currentline)
t = debug.getinfo(print)
print(t.what, t.short_src, t.source, t.currentline, t.linedefined, t.nups, t.isvararg)
print(debug.getinfo(1, "f").func ~= nil, debug.getinfo(F, "f").func == F)
print(debug.getinfo(100), pcall(debug.getinfo, 1, ">"))
print(pcall(debug.getinfo, 1, "x"))

-- activelines
local function lines3()
  local x = 1
  return x
end
local al = {}
for l in pairs(debug.getinfo(lines3, "L").activelines) do al[#al + 1] = l end
table.sort(al)
print(table.concat(al, " "))

-- tracebacks
local function lvl3() return debug.traceback("msg") end
local function lvl2() local r = lvl3() return r end
print(lvl2())
print(debug.traceback("at 2", 2))
print(debug.traceback(42))
print(debug.traceback({}) ~= nil, type(debug.traceback(nil)))
local function bad() local x = nil; return x.y end
print(xpcall(bad, debug.traceback))
print(select(2, pcall(error)))

-- getlocal / setlocal
local function locs(p1, p2, ...)
  local a = 10
  do
    local inner = 20
  end
  local b = 30
  local i = 1
  while true do
    local name, value = debug.getlocal(1, i)
    if not name then break end
    print("local", i, name, value)
    i = i + 1
  end
  print(debug.getlocal(1, -1), debug.getlocal(1, -2), debug.getlocal(1, -3))
  print(debug.setlocal(1, 3, 11), a)
  print(debug.setlocal(1, 1, "P"), p1)
  print(debug.setlocal(1, -1, "V"), ...)
  print(pcall(debug.getlocal, 50, 1))
end
locs(1, 2, "va1", "va2")
print(debug.getlocal(locs, 1), debug.getlocal(locs, 2), debug.getlocal(locs, 3))
print(debug.getlocal(print, 1))

-- upvalues
local u1, u2 = 1, 2
local function g() return u1 + u2 end
local function h() return u2 end
print(debug.getupvalue(g, 1), debug.getupvalue(g, 2))
print(select("#", debug.getupvalue(g, 3)), debug.getupvalue(g, 0))
print(debug.setupvalue(g, 1, 100), g(), u1)
print(debug.setupvalue(g, 5, 0))
print(debug.upvalueid(g, 2) == debug.upvalueid(h, 1), debug.upvalueid(g, 1) == debug.upvalueid(h, 1))
print(type(debug.upvalueid(g, 1)), debug.upvalueid(g, 3))
debug.upvaluejoin(g, 1, h, 1)
print(g(), debug.upvalueid(g, 1) == debug.upvalueid(h, 1))
print(pcall(debug.upvaluejoin, g, 3, h, 1))
print(pcall(debug.upvaluejoin, print, 1, h, 1))
print(pcall(debug.setuservalue, debug.upvalueid(g, 1), {}))
print(debug.getuservalue(1))

-- metatables of every type
local mt = {__index = {twice = function(n) return n * 2 end}}
print(debug.setmetatable(10, mt))
print((21):twice(), (1.5):twice(), debug.getmetatable(3) == mt)
debug.setmetatable(10, nil)
print(pcall(function() return (1):twice() end))
debug.setmetatable(nil, {__index = function() return "nilidx" end})
print((nil).anything)
debug.setmetatable(nil, nil)
debug.setmetatable(true, {__len = function() return 99 end})
print(#true)
debug.setmetatable(true, nil)
debug.setmetatable(print, {__index = {kind = "fn"}})
print(F.kind, print.kind)
debug.setmetatable(print, nil)
print(debug.getmetatable("x").__index == string, type(debug.getregistry()))
print(pcall(debug.setmetatable, 1, 2))

-- hooks
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
local fn, mask, count = (function()
  debug.sethook(hook, "cr", 7)
  local a, b, c = debug.gethook()
  debug.sethook()
  return a, b, c
end)()
print(fn == hook, mask, count)
local names = {}
debug.sethook(function(ev) names[#names + 1] = ev .. " " .. tostring(debug.getinfo(2, "n").name) end, "r")
leaf(5)
debug.sethook()
print(table.concat(names, ", "))
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
local co = coroutine.create(function ()
  coroutine.yield(10)
  return 20
end)
local ctrace = {}
debug.sethook(co, function(e) ctrace[#ctrace + 1] = e end, "clr")
repeat until not coroutine.resume(co)
print(table.concat(ctrace, " "), debug.gethook())

-- threads
local co2 = coroutine.create(function(a)
  local b = a * 2
  coroutine.yield(b)
end)
coroutine.resume(co2, 21)
print(debug.traceback(co2))
print(debug.traceback(co2, "with msg", 1))
print(debug.getinfo(co2, 0).what, debug.getinfo(co2, 1).currentline, debug.getinfo(co2, 2))
print(debug.getlocal(co2, 1, 1), debug.getlocal(co2, 1, 2))
print(debug.setlocal(co2, 1, 2, "changed"), debug.getlocal(co2, 1, 2))
print(coroutine.wrap(function() return debug.traceback("in co") end)())

-- string.dump and binary chunks
local x0 = 5
local function adder(y) return x0 + y end
local d = string.dump(adder)
print(type(d), d:sub(1, 4) == "\27Lua", #d > 20)
local a2 = load(d, "dumped", "b")
print(debug.getupvalue(a2, 1))
debug.setupvalue(a2, 1, 7)
print(a2(1))
print(load(d, "dumped", "t"))
print(load("return 1", "txt", "b"))
print(pcall(string.dump, print))
print(pcall(string.dump))
local main = load("local k = 3; return k * (...)")
print(load(string.dump(main))(5))
local env = {v = 9}
print(load(string.dump(load("return v")), "e", "b", env)())
local sd = load(string.dump(function(p) return p + 1 end, true))
print(sd(1), select(2, pcall(sd, {})):match("^[^:]*:[^:]*:"))
print(debug.getinfo(sd, "S").short_src, debug.getinfo(sd, "S").source)
print(load(string.dump(function() return 1 end):sub(1, 20)))
local nested = load(string.dump(load("return function(a) return function(b) return a + b end end")))
print(nested()(1)(2))
