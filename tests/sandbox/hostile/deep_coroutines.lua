-- expect: error
local function nest(n)
  return coroutine.wrap(function() return nest(n + 1)() end)
end
return nest(1)()
