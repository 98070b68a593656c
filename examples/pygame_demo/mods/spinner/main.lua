-- spinner: a badly written AI.  Three seconds in it decides to "search for the perfect
-- path" and never returns from on_tick.  The host suspends it every frame when its fuel
-- runs out (the game stays smooth), and after max_overrun_frames it stops the mod:
-- state "overrun".  Its orange blocks then drift, grey, steered by nobody.
local W, H = game.size()
local started = game.time()

for i = #entities.mine() + 1, 6 do
  entities.spawn("glitch", W / 2, H / 2, {shape = "square", color = "#ff9a2e", radius = 10, hp = 4,
                                          team = "enemy", value = 40, speed = 200})
end

function on_tick(dt)
  local t = game.time()
  for i, e in ipairs(entities.mine()) do
    local a = t * 1.4 + i * math.pi / 3
    entities.set_velocity(e, (W / 2 + math.cos(a) * 200 - e.x) * 2, (H / 2 + math.sin(a) * 200 - e.y) * 2)
    e.angle = t * 3
  end
  if t - started > 3 then
    log.warn("searching for the perfect path...")
    local n = 0
    while true do n = n + 1 end      -- never returns
  end
end
