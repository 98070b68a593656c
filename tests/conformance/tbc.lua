-- to-be-closed variables
local log = {}
local function closer(name)
  return setmetatable({}, {__close = function(_, err)
    log[#log + 1] = name .. ":" .. tostring(err and tostring(err):gsub("^.-:%d+: ", "") or err)
  end})
end
local function flush() print(table.concat(log, " ")); log = {} end
do
  local a <close> = closer("a")
  local b <close> = closer("b")
  local c <close> = nil
  local d <close> = false
end
flush()
local function f()
  local x <close> = closer("x")
  return "ret"
end
print(f()); flush()
print(pcall(function()
  local y <close> = closer("y")
  error("oops")
end)); flush()
-- error in __close replaces the original error
print(pcall(function()
  local z <close> = setmetatable({}, {__close = function() error("@z", 0) end})
  local w <close> = closer("w")
  error("orig", 0)
end)); flush()
-- loops and break/goto
for i = 1, 3 do
  local l <close> = closer("l" .. i)
  if i == 2 then break end
end
flush()
do
  local i = 0
  ::top::
  do
    local g <close> = closer("g" .. i)
    i = i + 1
    if i < 3 then goto top end
  end
end
flush()
-- generic for closes its 4th value
local function iter()
  return function(_, i) if i < 3 then return i + 1 end end, nil, 0, closer("for")
end
for i in iter() do if i == 2 then break end end
flush()
for i in iter() do end
flush()
-- const and attribs
print(pcall(load, "local x <const> = 1; x = 2"))
print(load("local x <const> = 1; x = 2"))
print(load("local x <foo> = 1"))
print(pcall(function() local v <close> = {} end))
print(pcall(function() local v <close> = 42 end))
-- coroutines: close pending tbc
local co = coroutine.create(function()
  local k <close> = closer("co")
  coroutine.yield(1)
end)
print(coroutine.resume(co))
print(coroutine.close(co), coroutine.status(co)); flush()
