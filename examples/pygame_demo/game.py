"""The game without its window: mod host + world + ``entities`` plugin + hot reload.

:class:`Game` runs one fixed-step frame at a time (:meth:`Game.step`) and measures how
long the mods (``host.tick``: Lua plus the record sync) and the world simulation take.
The pygame front end (:mod:`examples.pygame_demo.app`) draws it; tests and the
benchmark drive it directly.
"""
from __future__ import annotations

import collections
import logging
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from framework.host import Host, HostConfig
from framework.manifest import scan_mods
from framework.mod import ModState, ModStats
from framework.reload import Watcher
from framework.resolve import resolve

from .api import EntitiesPlugin
from .world import World, autopilot

__all__ = ["BUNDLED_MODS", "DT", "OPTIONAL_MODS", "DemoHost", "Game", "LogLine", "ScreenLog"]

DT = 1.0 / 60.0                                    # fixed simulation step
BUNDLED_MODS = Path(__file__).resolve().parent / "mods"
#: Misbehaving example mods: present in the mods folder but loaded only when enabled
#: (``--enable-misbehaving`` or the M key).
OPTIONAL_MODS = ("spinner", "hoarder")
MiB = 1024 * 1024


def vm_accounts_memory() -> bool:
    """Whether the VM enforces arena memory limits for many small allocations
    (the hoarder mod is only contained when it does)."""
    import vm

    lua = vm.Lua(sandbox=True, memory_limit=256 * 1024)
    try:
        lua.execute("local t = {} for i = 1, 50000 do t[i] = {i, i} end", fuel=5_000_000)
    except vm.LuaMemoryError:
        return True
    except Exception:
        return False
    return False


def demo_config(seed: int) -> HostConfig:
    """Host limits for the demo: deterministic (fixed dt + seed), modest budgets."""
    return HostConfig(fuel_per_tick=10_000, max_fuel_per_tick=100_000, memory_limit=16 * MiB,
                      max_memory=64 * MiB, max_errors=10, max_overrun_frames=45,
                      deterministic=True, seed=seed)


class DemoHost(Host):
    """A host that leaves optional mods (the misbehaving ones) unloaded until enabled."""

    def __init__(self, *args: Any, optional: tuple[str, ...] = OPTIONAL_MODS, **kw: Any):
        super().__init__(*args, **kw)
        self.optional = set(optional)
        self.enabled: set[str] = set()
        #: never loaded (the hoarder while the VM does not enforce memory limits)
        self.never: set[str] = set()

    def is_off(self, name: str) -> bool:
        return name in self.never or (name in self.optional and name not in self.enabled)

    def load_mods(self) -> list[Any]:
        scan = scan_mods(self.mods_dir)
        self.invalid = scan.invalid
        for problem in scan.problems:
            logging.getLogger("moonbox.host").error("invalid mod: %s", problem)
        resolution = resolve([m for m in scan.manifests if not self.is_off(m.name)])
        self.rejected = resolution.rejected
        for rejected in resolution.rejected:
            logging.getLogger("moonbox.host").error("[%s] not loaded: %s", rejected.name,
                                                    "; ".join(rejected.reasons))
        return [self.load_mod(m) for m in resolution.order]

    def sync_folder(self, folder: Path | str) -> bool:
        name = Path(folder).name
        if self.is_off(name):
            mod = self.mods.get(name)
            if mod is not None and mod.state is not ModState.UNLOADED:
                self.unload_mod(name, "switched off")
            return True
        return super().sync_folder(folder)

    def off_mods(self) -> list[str]:
        """Optional mods present in the folder but switched off."""
        return sorted(n for n in self.optional | self.never if self.is_off(n) and (self.mods_dir / n).is_dir())


@dataclass
class LogLine:
    when: float
    level: int
    text: str


