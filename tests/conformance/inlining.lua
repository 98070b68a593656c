-- Small arithmetic helpers called with numeric arguments run in place
-- (vm/codegen.py inline_plan); these cases pin what must not change.
local function A(i, j)
  local ij = i + j - 1
  return 1.0 / (ij * (ij - 1) * 0.5 + i)
end
local function mix(a, b) local s = a * 3 + b // 2 return s % 7 - a end
local function half(x) return x / 2 end
local out = {}
for i = 1, 4 do
  for j = 1, 3 do out[#out + 1] = string.format("%.6f", A(i, j)) end
end
print(table.concat(out, " "))
for i = -3, 3 do print(mix(i, i * 5), math.type(mix(i, 2)), half(i), math.type(half(i))) end
for i = 9223372036854775806, 9223372036854775807 do print(mix(i, i), A(i, 1)) end
local x = 0.5
for i = 1, 2 do print(mix(x, i), A(x, 0.5 * i), half(-0.0 * i)) end
print(A(1, 0), A(0, 1), half(1 / 0))
-- string arguments are not numbers to the compiler: coerced at run time
local s = "10"
for i = 1, 2 do print(half(s), mix(s, i)) end
-- replaced through the debug library: the new function runs
local function caller(i) return half(i) + 1 end
print(caller(4))
local k = 1
while debug.getupvalue(caller, k) ~= "half" do k = k + 1 end
debug.setupvalue(caller, k, function(v) return v * 100 end)
print(caller(4))
-- call hooks see every call
local calls = 0
debug.sethook(function(ev) calls = calls + 1 end, "c")
for i = 1, 10 do local _ = mix(i, i) end
debug.sethook()
print(calls >= 10)
-- a local function assigned later is not fixed
local function g(v) return v + 1 end
for i = 1, 2 do print(g(i)) g = function(v) return v * 10 end end
-- errors still come from the real call (non-numbers)
print(pcall(function() return half({}) end))
-- helpers with if/return bodies, called with values of unknown type
local function clamp(v, lo, hi) if v < lo then return lo elseif v > hi then return hi end return v end
local function sign(x)
  if x > 0 and x ~= 1 / 0 then local y = x * 2 return y / x
  elseif not (x >= 0) or x ~= x then return -1 end
  return 0
end
local vals = {0.5, -3.5, 900.25, 12, -1, 1000, 0 / 0, -0.0, 1 / 0, -1 / 0, 2^53}
local row = {}
for _, v in ipairs(vals) do
  row[#row + 1] = tostring(clamp(v, 0, 800)) .. "/" .. math.type(clamp(v, 0, 800)) .. "/" .. tostring(sign(v))
end
print(table.concat(row, " "))
local t = {x = 1.5, y = -2.25}
print(clamp(t.x, 0, 1), clamp(t.y, -1.0, 1), clamp(t.x * 1000, 0, 800.5), pcall(clamp, {}, 0, 1))
