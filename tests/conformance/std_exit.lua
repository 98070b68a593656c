-- os.exit ends the program at once, even inside pcall, xpcall, a coroutine
-- or a metamethod (it is not a Lua error)
io.write("before ")
print(pcall(print, "pcall works"))
coroutine.wrap(function()
  print(xpcall(function()
    local t = setmetatable({}, {__index = function() os.exit(true) end})
    return t.x
  end, function(m) print("handler", m) return m end))
end)()
print("not reached")