class ScreenLog(logging.Handler):
    """Keeps the last mod messages (errors, reloads, prints) for the on-screen console."""

    def __init__(self, size: int = 8):
        super().__init__(logging.INFO)
        self.lines: collections.deque[LogLine] = collections.deque(maxlen=size)
        self.errors = 0

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = record.getMessage()
        except Exception:
            return
        if record.levelno >= logging.ERROR:
            self.errors += 1
        if record.levelno < logging.WARNING and "reload" not in text and "loaded" not in text:
            return
        for line in text.splitlines()[:3]:
            if line.strip() and not line.startswith(("stack traceback", "\t", "[C]")):
                self.lines.append(LogLine(time.monotonic(), record.levelno, line[:160]))


class Game:
    """Everything but the window.  ``step()`` runs one frame of ``DT`` seconds."""

    def __init__(self, mods_dir: Path | str = BUNDLED_MODS, *, seed: int = 1, enable_misbehaving: bool = False,
                 watch: bool = True, autopilot: bool = True, config: HostConfig | None = None):
        self.world = World(seed)
        self.plugin = EntitiesPlugin(self.world)
        self.screen_log = ScreenLog()
        logger = logging.getLogger("moonbox")
        if logger.level == logging.NOTSET or logger.level > logging.INFO:
            logger.setLevel(logging.INFO)
        logger.addHandler(self.screen_log)
        self.memory_accounted = vm_accounts_memory()
        optional = OPTIONAL_MODS if self.memory_accounted else tuple(m for m in OPTIONAL_MODS if m != "hoarder")
        self.host = DemoHost(mods_dir, config or demo_config(seed), plugins=[self.plugin],
                             load_entry_points=False, optional=optional)
        if not self.memory_accounted:
            self.host.never.add("hoarder")
        if enable_misbehaving:
            self.host.enabled.update(self.host.optional)
        self.host.load_mods()
        self.watcher: Watcher | None = None
        if watch:
            self.watcher = Watcher(self.host)
            self.watcher.start()
        self.autopilot = autopilot
        self.control = (0.0, 0.0)           # manual input (when not on autopilot)
        self.frame = 0
        self.lua_seconds = 0.0              # last frame: host.tick (mods + record sync)
        self.sim_seconds = 0.0              # last frame: world.step + events
        self.draw_seconds = 0.0             # last frame: set by the renderer
        self.paused = False
        self._closed = False

    # -- the frame ----------------------------------------------------------------------

    def step(self) -> None:
        if self.watcher is not None:
            self.watcher.apply_pending()
        if self.paused:
            return
        world, host = self.world, self.host
        t0 = time.perf_counter()
        host.tick(DT)
        t1 = time.perf_counter()
        control = autopilot(world) if self.autopilot else self.control
        world.step(DT, control)
        self.plugin.entities_removed(world.removed)
        events, world.events = world.events, []
        for name, payload in events:
            host.emit(name, payload)
        t2 = time.perf_counter()
        self.lua_seconds, self.sim_seconds = t1 - t0, t2 - t1
        self.frame += 1

    # -- controls ------------------------------------------------------------------------

    @property
    def misbehaving_enabled(self) -> bool:
        return bool(self.host.enabled)

    def set_misbehaving(self, on: bool) -> None:
        """Switch the misbehaving mods on (load, or restart if stopped) or off (unload)."""
        host = self.host
        if on:
            host.enabled.update(host.optional)
        else:
            host.enabled.clear()
        for name in sorted(host.optional):
            if (host.mods_dir / name).is_dir():
                host.sync_folder(host.mods_dir / name)

    def toggle_misbehaving(self) -> None:
        self.set_misbehaving(not self.misbehaving_enabled)

    def reload_all(self) -> dict[str, bool]:
        return self.host.reload_all()

    # -- state for the HUD -----------------------------------------------------------------

    def stats(self) -> list[ModStats]:
        return self.host.stats()

    def state_of(self, name: str) -> ModState | None:
        mod = self.host.mods.get(name)
        return None if mod is None else mod.state

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        if self.watcher is not None:
            self.watcher.stop()
        self.host.shutdown()
        logging.getLogger("moonbox").removeHandler(self.screen_log)

    def __enter__(self) -> Game:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
