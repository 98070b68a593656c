-- expect: error stack overflow|not enough memory
local t = setmetatable({}, {})
getmetatable(t).__newindex = function(t, k, v) t[k] = v end
t.x = 1
