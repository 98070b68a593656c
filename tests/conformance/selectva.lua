-- select on the varargs (run inline for select("#", ...) and one value of
-- select(i, ...)): counts with nils, indices in and out of range, negative,
-- float and string indices, errors, a redefined select.
local function probe(...)
  local n = select("#", ...)
  local out = {n}
  for i = 1, n + 1 do out[#out + 1] = tostring((select(i, ...))) end
  out[#out + 1] = tostring((select(-1, ...)))
  out[#out + 1] = tostring((select(2.0, ...)))
  out[#out + 1] = tostring((select("1", ...)))
  return table.concat(out, ",")
end
print(probe(1, nil, 3))
print(probe(nil, nil))
print(pcall(probe))
print(select("#"), select("#", nil), select("#", nil, nil))
local function sum(...)
  local s = 0
  for i = 1, select("#", ...) do s = s + (select(i, ...) or 0) end
  return s, select(2, ...)
end
print(sum(1, 2, nil, 4))
local function bad(...) return select(0, ...) end
print(pcall(bad, 1, 2))
local function bad2(...) return (select(1.5, ...)) end
print(pcall(bad2, 1, 2))
local real = select
select = function(i, ...) return "mine" end
local function mine(...) return select(1, ...), select("#", ...) end
print(mine(7, 8))
select = real
print(mine(7, 8))
