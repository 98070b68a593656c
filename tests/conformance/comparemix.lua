-- Order comparisons across every pair of number/string kinds, constants on
-- either side, and __lt/__le metamethods.
local vals = {1, 2.5, -0.0, 0, "a", "b", "10", 3, 1/0, 0/0, math.maxinteger, math.mininteger, 2^53, 2^63}
local mt = {__lt = function(a, b) return true end, __le = function(a, b) return false end}
local T = setmetatable({}, mt)
local out = {}
for _, x in ipairs(vals) do
  for _, y in ipairs(vals) do
    local ok1, r1 = pcall(function() return x < y end)
    local ok2, r2 = pcall(function() return x >= y end)
    local ok3, r3 = pcall(function() return 0 < y, 0 >= y, 2.5 > y end)
    out[#out + 1] = tostring(ok1 and r1) .. tostring(ok2 and r2) .. tostring(ok3 and r3)
  end
end
print(table.concat(out, ","))
print(T < T, T <= T, 1 < T, T > 2, pcall(function() return {} < 1 end))
print(pcall(function() return 1 < "2" end))
print(pcall(function() return "1" > 2 end))
