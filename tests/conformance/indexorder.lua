-- Index expressions: the object is evaluated before the key, constant and
-- computed keys, float keys with integer values.
local log = {}
local mt = {__index = function(t, k)
  log[#log + 1] = "idx " .. k
  return setmetatable({}, {__index = function(_, k2) log[#log + 1] = "inner " .. tostring(k2); return 1 end})
end}
local o = setmetatable({}, mt)
local A = setmetatable({}, {__add = function(a, b) log[#log + 1] = "add"; return 2 end})
local x = o.f[A + 1]
local y = o.g[3]
local z = o.h[1.5 * 2]
local t = {10, 20, 30}
print(x, y, z, t[1], t[3], t[4], t[2.0], t["1"])
print(table.concat(log, ","))
