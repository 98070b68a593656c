-- Constant folding: folded expressions give exactly what the operations give at run time.
local function show(...)
  local t = table.pack(...)
  for i = 1, t.n do
    local v = t[i]
    t[i] = (math.type(v) or type(v)) .. ":" .. tostring(v)
  end
  print(table.concat(t, " "))
end
show(1 / 60 * 10, 2 ^ 10, 2 ^ 2, -1, 1 << 4, (3 + 4) * 2, ((3)) + (4), - -3, -(1 + 2))
show(~0, ~1.0, 1.0 | 0, 3 & 5.0, 6 ~ 3, -1 >> 63, 1 << 64, 1 << 63, 1 << -1, 1 >> -1, 1 >> 64)
show(3 % -2, -5 % 3, 5 // -2, 5.5 // 2, 3.0 % -2, 7 // 2.0, -7.25 // 0.5, 10 % 3.3, 10 / 2)
show(9223372036854775807 + 1, -9223372036854775807 - 1, -(-9223372036854775807 - 1))
show((-9223372036854775807 - 1) // -1, (-9223372036854775807 - 1) % -1, 4611686018427387904 * 4)
show(math.maxinteger + 1 == math.mininteger, math.mininteger - 1 == math.maxinteger)
show(1 + 2.0, 2 ^ 1024, -2 ^ 1023 * 4, 1e308 * 10, 2 ^ 0.5, 3 ^ -2, 0.1 + 0.2, 9007199254740993 + 0.0)
show(0 * 5, -0, 0.0 * 1, 0.0 * -1, -(0.0), -0.0, 1.0 - 1, 1e-320 * 1e-10, 0.0, -0.0 * -1)
show(1 / 0, -1 / 0, 0 / 0, 1 // 0.0, 1.0 % 0, 1 % -0.0, 1e999 - 1e999, 1e999 * 0, -(1e999))
show(math.type(2^2), math.type(1 << 4), math.type(7 // 2), math.type(7 // 2.0), math.type(2^53 // 1))
local x = -0.0
show(x - 0, x - (0), x - (1 - 1), x + (1 - 1), x * (2 - 3), x - (0.5 - 0.5))
show("10" + 1, "3" * "4", "2" ^ 2, 10 .. 20, 1 .. 2 == "12", 1 == 1.0, 2 < 3, not 1, #"abc")
print(pcall(function() return 1 // 0 end))
print(pcall(function() return 1 % 0 end))
print(pcall(function() return 1.5 | 0 end))
print(pcall(function() return ~1.5 end))
print(pcall(function() return 2^63 | 0 end))
print(pcall(function() return 1 << 0.5 end))
print(pcall(function() return (1 // 0) + (2 * 3) end))
local t = {[1 << 2] = 2 ^ 2, [2 * 3] = 3 * 3}
show(t[4], t[6], t[4.0], t[6.0])
local function f(a)
  if a > 2 * 3 then return a // (4 - 2) end
  for i = 1, 10 // 3 do a = a + i end
  while a < 100 - 1 do a = a * (1 + 1) end
  return function() return a + -(5) end
end
show(f(20), f(1)())
local n = 0
for i = 1, 2 ^ 3 do n = n + i end
for i = 10, 1 + 1, -(2) do n = n + i end
show(n)
local acc = 0
for i = 1, 1000 do acc = acc + 1 / 60 * 10 end
show(acc, string.format("%.17g", 1 / 60 * 10))
