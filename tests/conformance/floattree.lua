-- Arithmetic trees over locals and fields are computed speculatively as
-- floats; ints, metamethods, missing fields and zero divisors must give
-- exactly the generic results, with side effects in Lua's order.
local function dist2(p, q)
  local dx, dy = p.x - q.x, p.y - q.y
  return dx * dx + dy * dy
end
print(dist2({x = 1.5, y = 2.5}, {x = 0.5, y = 0.5}))     -- floats
print(dist2({x = 3, y = 4}, {x = 0, y = 0}))             -- ints stay ints
print(dist2({x = 3, y = 4.0}, {x = 0, y = 0}))           -- mixed
print(math.type(dist2({x = 3, y = 4}, {x = 0, y = 0})))
local big = math.maxinteger
print(dist2({x = big, y = 0}, {x = -1, y = 0}))           -- integer wraparound

local log = {}
local V = {}
V.__index = function(t, k) log[#log + 1] = "index " .. k return 2.0 end
V.__add = function(a, b) log[#log + 1] = "add" return 10.0 end
V.__mul = function(a, b) log[#log + 1] = "mul" return 3.0 end
local p = setmetatable({x = 1.0}, V)
local a, b = 2.0, 4.0
local r = p.x * a + p.y * b          -- p.y through __index
print(r, table.concat(log, " "))
log = {}
local o = setmetatable({}, V)
local s = a * 2.0 + o * b            -- __mul on a table leaf
print(s, table.concat(log, " "))

local z, one = 0.0, 1.0
local u = one * 2.0 + one / z        -- zero divisor: inf
local w = (one - one) / z * 3.0 + 1.0
print(u, w ~= w, -z / one * 2.0 + 0.0)
local n = 5
local m = n * 2.0 + n / 2
print(m, math.type(m))
print(pcall(function() local q = {} return q.missing * 2.0 + a * b end))
print(pcall(function() local q = {x = "3"} return q.x * 2.0 + a * b end))
local t = {1.5, 2.5, 3.5}
local acc = 0.0
for i = 1, #t do acc = acc + t[i] * t[i] - t[i] / 2 end
print(acc)
