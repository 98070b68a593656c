-- which argument a library function reports first, and under which name
-- (math.fmod checks its second argument first, like gcc-compiled lmathlib)
print(pcall(math.fmod))
print(pcall(math.fmod, 1))
print(pcall(math.fmod, "a", "b"))
print(pcall(math.fmod, 1, "b"))
print(pcall(math.fmod, "a", 1))
print(pcall(function() return math.fmod(1.5) end))
-- package.searchpath checks its arguments last to first
print(pcall(package.searchpath))
print(pcall(package.searchpath, "x"))
print(pcall(package.searchpath, "x", "y", {}))
print(pcall(function() return package.searchpath(nil, "?") end))
-- coroutine functions called directly report their qualified names
for _, n in ipairs{"resume", "status", "create", "isyieldable", "wrap", "close"} do
  print(pcall(coroutine[n], 1))
  print(pcall(function() return coroutine[n](1) end))
end
-- an ordering error inside math.max/min has no position (lua_compare in C)
print(pcall(function() return math.max("1", 2) end))
print(pcall(function() return math.min(1, {}) end))
print(pcall(function() return math.min({}, {}) end))
print(math.max("10", "9"), math.min("10", "9"))
