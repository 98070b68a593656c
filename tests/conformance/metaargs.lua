-- arguments metamethods receive; names in error messages
local function cap(name)
  return function(...)
    local t = table.pack(...)
    for i = 1, t.n do t[i] = type(t[i]) end
    print(name, t.n, table.concat(t, ","))
    return 0
  end
end
local a = setmetatable({}, {__len = cap("len"), __unm = cap("unm"), __bnot = cap("bnot"),
  __add = cap("add"), __concat = cap("concat"), __index = cap("index"),
  __call = cap("call"), __lt = cap("lt"), __le = cap("le"), __eq = cap("eq"), __close = cap("close")})
local _ = #a, -a, ~a, a + 1, 1 .. a, a.x, a(1, 2), a < a, a <= 1, a == setmetatable({}, getmetatable(a))
do local c <close> = a end
local function msg(code)
  local ok, err = pcall(load(code))
  print((tostring(err):gsub("^%[string .-%]:", "")))
end
msg("local a = setmetatable({}, {__add = 34}); a = a + 1")
msg("local a = setmetatable({}, {__lt = {}}); return a > a")
msg("local a = setmetatable({}, {__index = 1}); return a.x")
msg("local t = {} ; t.x.y = 1")
msg("local t = {} ; return t.x.y.z")
msg("return math.huge << 1")
msg("local s = 'a'; return s < 1")
msg("return {} < {}")
msg("return #nil")
msg("x = nil; x()")
msg("local up = nil; return (function() return up.f end)()")
msg("return ('x')()")
msg("return 1 .. {}")
-- __name in messages
local T = setmetatable({}, {__name = "My Type"})
msg = function(code) local ok, err = pcall(load(code, "=c", "t", {XX = T})) print(err) end
msg("return XX + 1")
msg("return XX < XX")
msg("return -XX")
