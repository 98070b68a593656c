-- expect: fuel
local s = string.rep("a", 5000)
return s:find(".-.-.-.-.-.-.-b")
