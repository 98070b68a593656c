-- Integer recursion through the local a function is bound to: results stay
-- exact (wraparound included) whatever the callee turns out to be.
local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
print(fib(20), fib(1), fib(0), fib(-3), math.type(fib(15)))
print(pcall(fib, 2.0), pcall(fib, "6"))
local function up(n) if n == 0 then return math.maxinteger - 3 end return up(n - 1) + 1 end
print(up(2), up(5), up(300))
local function mixed(n) if n <= 0 then return 0.5 end return mixed(n - 1) + 1 end
print(mixed(3), math.type(mixed(3)))
local function count(n, acc) if n == 0 then return acc end return count(n - 1, acc + 1) end
print(count(10, 0), count(500, 2))
-- the local's function replaced while recursing (through the debug library)
local function g(n) if n < 1 then return 7 end return g(n - 1) * 2 end
print(g(4))
local idx = 1
while debug.getupvalue(g, idx) ~= "g" do idx = idx + 1 end
local orig = g
debug.setupvalue(g, idx, function(n) return "s" .. n end)
print(pcall(orig, 3))
debug.setupvalue(orig, idx, function(n) return 1.5 end)
print(orig(3), math.type(orig(3)))
debug.setupvalue(orig, idx, orig)
print(orig(5))
-- recursion returning integers whatever its arguments are (a tree's size)
local function size(t) if t[1] then return 1 + size(t[1]) + size(t[2]) end return 1 end
local tree = {{{}, {{}, {}}}, {}}
print(size(tree), size({}), pcall(size, 5))
local sz = size
local j = 1
while debug.getupvalue(sz, j) ~= "size" do j = j + 1 end
debug.setupvalue(sz, j, function(t) return 0.25 end)
print(sz(tree), math.type(sz(tree)))
debug.setupvalue(sz, j, function(t) return "x" end)
print(pcall(sz, tree))
