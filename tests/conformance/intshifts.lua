-- Constant shifts of values known to be integers (logical, 64-bit).
for i = -4, 4 do
  local y = i * 0x1F00FF00FF00FF00 + i
  print(y << 0, y << 1, y << 4, y << 63, y >> 0, y >> 1, y >> 4, y >> 63, (y << 1) >> 1)
end
for i = 1, 3 do
  local m = math.maxinteger - 1 + i    -- wraps past maxinteger
  print(m << 1, m >> 1, i << 62, -i >> 62)
end
local s = 0
for i = 1, 1000 do s = s + (i << 3) + (i >> 2) + (i ~ 5) + (i & 3) + (i | 16) end
print(s)
