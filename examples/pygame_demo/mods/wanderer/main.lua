-- wanderer: jellies on a smooth random walk that pulse their speed.
local steer = require "ai.steer"
local W, H = game.size()
local MIN_ALIVE = 6

events.subscribe("spawn")

local function spawn(x, y)
  local e = entities.spawn("wanderer", x, y, {
    shape = "circle", color = "#2ee6ff", radius = 12, hp = 3, speed = 140, value = 25,
  })
  e.heading = math.random() * math.pi * 2
  e.pulse = math.random() * math.pi * 2
end

function on_event(name, req)
  if name == "spawn" and req.kind == "wanderer" then
    for i = 1, req.count do spawn(req.x, req.y) end
  end
end

function on_tick(dt)
  local mine = entities.mine()
  if #mine < MIN_ALIVE then spawn(math.random(100, W - 100), math.random(100, H - 100)) end
  for _, e in ipairs(mine) do
    e.heading = steer.wander(e, e.heading, dt, W, H)
    e.pulse = e.pulse + dt * 3
    local speed = 55 + 35 * math.sin(e.pulse)
    e.vx, e.vy = math.cos(e.heading) * speed, math.sin(e.heading) * speed
  end
end
