-- Weak tables and collectgarbage: only what is certain after a full
-- collection is printed (the collector may run earlier, never later).

local function count(t)
  local n = 0
  for _ in pairs(t) do n = n + 1 end
  return n
end

local function sorted_keys(t)
  local ks = {}
  for k in pairs(t) do ks[#ks + 1] = tostring(k) end
  table.sort(ks)
  return table.concat(ks, " ")
end

-- weak keys
do
  local t = setmetatable({}, {__mode = "k"})
  local keep = {}
  t[keep] = "kept"
  t[{}] = "lost"
  t[function () end] = "lost too"
  t[coroutine.create(print)] = "thread"
  t["str"] = {}          -- strings are values: never removed
  t[42] = {}             -- and numbers
  t[true] = {}
  collectgarbage()
  print("weak keys", count(t), t[keep], type(t.str), type(t[42]), type(t[true]))
  keep = nil
  collectgarbage()
  print("after dropping the key", count(t))
end

-- weak values
do
  local t = setmetatable({}, {__mode = "v"})
  local keep = {}
  for i = 1, 10 do t[i] = {} end
  t[3] = keep
  t.a = {}
  t.b = keep
  t.s = "a string"
  t[11] = 11
  t[{}] = "strong key, string value"
  collectgarbage()
  print("weak values", count(t), t[3] == keep, t.b == keep, t.s, t[11], t.a)
  print("border", #t == 3 or #t == 0 or #t == 11)
end

-- both
do
  local t = setmetatable({}, {__mode = "kv"})
  local k, v = {}, {}
  t[k] = v
  t[1] = k
  t[{}] = 1
  t[2] = {}
  t.x = "x"
  collectgarbage()
  print("kv", count(t), t[k] == v, t[1] == k, t[2], t.x)
  k, v = nil, nil
  collectgarbage()
  print("kv after", sorted_keys(t))
end

-- ephemerons: a value refers to its own key
do
  local e = setmetatable({}, {__mode = "k"})
  local live = {}
  e[live] = {live}
  for i = 1, 5 do local k = {}; e[k] = {k, i} end
  collectgarbage()
  print("ephemeron cycle", count(e), e[live][1] == live)
  -- a chain: each key is reachable only through the previous value
  local chain = setmetatable({}, {__mode = "k"})
  local first = {}
  local prev = first
  for i = 1, 50 do local n = {}; chain[prev] = {next = n, i = i}; prev = n end
  prev = nil
  collectgarbage()
  local n, steps = first, 0
  while chain[n] do n = chain[n].next; steps = steps + 1 end
  print("chain", steps, count(chain))
  first = nil
  collectgarbage()
  print("chain dropped", count(chain))
end

-- a value kept only by a weak-keyed table stays while its key lives
do
  local cache = setmetatable({}, {__mode = "k"})
  local obj = {}
  cache[obj] = {data = {1, 2, 3}}
  collectgarbage()
  print("cache", #cache[obj].data)
end

-- collected during a traversal: 'next' goes on
do
  local t = setmetatable({}, {__mode = "k"})
  local keep = {}
  for i = 1, 20 do t[{}] = i end
  t[keep] = 0
  local seen = 0
  for k, v in pairs(t) do
    seen = seen + 1
    collectgarbage()
  end
  collectgarbage()
  print("traversal ok", seen >= 1, count(t), t[keep])
end

-- automatic collection: no explicit call
do
  local x = setmetatable({}, {__mode = "kv"})
  x[1] = {}
  local n = 0
  while x[1] do local a = ("x"):rep(100) .. "y"; n = n + 1 end
  print("automatic collection", x[1], n > 0)
end

-- coroutines and closures as weak values
do
  local C = setmetatable({}, {__mode = "kv"})
  local co = coroutine.wrap(function () while true do coroutine.yield(1) end end)
  C[1] = co
  C[2] = function () return co end
  C[3] = coroutine.create(function () end)
  co()
  co = nil
  collectgarbage()
  print("functions and threads", C[1], C[2], C[3])
end

-- locals out of scope do not keep anything; locals in scope do
do
  local t = setmetatable({}, {__mode = "k"})
  for i = 1, 3 do local k = {}; t[k] = i end
  local anchor = {}
  t[anchor] = "anchor"
  collectgarbage()
  print("scopes", count(t))
end

-- __mode set on the metatable after setmetatable
do
  local mt = {}
  local t = setmetatable({}, mt)
  mt.__mode = "k"
  t[{}] = 1
  collectgarbage()
  print("late __mode", count(t))
  local mt2 = {__mode = "x"}   -- neither k nor v: a strong table
  local s = setmetatable({}, mt2)
  s[{}] = 1
  collectgarbage()
  print("__mode 'x'", count(s))
  print("mode kept", getmetatable(t).__mode)
end

-- library functions are like light C functions: never collected
do
  local t = setmetatable({}, {__mode = "k"})
  t[print] = 1
  t[string.rep] = 2
  collectgarbage()
  print("builtins", count(t))
end

-- collectgarbage options
print(type(collectgarbage("count")), collectgarbage("count") > 0)
print(collectgarbage(), collectgarbage("collect"))
print(type(collectgarbage("step", 0)), type(collectgarbage("step")))
print(collectgarbage("isrunning"))
print(collectgarbage("stop"), collectgarbage("isrunning"))
print(collectgarbage("restart"), collectgarbage("isrunning"))
collectgarbage("incremental")   -- (the standalone lua starts generational)
print(collectgarbage("incremental"), collectgarbage("generational"))
print(collectgarbage("generational"), collectgarbage("incremental"))
local p = collectgarbage("setpause", 100)
print(collectgarbage("setpause", p))
local m = collectgarbage("setstepmul", 300)
print(collectgarbage("setstepmul", m))
print(pcall(collectgarbage, "bogus"))
print(pcall(collectgarbage, {}))
print(pcall(collectgarbage, 1))
