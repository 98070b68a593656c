-- Bitwise operators convert floats with integral values but never strings
-- (the string library only has arithmetic metamethods).
print(pcall(function() return '3' ~ '4' end))
print(pcall(function() return 1 | '3.5' end))
print(pcall(function() local s = '3' return ~s end))
print(pcall(function() return 1.5 | 1 end))
print(3.0 | 4, 2^53 | 0, pcall(function() return 2^63 | 0 end))
print('10' + 1, '3' * '4', pcall(function() return 10 .. 1 << 1 end))
local mt = getmetatable("")
mt.__band = function(a, b) return "band!" end
print("x" & 1)
mt.__band = nil
