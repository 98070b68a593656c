-- __gc finalizers: order, resurrection x weak tables, errors, automatic GC
local log = {}
do
  local mt = {__gc = function (o) log[#log + 1] = o.name end}
  for i = 1, 4 do setmetatable({name = "o" .. i}, mt) end
end
collectgarbage()
print("reverse marking order:", table.concat(log, " "))

-- the metatable's __gc is read when the finalizer runs, and only objects
-- whose metatable had a __gc field when set are marked
log = {}
do
  local mt = {__gc = true}
  local a = setmetatable({name = "marked"}, mt)
  local b = setmetatable({name = "unmarked"}, {})
  getmetatable(b).__gc = function (o) log[#log + 1] = o.name end
  mt.__gc = function (o) log[#log + 1] = o.name end
end
collectgarbage()
print("marked only:", table.concat(log, " "))

-- an object is finalized once, even if resurrected
local saved
do
  local n = 0
  saved = setmetatable({}, {__gc = function (o) n = n + 1; saved = o end})
  saved = nil
  collectgarbage()
  print("resurrected:", type(saved), n)
  saved = nil
  collectgarbage()
  print("finalized once:", n)
end

-- weak values lose an object being finalized before its finalizer runs,
-- weak keys keep it until the next cycle
do
  local t = {x = 10}
  local C = setmetatable({key = t}, {__mode = 'v'})
  local C1 = setmetatable({[t] = 1}, {__mode = 'k'})
  local a = setmetatable({x = t}, {__gc = function (u)
    print("in __gc:", C.key, type(next(C1)))
  end})
  a, t = nil, nil
  collectgarbage()
  collectgarbage()
  print("after two cycles:", next(C), next(C1))
end

-- an error in a finalizer does not propagate
do
  setmetatable({}, {__gc = function () error("boom") end})
  print("collect ok:", pcall(collectgarbage))
end

-- finalizers run by automatic collections too
local function auto (make)
  local finish = false
  local u = setmetatable({}, {__gc = function () finish = true end})
  u = nil
  repeat local x = make() until finish
  return finish
end
print("auto tables:", auto(function () return {} end))
print("auto strings:", auto(function () return tostring({}) .. "x" end))
print("auto closures:", auto(function () local i; return function () return i end end))

-- a finalizer cannot yield
do
  local co = coroutine.wrap(function ()
    setmetatable({}, {__gc = function () coroutine.yield(1) end})
    collectgarbage()
    return "no yield"
  end)
  print(co())
end

-- the collector is not reentrant: collectgarbage fails inside a finalizer
do
  local res = true
  setmetatable({}, {__gc = function () res = collectgarbage() end})
  collectgarbage()
  print("reentrant collect:", res)
end
