-- Variable names in messages as PUC finds them (integer index, ?, _ENV
-- fields, parentheses), calling literals, and right-to-left multiple stores.
local a; a, a = 1, 2; print(a)
local t = setmetatable({}, {__newindex = function(t, k, v) io.write(k, " ") rawset(t, k, v) end})
t.a, t.b, t.c = 1, 2, 3 print()
local x = {}
local i = 1
i, x[i] = i + 1, 20
print(i, x[1], x[2])
print(pcall(function() local t = {} t[1]() end))
print(pcall(function() local t = {} t.x.y = 1 end))
print(pcall(function() local k = "z" local t = {} t[k]() end))
print(pcall(function() (1)() end))
print(pcall(function() zz() end), pcall(function() _ENV["zz"]() end), pcall(function() local t = {} ; (t.x)() end))
