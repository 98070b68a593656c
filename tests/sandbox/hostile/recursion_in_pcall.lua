-- expect: return stack overflow
local function f() return 1 + f() end
local ok, err = pcall(f)
return err
