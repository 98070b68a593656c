-- Steering helpers; required as "ai.steer".
local steer = {}

function steer.wander(pos, step)
  local angle = math.random() * 2 * math.pi
  return {x = pos.x + math.cos(angle) * step, y = pos.y + math.sin(angle) * step}
end

function steer.clamp(pos, size)
  local function c(v) return math.max(-size, math.min(size, v)) end
  return {x = c(pos.x), y = c(pos.y)}
end

return steer
