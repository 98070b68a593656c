-- A call as the last argument passes all its results: none, one, several,
-- through plain, generator, tail, method and metamethod calls.
local function none() end
local function one() return 1 end
local function two() return 1, 2 end
local function cnt(...) return select("#", ...) end
local function idv(...) return ... end
print(cnt(none()), cnt(one()), cnt(two()), cnt(0, none()), cnt(0, two()), cnt(two(), two()))
print(idv(two()), idv(one()), (idv(two())))
local t = setmetatable({}, {__call = function(self, ...) return select("#", ...) end})
print(t(two()), t(none()), print(none()))
local function tail(f, ...) return f(idv(...)) end
print(tail(cnt, 1, nil, 3), tail(cnt), tail(math.max, 3, 9, 2))
print(pcall(tail, nil, 1), select("#", tail(idv)))
local obj = {m = function(self, ...) return cnt(...) end}
print(obj:m(two()), obj:m(none()), string.format("%d %d", two()))
print(math.max(two()), math.floor(idv(2.5)), tostring(idv(nil)))
print(coroutine.wrap(function(...) return cnt(...) end)(two()))
