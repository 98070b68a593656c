-- expect: return format-failed
local bad = setmetatable({}, {__tostring = function() error("nested") end})
local ok, err = pcall(string.format, "%s", bad)
local ok2, err2 = pcall(tostring, setmetatable({}, {__tostring = function() return {} end}))
return (not ok and not ok2) and "format-failed" or "?"
