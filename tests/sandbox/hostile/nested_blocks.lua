-- expect: return too many|not enough memory|C stack overflow
local f, err = load(string.rep("do ", 3000) .. string.rep("end ", 3000))
return err
