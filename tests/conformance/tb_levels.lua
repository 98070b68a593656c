-- long tracebacks ("...\t(skipping N levels)"), also across the VM's
-- call segments, and the level argument of debug.traceback
local function show(f, ...) print(select(2, xpcall(f, debug.traceback, ...))) end
local function r(n) if n == 0 then error("deep") end r(n - 1) end
for _, d in ipairs{18, 19, 20, 21, 30} do show(r, d) end
local function rec(n) if n == 0 then error("bottom") end return 1 + rec(n - 1) end
show(rec, 250)
local function r2(n) if n == 0 then return debug.traceback("x") end local s = r2(n - 1) return s end
print(r2(30))
local function l3() print(debug.traceback("L", 2)) print(debug.traceback("L0", 0)) end
local function l2() l3() end
l2()
local function e3() error("at 3", 3) end
local function e2() e3() end
local function e1() e2() end
show(e1)
