-- A tour of moonbox's Lua: run with `python -m vm examples/hello.lua`.
local Vec = {}
Vec.__index = Vec
function Vec.new(x, y) return setmetatable({x = x, y = y}, Vec) end
function Vec.__add(a, b) return Vec.new(a.x + b.x, a.y + b.y) end
function Vec:__tostring() return ("(%g, %g)"):format(self.x, self.y) end

print("hello from " .. _VERSION)
print("vector sum:", Vec.new(1, 2) + Vec.new(3, 4.5))

local gen = coroutine.wrap(function()
  for i = 1, 3 do coroutine.yield(i * i) end
end)
print("squares:", gen(), gen(), gen())

local ok, err = pcall(function() local t = nil; return t.field end)
print("caught:", ok, err)
print(("%d words"):format(select(2, ("the quick brown fox"):gsub("%a+", ""))))
