-- expect: error not enough memory
local t = {}
local a = {}
for i = 1, 5000 do a[i] = i end
for i = 1, 1e9 do t[i] = {table.unpack(a)} end
