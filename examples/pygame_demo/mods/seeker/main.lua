-- seeker: answers spawn requests for "seeker" and steers every seeker towards the
-- player each frame: one on_tick for all of them, plain table fields in and out.
local SPEED, DASH_SPEED, DASH_RANGE = 135, 330, 170
local TURN = 2.4                       -- how fast velocity follows the wish (per second)

events.subscribe("spawn")

function on_event(name, req)
  if name ~= "spawn" or req.kind ~= "seeker" then return end
  for i = 1, req.count do
    local a = math.random() * math.pi * 2
    local e = entities.spawn("seeker", req.x + math.cos(a) * 12, req.y + math.sin(a) * 12, {
      shape = "dart", color = "#ff3d6e", radius = 9, hp = 1, speed = DASH_SPEED,
      value = 10, vx = math.cos(a) * 120, vy = math.sin(a) * 120,
    })
    e.phase = math.random() * math.pi * 2    -- our own fields: kept in the record
    e.orbit = 60 + math.random() * 90
  end
end

function on_tick(dt)
  local px, py = game.player()
  local t = game.time()
  local k = TURN * dt
  for _, e in ipairs(entities.mine()) do
    local dx, dy = px - e.x, py - e.y
    local d = math.sqrt(dx * dx + dy * dy) + 1e-6
    local speed, tx, ty
    if d < DASH_RANGE then                   -- close: dash straight in
      speed, tx, ty = DASH_SPEED, dx / d, dy / d
    else                                      -- far: spiral in around the player
      local a = e.phase + t * 0.9
      local ox, oy = px + math.cos(a) * e.orbit - e.x, py + math.sin(a) * e.orbit - e.y
      local od = math.sqrt(ox * ox + oy * oy) + 1e-6
      speed, tx, ty = SPEED, ox / od, oy / od
    end
    e.vx = e.vx + (tx * speed - e.vx) * k
    e.vy = e.vy + (ty * speed - e.vy) * k
  end
end
