-- "function or expression needs too many registers": values of lists
-- (arguments, return values, assignments, constructors) go to consecutive
-- registers after the active locals; compile-time constants take none.
local function thr(name, mk)
  for n = 245, 258 do
    local f, e = load(mk(n), "=r")
    if not f then print(name, n, e) return end
  end
  print(name, "none")
end
local function ones(n) return ("1,"):rep(n - 1) .. "1" end
thr("call", function(n) return "f(" .. ones(n) .. ")" end)
thr("call;", function(n) return "f(" .. ones(n) .. ");" end)
thr("call+", function(n) return "x = f(" .. ones(n) .. ") + 1" end)
thr("method", function(n) return "a.b:c(" .. ones(n) .. ")" end)
thr("nested", function(n) return "f(1, 2, g(" .. ones(n) .. "))" end)
thr("vararg", function(n) return "f(" .. ones(n) .. ", ...)" end)
thr("return", function(n) return "return " .. ones(n) end)
thr("return ...", function(n) return "return " .. ones(n) .. ", ..." end)
thr("return f()", function(n) return "return " .. ones(n) .. ", f()" end)
thr("in function", function(n) return "local function g(a) return " .. ones(n) .. " end" end)
thr("assign", function(n) return "x = " .. ones(n) end)
thr("assign2", function(n) return "x, y = " .. ones(n) end)
thr("local", function(n) return "local x = " .. ones(n) end)
thr("for in", function(n) return "for k in " .. ones(n) .. " do end" end)
thr("table", function(n) return "x = {" .. ones(n) .. "}" end)
thr("in table", function(n) return "x = {" .. ("1,"):rep(30) .. "f(" .. ones(n) .. ")}" end)
thr("tables", function(n) return "f(" .. ("{},"):rep(n - 1) .. "{})" end)
thr("fields", function(n) return "f(" .. ("a.b,"):rep(n - 1) .. "a.b)" end)
thr("index", function(n) return "x[f(" .. ones(n) .. ")] = 1" end)
thr("targets", function(n) return "local x; x.y, x[1], x[256], x[x] = " .. ones(n) end)
thr("upvalue targets", function(n) return "local x; function g() x.y, x[1], x[x] = " .. ones(n) .. " end" end)
thr("locals", function(n) return "local a, b, c f(" .. ones(n) .. ")" end)
for _, init in ipairs{"1", "'s'", "nil", "-1", "- 0.0", "1//0", "2^0.5", "1-1.0", "~5", "~5.5",
                      "'x'..'y'", "{}", "(1)", "1 and 2", "false or 3", "nil and 3", "c0 + 1"} do
  thr("const " .. init, function(n)
    return "local c0 <const> = 3 local c1 <const> = " .. init .. " f(" .. ones(n) .. ")"
  end)
end
