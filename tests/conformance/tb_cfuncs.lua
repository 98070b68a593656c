-- C functions on the stack: the builtin that raised, builtins that call
-- back into Lua (table.sort, string.gsub, pcall, xpcall, coroutine.wrap)
local function show(f, ...) print(select(2, xpcall(f, debug.traceback, ...))) end

show(function() table.sort({3, 1, 2}, function(a, b) error("cmp") end) end)
show(function() string.gsub("abc", "%w", function(c) local x = nil; return x.y end) end)
show(function() string.gsub("abc", "%w", function(c) return {} end) end)
show(function() pcall(error) ; error("after pcall") end)
show(function() local ok, e = pcall(error, "x"); error(e, 0) end)
show(function() string.rep() end)
show(function() string.format("%d", "x") end)
show(function() math.floor("a") end)
show(function() assert(false, "assert msg") end)
show(error, "direct")
show(function() local w = coroutine.wrap(function() error("in wrap") end); w() end)
show(function() select(-5, 1) end)
show(function() show(function() error("nested") end) end)
string.gsub("a", ".", function() print(debug.traceback()) end)
table.sort({2, 1}, function(a, b) print(debug.traceback()) return a < b end)
print(pcall(function() print(debug.traceback()) end))
print(xpcall(function() local x = {} .. "s" end,
             function(m) return debug.traceback("H: " .. m, 1) end))
print(xpcall(function() local x = {} .. "s" end,
             function(m) return debug.traceback(m, 2) end))
