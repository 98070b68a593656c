-- rules: score, combo, waves.  Talks to the other mods only through events:
--   listens to entity_killed / pickup_collected / player_hit / player_destroyed (from the game)
--   emits   "wave" {n, seeker, wanderer}  (the spawner opens portals for it)
storage.best = storage.best or 0

local score, wave, combo, combo_timer = 0, 0, 0, 0.0
local next_wave = 1.0          -- seconds until the next wave
local WAVE_EVERY = 14.0        -- a new wave at least this often
local MAX_ENEMIES = 170        -- no new wave while the arena is this full

for _, name in ipairs({"entity_killed", "pickup_collected", "player_hit", "player_destroyed"}) do
  events.subscribe(name)
end

local function start_wave()
  wave = wave + 1
  local seekers = math.min(14 + wave * 8, 120)
  local wanderers = math.min(6 + wave * 3, 50)
  events.emit("wave", {n = wave, seeker = seekers, wanderer = wanderers})
  game.announce("WAVE " .. wave, 2.0)
  entities.sound("wave")
  log.info(string.format("wave %d: %d seekers, %d wanderers", wave, seekers, wanderers))
end

local function show()
  game.status("score", score)
  game.status("wave", wave)
  game.status("combo", combo > 1 and ("x" .. math.min(combo, 8)) or "-")
  game.status("best", storage.best)
end

function on_tick(dt)
  if combo_timer > 0 then
    combo_timer = combo_timer - dt
    if combo_timer <= 0 then combo = 0 end
  end
  next_wave = next_wave - dt
  local enemies = entities.count("enemy")
  if enemies < MAX_ENEMIES and (next_wave <= 0 or (enemies < 14 and next_wave < WAVE_EVERY - 5)) then
    start_wave()
    next_wave = WAVE_EVERY
  end
  show()
end

function on_event(name, p)
  if name == "entity_killed" then
    combo = combo + 1
    combo_timer = 1.2
    score = score + p.value * math.min(combo, 8)
  elseif name == "pickup_collected" then
    score = score + p.value
  elseif name == "player_destroyed" then
    game.announce("SHIP LOST", 1.5)
    combo = 0
  end
  if score > storage.best then storage.best = score end
end

function on_reload(previous)
  log.info("rules reloaded from " .. previous .. "; best score kept: " .. storage.best)
end
