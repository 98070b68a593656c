-- math.sqrt/abs/floor calls (run inline for floats once the callee is known
-- to be the builtin): every kind of argument, and replaced functions.
local sqrt, abs, floor = math.sqrt, math.abs, math.floor
local vals = {4.0, 2.25, -0.0, 0.0, -4.0, 1 / 0, -1 / 0, 0 / 0, 9, -9, "16", "-2.5",
              9.3e18, -9.3e18, 2^62, -2^63, 3.7, -3.7, math.maxinteger, math.mininteger}
for _, v in ipairs(vals) do
  local a, b, c = pcall(sqrt, v), pcall(abs, v), pcall(floor, v)
  print(v, sqrt(tonumber(v)), math.sqrt(tonumber(v)), abs(tonumber(v)), math.abs(tonumber(v)),
        floor(tonumber(v)), math.type(floor(tonumber(v))), math.floor(tonumber(v)))
end
print(pcall(sqrt, {}), pcall(abs), pcall(floor, nil))
print(pcall(function() return math.sqrt("x") end))
local function f(x) return sqrt(x) + abs(x) end
print(f(2.0), f(-2.0), pcall(f, "a"))
-- replaced
math.sqrt = function(x) return "mine" end
print(math.sqrt(4.0), sqrt(4.0))
sqrt = function(x) return x * 10 end
print(sqrt(4.0), f(2.0))
local t = {abs = function(x) return "t.abs" end}
print(t.abs(1.5))
