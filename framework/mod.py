"""One loaded mod: its arena, its pending work and executors, its state and statistics.

A :class:`Mod` knows how to run its own work within a fuel budget; it does not decide
what happens when that work fails or overruns — it reports, and the host applies the
policy (count errors, disable, stop).  Work is a FIFO of :class:`Job` (``on_tick``,
``on_event``); the job at the head runs in a ``vm.Executor`` that may be suspended
when the frame's fuel runs out and resumed next frame (stackless continuation).
"""
from __future__ import annotations

import logging
from collections import deque
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

import vm

from .manifest import Manifest
from .plain import to_text

__all__ = ["ModState", "ModStats", "Job", "JobError", "FrameReport", "Mod", "chunk_name", "compile_problems",
           "EntryOverrun", "MOD_LOGGER"]

#: Every mod's output and errors go to this logger, each line prefixed ``[name] ``.
MOD_LOGGER = logging.getLogger("moonbox.mods")


class ModState(str, Enum):
    """Lifecycle of a mod, as shown in stats.  Only RUNNING and LOADED mods get work."""

    LOADING = "loading"    # arena being created, entry chunk running
    LOADED = "loaded"      # entry chunk done, no frame run yet
    RUNNING = "running"    # ticking normally
    OVERRUN = "overrun"    # stopped: a handler overran its fuel for too many frames
    DISABLED = "disabled"  # stopped: too many errors, or out of memory
    FAILED = "failed"      # never ran: entry chunk error, missing dependency at load
    UNLOADED = "unloaded"  # unloaded by the host

    @property
    def active(self) -> bool:
        """True for states that receive work (LOADED, RUNNING)."""
        return self in _ACTIVE


_ACTIVE = frozenset((ModState.LOADED, ModState.RUNNING))


@dataclass
class ModStats:
    """Per-mod numbers for a HUD or the CLI table.  Fuel is counted in VM fuel units."""

    name: str
    version: str
    state: ModState = ModState.LOADING
    reason: str = ""            # why the mod is not running (empty when it is)
    ticks: int = 0              # frames in which the mod ran work
    fuel_last: int = 0          # fuel used in the last frame it ran
    fuel_max: int = 0
    fuel_total: int = 0
    fuel_per_tick: int = 0      # its budget
    memory: int | None = None   # bytes accounted to its arena (None: VM does not tell)
    memory_limit: int | None = None
    errors: int = 0
    last_error: str = ""
    events_handled: int = 0
    events_dropped: int = 0
    overrun_frames: int = 0     # consecutive frames the current handler has been suspended
    reloads: int = 0
    last_reload_error: str = ""

    @property
    def fuel_avg(self) -> float:
        return self.fuel_total / self.ticks if self.ticks else 0.0

    def as_dict(self) -> dict[str, Any]:
        """A plain snapshot (``state`` as its string), e.g. for JSON or a HUD."""
        data = {k: getattr(self, k) for k in self.__dataclass_fields__}
        data["state"] = self.state.value
        data["fuel_avg"] = self.fuel_avg
        return data


@dataclass
class Job:
    """A call of global ``handler`` with plain-Python ``args`` (converted into the
    arena when the job starts, so event payloads are copied per receiver)."""

    handler: str
    args: tuple[Any, ...] = ()
    dt: float = 0.0  # for on_tick jobs: accumulated while the job waited


@dataclass
class JobError:
    """A job that ended with an error."""

    job: Job
    error: BaseException

    @property
    def out_of_memory(self) -> bool:
        return isinstance(self.error, vm.LuaMemoryError)


@dataclass
class FrameReport:
    """What happened during one :meth:`Mod.run_frame`."""

    fuel_used: int = 0
    jobs_done: int = 0
    errors: list[JobError] = field(default_factory=list)
    suspended: Job | None = None  # the job still running when fuel ran out


def chunk_name(mods_dir: Path, file: Path) -> str:
    """Chunk name of a mod file: ``"@" +`` its path relative to the mods folder,
    with ``/``, so errors read ``counter/main.lua:12: ...``."""
    try:
        rel = file.resolve().relative_to(mods_dir.resolve())
    except ValueError:
        rel = Path(file.name)
    return "@" + rel.as_posix()


def compile_problems(manifest: Manifest, mods_dir: Path) -> list[str]:
    """Compile every ``.lua`` file of a mod in a scratch arena; the syntax errors
    (``chunk:line: message``) and unreadable files, in path order."""
    problems = []
    lua = vm.Lua(sandbox=True)
    for file in sorted(manifest.folder.rglob("*.lua")):
        try:
            lua.load(file.read_text(encoding="utf-8"), chunk_name(mods_dir, file))
        except vm.LuaSyntaxError as exc:
            problems.append(str(exc))
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(f"{chunk_name(mods_dir, file)[1:]}: cannot read: {exc}")
    return problems


