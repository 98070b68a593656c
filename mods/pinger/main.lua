-- pinger: emits "ping" events; ponger answers with "pong".
local sent, received, clock = 0, 0, 0.0

events.subscribe("pong")

function on_tick(dt)
  clock = clock + dt
  if clock >= 0.5 then
    clock = 0.0
    sent = sent + 1
    events.emit("ping", {n = sent, tags = {"hello", "world"}})
  end
end

function on_event(name, payload)
  if name == "pong" then
    received = received + 1
    log.info(string.format("pong %d from %s (%d/%d answered)", payload.n, payload.from, received, sent))
  end
end
