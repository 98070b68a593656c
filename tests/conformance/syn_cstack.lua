-- Nesting deeper than the C stack allows: lua5.4 raises "C stack overflow"
-- (no position) while parsing; 100 levels are fine.
local function try(what, ok, bad)
  print(what, load(ok) ~= nil, pcall(load, bad))
end
local function rep(s, n) return s:rep(n) end
try("parens", "x = " .. rep("(", 100) .. "1" .. rep(")", 100),
              "x = " .. rep("(", 300) .. "1" .. rep(")", 300))
try("tables", "x = " .. rep("{", 100) .. rep("}", 100),
              "x = " .. rep("{", 300) .. rep("}", 300))
try("blocks", rep("do ", 100) .. rep("end ", 100), rep("do ", 300) .. rep("end ", 300))
try("calls", "x = " .. rep("f(", 100) .. rep(")", 100), "x = " .. rep("f(", 300) .. rep(")", 300))
try("unary", "x = " .. rep("not ", 100) .. "1", "x = " .. rep("not ", 300) .. "1")
try("concat", "x = 1" .. rep(" .. 1", 100), "x = 1" .. rep(" .. 1", 300))
try("assign", "a" .. rep(",a", 100) .. " = 1", "a" .. rep(",a", 300) .. " = 1")
try("functions", rep("x = function() ", 100) .. rep("end ", 100),
                 rep("x = function() ", 300) .. rep("end ", 300))
