-- expect: error
local t = {}
for i = 1, 1e6 do t[i] = i end
local function f(...) return select("#", ...) end
return f(table.unpack(t)) + f(table.unpack(t, 1, 1e7))
