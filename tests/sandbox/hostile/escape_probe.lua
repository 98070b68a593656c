-- expect: return contained
local found = {}
local function try(what, f)
  local ok, v = pcall(f)
  if ok and v ~= nil then found[#found + 1] = what end
end
local fn, co = print, coroutine.create(print)
for _, k in ipairs({"__class__", "__dict__", "__globals__", "__code__", "gi_frame",
                    "__builtins__", "__import__", "fn", "func_globals", "__closure__"}) do
  try("function." .. k, function() return fn[k] end)
  try("thread." .. k, function() return co[k] end)
  try("string." .. k, function() return ("")[k] end)
  try("table." .. k, function() return rawget({}, k) end)
end
for _, name in ipairs({"io", "os.execute", "os.exit", "os.getenv", "os.remove", "os.rename",
                       "os.tmpname", "debug", "package", "require", "dofile", "loadfile",
                       "string.dump", "collectgarbage.x"}) do
  local v = _G
  for part in name:gmatch("[^.]+") do v = type(v) == "table" and v[part] or nil end
  if v ~= nil then found[#found + 1] = name end
end
local ok, e = pcall(error, {})
if type(e) ~= "table" then found[#found + 1] = "error value" end
local ok2, e2 = pcall(string.rep)
if type(e2) ~= "string" then found[#found + 1] = "builtin error value" end
local ok3, e3 = pcall(load, "\27Lua", "b", "b")
if #found > 0 then return "leak: " .. table.concat(found, ", ") end
return "contained"
