-- utf8 library: validity of sequences, codes, offset
local function show(...)
  local t = table.pack(...)
  for i = 1, t.n do t[i] = tostring(t[i]) end
  return table.concat(t, ",")
end
local cases = {"abc", "\x80", "\xBF", "a\x80b", "汉字\x80", "\xC0\x80", "\xC2\x80",
  "\xED\xA0\x80", "\xF4\x8F\xBF\xBF", "\xF4\x90\x80\x80", "\xE3", "\xF4\x9F\xBF\xBF", "\u{7FFFFFFF}"}
for _, s in ipairs(cases) do
  print(#s, show(utf8.len(s)), show(utf8.len(s, 1, -1, true)),
        show(pcall(utf8.codepoint, s, 1, -1)), show(pcall(utf8.codepoint, s, 1, -1, true)))
end
for _, s in ipairs{"héllo", "a\x80", "\xF4\x90\x80\x80", "ab\xC3"} do
  local ok, err = pcall(function()
    local r = {}
    for p, c in utf8.codes(s) do r[#r + 1] = p .. ":" .. c end
    return table.concat(r, " ")
  end)
  print(ok, (tostring(err):gsub("^.-:%d+: ", "")))
end
local s = "汉字/漢字"
print(utf8.offset(s, 1), utf8.offset(s, 2), utf8.offset(s, -1), utf8.offset(s, 0, 5), utf8.offset(s, 6), utf8.offset(s, 7))
print(pcall(utf8.offset, s, 1, 2))
print(utf8.char(72, 0x4E2D, 0x10FFFF) == "H中\u{10FFFF}", #utf8.char(0x7FFFFFFF))
print(pcall(utf8.char, -1))
print(pcall(utf8.codepoint, "abc", 4))
print(utf8.len("abc", 4), pcall(utf8.len, "abc", 5))
print(string.match("\xF0\x9F\x98\x80x", utf8.charpattern))
