-- particles: turns game events into bursts and sounds, and keeps a field of motes
-- drifting along a slowly changing flow field (neutral entities: nothing collides).
local W, H = game.size()
local MOTES = 48

for _, name in ipairs({"entity_killed", "pickup_collected", "player_hit", "player_destroyed", "wave"}) do
  events.subscribe(name)
end

for i = #entities.mine() + 1, MOTES do   -- a reload keeps the motes we already have
  entities.spawn("mote", math.random() * W, math.random() * H, {
    team = "neutral", shape = "circle", radius = 2, glow = 0.7, speed = 60,
    color = (i % 3 == 0) and "#5d7bff" or "#3fb6ff",
  })
end

local function rgb(c) return c and {c[1], c[2], c[3]} or "#ffd27a" end

function on_event(name, p)
  if name == "entity_killed" then
    entities.burst(p.x, p.y, {count = 26, color = rgb(p.color), speed = 260, life = 0.8, size = 3})
    entities.burst(p.x, p.y, {count = 8, color = "#ffffff", speed = 120, life = 0.35, size = 2})
    entities.sound("boom", p.x, p.y)
  elseif name == "pickup_collected" then
    entities.burst(p.x, p.y, {count = 30, color = "#ffe066", speed = 200, life = 0.9, size = 3, drag = 1.5})
    entities.sound("chime", p.x, p.y)
  elseif name == "player_hit" then
    entities.burst(p.x, p.y, {count = 40, color = "#7fe7ff", speed = 300, life = 0.6, size = 3})
    entities.sound("hit", p.x, p.y)
  elseif name == "player_destroyed" then
    entities.sound("boom", p.x, p.y)
  elseif name == "wave" then
    local px, py = game.player()
    entities.burst(px, py, {count = 60, color = "#b48cff", speed = 420, life = 1.0, size = 2, drag = 1.0})
  end
end

function on_tick(dt)
  local t = game.time()
  for _, m in ipairs(entities.mine()) do
    local fx = math.sin(m.y * 0.008 + t * 0.35) + 0.4 * math.cos(m.x * 0.013 - t * 0.2)
    local fy = math.cos(m.x * 0.007 - t * 0.3) + 0.4 * math.sin(m.y * 0.011 + t * 0.25)
    m.vx, m.vy = fx * 28, fy * 28
  end
end
