-- expect: error '__newindex' chain too long; possible loop
local a = {}
setmetatable(a, {__newindex = a})
a.x = 1
