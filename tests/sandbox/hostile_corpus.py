"""Runs the hostile corpus (``hostile/*.lua``): each script under
``Lua(sandbox=True, memory_limit=LIMIT)`` stepped by ``step(STEP)`` up to
``MAX_FUEL`` units, recording the contained outcome, the worst step latency
and the process memory.  Used by ``test_hostile.py`` and
``bench/adversarial.py``.

Each script starts with ``-- expect: KIND [TEXT]``: ``fuel`` (still running
when the budget is spent), ``error TEXT`` (fails with a Lua error whose
message contains TEXT; ``A|B``: either) or ``return TEXT`` (returns a value whose string
contains TEXT).
"""
from __future__ import annotations

import gc
import os
import time
from dataclasses import dataclass
from pathlib import Path

import vm

HOSTILE = Path(__file__).resolve().parent / "hostile"
LIMIT = 8 << 20
STEP = 10_000
MAX_FUEL = 2_000_000
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def rss() -> int:
    """Current resident set size of this process in bytes (0 if unknown)."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * _PAGE
    except OSError:
        return 0


@dataclass
class Outcome:
    name: str
    expect: str
    kind: str = ""             # fuel / error / return
    text: str = ""
    steps: int = 0
    worst_step: float = 0.0    # seconds
    total: float = 0.0         # seconds
    rss_growth: int = 0        # peak RSS during the run minus RSS before, bytes
    accounted_peak: int = 0    # highest recount of the arena, bytes
    output: str = ""

    @property
    def ok(self) -> bool:
        kind, _, texts = self.expect.partition(" ")
        return self.kind == kind and any(t in self.text for t in texts.split("|"))


def scripts() -> list[Path]:
    return sorted(HOSTILE.glob("*.lua"))


def expectation(path: Path) -> str:
    first = path.read_text().split("\n", 1)[0]
    assert first.startswith("-- expect:"), path
    return first[len("-- expect:"):].strip()


def run(path: Path, limit: int = LIMIT, step: int = STEP, max_fuel: int = MAX_FUEL) -> Outcome:
    out = Outcome(path.name, expectation(path))
    printed: list[str] = []
    gc.collect()
    base = rss()
    peak = base
    t_start = time.perf_counter()
    lua = vm.Lua(sandbox=True, memory_limit=limit, output=printed.append)
    try:
        fn = lua.load(path.read_text(), "@" + path.name)
    except vm.LuaError as e:
        out.kind, out.text = "error", str(e)
        return out
    ex = vm.Executor(lua, fn)
    used = 0
    done = False
    while used < max_fuel:
        t0 = time.perf_counter()
        done = ex.step(step)
        dt = time.perf_counter() - t0
        out.steps += 1
        out.worst_step = max(out.worst_step, dt)
        used += step
        r = rss()
        if r > peak:
            peak = r
        if done:
            break
    if not done:
        out.kind, out.text = "fuel", "fuel exhausted"
        ex.close()
    else:
        try:
            res = ex.result()
            out.kind, out.text = "return", "" if not res else str(res[0])
        except vm.LuaError as e:
            out.kind, out.text = "error", str(e)
    out.total = time.perf_counter() - t_start
    out.rss_growth = peak - base
    out.accounted_peak = getattr(lua.state.mem, "peak", 0)
    out.output = "".join(printed)
    return out
