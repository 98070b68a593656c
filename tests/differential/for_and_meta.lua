print(pcall(load("a = \n3\n+\n(\n4\n/\nprint)", "=c")))
local n = 10000
local function foo() if n == 0 then return 1023 else n = n - 1; return foo() end end
for i = 1, 100 do foo = setmetatable({}, {__call = foo}) end
print(pcall(foo))
local t = setmetatable({}, {__unm = function() print("unm") return 0 end})
local b = 1, -t
local a = setmetatable({}, {__len = function(...) print(select('#', ...)) return 0 end}); local _ = #a
print(pcall(function() local a = setmetatable({}, {__add = 34}); a = a + 1 end))
print(pcall(function() local a = setmetatable({}, {__lt = 34}); return a < a end))
for i = "10", "1", "-2" do io.write(i, " ") end print()
for i = 1, "3.8" do io.write(i, " ") end print()
for i = "1", 1 do print(math.type(i)) end
print(pcall(load"for i = {}, 10 do end"))
for i = 1, -math.huge do print("no") end
for i = math.maxinteger - 1, math.huge do io.write(i, " ") end print()
