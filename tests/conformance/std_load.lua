-- load: numbers are strings (lua_tolstring), readers may return numbers,
-- anything else is an error at the caller's position; only functions read
print(load(5))
print(load(1.5, "=num"))
local n = 0
print(load(function() n = n + 1 if n == 1 then return 42 end end))
n = 0
print(load(function() n = n + 1 if n == 1 then return "return " elseif n == 2 then return 7 end end)())
local function f() return load(function() return {} end) end
-- (inside pcall: lua.c's message handler would add a traceback otherwise)
print(pcall(f))
print(pcall(load, function() return true end))
print(pcall(load, setmetatable({}, {__call = function() return nil end})))
print(pcall(load))
print(pcall(load, nil))
print(pcall(load, "return 1", {}))
print(load("return 1", "x", "q"))
