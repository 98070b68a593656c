-- tracebacks of coroutines: suspended, dead by an error, running
local co = coroutine.create(function(a)
  local function inner(x) coroutine.yield(x) end
  inner(a)
  local t = {}
  t.m = function(self) coroutine.yield(2) end
  t:m()
  error("dead")
end)
print(coroutine.resume(co, 1))
print(debug.traceback(co))
print(debug.traceback(co, nil, 1))
print(coroutine.resume(co))
print(debug.traceback(co, "lvl"))
print(coroutine.resume(co))
print(debug.traceback(co))
local co2 = coroutine.wrap(function()
  local function g() print(debug.traceback("in co2", 1)) end
  g()
end)
co2()
local function rec(n) if n == 0 then error("bottom") end return 1 + rec(n - 1) end
local co3 = coroutine.create(rec)
print(coroutine.resume(co3, 250))
print(debug.traceback(co3))
local co4 = coroutine.create(function() local x = nil; return x.y end)
print(coroutine.resume(co4))
print(debug.traceback(co4))
