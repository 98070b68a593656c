-- The standard lua 5.4 build (LUA_COMPAT_5_3) keeps math.pow, frexp, ldexp,
-- log10, sinh, cosh and tanh, and lets __le fall back to "not __lt".
local function show(v) if v ~= v then return "NaN" end return string.format("%.17g", v) end
print(show(math.pow(2, 10)), math.type(math.pow(2, 10)), show(math.pow(-8, 1/3)), show(math.pow(0, -1)))
print(math.frexp(8), math.frexp(0), math.frexp(-0.75), math.frexp(1/0), math.frexp(3))
print(math.ldexp(0.5, 4), math.ldexp(1, 2000), math.ldexp(-1, 2000), math.ldexp(3, -2), pcall(math.ldexp, 1, 1.5))
print(math.log10(1000), math.log10(0), show(math.log10(-1)))
print(show(math.sinh(1)), show(math.cosh(1)), show(math.tanh(1)), math.cosh(1000), math.sinh(-1000), math.tanh(1000))
print(pcall(math.pow, "x", 1), pcall(math.sinh))
local mt = {__lt = function(a, b) return a.v < b.v end}
local a, b = setmetatable({v = 1}, mt), setmetatable({v = 2}, mt)
print(a <= b, b <= a, a >= b, pcall(function() return a <= 1 end))
