-- debug library: hooks and getinfo/getlocal details (call events, function
-- identity of hooked levels, transfer info, coroutines, stripped chunks)

-- call hooks see the called function (also while a function statement
-- runs: creating a closure is no call), leaf functions' tail calls,
-- builtins run by their fast path
local seen = {}
debug.sethook(function (e)
  local i = debug.getinfo(2, "fnS")
  seen[#seen + 1] = e .. ":" .. tostring(i.name) .. ":" .. i.what
    .. ":" .. tostring(i.func ~= nil)
end, "c")
local function leaf(x) return x end
function F(a, b) local s = string.find("abc", "b"); return leaf(a) end
F(1, 2)
local t = setmetatable({}, {__index = function(t, k) return k end})
local _ = t.x
debug.sethook()
print(table.concat(seen, " "))

-- call/return/tail call sequence
local ev = {}
local function g(x) return x end
local function f(x) return g(x) end
debug.sethook(function (e) ev[#ev + 1] = e end, "cr")
f(1)
debug.sethook()
print(table.concat(ev, " "))

-- ftransfer/ntransfer: parameters on call, results on return
do
  local on = false
  local inp, out
  local function hook(event)
    if not on then return end
    local ar = debug.getinfo(2, "r")
    local vals = {}
    for i = ar.ftransfer, ar.ftransfer + ar.ntransfer - 1 do
      local _, v = debug.getlocal(2, i)
      vals[#vals + 1] = tostring(v)
    end
    if event == "return" then out = table.concat(vals, ",")
    else inp = table.concat(vals, ",") end
  end
  debug.sethook(hook, "cr")
  on = true; select(2, 10, 20, 30); on = false
  print(inp, out)
  local function foo(a, ...) return ... end
  local function foo1() on = not on; return foo(20, 10, 0) end
  foo1(); on = false
  print(inp, out)
  debug.sethook()
  print(debug.getinfo(1, "r").ftransfer, debug.getinfo(1, "r").ntransfer)
end

-- a builtin's arguments are its "(C temporary)" locals
print(debug.getlocal(0, 1))
print(debug.getlocal(0, 2))
print(debug.getlocal(0, 3))

-- io files have no user values
print(debug.setuservalue(io.stdout, 10))
print(debug.getuservalue(io.stdout))
print(debug.getuservalue(io.stdout, 1))

-- upvalues of builtins: none for library functions, "" for C closures
local it = string.gmatch("abc", "a")
print(debug.getinfo(print, "u").nups, debug.getinfo(it, "u").nups > 0,
      (debug.getupvalue(it, 1)), debug.getupvalue(print, 1))

-- a coroutine's body function; sethook inside a coroutine sets its hook
do
  local function body() coroutine.yield() end
  local co = coroutine.create(body)
  coroutine.resume(co)
  print(debug.getinfo(co, 1, "f").func == body)
  local co2 = coroutine.wrap(function ()
    debug.sethook(function () end, "l")
    coroutine.yield(debug.gethook() ~= nil)
  end)
  print(co2(), debug.gethook())
end

-- a coroutine dead by an error keeps its stack
function DEEP(i)
  if i == 0 then error("boom") else DEEP(i - 1) end
end
local co = coroutine.create(function (x) DEEP(x) end)
print(coroutine.resume(co, 2))
print(debug.traceback(co))
print(debug.getlocal(co, 1, 1))

-- stripped chunks: locals are temporaries, no active lines, nil lines
do
  local s = load(string.dump(function ()
    local a = 12
    local n, v = debug.getlocal(1, 1)
    return n, v
  end, true))
  print(s())
  print(next(debug.getinfo(s, "L").activelines))
  local lines = {}
  debug.sethook(function (e, l) lines[#lines + 1] = tostring(l) end, "l")
  s(); debug.sethook()
  print(table.concat(lines, " "))
end

-- finalizers are named metamethod __gc
setmetatable({}, {__gc = function ()
  local i = debug.getinfo(1, "n")
  print("gc", i.namewhat, i.name)
end})
collectgarbage()

-- count hooks count Lua work, not fuel bookkeeping; an empty loop counts
local n = 0
debug.sethook(function () n = n + 1 end, "", 1)
n = 0; for i = 1, 1000 do end; local c = n
debug.sethook()
print(c > 1000 and c < 1012)
print(pcall(function ()
  debug.sethook(function () error("timeout!") end, "", 100)
  while true do end
end))
debug.sethook()

-- the line running sethook is no new line
local lines = {}
debug.sethook(function (e, l) lines[#lines + 1] = l end, "l"); local x = 1
local y = 2
debug.sethook()
print(table.concat(lines, " "))
