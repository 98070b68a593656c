-- expect: error not enough memory
local t = {}
for i = 1, 1e9 do
  local co = coroutine.create(function(...) coroutine.yield(...) end)
  coroutine.resume(co, i, i, i)
  t[i] = co
end
