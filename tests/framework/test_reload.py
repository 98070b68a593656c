"""Hot reload (framework.reload + Host.sync_folder) with the real watchdog observer.

No fixed sleeps decide an outcome: each test polls "apply pending changes, tick" until
its condition holds, with a generous deadline."""
from __future__ import annotations

import logging
import os
import shutil
import textwrap
import time
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest

from framework.hookspecs import hookimpl
from framework.host import RELOADED_EVENT, Host, HostConfig
from framework.mod import ModState
from framework.reload import Watcher

DEADLINE = 15.0

COUNTER_V1 = """\
storage.count = storage.count or 0
version_seen = 1
function on_tick() storage.count = storage.count + 1 end
function on_reload(previous) reloaded_from = previous end
"""
COUNTER_V2 = COUNTER_V1.replace("version_seen = 1", "version_seen = 2").replace("+ 1 end", "+ 100 end")


def manifest(name: str, version: str = "1.0.0", extra: str = "") -> str:
    return f"name: {name}\nversion: {version}\npermissions: [log, events, storage]\n{extra}"


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")


def g(host: Host, mod: str, name: str) -> Any:
    value = host.mods[mod].lua.globals.get(name)
    return value.to_python() if hasattr(value, "to_python") else value


class Order:
    """Records hook calls, to prove reloads happen between frames only."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    @hookimpl
    def moonbox_before_tick(self) -> None:
        self.calls.append("before")

    @hookimpl
    def moonbox_after_tick(self) -> None:
        self.calls.append("after")

    @hookimpl
    def moonbox_mod_reloaded(self, mod: Any, previous_version: str) -> None:
        self.calls.append(f"reloaded {mod.name} from {previous_version}")


@pytest.fixture
def order() -> Order:
    return Order()


@pytest.fixture
def running(mods_dir: Path, order: Order) -> Iterator[tuple[Host, Watcher]]:
    write(mods_dir / "counter" / "mod.yaml", manifest("counter"))
    write(mods_dir / "counter" / "main.lua", COUNTER_V1)
    host = Host(mods_dir, HostConfig(), plugins=(order,), load_entry_points=False)
    host.load_mods()
    with Watcher(host, debounce=0.05) as watcher:
        yield host, watcher
    host.shutdown()


def run_until(host: Host, watcher: Watcher, condition: Callable[[], bool]) -> None:
    """Frames with pending changes applied between them, until ``condition`` holds."""
    deadline = time.monotonic() + DEADLINE
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not reached in {DEADLINE}s; pending: {watcher.pending()}")
        watcher.wait(0.05)
        watcher.apply_pending()
        host.tick(1 / 60)
        if watcher.pending():
            time.sleep(0.005)  # let the debounce window pass; correctness never depends on it


def test_modify_reloads_and_keeps_state(running: tuple[Host, Watcher], mods_dir: Path, order: Order) -> None:
    host, watcher = running
    for _ in range(3):
        host.tick(1 / 60)
    assert g(host, "counter", "storage")["count"] == 3
    write(mods_dir / "counter" / "main.lua", COUNTER_V2)
    run_until(host, watcher, lambda: g(host, "counter", "version_seen") == 2
              and g(host, "counter", "reloaded_from") is not None)
    count = g(host, "counter", "storage")["count"]
    assert count > 100 and count % 100 >= 3  # v1's count (>= 3) kept, then +100 by v2
    assert g(host, "counter", "reloaded_from") == "1.0.0"
    stats = host.mods["counter"].stats
    assert stats.reloads >= 1 and stats.last_reload_error == "" and stats.state is ModState.RUNNING
    assert "reloaded counter from 1.0.0" in order.calls


def test_rename_save_is_one_change(running: tuple[Host, Watcher], mods_dir: Path) -> None:
    host, watcher = running
    tmp = mods_dir / "counter" / ".main.lua.swp"
    tmp.write_text(COUNTER_V2)
    os.replace(tmp, mods_dir / "counter" / "main.lua")
    run_until(host, watcher, lambda: g(host, "counter", "version_seen") == 2)
    assert host.mods["counter"].state is ModState.RUNNING


def test_syntax_error_keeps_old_version_then_fix(running: tuple[Host, Watcher], mods_dir: Path,
                                                 caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="moonbox")
    host, watcher = running
    write(mods_dir / "counter" / "main.lua", COUNTER_V2 + "\nfunction broken(\n")
    run_until(host, watcher, lambda: host.mods["counter"].stats.last_reload_error != "")
    stats = host.mods["counter"].stats
    assert stats.last_reload_error.startswith("counter/main.lua:")
    assert "reload failed, keeping version 1.0.0: counter/main.lua:" in caplog.text
    before = g(host, "counter", "storage")["count"]
    host.tick(1 / 60)
    assert g(host, "counter", "storage")["count"] == before + 1  # still v1, still running
    assert g(host, "counter", "version_seen") == 1
    write(mods_dir / "counter" / "main.lua", COUNTER_V2)
    run_until(host, watcher, lambda: g(host, "counter", "version_seen") == 2)
    assert host.mods["counter"].stats.last_reload_error == ""
    assert g(host, "counter", "storage")["count"] >= before + 1


def test_entry_error_keeps_old_version(running: tuple[Host, Watcher], mods_dir: Path) -> None:
    host, watcher = running
    write(mods_dir / "counter" / "main.lua", "version_seen = 3\nerror('bad start')\n")
    run_until(host, watcher, lambda: host.mods["counter"].stats.last_reload_error != "")
    assert host.mods["counter"].stats.last_reload_error == "counter/main.lua:2: bad start"
    assert g(host, "counter", "version_seen") == 1
    assert host.mods["counter"].state is ModState.RUNNING


def test_delete_unloads_and_add_loads(running: tuple[Host, Watcher], mods_dir: Path) -> None:
    host, watcher = running
    write(mods_dir / "fresh" / "main.lua", "hello = 'there'\nfunction on_unload() end")
    write(mods_dir / "fresh" / "mod.yaml", manifest("fresh"))
    run_until(host, watcher, lambda: "fresh" in host.mods and host.mods["fresh"].state.active)
    assert g(host, "fresh", "hello") == "there"
    shutil.rmtree(mods_dir / "counter")
    run_until(host, watcher, lambda: host.mods["counter"].state is ModState.UNLOADED)
    assert host.mods["counter"].stats.reason == "folder removed"
    assert host.mods["fresh"].state.active


def test_manifest_change_revalidates(running: tuple[Host, Watcher], mods_dir: Path) -> None:
    host, watcher = running
    write(mods_dir / "counter" / "mod.yaml", manifest("counter", version="banana"))
    run_until(host, watcher, lambda: host.mods["counter"].stats.last_reload_error != "")
    assert "counter/mod.yaml: version: 'banana' is not a semantic version" in \
        host.mods["counter"].stats.last_reload_error
    assert host.mods["counter"].state.active
    write(mods_dir / "counter" / "mod.yaml", manifest("counter", version="1.1.0",
                                                      extra="limits: {fuel_per_tick: 7000}\n"))
    run_until(host, watcher, lambda: str(host.mods["counter"].manifest.version) == "1.1.0")
    assert host.mods["counter"].fuel_per_tick == 7000
    run_until(host, watcher, lambda: g(host, "counter", "reloaded_from") == "1.0.0")


def test_dependents_are_notified_not_reloaded(mods_dir: Path) -> None:
    write(mods_dir / "lib" / "mod.yaml", manifest("lib"))
    write(mods_dir / "lib" / "main.lua", "v = 1")
    write(mods_dir / "user" / "mod.yaml", manifest("user", extra="depends: ['lib >=1']\n"))
    write(mods_dir / "user" / "main.lua", """\
        loads = (loads or 0) + 1
        function on_event(name, p) got = name .. ' ' .. p.name .. ' ' .. p.previous_version .. ' ' .. p.version end
        """)
    host = Host(mods_dir, HostConfig(), load_entry_points=False)
    host.load_mods()
    user = host.mods["user"]
    write(mods_dir / "lib" / "mod.yaml", manifest("lib", version="1.2.0"))
    assert host.reload("lib") is True
    host.tick(1 / 60)
    assert host.mods["user"] is user and g(host, "user", "loads") == 1
    assert g(host, "user", "got") == f"{RELOADED_EVENT} lib 1.0.0 1.2.0"
    # a version that breaks the dependent's range is refused; the old one keeps running
    write(mods_dir / "lib" / "mod.yaml", manifest("lib", version="0.5.0"))
    assert host.reload("lib") is True  # lib itself may change; user is only notified
    write(mods_dir / "user" / "mod.yaml", manifest("user", version="1.0.1", extra="depends: ['lib >=2']\n"))
    assert host.reload("user") is False
    assert "requires 'lib >=2' but lib 0.5.0 is installed" in host.mods["user"].stats.last_reload_error
    host.shutdown()


def test_failed_mod_loads_once_fixed(mods_dir: Path) -> None:
    write(mods_dir / "flaky" / "mod.yaml", manifest("flaky"))
    write(mods_dir / "flaky" / "main.lua", "storage.kept = 'yes'\nerror('not yet')")
    write(mods_dir / "broken" / "mod.yaml", "name: broken\n")
    write(mods_dir / "broken" / "main.lua", "ok = true")
    host = Host(mods_dir, HostConfig(), load_entry_points=False)
    host.load_mods()
    assert host.mods["flaky"].state is ModState.FAILED and "broken" not in host.mods
    write(mods_dir / "flaky" / "main.lua", "fixed = storage.kept")
    write(mods_dir / "broken" / "mod.yaml", manifest("broken"))
    assert host.reload_all() == {"broken": True, "flaky": True}
    assert g(host, "flaky", "fixed") == "yes"  # storage carried over from the failed arena
    assert g(host, "broken", "ok") is True and not host.invalid
    assert host.mods["flaky"].stats.reloads == 1
    host.shutdown()


def test_no_reload_during_a_tick(mods_dir: Path) -> None:
    write(mods_dir / "counter" / "mod.yaml", manifest("counter"))
    write(mods_dir / "counter" / "main.lua", COUNTER_V1)
    errors = []

    class Rogue:
        @hookimpl
        def moonbox_after_tick(self, host: Host) -> None:
            for call in (lambda: host.reload("counter"), lambda: watcher.apply_pending(force=True)):
                try:
                    call()
                except RuntimeError as exc:
                    errors.append(str(exc))

    host = Host(mods_dir, HostConfig(), plugins=(Rogue(),), load_entry_points=False)
    host.load_mods()
    watcher = Watcher(host)
    host.tick(1 / 60)
    assert len(errors) == 2 and all("between frames" in e for e in errors)


def test_reloads_never_interleave_with_frames(running: tuple[Host, Watcher], mods_dir: Path,
                                              order: Order) -> None:
    host, watcher = running
    for version in (2, 3):
        source = COUNTER_V1.replace("version_seen = 1", f"version_seen = {version}")
        write(mods_dir / "counter" / "main.lua", source)
        run_until(host, watcher, lambda v=version: g(host, "counter", "version_seen") == v)
    depth = 0
    for call in order.calls:
        depth += call == "before"
        depth -= call == "after"
        assert depth in (0, 1)
        if call.startswith("reloaded"):
            assert depth == 0


def test_debounce_collapses_bursts(mods_dir: Path) -> None:
    write(mods_dir / "counter" / "mod.yaml", manifest("counter"))
    write(mods_dir / "counter" / "main.lua", COUNTER_V1)
    host = Host(mods_dir, HostConfig(), load_entry_points=False)
    host.load_mods()
    now = [100.0]
    watcher = Watcher(host, debounce=0.5, clock=lambda: now[0])
    for name in ("main.lua", ".main.lua.swp", "main.lua", "mod.yaml"):
        watcher.touch(str(mods_dir / "counter" / name))
    watcher.touch(str(mods_dir))                     # the root itself: ignored
    watcher.touch(str(mods_dir / ".git" / "index"))  # hidden folders: ignored
    watcher.touch(str(mods_dir.parent / "elsewhere"))  # outside: ignored
    assert watcher.pending() == ["counter"]
    now[0] += 0.3
    assert watcher.apply_pending() == {}             # still inside the quiet window
    watcher.touch(str(mods_dir / "counter" / "main.lua"))
    now[0] += 0.4
    assert watcher.apply_pending() == {}             # the window restarted
    now[0] += 0.2
    assert watcher.apply_pending() == {"counter": True}
    assert host.mods["counter"].stats.reloads == 1 and watcher.pending() == []
    host.shutdown()
