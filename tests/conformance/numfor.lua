-- numeric for: coercions, overflow, float steps, error messages
local function run(a, b, c)
  local out = {}
  local ok, err = pcall(function()
    if c == nil then
      for i = a, b do out[#out + 1] = tostring(i) if #out > 20 then break end end
    else
      for i = a, b, c do out[#out + 1] = tostring(i) if #out > 20 then break end end
    end
  end)
  if ok then print(table.concat(out, " ")) else print("error: " .. err:gsub("^.-:%d+: ", "")) end
end
run(1, 3)
run(3, 1)
run(1, 2, 0.5)
run(1.0, 3)
run(1, 3.5)
run(3, 1.2, -1)
run("10", "1", "-2")
run(1, "3.8")
run(9, "3.4", -1)
run(0, " -3.4  ", -1)
run(math.maxinteger - 2, math.maxinteger)
run(math.mininteger + 2, math.mininteger, -1)
run(math.maxinteger - 1, math.huge, 1)
run(1, -math.huge)
run(1, 0.5)
run(1, 10, 0)
run(1.0, 10, 0)
run({}, 10)
run(1, "x")
run(1, 10, print)
run(1, 10, "y")
-- the control variable is a copy
local n = 0
for i = 1, 3 do i = i * 10 n = n + i end
print(n)
-- math.type of the control variable
for i = 1, 1 do print(math.type(i)) end
for i = 1.0, 1 do print(math.type(i)) end
for i = 1, 1.0 do print(math.type(i)) end
for i = "1", 1 do print(math.type(i)) end
