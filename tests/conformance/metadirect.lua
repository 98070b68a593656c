-- Metamethod functions called from generator code without a generator of
-- their own (plain twins): __index, __call, __lt, __le, __eq, arithmetic;
-- and the same handlers when they must run as generators (they yield, or
-- call something impure), with their effects exactly once.
local calls = 0
local P = setmetatable({}, {__index = function(t, k) calls = calls + 1; return k * 2 end})
local s = 0
for i = 1, 10 do s = s + P[i] end
print(s, calls)

local C = setmetatable({}, {__call = function(self, a, b, ...) return a + b, select("#", ...) end})
print(C(1, 2), C(3, 4, nil, nil))
local Cb = setmetatable({}, {__call = rawequal})
print(Cb(Cb), Cb(1))
local chain = setmetatable({}, {__call = C})
print(pcall(chain, 5))

local V = {}
V.__index = V
V.__eq = function(a, b) return a.x == b.x end
V.__lt = function(a, b) return a.x < b.x end
V.__le = function(a, b) return a.x <= b.x and "yes" end
V.__add = function(a, b) return setmetatable({x = a.x + b.x}, V) end
local function new(x) return setmetatable({x = x}, V) end
local a, b, c = new(1), new(2), new(1)
print(a < b, b < a, a <= b, b <= a, a == c, a ~= b, (a + b).x, (a + b + c).x)
local W = {__lt = function(x, y) return 1 end}     -- any true value
local w1, w2 = setmetatable({}, W), setmetatable({}, W)
print(w1 < w2, w1 > w2, pcall(function() return w1 <= w2 end))
print(pcall(function() return a < 1 end))
print(pcall(function() return {} < {} end))

-- handlers that yield: they run as generators inside a coroutine
local co = coroutine.wrap(function()
  local Y = setmetatable({}, {
    __index = function(t, k) coroutine.yield("index " .. k); return k end,
    __call = function(self, v) coroutine.yield("call " .. v); return v + 1 end,
    __lt = function(x, y) coroutine.yield("lt"); return true end})
  local r1 = Y[7]
  local r2 = Y(10)
  local r3 = Y < Y
  return r1, r2, r3
end)
print(co()) print(co()) print(co()) print(co())

-- an impure handler with stores: each runs exactly once per use
local log = {}
local st = {n = 0}
local I = setmetatable({}, {__index = function(t, k) st.n = st.n + 1; log[#log + 1] = k; return st.n end})
local sum = 0
for i = 1, 5 do sum = sum + I[i] end
print(sum, st.n, table.concat(log, ","))
-- errors inside handlers keep their position
print(pcall(function() return setmetatable({}, {__index = function(t, k) return k + nil end}).x end))
