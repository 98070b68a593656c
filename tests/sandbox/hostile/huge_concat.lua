-- expect: error not enough memory
local t = {}
for i = 1, 2000 do t[i] = string.rep("y", 1000) end
local s = table.concat(t)
local u = {}
for i = 1, 100 do u[i] = s end
return table.concat(u)
