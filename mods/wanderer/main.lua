-- wanderer: a random walk, split over modules.
local steer = require "ai.steer"

storage.pos = storage.pos or {x = 0.0, y = 0.0}
local steps = 0

function on_tick(dt)
  storage.pos = steer.clamp(steer.wander(storage.pos, 10 * dt), 100)
  steps = steps + 1
  if steps % 120 == 0 then
    log.info(string.format("at (%.1f, %.1f) after %d steps", storage.pos.x, storage.pos.y, steps))
  end
end
