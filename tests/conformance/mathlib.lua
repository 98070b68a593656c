-- math library and arithmetic corner cases
print(0^-1, 0.0^-1, (-0.0)^-1, 0^-2, 1/0^-1)
for i = -2, 2 do
  local row = {}
  for j = -2, 2 do row[#row + 1] = string.format("%g", i^j) end
  print(table.concat(row, " "))
end
print(2^53, 2^63, 2^-1074 > 0)
print(tonumber("  +1Z  ", 36), tonumber(" -1z ", 36), tonumber("zz", 36), tonumber("7fffffffffffffff", 16))
print(tonumber("10", 2), tonumber("  ff  ", 16), tonumber("8", 8), tonumber("1e1", 10), tonumber("", 10))
print(tonumber("0x10"), tonumber("0x1p4"), tonumber("1e1"), tonumber("  0x  "), tonumber(".5"), tonumber("5."))
local big = string.format("%.99f", -(10^300))
print(#big, tonumber(big) == -(10^300))
print(tonumber(string.rep("1", 250)) == tonumber("1" .. string.rep("1", 249) .. ".0"))
print(math.tointeger(3.0), math.tointeger(3.5), math.tointeger("8"), math.tointeger(2^63))
print(math.fmod(7, 3), math.fmod(-7, 3), math.fmod(7, -3), math.fmod(-7.5, 2))
print(pcall(math.fmod, 1, 0))
print(math.fmod(1, 0.0) ~= math.fmod(1, 0.0))
print(math.fmod(math.mininteger, -1), math.mininteger // -1, math.mininteger % -1)
print(7 // 0.0, -7 // 0.0, 0/0 ~= 0/0, 7 % math.huge, -7 % math.huge)
print(math.ult(1, -1), math.ult(-1, 1), math.abs(math.mininteger), math.abs(-0.0))
print(math.max(1, 2.5, 2), math.min(3, 1.0, 1), math.type(math.max(1, 1.0)))
print(pcall(math.max))
print(math.floor(-3.5), math.ceil(-3.5), math.floor(2^62) == 2^62, math.type(math.floor(1e100)))
print(3 | 0, pcall(function() return 2.5 | 0 end))
print(pcall(function() return math.huge << 1 end))
print(1 << 63, 1 << 64, -1 >> 1, 1 >> -1, 5 // 2, -5 // 2, 5 % -2, -5 % 2)
print(math.maxinteger + 1 == math.mininteger, math.maxinteger * 2)
print(string.format("%.3f %5.1f %g %g", math.pi, -math.pi, 1e20, 0.1))
