-- expect: return ok
local f, err = load("return " .. string.rep("1 + ", 1e5) .. "1")
local g, err2 = load("return " .. string.rep("x .. ", 1e5) .. "x")
return "ok " .. tostring(err) .. tostring(err2)
