-- Line hooks see Lua lines only: no events for the compiler's hidden
-- prologue code (type flags, integer-specialised entry checks).
local trace = {}
local function hook(ev, line) trace[#trace + 1] = ev .. (line and (":" .. line) or "") end
local function area(r)
  local w = r.w
  return w * r.h
end
local function step(n, k)
  local m = n + k
  return m * 2
end
local function pick(t, i)
  for j = 1, 2 do
    i = i + t[j]
  end
  return i
end
debug.sethook(hook, "crl")
local a = area({w = 2, h = 3})
local b = step(4, 5)
local c = step(1.5, 2)
local d = pick({10, 20}, 1)
debug.sethook()
print(a, b, c, d)
print(table.concat(trace, " "))
