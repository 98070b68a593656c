-- Locals indexed by computed keys get an alias of their table's array part:
-- stores, appends, holes, tables given later metatables, and weak tables
-- (the alias must not keep weak values alive, running or suspended).
local function fill(n)
  local p, q = {}, {}
  for i = 1, n do p[i] = i * i end
  for i = n, 1, -1 do q[#q + 1] = p[i] end
  q[n + 2] = "gap"                       -- into the hash part
  q[n + 1] = "filled"                    -- migrates
  local s = 0
  for i = 1, #q do if type(q[i]) == "number" then s = s + q[i] end end
  return s, #q, q[n + 1], q[n + 2], q[1], q[0], q[-1], q[1.0], q[2.5]
end
print(fill(5))
print(fill(0))

local function shrink(t)
  for i = #t, 1, -1 do t[i] = nil end
  t[1] = "again"
  return #t, t[1], t[2]
end
print(shrink({1, 2, 3}))

local function withmeta(t, k)
  local seen = {}
  for i = 1, 3 do seen[#seen + 1] = t[i] end
  setmetatable(t, {__index = function(_, key) return "mm" .. key end,
                   __newindex = function(tt, key, v) rawset(tt, key, v * 10) end})
  t[k] = 7
  return seen[1], seen[2], seen[3], t[k], t[k + 1], rawget(t, k)
end
print(withmeta({1, 2}, 3))
print(pcall(withmeta, "str", 1))

local function weakarr()
  local t = setmetatable({}, {__mode = "v"})
  for i = 1, 6 do t[i] = {} end
  local keep = t[2]
  collectgarbage()
  local n = 0
  for i = 1, 6 do if t[i] ~= nil then n = n + 1 end end
  return n, t[2] == keep
end
print(weakarr())

local co = coroutine.wrap(function()
  local t = setmetatable({}, {__mode = "v"})
  for i = 1, 4 do t[i] = {} end
  local keep = t[4]
  coroutine.yield()
  local n = 0
  for i = 1, 4 do if t[i] ~= nil then n = n + 1 end end
  coroutine.yield(n, t[4] == keep)
end)
co()
collectgarbage()
print(co())