def _is_function(value: Any) -> bool:
    """A Lua function handle, or a Python callable stored as a global."""
    return isinstance(value, vm.LuaFunction) or (callable(value) and not isinstance(value, vm.LuaHandle))


class Mod:
    """A mod: manifest, arena (``lua``), queue of jobs, current executor, stats."""

    def __init__(self, manifest: Manifest, mods_dir: Path, *, fuel_per_tick: int,
                 memory_limit: int | None, max_queue: int = 1000):
        self.manifest = manifest
        self.name = manifest.name
        self.mods_dir = Path(mods_dir)
        self.folder = manifest.folder
        self.fuel_per_tick = fuel_per_tick
        self.memory_limit = memory_limit
        self.max_queue = max_queue
        self.lua: vm.Lua | None = None
        self._globals: vm.LuaTable | None = None
        self.queue: deque[Job] = deque()
        self.executor: vm.Executor | None = None
        self.job: Job | None = None
        self.granted: tuple[str, ...] = ()
        self.stats = ModStats(manifest.name, str(manifest.version), fuel_per_tick=fuel_per_tick,
                              memory_limit=memory_limit)
        self._out_buffer = ""

    def __repr__(self) -> str:
        return f"<Mod {self.name} {self.manifest.version} {self.state.value}>"

    # -- state -------------------------------------------------------------------------

    @property
    def state(self) -> ModState:
        return self.stats.state

    def set_state(self, state: ModState, reason: str = "") -> None:
        self.stats.state = state
        self.stats.reason = reason

    # -- logging and output ------------------------------------------------------------

    def log(self, level: int, message: str) -> None:
        """Log ``message`` with every line prefixed by ``[name] ``."""
        for line in (message.splitlines() or [""]):
            MOD_LOGGER.log(level, "[%s] %s", self.name, line)

    def _on_output(self, text: Any) -> None:
        """Receives what ``print`` writes; complete lines go to the log."""
        self._out_buffer += to_text(text)
        *lines, self._out_buffer = self._out_buffer.split("\n")
        for line in lines:
            MOD_LOGGER.info("[%s] %s", self.name, line)

    def flush_output(self) -> None:
        if self._out_buffer:
            MOD_LOGGER.info("[%s] %s", self.name, self._out_buffer)
            self._out_buffer = ""

    # -- arena ------------------------------------------------------------------------

    def chunk_name(self, file: Path) -> str:
        return chunk_name(self.mods_dir, file)

    def create_arena(self) -> vm.Lua:
        """A fresh sandboxed arena with this mod's memory limit; ``print`` goes to the log."""
        self.lua = vm.Lua(sandbox=True, memory_limit=self.memory_limit, output=self._on_output)
        # warn() and errors in __gc go to the log; on by default for mods
        self.lua.state.warn = self._on_warning
        self.lua.state.warn_on = True
        self._globals = self.lua.globals
        return self.lua

    def _on_warning(self, msg: bytes) -> None:
        MOD_LOGGER.warning("[%s] Lua warning: %s", self.name, to_text(msg))

    def compile_file(self, file: Path) -> Any:
        """Compile a Lua file of this mod (raises ``vm.LuaSyntaxError``, ``OSError``)."""
        assert self.lua is not None
        source = file.read_text(encoding="utf-8")
        return self.lua.load(source, self.chunk_name(file))

    def run_entry(self, fuel: int) -> None:
        """Compile and run the entry chunk to completion within ``fuel``.

        Raises ``vm.LuaError`` (syntax, runtime, memory) or :class:`EntryOverrun`."""
        fn = self.compile_file(self.manifest.entry_path)
        assert self.lua is not None
        ex = vm.Executor(self.lua, fn)
        done = ex.step(fuel)
        if not done:
            ex.close()
            raise EntryOverrun(f"{self.manifest.entry}: the entry chunk did not finish within "
                               f"{fuel} fuel (move long work into on_tick)")
        ex.result()

    def global_function(self, name: str) -> Any | None:
        """The arena's global function ``name``, or ``None`` if it is not defined.

        Raises ``vm.LuaError`` if the global exists but is not a function."""
        if self._globals is None:
            return None
        value = self._globals.get(name)
        if value is None:
            return None
        if not _is_function(value):
            raise vm.LuaError(f"global '{name}' is not a function")
        return value

    def call_now(self, handler: str, *args: Any, fuel: int) -> bool:
        """Run global ``handler`` synchronously within ``fuel`` (for ``on_unload``).

        Returns False if the handler is not defined.  Raises ``vm.LuaError`` on error,
        ``vm.FuelExhausted`` when the fuel runs out."""
        fn = self.global_function(handler)
        if fn is None:
            return False
        assert self.lua is not None
        ex = vm.Executor(self.lua, fn, *args)
        done = ex.step(fuel)
        if not done:
            ex.close()
            raise vm.FuelExhausted(f"{handler} did not finish within {fuel} fuel")
        ex.result()
        return True

    def to_lua(self, value: Any) -> Any:
        """Plain Python data → a value of this arena (tables are created fresh)."""
        assert self.lua is not None
        if isinstance(value, (dict, list, tuple)):
            return self.lua.table_from(value)
        return value

    def memory_used(self) -> int | None:
        """Bytes accounted to the arena (``None`` without an arena).

        The VM's public API has no direct accessor, so this asks the arena itself
        (``collectgarbage("count")``, in KiB) — cheap, but not free: the host calls
        it when stats are read, not every frame."""
        if self.lua is None:
            return None
        try:
            kib = self.lua.eval('collectgarbage("count")', fuel=1000)
        except (vm.LuaError, vm.FuelExhausted):
            return None
        return int(kib * 1024) if isinstance(kib, (int, float)) else None

    # -- work -------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        """True while a job is suspended mid-way (continuing next frame)."""
        return self.executor is not None

    def enqueue_tick(self, dt: float) -> None:
        """Queue ``on_tick(dt)``; coalesced while one is already queued or running,
        in which case ``dt`` accumulates so the next call sees the elapsed time."""
        pending = next((j for j in self.queue if j.handler == "on_tick"), None)
        if pending is not None:
            pending.dt += dt
            return
        self.queue.append(Job("on_tick", dt=dt))

    def enqueue_event(self, name: str, payload: Any) -> bool:
        """Queue ``on_event(name, payload)``; False (and counted) if the queue is full."""
        if sum(1 for j in self.queue if j.handler == "on_event") >= self.max_queue:
            self.stats.events_dropped += 1
            return False
        self.queue.append(Job("on_event", (name, payload)))
        return True

    def abort_job(self) -> Job | None:
        """Drop the suspended job and free its Lua frames now."""
        job, ex = self.job, self.executor
        self.job, self.executor = None, None
        if ex is not None:
            ex.close()
        self.stats.overrun_frames = 0
        return job

    def clear_work(self) -> None:
        self.abort_job()
        self.queue.clear()

    def _start(self, job: Job) -> bool:
        """Create the executor for ``job``; False if its handler is not defined."""
        fn = self.global_function(job.handler)
        if fn is None:
            return False
        args = (job.dt,) if job.handler == "on_tick" else tuple(self.to_lua(a) for a in job.args)
        assert self.lua is not None
        self.executor = vm.Executor(self.lua, fn, *args)
        self.job = job
        return True

    def run_frame(self, fuel: int | None = None) -> FrameReport:
        """Run queued work until it is done or ``fuel`` (default: the mod's budget) is spent.

        A job whose fuel runs out stays suspended and resumes on the next call."""
        budget = self.fuel_per_tick if fuel is None else fuel
        report = FrameReport()
        while budget > 0:
            if self.executor is None:
                if not self.queue:
                    break
                queued = self.queue.popleft()
                try:
                    if not self._start(queued):
                        continue
                except vm.LuaError as exc:
                    report.errors.append(JobError(queued, exc))
                    continue
            ex, job = self.executor, self.job
            assert ex is not None and job is not None
            before = ex.fuel_used
            try:
                done = ex.step(budget)
                if done:
                    ex.result()
            except Exception as exc:  # LuaError, or a bug in a Python API function: isolated
                report.errors.append(JobError(job, exc))
                done = True
            used = ex.fuel_used - before
            if done:
                self.executor, self.job = None, None
            report.fuel_used += used
            budget -= used
            if done:
                report.jobs_done += 1
                self.stats.overrun_frames = 0
                if job.handler == "on_event":
                    self.stats.events_handled += 1
            else:
                report.suspended = job
                break
        if report.suspended is not None:
            self.stats.overrun_frames += 1
        self.stats.fuel_total += report.fuel_used
        self.stats.ticks += 1
        self.stats.fuel_last = report.fuel_used
        self.stats.fuel_max = max(self.stats.fuel_max, report.fuel_used)
        return report


class EntryOverrun(Exception):
    """The entry chunk did not finish within the load fuel."""
