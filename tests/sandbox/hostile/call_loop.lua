-- expect: error '__call' chain too long
local a = setmetatable({}, {})
getmetatable(a).__call = a
return a()
