-- found by tests/differential/progen.py: metamethods run by table.* functions
-- and by ipairs's iterator cannot yield (lua_geti/lua_seti in C, no continuation)
local function try(name, body)
  local co = coroutine.wrap(body)
  print(name, pcall(co))
  print(name, pcall(co, 'again'))
end
local yidx = {__index = function(_, k) if k <= 3 then return coroutine.yield(k) end end}
try('ipairs', function() local s = 0 for i, v in ipairs(setmetatable({}, yidx)) do s = s + v end return s end)
try('ipairs step', function() local f, s = ipairs(setmetatable({}, yidx)) return f(s, 0) end)
try('concat', function() return table.concat(setmetatable({}, yidx), ',', 1, 2) end)
try('unpack', function() return table.unpack(setmetatable({}, yidx), 1, 2) end)
try('insert', function()
  table.insert(setmetatable({}, {__newindex = function(t, k, v) coroutine.yield(k) end}), 'x')
  return 'inserted'
end)
try('remove', function() return table.remove(setmetatable({1, 2}, {__len = function() return 3 end, __index = yidx.__index})) end)
try('move', function() return table.move(setmetatable({}, yidx), 1, 2, 1, {})[1] end)
try('len', function()
  return table.concat(setmetatable({'a', 'b'}, {__len = function() return coroutine.yield('len') end}))
end)
try('load reader', function()
  local f, e = load(function() return coroutine.yield('reader') end)
  return f, e
end)
try('xpcall handler', function()
  return xpcall(error, function(m) return coroutine.yield('handler') end, 'e')
end)
-- what may yield: loops over plain tables, __pairs, pcall, metamethods from Lua code
try('plain', function() for i, v in ipairs({10, 20}) do coroutine.yield(v) end return 'end' end)
try('pairs', function()
  for k in pairs(setmetatable({}, {__pairs = function(t) coroutine.yield('pairs') return next, {}, nil end})) do end
  return 'end'
end)
try('index', function() local p = setmetatable({}, yidx) return p[1] + p[2] end)
-- errors and results unchanged outside coroutines
print(pcall(function() for i, v in ipairs(5) do end end))
print(pcall(function() for i, v in ipairs(setmetatable({}, {__index = function() error('idx', 2) end})) do end end))
local t = setmetatable({}, {__index = function(t, k) return k * 2 end, __len = function() return 3 end})
print(table.concat(t, ','), table.unpack(t))
