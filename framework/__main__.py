"""Command line: ``python -m framework run|check|new``.

- ``run --mods DIR [--ticks N] [--fps F] [--no-watch]``: run the host headless, F frames
  per second in real time (``--fps 0``: as fast as possible) until N frames or Ctrl-C,
  then print the per-mod stats table.
- ``check DIR``: validate every manifest, resolve dependencies and compile every Lua
  file; print every problem; exit code 1 if there is any.
- ``new NAME [--dir DIR]``: scaffold a mod folder.
"""
from __future__ import annotations

import argparse
import logging
import signal
import sys
import textwrap
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, Sequence

if TYPE_CHECKING:
    from .mod import ModStats

__all__ = ["main", "format_stats"]


def _fmt_int(n: float | int | None) -> str:
    if n is None:
        return "-"
    return f"{n:,.0f}".replace(",", "_") if isinstance(n, float) else f"{n:_}"


def _fmt_bytes(n: int | None) -> str:
    if n is None:
        return "-"
    for unit in ("B", "KiB", "MiB", "GiB"):
        if n < 1024 or unit == "GiB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024  # type: ignore[assignment]
    return str(n)


def _reason(stats: ModStats) -> str:
    if stats.reason:
        return stats.reason
    if stats.last_reload_error:
        return f"last reload failed: {stats.last_reload_error}"
    return ""


def format_stats(stats: Sequence[ModStats]) -> str:
    """A text table of :class:`framework.mod.ModStats`, one row per mod (in the given order)."""
    header = ["mod", "version", "state", "fuel last", "fuel avg", "fuel max", "budget",
              "memory", "errors", "events", "reloads", "reason"]
    rows = [[s.name, s.version, s.state.value, _fmt_int(s.fuel_last), _fmt_int(s.fuel_avg),
             _fmt_int(s.fuel_max), _fmt_int(s.fuel_per_tick), _fmt_bytes(s.memory), str(s.errors),
             str(s.events_handled), str(s.reloads), _reason(s)] for s in stats]
    widths = [max(len(r[i]) for r in [header] + rows) for i in range(len(header))]
    right = {3, 4, 5, 6, 7, 8, 9, 10}
    lines = []
    for row in [header] + rows:
        cells = [c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True))]
        lines.append("  ".join(cells).rstrip())
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _setup_logging(verbose: bool) -> None:
    logging.basicConfig(level=logging.DEBUG if verbose else logging.INFO, format="%(message)s",
                        stream=sys.stderr)


def cmd_run(args: argparse.Namespace) -> int:
    from .host import Host, HostConfig

    config = HostConfig(deterministic=args.deterministic, seed=args.seed)
    if args.fuel:
        config.fuel_per_tick = args.fuel
    host = Host(args.mods, config)
    if args.state and Path(args.state).exists():
        host.load(args.state)
    host.load_mods()
    watcher = None
    if not args.no_watch:
        try:
            from .reload import Watcher  # hot reload (issue 7), when available
        except ImportError:
            watcher = None
        else:
            watcher = Watcher(host)
            watcher.start()

    stop = False

    def on_sigint(signum: int, frame: Any) -> None:
        nonlocal stop
        if stop:
            raise KeyboardInterrupt
        stop = True

    previous = signal.signal(signal.SIGINT, on_sigint)
    fps = args.fps
    period = 1.0 / fps if fps > 0 else 0.0
    fixed_dt = period if args.deterministic or fps <= 0 else None
    try:
        start = last = time.perf_counter()
        frame = 0
        while not stop and (args.ticks is None or frame < args.ticks):
            if watcher is not None:
                watcher.apply_pending()
            now = time.perf_counter()
            dt = fixed_dt if fixed_dt is not None else (now - last if frame else period)
            last = now
            host.tick(dt or 1.0 / 60)
            frame += 1
            if period:
                delay = start + frame * period - time.perf_counter()
                if delay > 0:
                    time.sleep(delay)
    finally:
        signal.signal(signal.SIGINT, previous)
        if watcher is not None:
            watcher.stop()
    print(format_stats(host.stats()))
    for _folder, problems in sorted(host.invalid.items()):
        for problem in problems:
            print(f"invalid: {problem}")
    for rejected in host.rejected:
        print(f"not loaded: {rejected}")
    if args.state:
        host.save(args.state)
    host.shutdown()
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from .manifest import scan_mods
    from .mod import compile_problems
    from .resolve import resolve

    mods_dir = Path(args.dir)
    if not mods_dir.is_dir():
        print(f"{mods_dir}: not a folder", file=sys.stderr)
        return 1
    problems: list[str] = []
    scan = scan_mods(mods_dir)
    problems += [str(p) for p in scan.problems]
    resolution = resolve(scan.manifests)
    problems += [f"{r.manifest.manifest_path}: not loadable: {reason}"
                 for r in resolution.rejected for reason in r.reasons]
    compiled = 0
    for manifest in scan.manifests:
        found = compile_problems(manifest, mods_dir)
        compiled += sum(1 for _ in manifest.folder.rglob("*.lua")) - len(found)
        problems += found
    for problem in problems:
        print(problem)
    mods = len(scan.manifests) + len(scan.invalid)
    print(f"{mods} mods, {compiled} Lua files compiled, {len(problems)} problems")
    return 1 if problems else 0


