-- The length of a table a function builds and keeps to itself is an
-- integer: appends with t[#t + 1], loop bounds, arithmetic on lengths.
local function build(n)
  local t = {}
  for i = 1, n do t[#t + 1] = i * 2 end
  local m = #t
  local s = 0
  for i = 1, #t do s = s + t[i] end
  t[#t] = nil
  t[#t] = nil
  local half = #t // 2
  return m, s, #t, half, #t * 1.5, #t - m, math.type(#t)
end
print(build(10))
print(build(0))
print(build(1))
local function gaps()
  local t = {}
  t[3] = "c"                 -- hash part: # is still 0
  local a = #t
  t[1] = "a"
  local b = #t
  t[2] = "b"                 -- fills the gap: 3 moves to the array part
  return a, b, #t, #t + 1
end
print(gaps())
local function queue()
  local q = {}
  for i = 1, 5 do q[#q + 1] = i end
  local out = {}
  while #q > 0 do out[#out + 1] = q[#q]; q[#q] = nil end
  return table.concat(out, ","), #q, #out
end
print(queue())
