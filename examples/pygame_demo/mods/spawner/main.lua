-- spawner: owns the portals (neutral ring entities).  On "wave" it moves them to new
-- places and, a few at a time, emits "spawn" {kind, x, y, count} requests that the
-- behaviour mods (seeker, wanderer...) answer by spawning their own entities.
local W, H = game.size()
local portals = {}
local queue = {}        -- {kind, left} still to spawn this wave
local cooldown = 0.0

events.subscribe("wave")

local function place()
  local margin = 90
  local side = math.random(4)
  if side == 1 then return math.random(margin, W - margin), margin
  elseif side == 2 then return math.random(margin, W - margin), H - margin
  elseif side == 3 then return margin, math.random(margin, H - margin)
  else return W - margin, math.random(margin, H - margin) end
end

for i = #entities.mine() + 1, 3 do   -- after a hot reload the portals are already ours
  local x, y = place()
  local p = entities.spawn("portal", x, y, {team = "neutral", shape = "ring", radius = 22,
                                            color = "#9a6bff", glow = 1.6, speed = 140})
  p.tx, p.ty, p.spin = x, y, (i % 2 == 0) and 1.5 or -1.5
  portals[#portals + 1] = p
end

function on_event(name, wave)
  if name ~= "wave" then return end
  for _, p in ipairs(entities.mine()) do p.tx, p.ty = place() end
  queue[#queue + 1] = {kind = "seeker", left = wave.seeker}
  queue[#queue + 1] = {kind = "wanderer", left = wave.wanderer}
  cooldown = 1.0   -- let the portals travel first
end

function on_tick(dt)
  local t = game.time()
  for _, p in ipairs(entities.mine()) do
    -- glide to the target place, spinning
    entities.steer(p, p.tx, p.ty, 160, 3.0, dt)
    local dx, dy = p.tx - p.x, p.ty - p.y
    if dx * dx + dy * dy < 100 then p.vx, p.vy = p.vx * 0.8, p.vy * 0.8 end
    p.angle = t * p.spin
  end
  cooldown = cooldown - dt
  local job = queue[1]
  if job and cooldown <= 0 then
    cooldown = 0.35
    for _, p in ipairs(entities.mine()) do
      if job.left <= 0 then break end
      local n = math.min(3, job.left)
      job.left = job.left - n
      events.emit("spawn", {kind = job.kind, x = p.x, y = p.y, count = n})
      entities.burst(p.x, p.y, {count = 10, color = "#b48cff", speed = 160, life = 0.5, size = 3})
    end
    if job.left <= 0 then table.remove(queue, 1) end
  end
end
