-- expect: fuel
local parts = {}
for i = 1, 20000 do parts[i] = "local x" .. i .. " = " .. i end
while true do load(table.concat(parts, "\n")) end
