-- expect: error stack overflow|not enough memory
local mt = {}
mt.__add = function(a, b) return a + b end
local x = setmetatable({}, mt)
return x + 1
