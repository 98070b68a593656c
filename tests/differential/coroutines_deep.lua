-- coroutines in depth
local function gen(n) return coroutine.wrap(function() for i = 1, n do coroutine.yield(i) end end) end
local s = 0 for v in gen(10) do s = s + v end print(s)
local co = coroutine.create(function(a) local b = coroutine.yield(a * 2) error("boom " .. b) end)
print(coroutine.resume(co, 5)) print(coroutine.resume(co, "x")) print(coroutine.status(co), coroutine.resume(co))
print(coroutine.isyieldable())
local co2 = coroutine.create(function() print(coroutine.isyieldable(), coroutine.status(coroutine.running())) end)
coroutine.resume(co2)
local outer = coroutine.create(function()
  local inner = coroutine.create(function() coroutine.yield("inner") return "inner done" end)
  print("o1", coroutine.resume(inner))
  print("status of outer from inner perspective", coroutine.status(coroutine.running()))
  coroutine.yield("outer")
  print("o2", coroutine.resume(inner))
end)
print(coroutine.resume(outer)) print(coroutine.resume(outer))
-- yield across pcall and metamethods
local co3 = coroutine.wrap(function()
  local t = setmetatable({}, {__index = function(t, k) return coroutine.yield(k) end})
  local v = t.hello
  local ok, w = pcall(function() return coroutine.yield("in pcall") end)
  return v, ok, w
end)
print(co3()) print(co3("V")) print(co3("W"))
-- table.sort with yielding comparator
local co4 = coroutine.wrap(function()
  local t = {3, 1, 2}
  table.sort(t, function(a, b) coroutine.yield() return a < b end)
  return table.concat(t, ",")
end)
print(pcall(co4))
print(coroutine.close(coroutine.create(print)))
local cw = coroutine.wrap(function() return 1, 2, 3 end) print(cw())
print(pcall(coroutine.wrap(function() error({msg = "tbl"}) end)))
print(select("#", coroutine.running()))
local co5 = coroutine.create(function(...) return select("#", ...), ... end)
print(coroutine.resume(co5, nil, nil))
