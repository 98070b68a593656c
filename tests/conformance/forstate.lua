for k, v in pairs({10}) do end
local function gettoclose(lv)
  lv = lv + 1
  local stvar = 0
  for i = 1, 1000 do
    local n, v = debug.getlocal(lv, i)
    if n == "(for state)" then stvar = stvar + 1 if stvar == 4 then return v end end
  end
end
local function names(lv)
  local t = {}
  for i = 1, 100 do local n = debug.getlocal(lv + 1, i) if not n then break end t[#t+1] = n end
  return table.concat(t, ",")
end
local tbc = setmetatable({}, {__close = function() end})
for x in next, {1, 2}, nil, tbc do
  print(gettoclose(1) == tbc)
  break
end
print(select("#", gettoclose(0)))