def cmd_new(args: argparse.Namespace) -> int:
    from .manifest import NAME_RE

    name = args.name
    if not NAME_RE.match(name):
        print(f"{name!r} is not a valid mod name (2 to 64 characters among a-z, 0-9, _ and -)",
              file=sys.stderr)
        return 1
    folder = Path(args.dir) / name
    if folder.exists():
        print(f"{folder} already exists", file=sys.stderr)
        return 1
    folder.mkdir(parents=True)
    (folder / "mod.yaml").write_text(textwrap.dedent(f"""\
        name: {name}
        version: 0.1.0
        title: {name.replace('-', ' ').replace('_', ' ').title()}
        entry: main.lua
        # depends: ["core >=1.0, <2", "? optional-mod"]
        permissions: [log, events, storage]
        # limits: {{fuel_per_tick: 20000, memory: 8MB}}
        """), encoding="utf-8")
    (folder / "main.lua").write_text(textwrap.dedent(f"""\
        -- {name}: runs once when the mod loads.
        storage.ticks = storage.ticks or 0

        function on_tick(dt)
          storage.ticks = storage.ticks + 1
        end

        function on_event(name, payload)
        end

        function on_unload()
          log.info("unloading after " .. storage.ticks .. " ticks")
        end
        """), encoding="utf-8")
    print(f"created {folder}/mod.yaml and {folder}/main.lua")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m framework", description="moonbox mod host")
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run the mods headless")
    run.add_argument("--mods", default="mods", help="mods folder (default: mods)")
    run.add_argument("--ticks", type=int, default=None, help="stop after N frames")
    run.add_argument("--fps", type=float, default=60.0, help="frames per second (0: unthrottled)")
    run.add_argument("--no-watch", action="store_true", help="do not hot-reload changed mods")
    run.add_argument("--deterministic", action="store_true", help="seeded random, tick clock")
    run.add_argument("--seed", type=int, default=0, help="deterministic mode seed")
    run.add_argument("--fuel", type=int, default=None, help="default fuel per mod per frame")
    run.add_argument("--state", default=None, help="load storage from FILE at start, save at exit")
    run.set_defaults(func=cmd_run)
    check = sub.add_parser("check", help="validate manifests and compile scripts")
    check.add_argument("dir", help="mods folder")
    check.set_defaults(func=cmd_check)
    new = sub.add_parser("new", help="scaffold a mod")
    new.add_argument("name")
    new.add_argument("--dir", default="mods", help="mods folder (default: mods)")
    new.set_defaults(func=cmd_new)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    _setup_logging(args.verbose)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
