-- expect: error not enough memory
local t = {}
local s = string.rep("x", 1000)
for i = 1, 1e9 do t[i] = s .. i end
