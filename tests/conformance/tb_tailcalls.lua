-- "(...tail calls...)" where a frame was replaced by a tail call
local function show(f, ...) print(select(2, xpcall(f, debug.traceback, ...))) end
local function f3() return error("tail") end
local function g3() return f3() end
show(function() g3() end)
local function t1() print(debug.traceback()) end
local function t2() return t1() end
local function t3() return t2() end
t3()
local function f(n) if n == 0 then error("deep") end return f(n - 1) end
show(function() f(3) end)
