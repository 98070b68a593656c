-- Loop-free functions that store to fields, upvalues and globals run as
-- plain twins that undo their stores before falling back to the generator:
-- every store must happen exactly once, whatever stops the twin.
local count = 0
local function bump(e, d)
  e.x = e.x + d
  e.n = e.n + 1
  count = count + 1
  return e.x
end
local e = {x = 0, n = 0}
for i = 1, 5 do bump(e, i) end
print("plain", e.x, e.n, count)

-- a store of a new key, or of nil, leaves the twin before storing
local function setk(t, k, v) t.a = t.a + 1; t[k] = v; return t.a end
local t = {a = 0, 1, 2}
print("newkey", setk(t, "z", 9), t.z, t.a)
print("nilval", setk(t, "z", nil), t.z, t.a)
print("arr", setk(t, 2, "two"), t[2], t.a, setk(t, 3, "three"), t[3], #t)

-- a call to an impure function after the stores
local log = {}
local function note(s) log[#log + 1] = s end
local function both(o) o.v = o.v * 2; note("v=" .. o.v); return o.v end
local o = {v = 1}
for i = 1, 3 do both(o) end
print("impure call", o.v, table.concat(log, " "))

-- a metamethod only the generator can run (it yields) after a store
local co = coroutine.wrap(function()
  local mt = {__index = function(_, k) coroutine.yield("yielded " .. k); return 100 end}
  local function f(a, b) a.hits = a.hits + 1; return b.missing + a.hits end
  local a = {hits = 0}
  local b = setmetatable({}, mt)
  local r1 = f(a, {missing = 1})
  local r2 = f(a, b)
  return r1, r2, a.hits
end)
print(co())
print(co())

-- an error after the stores: the stores stay, as in the generator
local g = {k = 1}
local function fails(q) g.k = g.k + 1; q.k = q.k + 1; return q.k + nil end
local q = {k = 10}
print(pcall(fails, q))
print("after error", g.k, q.k)

-- globals
total = 0
local function addg(v) total = total + v; return total end
for i = 1, 4 do addg(i) end
print("global", total)

-- __newindex on a present key is not consulted; on an absent one it is
local calls = 0
local p = setmetatable({here = 1}, {__newindex = function(t, k, v) calls = calls + 1; rawset(t, k, v) end})
local function setp(x, k) x[k] = 5; return x[k] end
print(setp(p, "here"), setp(p, "there"), calls, p.there)

-- a twin calling a twin that stores: both undone when the outer stops
local cnt = {n = 0}
local function inner(c) c.n = c.n + 1; return c.n end
local function outer(c, h) local r = inner(c); c.last = r; return h.missing or r end
local h = setmetatable({}, {__index = function(_, k) coroutine.yield(k); return "mm" end})
local w = coroutine.wrap(function() return outer(cnt, {}), outer(cnt, h) end)
cnt.last = 0
print(w())
print(w(), cnt.n, cnt.last)

-- aliasing: the same table under two names
local function swap(a, b) a.v, b.v = b.v, a.v; return a.v, b.v end
local s = {v = 1}
print(swap(s, s), s.v)
local s2 = {v = 2}
print(swap(s, s2), s.v, s2.v)
