-- Coroutine switches: yields deep in recursion (many stack segments), tail
-- calls at a coroutine's root, yields refused inside C calls, resume errors,
-- wrap errors with positions, nested resume chains and C stack overflow.
local function deep(n)
  if n == 0 then return coroutine.yield("bottom") end
  local v = deep(n - 1)
  if n % 250 == 0 then coroutine.yield(n) end
  return v
end
local d = coroutine.create(deep)
print(coroutine.resume(d, 1000))
for _ = 1, 3 do print(coroutine.resume(d, "x")) end
print(coroutine.resume(d, "back"))
print(coroutine.resume(d, "after"))
print(coroutine.status(d), coroutine.resume(d))

local function tailer(n)
  if n == 0 then return coroutine.yield("t") end
  return tailer(n - 1)
end
local tc = coroutine.wrap(function(n) return tailer(n) end)
print(tc(500), tc("done"))

local g = coroutine.wrap(function()
  return (string.gsub("ab", ".", function(c) coroutine.yield(c) end))
end)
print(pcall(g))
print(pcall(g))
print(coroutine.resume(coroutine.create(function()
  return pcall(table.sort, {3, 2, 1}, function(a, b) coroutine.yield() return a < b end)
end)))
print(coroutine.resume(coroutine.create(function()
  local t = setmetatable({}, {__index = function(_, k) return coroutine.yield(k) end})
  return t.foo
end)))
print(pcall(coroutine.yield, 1))

local outer
outer = coroutine.create(function()
  local inner = coroutine.create(function()
    print("inner sees outer", coroutine.status(outer))
    print(coroutine.resume(outer))
    coroutine.yield("from inner")
    return "inner done"
  end)
  print(coroutine.resume(inner))
  print(coroutine.status(inner), coroutine.isyieldable())
  coroutine.yield("outer yielded")
  print(coroutine.resume(inner))
  print(coroutine.resume(inner))
  return "outer done"
end)
print(coroutine.resume(outer))
print(coroutine.resume(outer))
print(coroutine.status(outer), coroutine.resume(outer))

local w = coroutine.wrap(function(a) local b = coroutine.yield(a + 1) error("bad " .. b) end)
print(w(1))
print(pcall(w, "z"))
print(pcall(w))
local we = coroutine.wrap(function() error({}) end)
print(type(select(2, pcall(we))))
local wn = coroutine.wrap(function() local x = nil; return x.y end)
print(pcall(wn))

local function chain(n)
  if n == 0 then return "bottom" end
  local co = coroutine.wrap(chain)
  return co(n - 1)
end
print(pcall(chain, 150))
local ok, msg = pcall(chain, 300)
print(ok, msg:match("^coswitch.lua:69: ") ~= nil, msg:match("C stack overflow$"))
local function chainr(n)
  if n == 0 then return "bottom" end
  local co = coroutine.create(chainr)
  local ok2, v = coroutine.resume(co, n - 1)
  return v
end
print(chainr(150), chainr(300))

local co = coroutine.create(function(...)
  print("args", select("#", ...), ...)
  print("resumed with", select("#", coroutine.yield()), coroutine.yield(nil, nil))
  return nil, nil
end)
print(coroutine.resume(co, nil, 2, nil))
print(coroutine.resume(co))
print(coroutine.resume(co, 1, nil))
print(select("#", coroutine.resume(co, 5)))
local acc = {}
for v in coroutine.wrap(function() for i = 1, 5 do coroutine.yield(i, -i) end end) do
  acc[#acc + 1] = v
end
print(table.concat(acc, ","))
local co2 = coroutine.create(function()
  local co3 = coroutine.running()
  print(coroutine.resume(co3))
  print(coroutine.close(co3) == nil, pcall(coroutine.close, co3))
  coroutine.yield()
end)
print(coroutine.resume(co2))
print(coroutine.close(co2), coroutine.status(co2))
print(coroutine.resume(co2))
