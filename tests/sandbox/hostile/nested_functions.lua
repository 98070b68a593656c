-- expect: return too many|not enough memory
local f, err = load("return " .. string.rep("function() return ", 1000) .. "1" .. string.rep(" end", 1000))
return err
