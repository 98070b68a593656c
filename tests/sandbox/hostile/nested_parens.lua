-- expect: return too many|not enough memory
local f, err = load("return " .. string.rep("(", 1e4) .. "1" .. string.rep(")", 1e4))
return err
