-- Chunk names in compile-time error messages (luaO_chunkid): the
-- [string "..."] form keeps sources shorter than 45 bytes, truncates the
-- rest (and multi-line ones) with "..."; lengths count bytes; a chunk name
-- is a C string, so it ends at its first NUL.
local base = "x = = 1 "
for _, n in ipairs{43, 44, 45, 46, 60} do
  local src = base .. ("-"):rep(n - #base)
  print(n, select(2, load(src)))
  print(n, select(2, load(src .. "\nfoo")))
end
-- names given explicitly
for _, n in ipairs{44, 45, 46} do
  print(n, select(2, load("x = = 1", ("s"):rep(n))))
end
print(select(2, load("x = = 1", "=" .. ("n"):rep(59))))
print(select(2, load("x = = 1", "=" .. ("n"):rep(60))))
print(select(2, load("x = = 1", "@" .. ("f"):rep(59))))
print(select(2, load("x = = 1", "@" .. ("f"):rep(60))))
-- multi-byte characters: the limits are in bytes
print(select(2, load("x = = 1", ("\u{e9}"):rep(22))))
print(select(2, load("x = = 1", ("\u{e9}"):rep(23))))   -- cut inside a character
print(select(2, load("x = = 1", "=" .. ("\u{e9}"):rep(29) .. "z")))
-- a NUL ends the chunk name
print(select(2, load("x = = 1", "=ab\0cd")))
print(select(2, load("x = = 1", "@ab\0cd")))
print(select(2, load("x = = 1", "ab\0cd")))
print(select(2, load("x = \0 = 1")))
print(debug.getinfo(load("return 1", "=ab\0cd")).source)
