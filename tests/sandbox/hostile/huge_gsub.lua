-- expect: error not enough memory
local s = string.rep("a", 1e5)
return (s:gsub("a", string.rep("b", 1000)))
