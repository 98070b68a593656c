-- Table constructors: nil values under string keys, trailing nils and
-- multi-value tails (the array part never ends in nil).
local function f(a, b) return {x = a, y = b} end
local t = f(1, nil); print(t.x, t.y, next(t, "x"))
t = f(nil, nil); print(next(t))
local i = 5
local u = {x = i * 2, y = "s", z = i > 3, w = {}, v = not i, q = nil and 1 or 2}
for k, v in pairs({x=1}) do print(k, v) end
print(u.x, u.y, u.z, type(u.w), u.v, u.q)
local function g() return nil end
local function h() return 1, nil end
local function k() end
print(#{g()}, #{1, g()}, #{h()}, #{1, 2, k()}, #{nil}, #{1, nil}, #{nil, 1})
local d = {x = 1, x = nil}; print(d.x)
local d2 = {x = nil, x = 1}; print(d2.x)
local d3 = {i, i}; print(#d3)
