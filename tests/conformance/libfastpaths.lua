-- Library fast paths: table.sort with Lua comparators, next/pairs/ipairs,
-- tonumber, string.format plans, find/match/gmatch/gsub argument handling.

local function show(t) local o = {} for i = 1, #t do o[i] = tostring(t[i]) end return table.concat(o, " ") end

-- sort: ties under a pure comparator (exact quicksort order, n < 100)
local recs = {}
local seed = 7
for i = 1, 90 do seed = (seed * 1103515245 + 12345) % 2147483648; recs[i] = {k = seed % 5, id = i} end
table.sort(recs, function(a, b) return a.k < b.k end)
local ids = {}
for i = 1, #recs do ids[i] = recs[i].id end
print("ties", show(ids))

-- a comparator with side effects: the exact sequence of calls
local calls = {}
local t = {5, 3, 8, 1, 9, 2, 7, 4, 6, 0, 11, 10}
table.sort(t, function(a, b) calls[#calls + 1] = a .. "<" .. b; return a < b end)
print("sorted", show(t))
print("calls", #calls, table.concat(calls, ","))

-- comparator results that are not booleans
local u = {3, 1, 2, 5, 4}
table.sort(u, function(a, b) if a > b then return 1 end return nil end)
print("nonbool", show(u))
u = {3, 1, 2, 5, 4}
table.sort(u, function(a, b) return a < b, "extra" end)
print("multi", show(u))

-- invalid order functions
for _, f in ipairs{function() return true end,
                   function(a, b) return a <= b end} do
  local v = {}
  for i = 1, 40 do v[i] = i % 3 end
  print("invalid", pcall(table.sort, v, f))
end
print("badcomp", pcall(table.sort, {1, 2, 3}, 42))
print("comperr", pcall(table.sort, {3, 2, 1}, function(a, b) error("boom") end))
print("cmpmix", pcall(table.sort, {3, "x", 1}))

-- NaN with the default order and with a comparator: no crash
local nan = 0 / 0
local w = {3, nan, 1, nan, 2, 5, nan, 4}
print("nan", pcall(table.sort, w))
w = {3, nan, 1, nan, 2, 5, nan, 4, 0.5, -1}
print("nancmp", pcall(table.sort, w, function(a, b) return a < b end))
print("nanres", #w)

-- a comparator that is a builtin, and one that changes the table
local m = {5, 2, 4}
print("builtin", pcall(table.sort, m, math.max))

-- next / pairs
local h = {}
for i = 1, 20 do h["k" .. i] = i end
local sum, n = 0, 0
for k, v in pairs(h) do
  sum = sum + v; n = n + 1
  if v % 2 == 0 then h[k] = nil end       -- clearing fields is allowed
end
print("pairs", sum, n)
n = 0
for k in pairs(h) do n = n + 1 end
print("left", n)
local mixed = {10, 20, 30, x = 1, [true] = 2, [2.5] = 3}
local cnt = 0
local k, v = next(mixed)
while k ~= nil do cnt = cnt + 1; k, v = next(mixed, k) end
print("mixed", cnt)
print("next1", pcall(next))
print("next2", pcall(next, nil))
print("next3", pcall(next, {}, "nokey"))
print("next4", next({}), next({}, nil), select("#", next({})))
print("next5", next({7}, 1), next({7}))
print("next6", pcall(next, {a = 1}, "a", "extra"))

-- ipairs
local holes = {1, 2, nil, 4}
cnt = 0
for i, x in ipairs(holes) do cnt = cnt + 1 end
print("ipairs", cnt)
local proxy = setmetatable({}, {__index = function(_, i) if i <= 3 then return i * 10 end end})
for i, x in ipairs(proxy) do io.write(i, "=", x, " ") end
print()
local it, st, init = ipairs({5, 6})
print("ipairsit", it(st, init), it(st, 1), it(st, 2), it(st, 0, "extra"))

-- tonumber
for _, s in ipairs{"12", "0012", "  12  ", "1e3", "0x10", "", "12a", "-5", "+5",
                   "99999999999999999999", "9223372036854775807", "9223372036854775808",
                   "123456789012345678", "1234567890123456789", "\u{663}", "1 2", "0"} do
  local r = tonumber(s)
  print("tonumber", string.format("%q", s), r, math.type(r))
end
print("tonumber", tonumber(nil), tonumber(true), tonumber(12), tonumber(1.5))
print("tonumber", pcall(tonumber))
print("tonumber", tonumber("10", 16), tonumber("ff", 16), tonumber("zz", 36), tonumber("8", 8))
print("tonumber", pcall(tonumber, 10, 16))
print("tonumber", pcall(tonumber, "10", 99))
print("tonumber", tonumber("12", nil))

-- string.format plans
print(string.format("%d:%s;", 5, "xx"), string.format("%d:%s;", 3.0, "y"))
print(pcall(string.format, "%d:%s;", 3.5, "y"))
print(pcall(string.format, "%d:%s;", 3))
print(string.format("%d:%s;", 4, 12), string.format("%s|%s", 1.5, "a"))
print(string.format("%.2f %.0f %.3f", 3, 2.5, -0.0), string.format("%.1f", 1/0))
print(string.format("%5.1f|%d|%s", 2.25, -7, "q"), string.format("%i%%", 9))
print(pcall(string.format, "%d:%s;", "7", "s"))
print(pcall(string.format, "%s", setmetatable({}, {__tostring = function() return "obj" end})))

-- find / match / gmatch / gsub arguments
local s = "ab9c:12 99x: 9:"
print(s:find("9%d*:"), s:find("9%d*:", 5), s:find("9%d*:", -3), s:find("9%d*:", 100))
print(s:find("9%d*:", 0), s:find("9%d*:", 3.0), pcall(s.find, s, "9", 2.5))
print(s:find("%d", 1, true), s:find(":", 1, true), s:find("", 3), s:find("", 40))
print(s:find("^ab"), s:find("^b"), s:find("(%d+)(:)"), s:match("(%d+)(:)", 6))
print(s:match("%d+"), s:match("%d+", 6), s:match("()%d"), s:match("x", -2))
print(pcall(s.find, s, "[a"), pcall(s.find, s))
for a, b in ("k1=v1, k2=v2,k3=v3"):gmatch("(%w+)=(%w+)") do io.write(a, ":", b, " ") end
print()
for a in ("one two  three"):gmatch("%a+") do io.write("[", a, "]") end
print()
for p, w in ("one two"):gmatch("()(%a+)") do io.write(p, w, " ") end
print()
for a in ("abc"):gmatch("x*") do io.write("<", a, ">") end
print()
print(("hello world"):gsub("o+", function(m) return #m end))
print(("hello world"):gsub("(l+)", function(m) if #m > 1 then return false end end))
print(("hello world"):gsub("%w+", function(m) return nil end, 1))
print(("hello world"):gsub("^h", function(m) return "J" end))
print(("a,b,,c"):gsub("(%w*)", function(m) return "<" .. m .. ">" end))
print(("abc"):gsub("(b)(c)", function(x, y) return y .. x end))
print(pcall(string.gsub, "abc", "b", function() return {} end))
