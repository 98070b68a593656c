-- a Lua message handler is named after the instruction that raised the
-- error (metamethod events; a call names the callee; error() and
-- integer division by zero leave it unnamed); failed string arithmetic
-- runs in the string library's metamethod: a [C] level
local function h(m) return debug.traceback(m, 1) end
local function run(f) print(select(2, xpcall(f, h))) end
run(function() local x = {} .. "s" end)
run(function() local x = nil; return x.y end)
run(function() local x = nil; x.y = 1 end)
run(function() local x = nil; return x + 1 end)
run(function() local x = nil; return x & 1 end)
run(function() local x = nil; return ~x end)
run(function() local x = nil; return -x end)
run(function() local x = nil; return #x end)
run(function() local x = nil; return x < 1 end)
run(function() local x = nil; return x <= 1 end)
run(function() local x = {}; return x < {} end)
run(function() local x = nil; x() end)
run(function() nosuchglobal() end)
run(function() local t = {} ; t.a.b() end)
run(function() local t = {} ; t:nomethod() end)
run(function() error("plain") end)
run(function() for i = 1, "x" do end end)
run(function() local t = {}; t[nil] = 1 end)
run(function() local x = 2^53; return x // 0 end)
run(function() return 1 // 0 end)
run(function() return 1 % 0 end)
run(function() return "a" + 1 end)
run(function() return math.tointeger(2^63) | 0 end)
run(function() return 1.5 | 0 end)
run(function() local t = setmetatable({}, {__index = function() local z; return z.q end}); return t.x end)
local function show(f, ...) print(select(2, xpcall(f, debug.traceback, ...))) end
local s = "abc"
show(function() return s + 1 end)
show(function() return "10" + {} end)
show(function() return {} + "10" end)
show(function() return -s end)
show(function() return s * nil end)
show(function() return s | 1 end)
show(function() return s .. {} end)
