-- expect: error stack overflow
local g
local function f(n) return 1 + g(n) end
function g(n) return 1 + f(n) end
return f(1)
