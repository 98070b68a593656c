-- expect: return too many|not enough memory|C stack overflow
local f, err = load("return " .. string.rep("(", 1e4) .. "1" .. string.rep(")", 1e4))
return err
