-- Generic for over ipairs and pairs/next (stepped inline over plain
-- tables): holes, hash parts, metatables set before and during the loop,
-- changes during the traversal, reused iterators, hooks.
local function collect(iter, s, c)
  local out = {}
  for k, v in iter, s, c do out[#out + 1] = tostring(k) .. "=" .. tostring(v) end
  return table.concat(out, " ")
end
local t = {10, 20, nil, 40}
print(collect(ipairs(t)))
local h = {}
h[1], h[2], h[3] = "a", "b", "c"        -- array part
h[5] = "e"                              -- hash part: ipairs stops at 4
print(collect(ipairs(h)))
local g = {}
for i = 3, 1, -1 do g[i] = i end         -- stored backwards: hash first
print(collect(ipairs(g)))

-- __index is honoured by ipairs (5.4), set before or during the loop
local proxy = setmetatable({}, {__index = function(_, i) if i <= 3 then return i * 100 end end})
print(collect(ipairs(proxy)))
local m = {1, 2}
local seen = {}
for i, v in ipairs(m) do
  seen[#seen + 1] = v
  if i == 2 then setmetatable(m, {__index = function(_, k) if k < 5 then return -k end end}) end
end
print(table.concat(seen, " "))

-- growing and shrinking the array during ipairs
local grow = {1, 2, 3}
local n = 0
for i, v in ipairs(grow) do n = n + 1; if i < 6 then grow[#grow + 1] = v * 10 end end
print(n, #grow)
local shrink = {1, 2, 3, 4, 5}
local vals = {}
for i, v in ipairs(shrink) do vals[#vals + 1] = v; shrink[#shrink] = nil end
print(table.concat(vals, " "))

-- the iterator reused with another start; one loop variable
local f = ipairs({})
print(collect(f, {5, 6, 7, 8}, 2))
print(pcall(collect, f, {5, 6}, 1.5))
local cnt = 0
for i in ipairs({1, 2, 3}) do cnt = cnt + i end
print(cnt)

-- pairs: array and hash parts, clearing fields during the traversal
local p = {1, 2, 3, x = "x", y = "y"}
local keys = {}
for k, v in pairs(p) do keys[#keys + 1] = tostring(k); p[k] = nil end
table.sort(keys)
print(table.concat(keys, " "), next(p))
local arr = {}
for i = 1, 10 do arr[i] = i end
local sum = 0
for k, v in pairs(arr) do sum = sum + k * v; if k % 2 == 0 then arr[k] = nil end end
print(sum, arr[1], arr[2], arr[9])
local z = {[0] = "zero", "one", [-1] = "minus"}
local zk = {}
for k, v in pairs(z) do zk[#zk + 1] = k .. v end
table.sort(zk)
print(table.concat(zk, " "))
print(pcall(function() for k in next, {1, 2}, "nokey" do end end))
print(pcall(function() for k in pairs(nil) do end end))
print(pcall(function() for k in ipairs() do end end))

-- __pairs
local pp = setmetatable({}, {__pairs = function(t) return function(_, k) if not k then return 1, "one" end end, t, nil end})
print(collect(pairs(pp)))

-- a call hook sees the iterator calls
local calls = 0
debug.sethook(function() calls = calls + 1 end, "c")
for _ in ipairs({1, 2, 3}) do end
debug.sethook()
print(calls >= 4)
