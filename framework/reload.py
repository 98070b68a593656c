"""Hot reload: watch the mods folder, apply changes between frames.

A watchdog observer watches the whole mods folder (one recursive watch, not one per
mod).  Its thread only records *which mod folder* changed and when; the game thread
calls :meth:`Watcher.apply_pending` between frames, which hands every folder that has
been quiet for ``debounce`` seconds to :meth:`framework.host.Host.sync_folder`.  So:

- a reload never happens mid-tick (and ``sync_folder`` refuses to run during one);
- bursts (an editor writing a temp file then renaming it over the original, several
  files saved at once, duplicate notifications) collapse into one reload per mod;
- new folders load, deleted folders unload, ``mod.yaml`` changes re-validate.
"""
from __future__ import annotations

import logging
import threading
import time
from pathlib import Path
from typing import Any, Callable

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

__all__ = ["Watcher"]

LOGGER = logging.getLogger("moonbox.reload")
_IGNORED_EVENTS = {"opened", "closed_no_write"}


class _Handler(FileSystemEventHandler):
    """Runs on the observer thread: maps paths to mod folders and records them."""

    def __init__(self, watcher: "Watcher"):
        self.watcher = watcher

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in _IGNORED_EVENTS:
            return
        for path in (event.src_path, getattr(event, "dest_path", "")):
            if path:
                self.watcher.touch(path if isinstance(path, str) else path.decode())


class Watcher:
    """Watches ``host.mods_dir`` and applies changes on the caller's thread.

    ``clock`` is injectable for tests; ``debounce`` is the quiet time a folder needs
    before it is reloaded."""

    def __init__(self, host: Any, debounce: float = 0.25, clock: Callable[[], float] = time.monotonic):
        self.host = host
        self.root = Path(host.mods_dir).resolve()
        self.debounce = debounce
        self.clock = clock
        self._pending: dict[str, float] = {}  # folder name -> time of its last event
        self._cond = threading.Condition()
        self._observer: Any = None
        self.applied = 0  # folders handed to the host so far

    # -- observer thread ------------------------------------------------------------------

    def folder_of(self, path: str) -> str | None:
        """The mod folder name a path belongs to (``None`` for the root or hidden folders)."""
        try:
            rel = Path(path).resolve().relative_to(self.root)
        except (ValueError, OSError):
            try:
                rel = Path(path).relative_to(self.root)
            except ValueError:
                return None
        if not rel.parts:
            return None
        top = rel.parts[0]
        if top.startswith((".", "_")):
            return None
        return top

    def touch(self, path: str) -> None:
        """Record a change under ``path`` (thread-safe; called by the observer)."""
        folder = self.folder_of(path)
        if folder is None:
            return
        with self._cond:
            self._pending[folder] = self.clock()
            self._cond.notify_all()

    # -- game thread ----------------------------------------------------------------------

    def start(self) -> None:
        """Start watching (a daemon observer thread)."""
        if self._observer is not None:
            return
        self._observer = Observer()
        self._observer.daemon = True
        self._observer.schedule(_Handler(self), str(self.root), recursive=True)
        self._observer.start()

    def stop(self) -> None:
        if self._observer is not None:
            self._observer.stop()
            self._observer.join(timeout=5)
            self._observer = None

    def __enter__(self) -> "Watcher":
        self.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    def pending(self) -> list[str]:
        with self._cond:
            return sorted(self._pending)

    def wait(self, timeout: float) -> bool:
        """Block until some change is pending (True) or ``timeout`` passes (False)."""
        with self._cond:
            return self._cond.wait_for(lambda: bool(self._pending), timeout)

    def apply_pending(self, force: bool = False) -> dict[str, bool]:
        """Reload every folder quiet for ``debounce`` seconds (all of them if ``force``).

        Call between frames.  Returns folder name -> success."""
        if self.host.ticking:
            raise RuntimeError("apply_pending must be called between frames")
        now = self.clock()
        with self._cond:
            ready = sorted(f for f, t in self._pending.items() if force or now - t >= self.debounce)
            for folder in ready:
                del self._pending[folder]
        results = {}
        for folder in ready:
            try:
                results[folder] = self.host.sync_folder(self.root / folder)
            except Exception:  # never let one broken folder stop the game loop
                LOGGER.exception("reloading %s failed", folder)
                results[folder] = False
            self.applied += 1
        return results
