-- goto semantics and label visibility
local function try(code)
  local f, err = load(code, "=g")
  if not f then print("compile:", err) return end
  print(pcall(f))
end
try("goto l1; local a = 1; ::l1:: return a")
try("do goto l1 end ::l1:: return 'ok'")
try("goto l1; do ::l1:: end")
try("::l1:: ::l1::")
try("::l1:: do ::l1:: end return 'nested same name ok'")
try("local x goto e; local y ::e:: return 'jump into scope of local at block end'")
try("local n = 0 repeat n = n + 1 local x = n > 2; goto cont; ::cont:: until x return n")
try("repeat goto cont; local x; ::cont:: until x")
try("for i = 1, 3 do if i == 2 then goto continue end ::continue:: end return 'continue'")
try("goto nowhere")
try("do local a; ::l:: a = (a or 0) + 1; if a < 3 then goto l end; return a end")
-- closures capture a fresh local per iteration when jumping backwards
local fs = {}
do
  local i = 1
  ::top::
  local j = i
  fs[#fs + 1] = function() return j end
  i = i + 1
  if i <= 3 then goto top end
end
print(fs[1](), fs[2](), fs[3]())
-- break inside nested loops and while
local out = {}
for i = 1, 3 do
  for j = 1, 3 do
    if j > i then break end
    out[#out + 1] = i .. j
  end
end
print(table.concat(out, " "))
local n = 0
while true do n = n + 1 if n > 4 then break end end
print(n)
try("break")
try("return 1; print(2)")
try("goto = 1")
