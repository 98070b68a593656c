-- setmetatable calls (the common case runs inline): fresh tables, tail
-- calls, protected metatables, __gc/__mode, bad arguments, replaced builtin.
local V = {}
V.__index = V
local function new(x) return setmetatable({x = x}, V) end
function V.get(self) return self.x end
local a = new(3)
print(getmetatable(a) == V, a:get(), rawequal(setmetatable(a, V), a))
local P = setmetatable({}, {__metatable = "locked"})
print(pcall(setmetatable, P, {}), getmetatable(P))
local function relock(t) return setmetatable(t, {}) end
print(pcall(relock, P))
local weak = setmetatable({}, {__mode = "k"})
print(getmetatable(weak).__mode)
local gcd = {}
setmetatable({}, {__gc = function() gcd[#gcd + 1] = 1 end})
collectgarbage(); collectgarbage()
print(#gcd)
print(pcall(setmetatable, 1, {}), pcall(setmetatable, {}, 2), pcall(setmetatable, {}))
print(getmetatable(setmetatable({}, nil)))
local t = setmetatable({}, V)
print(getmetatable(setmetatable(t, nil)), getmetatable(t))
local real = setmetatable
setmetatable = function(t, m) return "fake" end
print(new(1), setmetatable({}, V))
setmetatable = real
print(getmetatable(new(2)) == V)
