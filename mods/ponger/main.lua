-- ponger: answers pings.  The payload is a copy: changing it does not affect pinger.
events.subscribe("ping")

function on_event(name, payload)
  if name == "ping" then
    payload.tags[1] = "changed"  -- only our copy
    events.emit("pong", {n = payload.n, from = "ponger"})
  end
end
