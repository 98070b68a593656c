-- Integer arithmetic on constant-bounded for variables: the compiler drops
-- wraparound checks only where the bounds prove them unnecessary.
for i = 9223372036854775805, 9223372036854775807 do print(i + 1, i * 2, i - -3) end
for i = -9223372036854775807, -9223372036854775806 do print(i - 2, -i * 3, i // 2, i % 7) end
for i = 1, 3 do print(i * 3 - (i // 7), i + 9223372036854775806, (i - 2) * 4611686018427387904) end
for i = 10, 1, -4 do print(i * i, i - 11) end
local s = 0
for i = 1, 100000 do s = s + i * 3 - (i // 7) + i % 5 end
print(s)
for i = 1, 3 do i = i * 9223372036854775807 print(i + i) end
