-- Computed keys landing in the hash part: integers outside the array part
-- (a sieve from 2, 0-based and negative indices), strings, floats with
-- integer values, booleans, deletions, filling the gap, metamethods.
local function sieve(n)
  local s = {}
  for i = 2, n do s[i] = true end
  for i = 2, n do
    if s[i] then for j = i * i, n, i do s[j] = false end end
  end
  local c = 0
  for i = 2, n do if s[i] then c = c + 1 end end
  return c, #s == 0 or #s == n, s[1], s[n + 1]
end
print(sieve(1000))

local z = {}
for i = 0, 9 do z[i] = i * i end
for i = -3, -1 do z[i] = i end
local sum = 0
for i = -3, 9 do sum = sum + z[i] end
print(sum, #z, z[0], z[-3], z[10])

local d = {}
local words = {"a", "b", "a", "c", "b", "a"}
for _, w in ipairs(words) do d[w] = (d[w] or 0) + 1 end
print(d.a, d.b, d.c, d.d)
local k = "a"
d[k] = nil
print(d.a, d[k], next(d) ~= nil)

local f = {}
f[2.0] = "two"; f[3] = "three"; local two, half = 2, 0.5
print(f[2], f[two], f[3.0], f[2.5], f[half])
f[true] = "yes"; f[1] = "one"
local t, one = true, 1
print(f[t], f[one], f[true], f[1], #f)

-- filling the gap migrates the hash part into the array part
local g = {}
for i = 3, 6 do g[i] = i end
print(#g)
g[2] = 2; g[1] = 1
print(#g, g[6])
for i = 6, 1, -1 do g[i] = nil end
print(#g, next(g))

-- metatables: __index for absent computed keys, __newindex only for absent
local log = {}
local m = setmetatable({[5] = "five", x = "ex"}, {
  __index = function(_, key) return "mm:" .. tostring(key) end,
  __newindex = function(tb, key, v) log[#log + 1] = tostring(key); rawset(tb, key, v) end})
local five, x, six, y = 5, "x", 6, "y"
print(m[five], m[x], m[six], m[y])
m[five] = "FIVE"; m[x] = "EX"; m[six] = "SIX"; m[y] = "WHY"
print(m[five], m[x], m[six], m[y], table.concat(log, ","))
print(pcall(function() local n = nil; local q = {}; q[n] = 1 end))
print(pcall(function() local n = 0/0; local q = {}; q[n] = 1 end))
