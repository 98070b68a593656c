"""Deterministic mode: identical inputs give identical mod behaviour, run after run.

For replays and lockstep multiplayer, the sources of nondeterminism an arena can
reach are pinned:

- ``math.random`` is seeded from the host seed and the mod name (stable hash, not
  Python's salted ``hash``), so two mods do not share a sequence but each is repeatable;
- ``os.time()``/``os.clock()`` read the host's tick clock (the sum of the ``dt`` the
  game passed to ``tick``, plus a fixed epoch for ``os.time``), and ``os.date``
  formats that clock in UTC (no machine's time zone leaks in);
- ``pairs`` order is the VM's: stable for the same sequence of table operations.

The game must pass deterministic ``dt`` values too (a fixed time step).
"""
from __future__ import annotations

import hashlib
from typing import Any, Callable

__all__ = ["mod_seed", "PRELUDE", "apply"]

PRELUDE = """
local seed1, seed2, clock, epoch = ...
if math and math.randomseed then math.randomseed(seed1, seed2) end
if os then
  local date, time, floor = os.date, os.time, math.floor
  os.clock = function() return clock() end
  os.time = function(t)
    if t ~= nil and time then return time(t) end
    return epoch + floor(clock())
  end
  if date then
    os.date = function(fmt, t)
      fmt = fmt or "%c"
      if fmt:sub(1, 1) ~= "!" then fmt = "!" .. fmt end  -- UTC: same on every machine
      return date(fmt, t or (epoch + floor(clock())))
    end
  end
end
"""


def mod_seed(seed: int, mod_name: str) -> tuple[int, int]:
    """Two 31-bit integers derived from the host seed and a mod name."""
    digest = hashlib.sha256(f"{seed}:{mod_name}".encode()).digest()
    return (int.from_bytes(digest[:4], "big") >> 1, int.from_bytes(digest[4:8], "big") >> 1)


def apply(lua: Any, mod_name: str, seed: int, clock: Callable[[], float], epoch: int = 0) -> None:
    """Seed ``lua``'s random generator and route its clocks to ``clock``."""
    s1, s2 = mod_seed(seed, mod_name)
    fn = lua.load(PRELUDE, "=[moonbox deterministic]")
    lua.execute(fn, s1, s2, lua.function(lambda: float(clock())), epoch)
