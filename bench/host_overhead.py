"""Benchmark: host overhead per tick, in µs per mod per tick.

Run: ``python bench/host_overhead.py [--mods 100] [--ticks 300]``

Three cases, each with N mods in a temporary folder:

- ``idle``: mods define no handlers — the pure cost of the host visiting a mod;
- ``empty on_tick``: an empty ``on_tick`` — host + executor + one Lua call;
- ``light work``: ``on_tick`` updates a few fields and every 10th frame emits an event
  that another mod handles — a plausible gameplay script.

Reported: wall time of ``host.tick`` divided by mods and ticks (median of 3 runs).
"""
from __future__ import annotations

import argparse
import logging
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from framework.host import Host, HostConfig  # noqa: E402

CASES = {
    "idle": "",
    "empty on_tick": "function on_tick(dt) end",
    "light work": """\
events.subscribe("ping")
local state = {x = 0, y = 0, vx = 1.5, vy = -0.5, frame = 0, pings = 0}
function on_tick(dt)
  state.frame = state.frame + 1
  state.x = state.x + state.vx * dt
  state.y = state.y + state.vy * dt
  if state.x > 100 then state.vx = -state.vx end
  if state.frame % 10 == 0 then events.emit("ping", {from = state.frame}) end
end
function on_event(name, payload) state.pings = state.pings + 1 end
""",
}


def build(folder: Path, count: int, source: str) -> None:
    for i in range(count):
        mod = folder / f"mod{i:03d}"
        mod.mkdir(parents=True)
        (mod / "mod.yaml").write_text(f"name: mod{i:03d}\nversion: 1.0.0\npermissions: [events]\n")
        (mod / "main.lua").write_text(source if i % 10 == 0 or "emit" not in source
                                      else source.replace('events.emit("ping", {from = state.frame})', ""))


def measure(source: str, mods: int, ticks: int) -> float:
    """µs per mod per tick for ``mods`` mods running ``source`` over ``ticks`` frames."""
    with tempfile.TemporaryDirectory() as tmp:
        build(Path(tmp), mods, source)
        host = Host(tmp, HostConfig(), load_entry_points=False)
        host.load_mods()
        for _ in range(5):  # warm up
            host.tick(1 / 60)
        start = time.perf_counter()
        for _ in range(ticks):
            host.tick(1 / 60)
        elapsed = time.perf_counter() - start
        assert all(m.state.active for m in host.mods.values())
        host.shutdown()
    return elapsed / ticks / mods * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mods", type=int, default=100)
    parser.add_argument("--ticks", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    print(f"{args.mods} mods, {args.ticks} ticks, median of {args.repeat}")
    for name, source in CASES.items():
        runs = [measure(source, args.mods, args.ticks) for _ in range(args.repeat)]
        per_mod = statistics.median(runs)
        print(f"{name:>14}: {per_mod:8.2f} µs per mod per tick "
              f"({per_mod * args.mods / 1000:.2f} ms per frame)")


if __name__ == "__main__":
    main()
