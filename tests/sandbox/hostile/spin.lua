-- expect: fuel
while true do end
