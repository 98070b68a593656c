-- table library corner cases
local function dump(t, n)
  local r = {}
  for i = 1, n or #t do r[#r + 1] = tostring(t[i]) end
  return "{" .. table.concat(r, ",") .. "}"
end
local t = {1, 2, 3}
table.insert(t, 1, 0); table.insert(t, 5, 4); table.insert(t, 4)
print(dump(t))
print(pcall(table.insert, t, 0, 1))
print(pcall(table.insert, t, 9, 1))
print(pcall(table.insert, t, 1, 2, 3))
print(pcall(table.insert, t))
-- #t + 1 wraps around at maxinteger
local w = setmetatable({}, {__len = function() return math.maxinteger end})
table.insert(w, "x")
print(next(w) == math.mininteger, w[math.mininteger])
print(table.remove({}), table.remove({}, 0), pcall(table.remove, {}, 2))
local r = {10, 20, 30}
print(table.remove(r, 1), dump(r), table.remove(r), dump(r), table.remove(r, #r + 1))
print(dump(table.move({1, 2, 3, 4, 5}, 2, 4, 1)), dump(table.move({1, 2, 3}, 1, 3, 3), 5))
print(dump(table.move({1, 2}, 1, 2, 1, {9, 9, 9})))
print(pcall(table.move, {}, 1, math.maxinteger, 2))
print(table.concat({1, 2.5, "x"}, "-"), table.concat({}, "x"), table.concat({1, 2, 3}, ",", 2, 3))
print(pcall(table.concat, {1, {}, 3}))
print(pcall(table.concat, {1, 2}, ",", 1, 3))
print(table.unpack({1, 2, 3}, 2), table.unpack({1, 2}, 1, 4))
print(select("#", table.unpack({}, 1, 0)), pcall(table.unpack, {}, 1, 1e8))
local p = table.pack(nil, 2, nil)
print(p.n, p[1], p[2], p[3])
local s = {5, 2, 8, 1, 9, 3}
table.sort(s); print(dump(s))
table.sort(s, function(a, b) return a > b end); print(dump(s))
local words = {"pear", "Apple", "fig", "banana"}
table.sort(words); print(dump(words))
print(pcall(table.sort, {1, "x", 2}))
print(pcall(table.sort, {3, 2, 1}, function() return true end))
-- metamethods are honoured
local log = {}
local proxy = setmetatable({}, {
  __index = function(_, k) return k * 10 end,
  __newindex = function(_, k, v) log[#log + 1] = k .. "=" .. tostring(v) end,
  __len = function() return 3 end})
table.insert(proxy, 1, "a")
print(table.concat(log, " "), table.concat(proxy, ","), table.unpack(proxy))
