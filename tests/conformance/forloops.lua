-- Numeric for loops with integer starts: limits of every kind.
local function run(a, b, c)
  local n, last = 0, nil
  if c then for i = a, b, c do n = n + 1; last = i end
  else for i = a, b do n = n + 1; last = i end end
  return n, last, math.type(last)
end
local function show(...) print(pcall(run, ...)) end
show(1, 10)
show(1, 10.5)
show(1, "3")
show(1, -1)
show(9223372036854775806, 1 / 0)
show(1, -1 / 0)
show(1, 0 / 0)
show(9223372036854775806, 9223372036854775807)
show(1, {})
show(10, 1, -3)
show(1, 2, 0)
for i = 1, 3 do local j = i; i = i * 10; print(j, i) end
local t = {}
for i = 1, 5 do t[#t + 1] = function() return i end end
print(t[1](), t[5]())
local lim = 4
for i = 2, lim do io.write(i, " ") end
for i = 2, lim, 2 do io.write(i, " ") end
for i = lim, 1, -1 do io.write(i, " ") end
print()
