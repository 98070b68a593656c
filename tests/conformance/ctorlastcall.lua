-- A constructor's last positional item that is a call: one value or all of them, trailing nils dropped.
local function two() return 1, 2 end
local function none() end
local function one() return 5 end
local function nilv() return nil end
local t = {0, two()}; print(#t, t[1], t[2], t[3])
t = {0, none()}; print(#t, t[1], t[2])
t = {one()}; print(#t, t[1])
t = {nilv()}; print(#t, t[1])
t = {0, nilv()}; print(#t, t[1])
t = {two(), two()}; print(#t, t[1], t[2], t[3])
t = {(two())}; print(#t)
t = {x = 1, two()}; print(#t, t.x)
t = {string.byte("abc", 1, -1)}; print(#t, t[3])
t = {table.unpack({1, nil, 3})}; print(t[1], t[2], t[3])
