-- expect: return counted
local before = collectgarbage("count")
local function fill()
  local t = {}
  for i = 1, 10000 do t[i] = {} end
  return collectgarbage("count")
end
local during = fill()
collectgarbage()
local after = collectgarbage("count")
assert(during > before + 500, "count did not grow: " .. before .. " " .. during)
assert(after < during - 500, "count did not shrink: " .. during .. " " .. after)
return "counted"
