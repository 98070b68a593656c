-- expect: fuel
while true do string.gsub(string.rep("a", 1000), "a", function() end) end
