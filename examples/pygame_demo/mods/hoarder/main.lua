-- hoarder: "caches" 128 KiB more every frame and never lets go.  The arena's memory limit
-- stops it with "not enough memory" (state "disabled"); nothing else is affected.
local W, H = game.size()
local hoard = {}

for i = #entities.mine() + 1, 4 do
  entities.spawn("hoard", W * i / 5, H / 2, {shape = "star", color = "#d46bff", radius = 11, hp = 5,
                                             value = 60, speed = 120})
end

function on_tick(dt)
  local t = game.time()
  for i, e in ipairs(entities.mine()) do
    e.vx, e.vy = math.cos(t + i) * 80, math.sin(t * 1.3 + i) * 80
    e.angle = -t * 2
  end
  for i = 1, 32 do
    hoard[#hoard + 1] = string.rep("$", 4096) .. #hoard
  end
end
