-- debug.getinfo(f, "L").activelines: lines holding code, relative to
-- linedefined; the header line has none unless code is on it
local function show (f)
  local t = debug.getinfo(f, "SL")
  local r = {}
  for l in pairs(t.activelines) do r[#r + 1] = l - t.linedefined end
  table.sort(r)
  print(table.concat(r, " "))
  -- the table is a proper Lua table: clearing every entry empties it
  for _, l in ipairs(r) do t.activelines[l + t.linedefined] = nil end
  print(next(t.activelines))
end

show(function (...)
    local a = 20

    local b = 30
  end)
show(function (a)            -- a parameter captured by a closure
    local f = function () return a end
    return f
  end)
show(function (a, b) local x = a
  return x end)
show(function (a, b, ...) end)
show(function (a, b)
  end)
for _, n in ipairs{0, 1, 2, 10} do
  show(load(string.rep("\n", n) .. " return 1"))
end
