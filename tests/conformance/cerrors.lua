-- Runtime errors raised inside builtins ("C functions") carry no position;
-- luaL_len accepts numeric strings; __call chains keep the call-site name;
-- '<=' falls back to 'not (b < a)' (LUA_COMPAT_LT_LE of the default build);
-- string arithmetic errors come from the string metamethods (trymt);
-- base-library argument checks (select '#...', pairs, xpcall, rawlen, next).

-- runtime errors inside builtins: no position
print(pcall(function() return table.unpack(nil) end))
print(pcall(function() table.sort({3, 1, "x"}) end))
print(pcall(function() table.sort({3, 1, {}}) end))
print(pcall(function() rawset({}, nil, 1) end))
print(pcall(function() rawset({}, 0/0, 1) end))
print(pcall(function() return next({1, 2, 3}, 4) end))
print(pcall(function() return next({a = 1}, "b") end))
print(pcall(nil))
print(pcall(function() return ("x"):rep(1, {}) end))
-- ... but errors raised by the builtin itself (luaL_error) have the caller's
print(pcall(function() return tostring(setmetatable({}, {__tostring = function() return {} end})) end))
print(pcall(function() return string.format("%s", setmetatable({}, {__tostring = function() return true end})) end))
print(pcall(function() print(setmetatable({}, {__tostring = function() end})) end))

-- __len returning numeric strings / floats (lua_tointegerx)
local s3 = setmetatable({}, {__len = function() return "3" end,
                             __index = function(_, k) return "v" .. k end})
print(pcall(table.concat, s3, ","))
print(pcall(table.unpack, s3))
print(pcall(table.concat, setmetatable({}, {__len = function() return "2.0" end, __index = function(_, k) return k end})))
print(pcall(table.concat, setmetatable({}, {__len = function() return "2.5" end})))
print(pcall(table.concat, setmetatable({}, {__len = function() return "x" end})))
print(pcall(table.unpack, setmetatable({}, {__len = function() return "x" end})))

-- __call chains: the message names the original call slot
local c = setmetatable({}, {__call = 5})
print(pcall(function() return c() end))
local c2 = setmetatable({}, {__call = setmetatable({}, {__call = true})})
print(pcall(function() local x = c2; return x(1) end))
print(pcall(function() return c2(1) end))
local c3 = setmetatable({}, {__call = setmetatable({}, {__call = function(...) return select('#', ...), ... end})})
print(c3(1, 2))

-- '<=' with only __lt: not (b < a)
local lt = {__lt = function(a, b) return a.v < b.v end}
local A, B = setmetatable({v = 1}, lt), setmetatable({v = 2}, lt)
print(A <= B, B <= A, A <= A, A >= B, B >= A)
local only_b = setmetatable({v = 5}, {__lt = function(a, b) return type(a) == "number" end})
print(pcall(function() return 1 <= only_b, only_b <= 1 end))
print(pcall(function() return {} <= {} end))
print(pcall(function() return setmetatable({}, {__le = function() return 1 end}) <= 1 end))

-- arithmetic on non-numeric strings: lstrlib's trymt message
print(pcall(function() local a = "x"; return a + 1 end))
print(pcall(function() return 1 * "x" end))
print(pcall(function() local a, b = nil, "10"; return a * b end))
print(pcall(function() local t = {a = "x", b = "y"}; return t.a // t.b end))
print(pcall(function() local n = setmetatable({}, {__name = "My"}); return "10" % n end))
print(pcall(function() local n = setmetatable({}, {__name = "My"}); return n - "10" end))
print(pcall(function() local a = "x"; return -a end))
print(pcall(function() return 2 ^ "z" end))
print(pcall(function() return "10" + setmetatable({}, {__add = function(a, b) return "mm" end}) end))
print(pcall(function() return "1" + "2", "3" * 2, -"2", "0x10" // 3 end))
print(pcall(function() local t = {}; return t + 1 end))
print(pcall(function() local t = {}; return "a" .. t end))

-- base library argument handling
print(select("#x", 1, 2), select("#", nil, nil))
print(pcall(select, "", 1))
print(pcall(pairs, nil))
print(pcall(function() for k in pairs(nil) do end end))
print(pcall(function() for k in pairs(5) do end end))
print(pcall(function() for k in ipairs(nil) do end end))
print(pcall(xpcall, print))
print(pcall(xpcall, print, nil))
print(pcall(xpcall, print, 5))
print(pcall(xpcall, print, setmetatable({}, {__call = print})))
print(xpcall(function() error("e1") end, function(m) return m, "extra" end))
print(xpcall(function() error("e1") end, function(m) end))
print(xpcall(function() error("e1") end, function(m) error("e2") end))
print(pcall(rawlen, 5))
print(pcall(rawlen))
print(rawlen("abc"), rawlen({1, 2}))
