-- Metamethods reached from functions compiled as plain twins (pure,
-- loop-free) and from generator code: every event, errors and yields.
local V = {}
V.__index = function(t, k) return "idx:" .. tostring(k) end
V.__add = function(a, b) return "add" end
V.__sub = function(a, b) return rawequal(a, b) and "self" or "sub" end
V.__unm = function(a) return "unm" end
V.__concat = function(a, b) return "cat" end
V.__len = function(a) return 42 end
V.__eq = function(a, b) return true end
V.__lt = function(a, b) return true end
V.__le = function(a, b) return false end
local a, b = setmetatable({}, V), setmetatable({}, V)

local function get(t, k) return t[k] end
local function add(x, y) return x + y end
local function sub(x, y) return x - y end
local function neg(x) return -x end
local function cat(x, y) return x .. y end
local function len(x) return #x end
local function eq(x, y) return x == y end
local function lt(x, y) return x < y end
local function le(x, y) return x <= y end
for i = 1, 3 do
  print(get(a, i), add(a, 1), add(2, b), sub(a, a), neg(a), cat(a, "s"), cat("s", b),
        len(a), eq(a, b), lt(a, b), le(a, b), add(i, i))
end

-- only __lt: a <= b is not (b < a)
local W = {__lt = function(x, y) return x.v < y.v end}
local p, q = setmetatable({v = 1}, W), setmetatable({v = 2}, W)
print(le(p, q), le(q, p), lt(p, q), lt(q, p))

-- a metamethod with side effects (not a leaf): still called once per use
local count = 0
local S = {__add = function(x, y) count = count + 1; return count end}
local s = setmetatable({}, S)
print(add(s, 1), add(s, 1), add(1, s), count)

-- an __index chain through tables, then a function
local base = setmetatable({}, {__index = function(t, k) return k * 2 end})
local mid = setmetatable({}, {__index = base})
print(get(mid, 21), get(mid, 5))

-- errors raised inside metamethods keep their messages
local E = {__add = function(x, y) error("bad add", 0) end,
           __index = function(t, k) error({code = k}) end}
local e = setmetatable({}, E)
print(pcall(add, e, 1))
local ok, err = pcall(get, e, "zz")
print(ok, type(err), err.code)
print(pcall(add, {}, 1))
print(pcall(get, nil, 1))

-- a metamethod that yields, reached from a pure-looking function
local Y = {__add = function(x, y) return coroutine.yield("in add") end}
local yv = setmetatable({}, Y)
local co = coroutine.wrap(function() return "result", add(yv, 1) end)
print(co())
print(co("resumed"))

-- deep recursion through __index functions
local deep = setmetatable({}, {__index = function(t, k)
  if k <= 0 then return 0 end
  return t[k - 1] + 1
end})
print(get(deep, 120), deep[150])
