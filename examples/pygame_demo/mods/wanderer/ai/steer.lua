-- Steering helpers, required as "ai.steer" (modules resolve inside the mod folder only).
local steer = {}

-- Turn `heading` by a random amount, and back towards the centre near the walls.
function steer.wander(e, heading, dt, w, h)
  heading = heading + (math.random() - 0.5) * 4.0 * dt
  local margin = 80
  if e.x < margin or e.x > w - margin or e.y < margin or e.y > h - margin then
    local to_centre = math.atan(h / 2 - e.y, w / 2 - e.x)
    local diff = (to_centre - heading + math.pi) % (2 * math.pi) - math.pi
    heading = heading + diff * math.min(1, 2.5 * dt)
  end
  return heading
end

return steer
