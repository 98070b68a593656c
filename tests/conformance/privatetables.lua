-- Tables that never leave their function: indexed, stored, measured.
local function work(n)
  local a, b, s = {}, {x = 1}, 0
  for i = 1, n do a[i] = i * i end
  a[n + 2] = "gap"
  b.y = 2; b.x = nil; b[1] = "one"; b[true] = "t"
  for i = 1, n do s = s + a[i] end
  local c = {10, 20, 30}
  c[2] = nil
  c[#c + 1] = 40
  return s, a[n + 2], #a == n or #a == n + 2, b.x, b.y, b[1], b[true], c[1], c[2], c[3], c[4]
end
print(work(5))
print(pcall(function() local t = {} t[nil] = 1 end))
print(pcall(function() local t = {} t[0 / 0] = 1 end))
print(pcall(function() local t = {} return t.x.y end))
-- escapes (so not private): passed, returned, captured, stored elsewhere
local function escapes()
  local t = {}
  setmetatable(t, {__newindex = function(tt, k, v) rawset(tt, k, v * 2) end})
  t[1] = 5
  local u = {}
  local holder = {u}
  holder[1].z = 3
  local w = {}
  local f = function() return w end
  f().q = 9
  return t[1], u.z, w.q
end
print(escapes())
