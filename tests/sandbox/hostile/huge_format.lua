-- expect: error not enough memory
local s = string.rep("x", 4e6)
return string.format("%s%s%s", s, s, s)
