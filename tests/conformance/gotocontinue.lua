-- goto continue: a label ending a loop body (compiled to Python's continue
-- when every goto to it is directly in that body).
local out = {}
for i = 1, 6 do
  if i % 2 == 0 then goto continue end
  out[#out + 1] = i
  ::continue::
end
print(table.concat(out, " "))

local i, acc = 0, {}
while i < 8 do
  i = i + 1
  do
    if i == 3 then goto next end
  end
  if i > 6 then goto next end
  acc[#acc + 1] = i
  ::next::
end
print(table.concat(acc, " "))

-- a goto from a nested loop to the outer body's end label
local pairs_ = {}
for a = 1, 3 do
  for b = 1, 3 do
    if b == a then goto skip end
  end
  pairs_[#pairs_ + 1] = a
  ::skip::
end
print(#pairs_)

-- repeat ... until: the label precedes the condition
local n, r = 0, {}
repeat
  n = n + 1
  if n == 2 then goto cont end
  r[#r + 1] = n
  ::cont::
until n >= 4
print(table.concat(r, " "))

-- generic for, <close> variables closed on every continue
local closed = 0
local mt = {__close = function() closed = closed + 1 end}
for k, v in ipairs({10, 20, 30}) do
  local c <close> = setmetatable({}, mt)
  if v == 20 then goto continue end
  closed = closed + 100
  ::continue::
end
print(closed)

-- a nested block with its own labels inside the body
local s = {}
for x = 1, 4 do
  do
    local y = x
    ::again::
    if y < 3 then y = y + 1 goto again end
    if x == 2 then goto continue end
    s[#s + 1] = y
  end
  ::continue::
end
print(table.concat(s, " "))

-- an infinite goto-continue loop still runs out of fuel: not tested here
local cnt = 0
for k = 1, 100000 do
  if k > 0 then goto continue end
  cnt = cnt - 1
  ::continue::
end
print(cnt)
