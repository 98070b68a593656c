local obj = {name = "o"}
function obj.greet(self, x) return self.name .. x end
function obj:hi(x) return self.name .. ":" .. x end
print(obj:greet("!"), obj.hi(obj, "?"))
local a = {b = {c = {}}}
function a.b.c.f(x) return x * 2 end
function a.b.c:m(x) return self == a.b.c, x end
print(a.b.c.f(21), a.b.c:m(5))
local s = [[
line1
line2]]
print(s, #s)
print([==[a]]b]==], "tab\tnew\\n", '\x41\u{48}\z
   I')
--[[ block
comment ]] print("after comment")
--[==[ another ]==] print("x")
local t = {1, 2, 3; 4, n = 5, [6] = 6, ["k" .. 1] = true}
print(#t, t.n, t[6], t.k1)
local i = 1
local arr = {}
i, arr[i] = i + 1, 10
print(i, arr[1], arr[2])
local function outer()
  local n = 0
  local function inc() n = n + 1 return n end
  local function get() return n end
  return inc, get
end
local inc, get = outer()
inc(); inc()
print(get())
print(("x"):rep(3), ("%d"):format(7), #"\0\0", ("a\0b"):byte(2))
local big = {}
for k = 1, 100 do big[k] = k end
for k = 1, 50 do big[k] = nil end
print(#big == 100 or #big == 0, next(big) ~= nil)
local cnt = 0 for _ in pairs(big) do cnt = cnt + 1 end print(cnt)
local keys = {}
for k, v in pairs({x = 1, y = 2, z = 3}) do keys[#keys + 1] = k end
table.sort(keys) print(table.concat(keys, ","))
print(string.format("%10.3f|%-10s|%5d", math.pi, "hi", 42))
print(8 // 3 * 3 + 8 % 3, 2^3^2, -2^2, not nil == true, 1 .. 2 .. 3)
print(1 < 2 == true, "a" < "b", "Z" < "a", "abc" < "abd", "" < "a")
local mt = {__index = function(t, k) return k end}
local p = setmetatable({}, mt)
print(p.hello, p[42], rawget(p, "hello"))
print(type(string), type(nil), type(2.5), math.type(2^31), 2^31 | 0)
print(string.format("%q", "\r\n\t\0\1\127\255"))
print(tostring(0/0) == tostring(0/0), -(0/0))
print(math.floor(3.7), math.ceil(3.2), math.floor(-3.7), math.max(3, 7.5, 1), math.min(2, -1))
print(7 // 2.0, 7 % 2.5, -7 % 2.5, 2^0.5, 10 / 2)
