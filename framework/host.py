"""The mod host: loads mods, ticks them on their fuel, isolates their errors, saves state.

Typical use by a game::

    host = Host("mods", HostConfig(fuel_per_tick=20_000), plugins=[MyGameApi()])
    host.load_mods()
    while running:
        host.tick(dt)          # every mod runs its share; never more than its fuel
        hud.draw(host.stats())
    host.shutdown()

Everything a mod does runs inside its own arena and executor.  Its errors are
caught, logged with the Lua traceback and counted; too many and the mod is
disabled.  Running out of memory disables it at once.  A handler that does not
finish in its frame's fuel continues next frame; one that keeps overrunning for
``max_overrun_frames`` frames is stopped.  Other mods are never affected.
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

import pluggy

import vm

from . import determinism
from .api import EventBus, LogApi, RequireApi, Storage
from .hookspecs import make_plugin_manager
from .api.storage import StorageError
from .manifest import (
    MANIFEST_FILE, DependencyKind, Manifest, ManifestError, Problem, load_manifest, mod_folders, scan_mods,
)
from .mod import EntryOverrun, FrameReport, Job, JobError, Mod, ModState, ModStats, compile_problems
from .plain import to_plain
from .resolve import Rejected, check_dependencies, resolve

__all__ = ["HostConfig", "Host", "OverrunError", "HOST_LOGGER", "RELOADED_EVENT"]

#: Event queued to the mods that depend on a mod that was hot-reloaded
#: (payload: ``{name, version, previous_version}``), whether or not they subscribed.
RELOADED_EVENT = "moonbox.mod_reloaded"

#: Host-level messages (invalid mods, rejections, plugin problems).
HOST_LOGGER = logging.getLogger("moonbox.host")

MiB = 1024 * 1024


@dataclass
class HostConfig:
    """Host options.  Per-mod ``limits`` in manifests are capped by the ``max_`` values."""

    fuel_per_tick: int = 50_000         # default budget of a mod per frame
    max_fuel_per_tick: int = 1_000_000  # cap for manifest limits.fuel_per_tick
    memory_limit: int = 16 * MiB        # default arena memory limit
    max_memory: int = 256 * MiB         # cap for manifest limits.memory
    load_fuel: int = 2_000_000          # budget of an entry chunk (runs once, at load)
    unload_fuel: int = 200_000          # budget of on_unload
    max_errors: int = 10                # errors before a mod is disabled
    max_overrun_frames: int = 60        # consecutive frames a handler may stay suspended
    max_queued_events: int = 1000       # per mod; more are dropped (and counted)
    max_events_per_tick: int = 1000     # emits per mod per frame
    deterministic: bool = False         # seed math.random, tick clock for os.time/clock
    seed: int = 0                       # deterministic mode: the host seed
    epoch: int = 0                      # deterministic mode: os.time() at clock 0


class OverrunError(Exception):
    """A handler stayed suspended (out of fuel) for too many consecutive frames."""


def _to_lua_member(lua: Any, value: Any) -> Any:
    """A value offered by a plugin, ready for the arena: dicts, lists and tuples become
    tables (deeply); Python callables become Lua functions (the VM converts them)."""
    if isinstance(value, (dict, list, tuple)):
        return lua.table_from(value)
    return value


def _error_text(error: BaseException) -> str:
    text = str(error)
    return text if text else type(error).__name__


class Host:
    """Runs the mods of one folder.  See the module docstring."""

    def __init__(self, mods_dir: Path | str, config: HostConfig | None = None, *,
                 plugins: Iterable[Any] = (), load_entry_points: bool = True):
        self.mods_dir = Path(mods_dir)
        self.config = config or HostConfig()
        self.plugins: pluggy.PluginManager = make_plugin_manager(load_entry_points)
        self.events = EventBus(self.config.max_events_per_tick)
        self.storage = Storage()
        for name, plugin in (("moonbox.log", LogApi()), ("moonbox.events", self.events),
                             ("moonbox.storage", self.storage), ("moonbox.require", RequireApi())):
            self.plugins.register(plugin, name=name)
        for plugin in plugins:
            self.plugins.register(plugin)
        self.mods: dict[str, Mod] = {}                 # load order
        self.invalid: dict[Path, list[Problem]] = {}   # folder -> manifest problems
        self.rejected: list[Rejected] = []
        self.frame = 0
        self.time = 0.0  # the tick clock: sum of dt
        self.last_tick_seconds = 0.0  # wall time of the last tick (host overhead included)
        self._ticking = False

    # -- loading ------------------------------------------------------------------------

    def load_mods(self) -> list[Mod]:
        """Scan the mods folder, report invalid and rejected mods, load the rest in order."""
        scan = scan_mods(self.mods_dir)
        self.invalid = scan.invalid
        for problem in scan.problems:
            HOST_LOGGER.error("invalid mod: %s", problem)
        resolution = resolve(scan.manifests)
        self.rejected = resolution.rejected
        for rejected in resolution.rejected:
            HOST_LOGGER.error("[%s] not loaded: %s", rejected.name, "; ".join(rejected.reasons))
        return [self.load_mod(m) for m in resolution.order]

    def _limits(self, manifest: Manifest) -> tuple[int, int]:
        cfg = self.config
        fuel = min(manifest.limits.fuel_per_tick or cfg.fuel_per_tick, cfg.max_fuel_per_tick)
        memory = min(manifest.limits.memory or cfg.memory_limit, cfg.max_memory)
        return fuel, memory

    def _missing_dependency(self, manifest: Manifest) -> str | None:
        for dep in manifest.depends:
            if dep.kind is DependencyKind.REQUIRED:
                other = self.mods.get(dep.name)
                if other is None or other.state is ModState.UNLOADED:
                    return f"required mod '{dep.name}' is not loaded"
                if other.state is ModState.FAILED:
                    return f"required mod '{dep.name}' failed to load"
        return None

    def _new_mod(self, manifest: Manifest) -> Mod:
        fuel, memory = self._limits(manifest)
        return Mod(manifest, self.mods_dir, fuel_per_tick=fuel, memory_limit=memory,
                   max_queue=self.config.max_queued_events)

    def _start(self, mod: Mod) -> tuple[str, BaseException] | None:
        """Create ``mod``'s arena, install its API groups, run its entry chunk.

        Returns ``None`` on success, else ``(reason, error)`` — already logged."""
        try:
            lua = mod.create_arena()
            if self.config.deterministic:
                determinism.apply(lua, mod.name, self.config.seed, lambda: self.time, self.config.epoch)
            self._install_apis(mod)
            mod.run_entry(self.config.load_fuel)
        except vm.LuaMemoryError as exc:
            reason = "not enough memory (while loading)"
            mod.log(logging.ERROR, f"failed to load: {reason}")
            return reason, exc
        except vm.LuaError as exc:
            mod.log(logging.ERROR, f"failed to load: {_error_text(exc)}")
            if exc.traceback:
                mod.log(logging.ERROR, exc.traceback)
            return _error_text(exc), exc
        except (EntryOverrun, vm.FuelExhausted, OSError, UnicodeDecodeError) as exc:
            mod.log(logging.ERROR, f"failed to load: {_error_text(exc)}")
            return _error_text(exc), exc
        except Exception as exc:  # a plugin's bug must not take the host down
            HOST_LOGGER.exception("[%s] internal error while loading", mod.name)
            return f"internal error: {_error_text(exc)}", exc
        finally:
            mod.flush_output()
        mod.stats.memory = mod.memory_used()
        return None

    def load_mod(self, manifest: Manifest) -> Mod:
        """Create the mod's arena, install its granted API groups and run its entry chunk.

        Never raises for a mod's own fault: the mod ends FAILED with the reason."""
        if manifest.name in self.mods and self.mods[manifest.name].state is not ModState.UNLOADED:
            raise ValueError(f"mod '{manifest.name}' is already loaded")
        mod = self._new_mod(manifest)
        self.mods.pop(mod.name, None)  # a re-load goes to the end of the load order
        self.mods[mod.name] = mod
        missing = self._missing_dependency(manifest)
        if missing:
            self._fail(mod, ModState.FAILED, missing, RuntimeError(missing), log=True)
            return mod
        failure = self._start(mod)
        if failure is not None:
            self._fail(mod, ModState.FAILED, *failure)
            return mod
        mod.set_state(ModState.LOADED)
        self.plugins.hook.moonbox_mod_loaded(host=self, mod=mod)
        return mod

    def _install_apis(self, mod: Mod) -> None:
        """Ask plugins for API groups and install those the mod is granted."""
        assert mod.lua is not None
        offered: dict[str, dict[Any, Any]] = {}
        for result in self.plugins.hook.moonbox_register_api(host=self, mod=mod):
            for group, members in (result or {}).items():
                merged = offered.setdefault(group, {})
                for key, value in members.items():
                    if key in merged:
                        HOST_LOGGER.warning("API group '%s': member '%s' offered twice; keeping the first",
                                            group, key)
                        continue
                    merged[key] = value
        granted = []
        for group, members in offered.items():
            if group == "_G":
                for key, value in members.items():
                    mod.lua.globals[key] = _to_lua_member(mod.lua, value)
            elif group in mod.manifest.permissions:
                mod.lua.globals[group] = _to_lua_member(mod.lua, members)
                granted.append(group)
        for wanted in mod.manifest.permissions:
            if wanted not in offered:
                mod.log(logging.WARNING, f"permission '{wanted}' is not offered by this host")
        mod.granted = tuple(granted)

    # -- failures -----------------------------------------------------------------------

    def _fail(self, mod: Mod, state: ModState, reason: str, error: BaseException, log: bool = False) -> None:
        if log:
            mod.log(logging.ERROR, reason)
        mod.clear_work()
        mod.set_state(state, reason)
        self.plugins.hook.moonbox_mod_failed(host=self, mod=mod, error=error)

    def _report_error(self, mod: Mod, failure: JobError) -> None:
        error, handler = failure.error, failure.job.handler
        if failure.out_of_memory:
            limit = f" (limit {mod.memory_limit} bytes)" if mod.memory_limit else ""
            mod.log(logging.ERROR, f"error in {handler}: not enough memory{limit}")
            mod.stats.errors += 1
            mod.stats.last_error = "not enough memory"
            self._fail(mod, ModState.DISABLED, "not enough memory", error)
            return
        message = _error_text(error)
        if isinstance(error, vm.LuaError):
            mod.log(logging.ERROR, f"error in {handler}: {message}")
            if error.traceback:
                mod.log(logging.ERROR, error.traceback)
        else:
            mod.log(logging.ERROR, f"internal error in {handler}: {type(error).__name__}: {message}")
            HOST_LOGGER.debug("internal error detail", exc_info=error)
        mod.stats.errors += 1
        mod.stats.last_error = message
        if mod.stats.errors >= self.config.max_errors:
            reason = f"disabled after {mod.stats.errors} errors (last: {message})"
            mod.log(logging.ERROR, reason)
            self._fail(mod, ModState.DISABLED, reason, error)

    def _apply_policy(self, mod: Mod, report: FrameReport) -> None:
        for failure in report.errors:
            self._report_error(mod, failure)
            if not mod.state.active:
                return
        limit = self.config.max_overrun_frames
        if report.suspended is not None and mod.stats.overrun_frames > limit:
            handler = report.suspended.handler
            reason = (f"{handler} did not finish within {limit} frames "
                      f"of {mod.fuel_per_tick} fuel each; stopped")
            mod.log(logging.ERROR, reason)
            self._fail(mod, ModState.OVERRUN, reason, OverrunError(reason))

    # -- the frame ----------------------------------------------------------------------

    def active_mods(self) -> list[Mod]:
        return [m for m in self.mods.values() if m.state.active]

    def _not_in_tick(self, what: str) -> None:
        if self._ticking:
            raise RuntimeError(f"Host.{what} cannot run during a tick (call it between frames)")

    @property
    def ticking(self) -> bool:
        """True while :meth:`tick` runs (mods must not be swapped then)."""
        return self._ticking

    def tick(self, dt: float) -> None:
        """One frame: deliver last frame's events, run every active mod on its fuel."""
        self._not_in_tick("tick")
        self._ticking = True
        started = time.perf_counter()
        try:
            self.frame += 1
            self.time += dt
            self.plugins.hook.moonbox_before_tick(host=self, dt=dt)
            active = self.active_mods()
            for mod in active:
                mod.enqueue_tick(dt)
            self._deliver_events()
            for mod in active:
                if not mod.state.active:
                    continue
                report = mod.run_frame()
                mod.flush_output()
                if mod.state is ModState.LOADED:
                    mod.set_state(ModState.RUNNING)
                self._apply_policy(mod, report)
            self.plugins.hook.moonbox_after_tick(host=self, dt=dt)
        finally:
            self._ticking = False
            self.last_tick_seconds = time.perf_counter() - started

    def _deliver_events(self) -> None:
        for event in self.events.drain():
            receiver: Mod
            for receiver in self.events.subscribers(event.name):
                if self.mods.get(receiver.name) is not receiver or not receiver.state.active:
                    continue  # an old arena replaced by a reload, or a stopped mod
                if not receiver.enqueue_event(event.name, event.payload):
                    dropped = receiver.stats.events_dropped
                    if dropped in (1, 10, 100) or dropped % 1000 == 0:
                        receiver.log(logging.WARNING, f"event queue full: dropped {dropped} events so far")

    def emit(self, name: str, payload: Any = None) -> None:
        """Emit an event from the game; subscribers receive it next frame."""
        self.events.emit(self, None, name, to_plain(payload, "payload"))

    # -- unloading ----------------------------------------------------------------------

    def unload_mod(self, name: str, reason: str = "") -> None:
        """Call the mod's ``on_unload()`` (if it is running) and release it."""
        self._not_in_tick("unload_mod")
        mod = self.mods[name]
        self._unload(mod)
        mod.set_state(ModState.UNLOADED, reason or mod.stats.reason)

    def _unload(self, mod: Mod) -> None:
        """``on_unload()`` if active, then the unloaded hook (plugins drop per-mod state)."""
        if mod.state.active:
            mod.clear_work()
            try:
                mod.call_now("on_unload", fuel=self.config.unload_fuel)
            except (vm.LuaError, vm.FuelExhausted) as exc:
                mod.log(logging.ERROR, f"error in on_unload: {_error_text(exc)}")
            finally:
                mod.flush_output()
        if mod.lua is not None and mod.state is not ModState.UNLOADED:
            self.plugins.hook.moonbox_mod_unloaded(host=self, mod=mod)
        mod.clear_work()

    def shutdown(self) -> None:
        """Unload every mod, last loaded first."""
        for name in reversed(list(self.mods)):
            if self.mods[name].state is not ModState.UNLOADED:
                self.unload_mod(name)

    # -- reloading ------------------------------------------------------------------------

    def mod_in(self, folder: Path | str) -> Mod | None:
        """The mod (in any state) loaded from ``folder``, if any."""
        target = Path(folder).resolve()
        for mod in self.mods.values():
            if mod.folder.resolve() == target:
                return mod
        return None

    def reload(self, name: str) -> bool:
        """Reload mod ``name`` from its folder now (between frames).  See :meth:`sync_folder`."""
        return self.sync_folder(self.mods[name].folder)

    def reload_all(self) -> dict[str, bool]:
        """Reload every mod folder (loaded or not); mod/folder name -> success."""
        results = {}
        for folder in mod_folders(self.mods_dir):
            results[folder.name] = self.sync_folder(folder)
        for mod in list(self.mods.values()):
            if not mod.folder.is_dir() and mod.state is not ModState.UNLOADED:
                results[mod.name] = self.sync_folder(mod.folder)
        return results

    def sync_folder(self, folder: Path | str) -> bool:
        """Bring the host in line with one mod folder after it changed on disk.

        - folder gone: the mod is unloaded;
        - new or previously broken/stopped mod: it is loaded (storage carried over);
        - running mod: it is hot-reloaded — manifest re-validated, dependencies checked,
          every Lua file compiled, the new entry chunk run in a fresh arena given a copy
          of the mod's ``storage``.  Only if all that succeeds is the old version
          unloaded (``on_unload()``), the new one installed and ``on_reload(previous
          version)`` queued; mods depending on it get the event ``moonbox.mod_reloaded``.
          Otherwise the old version keeps running and the error is logged and kept
          in ``stats.last_reload_error``.

        Returns True when the folder's mod is now running its current files (or was
        removed as asked)."""
        self._not_in_tick("sync_folder")
        folder = self.mods_dir / Path(folder).name  # mod folders are children of mods_dir
        current = self.mod_in(folder)
        if not folder.is_dir():
            self.invalid.pop(folder, None)
            if current is not None and current.state is not ModState.UNLOADED:
                self.unload_mod(current.name, "folder removed")
                HOST_LOGGER.info("[%s] unloaded: folder removed", current.name)
            return True
        try:
            manifest = load_manifest(folder)
        except ManifestError as exc:
            return self._reload_failed(current, folder, [str(p) for p in exc.problems])
        self.invalid.pop(folder, None)
        if current is not None and current.name != manifest.name:
            if current.state is not ModState.UNLOADED:
                self.unload_mod(current.name, f"renamed to '{manifest.name}'")
            current = None
        other = self.mods.get(manifest.name)
        if other is not None and other is not current and other.state is not ModState.UNLOADED:
            return self._reload_failed(current, folder, [
                f"duplicate mod name '{manifest.name}' (also in {other.folder})"])
        running = {n: m.manifest for n, m in self.mods.items() if m.state.active}
        reasons = check_dependencies(manifest, running)
        if reasons:
            return self._reload_failed(current, folder, [f"{manifest.name}: {r}" for r in reasons])
        problems = compile_problems(manifest, self.mods_dir)
        if problems:
            return self._reload_failed(current, folder, problems)
        if current is None or not current.state.active:
            return self._fresh_load(current, manifest)
        return self._swap(current, manifest)

    def _reload_failed(self, current: Mod | None, folder: Path, problems: list[str]) -> bool:
        text = "; ".join(problems)
        if current is not None and current.state.active:
            current.stats.last_reload_error = text
            for problem in problems:
                current.log(logging.ERROR, f"reload failed, keeping version {current.manifest.version}: "
                                           f"{problem}")
        else:
            if current is not None:
                current.stats.last_reload_error = text
            self.invalid[folder] = [Problem(str(folder / MANIFEST_FILE), None, p) for p in problems]
            for problem in problems:
                HOST_LOGGER.error("cannot load %s: %s", folder.name, problem)
        return False

    def _fresh_load(self, previous: Mod | None, manifest: Manifest) -> bool:
        if previous is not None:
            try:
                self.storage.capture(previous)
            except StorageError as exc:
                previous.log(logging.WARNING, f"storage not carried over: {exc}")
            if previous.state is not ModState.UNLOADED:
                self._unload(previous)
                previous.set_state(ModState.UNLOADED, previous.stats.reason)
        mod = self.load_mod(manifest)
        if previous is not None:
            mod.stats.reloads = previous.stats.reloads + 1
            mod.stats.last_reload_error = "" if mod.state.active else mod.stats.reason
        if mod.state.active:
            mod.log(logging.INFO, f"loaded version {manifest.version}")
        return mod.state.active

    def _swap(self, old: Mod, manifest: Manifest) -> bool:
        try:
            self.storage.capture(old)
        except StorageError as exc:
            return self._reload_failed(old, old.folder, [f"storage cannot be handed over: {exc}"])
        new = self._new_mod(manifest)
        failure = self._start(new)
        if failure is not None:
            self.events.forget(new)
            self.plugins.hook.moonbox_mod_unloaded(host=self, mod=new)
            return self._reload_failed(old, old.folder, [failure[0]])
        previous_version = str(old.manifest.version)
        self._unload(old)
        old.set_state(ModState.UNLOADED, "replaced by a reload")
        new.stats.reloads = old.stats.reloads + 1
        self.mods[new.name] = new  # same key: keeps its place in the load order
        new.set_state(ModState.LOADED)
        new.queue.append(Job("on_reload", (previous_version,)))
        self.plugins.hook.moonbox_mod_loaded(host=self, mod=new)
        self.plugins.hook.moonbox_mod_reloaded(host=self, mod=new, previous_version=previous_version)
        payload = {"name": new.name, "version": str(manifest.version), "previous_version": previous_version}
        for mod in self.active_mods():
            if any(d.name == new.name and d.kind is not DependencyKind.INCOMPATIBLE
                   for d in mod.manifest.depends):
                mod.enqueue_event(RELOADED_EVENT, payload)
        new.log(logging.INFO, f"reloaded ({previous_version} -> {manifest.version})")
        return True

    # -- state ----------------------------------------------------------------------------

    def save(self, path: Path | str) -> None:
        """Save every mod's ``storage`` (raises ``StorageError`` on non-plain data)."""
        self.storage.save(path, [m for m in self.mods.values() if m.lua is not None])

    def load(self, path: Path | str) -> None:
        """Restore every mod's ``storage`` from ``path``.  Call before :meth:`load_mods`
        to give mods their state before their entry chunk runs, or later to replace it."""
        self.storage.load(path, [m for m in self.mods.values() if m.lua is not None])

    def stats(self) -> list[ModStats]:
        """Per-mod statistics, sorted by name (includes failed and disabled mods).

        Memory figures are refreshed here (not every frame) for mods that have an arena."""
        self._not_in_tick("stats")
        for mod in self.mods.values():
            if mod.lua is not None and mod.state is not ModState.UNLOADED:
                mod.stats.memory = mod.memory_used()
        return [self.mods[name].stats for name in sorted(self.mods)]

    def mod(self, name: str) -> Mod:
        return self.mods[name]
