-- Locals the compiler proves numeric (int, float or either) take typed
-- fast paths; every case here must behave exactly like the generic path.
local mininteger, maxinteger = math.mininteger, math.maxinteger

-- float accumulators and mixed int/float locals
local f, n = 0.0, 0
for i = 1, 10 do
  f = f + i / 4.0
  n = n + i * 0.5     -- starts as an integer, becomes a float
end
print(f, n, math.type(f), math.type(n))

-- NUM locals (int or float at run time) still wrap on integer overflow
local a = 1.5
if #arg >= 0 then a = 9223372036854775807 end
local b = a + 1
print(b == mininteger, math.type(b))
local c = 2.5
if #arg >= 0 then c = 9223372036854775807 end
print(c * 2, math.type(c * 2))
local m = 1.5
if #arg >= 0 then m = -9223372036854775807 - 1 end
local u = -m
print(u == mininteger, -(-0.0), 1 / -(0.0))

-- float division by zero, nan comparisons
local z = 0.0
local one = 1.0
print(one / z, -one / z, z / z ~= z / z)
local nan = z / z
print(nan < 1, nan > 1, nan == nan, nan ~= nan, 1 <= nan)
local k = 3
print(k / 2, k // 2, k % 2, 7.5 // 2, -7.5 % 2, k ^ 2)

-- int/float comparisons are exact
local big = 2^53
local bi = 9007199254740993
print(big < bi, big == bi - 1, bi > big)

-- loop variables: float loops and integer loops
local s = 0
for x = 1.0, 2.0, 0.25 do s = s + x end
print(s, math.type(s))
for i = 9223372036854775805, 9223372036854775807 do s = i end
print(s)
local t = {}
for i = 1, 5 do t[i] = i * i end
local sum = 0
for i = 1, #t do sum = sum + t[i] end
print(sum, t[0], t[6])
local keyf = 2.0
print(t[keyf], t[1 + 1])

-- typed keys into tables with metatables
local mt = setmetatable({}, {__index = function(_, key) return "mm" .. key end,
                             __newindex = function(tt, key, v) rawset(tt, key, v * 10) end})
for i = 1, 3 do mt[i] = i end
print(mt[1], mt[3], mt[4])

-- integer division and modulo by typed values
local d = 0
print(pcall(function() return 5 // d end))
print(pcall(function() return 5 % d end))
local nd = -1
local mi = -9223372036854775807 - 1
print(mi // nd, mi % nd, mi * nd, mi - 1, mi + nd)

-- signed zeros: float floor division keeps them; x - 0 is x + 0 (PUC)
local nz = -0.0
print(nz // 5, 0.0 // -5, nz // -5, nz - 0, nz - 0.0, nz % 5, 1 / (nz // 1))
