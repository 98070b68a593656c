-- expect: error stack overflow|not enough memory
local t = setmetatable({}, {__tostring = function(t) return tostring(t) end})
return tostring(t)
