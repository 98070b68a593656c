-- Functions whose only side effect is one final store run as plain Python
-- twins from generator call sites, never from other plain twins (a caller
-- re-run after a deoptimisation would repeat the store).
local function counter()
  local c = 0
  return function(d) c = c + d; return c end
end
local f = counter()
f(5) print(f(2))
local obj = {x = 1}
function obj:setX(v) self.x = v end
obj:setX(42) print(obj.x)
local log = {}
local prox = setmetatable({}, {__newindex = function(t, k, v) log[#log+1] = k .. "=" .. tostring(v) rawset(t, k, v) end})
local function put(t, k, v) t[k] = v end
put(prox, "a", 1) put(prox, "a", 2) put(prox, "b", 3)
print(table.concat(log, " "), prox.a)
local n = 0
local function bump(t) n = n + t.inc; return n end
print(pcall(bump, {inc = 1}), pcall(bump, {}), n)
local function outer(x) bump({inc = x}) return x + nil end
print(pcall(outer, 10), n)
local total = 0
for i = 1, 100 do total = total + f(1) end
print(total)
