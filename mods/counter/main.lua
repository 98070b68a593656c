-- counter: keeps a running frame count in `storage`, so it survives save/load.
local fmt = require "util.fmt"

storage.frames = storage.frames or 0
storage.seconds = storage.seconds or 0.0
local since_report = 0.0

log.info("starting at frame " .. storage.frames)

function on_tick(dt)
  storage.frames = storage.frames + 1
  storage.seconds = storage.seconds + dt
  since_report = since_report + dt
  if since_report >= 1.0 then
    since_report = 0.0
    print("frames: " .. storage.frames .. ", played " .. fmt.duration(storage.seconds))
  end
end

function on_unload()
  log.info("stopping at frame " .. storage.frames)
end
