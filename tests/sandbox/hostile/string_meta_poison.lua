-- expect: return poisoned
getmetatable("").__index = function() while true do end end
local ok = pcall(string.len, "x")
return "poisoned"
