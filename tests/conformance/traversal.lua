-- Clearing fields during a traversal is allowed (manual, next): array
-- slots and hash keys alike, including ones that shrink the array part.
local t = {} t[1] = true
for k in pairs(t) do t[k] = nil end
print(next(t))
local u = {1, 2, 3, x = 1, y = 2}
for k in pairs(u) do u[k] = nil end
print(next(u))
local w = {1, 2, 3, 4, 5}
for k in pairs(w) do if k % 2 == 0 then w[k] = nil end end
local keys = {}
for k, v in pairs(w) do keys[#keys + 1] = k .. "=" .. v end
table.sort(keys)
print(table.concat(keys, " "))
local z = {10, 20, 30, a = 1}
local seen = 0
for k in pairs(z) do seen = seen + 1 z[k] = nil end
print(seen, next(z))
print(pcall(next, {}, "nope"))
print(pcall(next, {10, 20}, 3))
local s = {1, 2, 3}
for k in pairs(s) do s[4 - k] = nil end
print(next(s))
