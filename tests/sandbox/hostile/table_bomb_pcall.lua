-- expect: return caught not enough memory
local function bomb()
  local t = {}
  for i = 1, 1e9 do t[i] = {i} end
end
local ok, err = pcall(bomb)
collectgarbage()
local after = {}
for i = 1, 1000 do after[i] = {} end       -- the arena works again
return "caught " .. tostring(err)
