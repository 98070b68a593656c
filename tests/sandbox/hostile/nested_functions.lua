-- expect: return too many|not enough memory|C stack overflow
local f, err = load("return " .. string.rep("function() return ", 1000) .. "1" .. string.rep(" end", 1000))
return err
