-- A tiny helper module, loaded with `require "util.fmt"`.
local M = {}

function M.duration(seconds)
  local m = seconds // 60
  local s = seconds - m * 60
  return string.format("%dm%05.2fs", m, s)
end

return M
