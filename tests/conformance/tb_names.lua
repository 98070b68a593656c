-- how tracebacks name functions: local, upvalue, method, field, global,
-- metamethod, for iterator, loaded chunks (debug.traceback in xpcall)
local function show(f, ...) print(select(2, xpcall(f, debug.traceback, ...))) end

local function probe() error("boom") end
show(function() probe() end)

local function clamp(x) return x + nil end
local function f() local y = clamp(1); return y end
function glob() f() end
show(glob)

local obj = {}
function obj:meth() error("m") end
local t = {fld = function() obj:meth() end}
show(function() t.fld() end)

local a = {b = {c = {}}}
function a.b.c.d() error("deep field") end
show(function() a.b.c.d() end)

-- metamethods, whether they fail at run time or call error()
local mt = {}
for _, ev in ipairs{"add", "sub", "unm", "bnot", "idiv", "concat", "len", "eq",
                    "lt", "le", "index", "newindex", "call", "close"} do
  mt["__" .. ev] = function(o) local z = nil; return z.q end
end
local m1, m2 = setmetatable({}, mt), setmetatable({}, mt)
show(function() return m1 + 1 end)
show(function() return 1 - m1 end)
show(function() return -m1 end)
show(function() return ~m1 end)
show(function() return m1 // 2 end)
show(function() return m1 .. "x" end)
show(function() return #m1 end)
show(function() return m1 == m2 end)
show(function() return m1 < m2 end)
show(function() return m1 <= m2 end)
show(function() return m1.x end)
show(function() m1.x = 1 end)
show(function() m1() end)
show(function() local c <close> = m1 end)
local idx = setmetatable({}, {__index = function(t, k) error("idx") end})
show(function() return idx.x end)

-- generic for iterators
local function it() local z = nil; return z.q end
show(function() for i in it do end end)
show(function() for i in m1 do end end)

-- a loaded chunk called through a local
show(function() local g = load("local x = ... ; return x + 1"); g({}) end)
show(function() return load("error('in load')", "=mychunk")() end)
