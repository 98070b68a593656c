-- differences from lua5.4 found by differential testing of the string libraries
local function esc(...)
  local t = table.pack(...)
  for i = 1, t.n do
    if type(t[i]) == 'string' then
      t[i] = t[i]:gsub('[^\32-\126]', function(c) return '\\' .. c:byte() end)
    end
  end
  return table.unpack(t, 1, t.n)
end

-- tonumber with a base takes strings only (luaL_checktype), not numbers
print(pcall(tonumber, 10, 16))
print(pcall(tonumber, 10.0, 10))
print(pcall(tonumber, 1/0, 36))
print(pcall(tonumber, '10', 16), pcall(tonumber, ' -ff ', 16))

-- errors raised by gsub keep the caller's position when its pattern is
-- translated (from its second use on: the fast path)
for i = 1, 3 do
  print(i, pcall(function() return string.gsub('abc', 'abc', '%s') end))
  print(i, pcall(function() return ('abc'):gsub('(a)', '%2') end))
  print(i, pcall(function() return string.gsub('abc', 'a', {a = {}}) end))
  print(i, pcall(function() return string.gsub('abc', 'b', 'x', 'y') end))
  print(i, pcall(string.gsub, 'abc', 'abc', '%s'))
end

-- messages quote the raw bytes of the format, up to a NUL
print(esc(pcall(string.pack, '\200')))
print(esc(pcall(string.pack, 'i\255')))
print(esc(pcall(string.unpack, 'i4\233', '1234')))
print(esc(pcall(string.format, '%\200', 1)))
print(esc(pcall(string.format, '%5\200', 1)))
print(esc(pcall(string.format, '%-\233', 1)))
print(esc(pcall(string.format, '%\0', 1)))
print(esc(pcall(string.format, '%\0d', 1)))
print(esc(pcall(string.format, '%10.3q', 1)))
print(esc(pcall(string.format, '%1\0.3f', 1)))

-- '%p' shows the address tostring shows (luaL_tolstring uses "%s: %p")
local t, f, co = {}, function() end, coroutine.create(print)
print(string.format('%p', t) == tostring(t):sub(8), string.format('%p', f) == tostring(f):sub(11),
      string.format('%p', co) == tostring(co):sub(9))
local named = setmetatable({}, {__name = 'My'})
print(string.format('%p', named) == tostring(named):sub(5))
print(string.format('%20p|', t) == string.rep(' ', 20 - #tostring(t) + 7) .. tostring(t):sub(8) .. '|')
print(string.format('%p', 1), string.format('%p', nil), string.format('%p', true))
