-- pickups: keeps a few crystals in the arena; a ship within MAGNET pulls them in.
local W, H = game.size()
local WANTED, MAGNET = 5, 150
local respawn = 0.0

events.subscribe("pickup_collected")

local function spawn()
  local x, y = math.random(120, W - 120), math.random(120, H - 120)
  local c = entities.spawn("crystal", x, y, {
    team = "pickup", shape = "diamond", color = "#ffd34d", radius = 8, value = 50, speed = 260, glow = 1.3,
  })
  c.ax, c.ay, c.phase = x, y, math.random() * math.pi * 2
end

for i = #entities.mine() + 1, WANTED do spawn() end

function on_event(name, p)
  if name == "pickup_collected" then respawn = 1.5 end
end

function on_tick(dt)
  local px, py = game.player()
  local t = game.time()
  local mine = entities.mine()
  respawn = respawn - dt
  if #mine < WANTED and respawn <= 0 then spawn(); respawn = 0.8 end
  for _, c in ipairs(mine) do
    local dx, dy = px - c.x, py - c.y
    local d = math.sqrt(dx * dx + dy * dy) + 1e-6
    if d < MAGNET then
      c.vx, c.vy = dx / d * 240, dy / d * 240
    else
      local a = c.phase + t * 1.3
      local tx, ty = c.ax + math.cos(a) * 26, c.ay + math.sin(a * 2) * 14
      c.vx, c.vy = (tx - c.x) * 3, (ty - c.y) * 3
    end
    c.angle = t * 2 + c.phase
  end
end
