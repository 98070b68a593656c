print(1e15, 1e16, 2^53, 2^63, -2^63, 1/0, -1/0, 0/0 ~= 0/0, math.pi)
print(3 // 0.0, -3 // 0.0, 0.0/0.0 ~= 0.0/0.0, 3 % math.huge, -3 % math.huge, 3 % -math.huge)
print(math.maxinteger + 0.0, math.mininteger + 0.0, 9007199254740993, 2^63 == math.maxinteger + 1.0)
print(1 < 1.5, 1 == 1.0, math.maxinteger < 2^63, math.maxinteger + 1.0 > math.maxinteger)
print(string.format("%g %g %g", 1e300*1e10, -1e300*1e10, 0.1), tostring(1e100))
print(#"\u{10FFFF}", "\65\066\x43", "a\z
      b", '\'')
print(tonumber("0x10"), tonumber("  10  "), tonumber("10e"), tonumber("1e1"), tonumber(".5"), tonumber("5."), tonumber("0x.8p1"), tonumber("inf"), tonumber("nan"))
print(tonumber("z", 36), tonumber("ff", 16), tonumber("8", 8), tonumber("1111", 2), tonumber(""), tonumber(" "))
print(math.type(1), math.type(1.0), math.type("1"), 10 // 3, 10.0 // 3, -10 // 3, 10 % -3, -10 % 3, 5.5 % 2)
print(string.rep("ab", 3, ","), ("x"):rep(0), ("abc"):sub(-2), ("abc"):byte(1, -1))
local t = {10, 20, 30, nil, 50}
print(#t, select("#", table.unpack(t)), table.unpack({1, 2, 3}, 2))
print(next({}), type(next), rawequal("a", "a"), rawlen({1, 2}), rawget({a = 1}, "a"))
local mt = {__index = function(t, k) return k * 2 end}
local p = setmetatable({}, mt)
print(p[21], p[1.5])
print(select(-2, "a", "b", "c"))
print(string.format("%q", 1/3), string.format("%q", "a\0b\n"), string.format("%5.2s|", "abc"))
print(math.floor(-0.5), math.ceil(-0.5), math.floor(2^31 + 0.5), math.fmod(-6, 4), math.fmod(6, -4))
print(8 | 1, 8 ~ 12, ~5, 1 << 62, 256 >> 4, -256 >> 4, "0x10" + 0, "10" * "2")
goto skip
print("not printed")
::skip::
local a <const> = 5
print(a, (function(...) return select("#", ...) end)(nil, nil, nil))
print(pcall(function() local x <close> = 42 end))
print(tostring(print):match("^builtin") or tostring(print):match("^function"))
print(coroutine.running())
print(string.find("abc", "b", 1, true), string.find("a.c", ".", 1, true), ("hello"):find("l+"))
print(table.concat({1, 2.5, "x"}, "-"), pcall(table.concat, {1, {}, 3}))
print(os.time{year=2000, month=1, day=1, hour=0} ~= nil, type(os.clock()))
print(string.format("%-5d|%05d|%+d|% d|%x|%X|%o|%e|%.3f|%10.4f|", 42, 42, 42, 42, 255, 255, 8, 12345.678, 1/3, math.pi))
print(("%c%c%c"):format(76, 117, 97), ("%i"):format(3), ("%.0f"):format(0.5), ("%.0f"):format(1.5))
