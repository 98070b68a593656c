"""The window, input and command line of the demo.

``python -m examples.pygame_demo [--mods DIR] [--headless] [--frames N] [--screenshot PATH]
[--seed N] [--enable-misbehaving] [--no-watch] [--no-hud] [--fps F] [--manual] [--quiet]``

Keys: arrows/WASD fly (switches the autopilot off), O autopilot, H HUD, M misbehaving mods
on/off, R reload every mod, P pause, F12 screenshot, Esc/Q quit.
"""
from __future__ import annotations

import argparse
import array
import copy
import logging
import math
import os
import random
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .game import BUNDLED_MODS, Game

__all__ = ["RunResult", "display_available", "main", "parse_args", "run"]

HEADLESS_DEFAULT_FRAMES = 600


def display_available() -> bool:
    """Whether a window can be opened (Linux/BSD need an X11 or Wayland display)."""
    if sys.platform.startswith(("win", "darwin")):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(prog="python -m examples.pygame_demo",
                                 description="An arena game whose entities are scripted by sandboxed Lua mods.")
    ap.add_argument("--mods", type=Path, default=BUNDLED_MODS, help="mods folder (default: the bundled game mods)")
    ap.add_argument("--headless", action="store_true",
                    help="no window (SDL dummy video driver); automatic when there is no display")
    ap.add_argument("--frames", type=int, default=None,
                    help=f"exit after N frames (headless default: {HEADLESS_DEFAULT_FRAMES})")
    ap.add_argument("--screenshot", type=Path, default=None, help="save the last frame as a PNG")
    ap.add_argument("--seed", type=int, default=None, help="seed: identical seeds give identical runs")
    ap.add_argument("--enable-misbehaving", action="store_true",
                    help="load the misbehaving mods (spinner, hoarder) from the start")
    ap.add_argument("--no-watch", action="store_true", help="no hot reload")
    ap.add_argument("--no-hud", action="store_true", help="start with the mod HUD hidden")
    ap.add_argument("--fps", type=float, default=None,
                    help="frame rate cap (default 60 windowed, unthrottled headless; 0 = unthrottled)")
    ap.add_argument("--manual", action="store_true", help="start without the autopilot (windowed default)")
    ap.add_argument("--autopilot", action="store_true", help="start with the autopilot (headless default)")
    ap.add_argument("--quiet", action="store_true", help="log only warnings and errors to the console")
    args = ap.parse_args(argv)
    if args.frames is not None and args.frames < 1:
        ap.error("--frames must be at least 1")
    return args


@dataclass
class RunResult:
    """What a run leaves behind (for tests): the game (closed), frames run, timings."""

    game: Game
    stats: list[Any]
    frames: int
    seconds: float
    screenshot: Path | None
    lua_ms: list[float]
    sim_ms: list[float]
    draw_ms: list[float]


class Sounds:
    """Tiny synthesized sound effects (no asset files); silent if there is no audio."""

    RATE = 22050

    def __init__(self, pygame: Any):
        self.pg = pygame
        self.sounds: dict[str, Any] = {}
        try:
            pygame.mixer.init(frequency=self.RATE, size=-16, channels=1, buffer=512)
            pygame.mixer.set_num_channels(16)
        except Exception:
            return
        rng = random.Random(5)

        def tone(seconds: float, f0: float, f1: float, vol: float, noise: float = 0.0, square: bool = False) -> Any:
            n = int(self.RATE * seconds)
            buf = array.array("h")
            phase = 0.0
            for i in range(n):
                t = i / n
                f = f0 + (f1 - f0) * t
                phase += f / self.RATE
                v = (1.0 if (phase % 1.0) < 0.5 else -1.0) if square else math.sin(phase * math.tau)
                if noise:
                    v = v * (1 - noise) + (rng.random() * 2 - 1) * noise
                env = (1 - t) ** 2 * min(1.0, i / 80)
                buf.append(int(v * env * vol * 32767))
            return pygame.mixer.Sound(buffer=buf.tobytes())

        try:
            self.sounds = {
                "shot": tone(0.05, 1400, 700, 0.06, square=True),
                "boom": tone(0.35, 140, 40, 0.35, noise=0.75),
                "chime": tone(0.3, 880, 1320, 0.25),
                "hit": tone(0.25, 220, 90, 0.35, square=True),
                "wave": tone(0.6, 200, 800, 0.25),
            }
        except Exception:
            self.sounds = {}

    def play(self, queue: list[tuple[str, float, float]]) -> None:
        played = set()
        for name, _x, _y in queue:
            sound = self.sounds.get(name)
            if sound is not None and name not in played:
                played.add(name)
                sound.play()


def run(args: argparse.Namespace) -> RunResult:
    """Run the demo as configured by ``args`` (see :func:`parse_args`)."""
    headless = args.headless or not display_available()
    if headless:
        os.environ["SDL_VIDEODRIVER"] = "dummy"
        os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    import pygame

    from .render import Renderer

    frames = args.frames if args.frames is not None else (HEADLESS_DEFAULT_FRAMES if headless else None)
    fps = args.fps if args.fps is not None else (0.0 if headless else 60.0)
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1 << 30)
    autopilot = headless or args.autopilot
    if args.manual:
        autopilot = False
    pygame.display.init()
    pygame.font.init()
    try:
        if headless:
            screen = pygame.display.set_mode((1280, 720))
        else:
            screen = pygame.display.set_mode((1280, 720), pygame.SCALED | pygame.RESIZABLE, vsync=0)
            pygame.display.set_caption("moonbox arena: entities scripted by sandboxed Lua mods")
        game = Game(args.mods, seed=seed, enable_misbehaving=args.enable_misbehaving, watch=not args.no_watch,
                    autopilot=autopilot)
        renderer = Renderer(screen, game)
        renderer.show_hud = not args.no_hud
        sounds = Sounds(pygame) if not headless else None
        clock = pygame.time.Clock()
        lua_ms: list[float] = []
        sim_ms: list[float] = []
        draw_ms: list[float] = []
        started = time.perf_counter()
        count = 0
        running = True
        try:
            while running:
                running = _handle_input(pygame, game, renderer, args)
                game.step()
                renderer.draw()
                if not headless:
                    pygame.display.flip()
                if sounds is not None:
                    sounds.play(game.world.sounds)
                game.world.sounds.clear()
                lua_ms.append(game.lua_seconds * 1000)
                sim_ms.append(game.sim_seconds * 1000)
                draw_ms.append(game.draw_seconds * 1000)
                count += 1
                if frames is not None and count >= frames:
                    running = False
                if fps > 0:
                    clock.tick(fps)
            elapsed = time.perf_counter() - started
            shot = None
            if args.screenshot is not None:
                shot = Path(args.screenshot)
                if shot.parent and not shot.parent.exists():
                    shot.parent.mkdir(parents=True, exist_ok=True)
                pygame.image.save(screen, str(shot))
            stats = [copy.copy(s) for s in game.host.stats()]
        finally:
            game.close()
    finally:
        pygame.quit()
    return RunResult(game, stats, count, elapsed, shot, lua_ms, sim_ms, draw_ms)


def _handle_input(pygame: Any, game: Game, renderer: Any, args: argparse.Namespace) -> bool:
    for event in pygame.event.get():
        if event.type == pygame.QUIT:
            return False
        if event.type == pygame.KEYDOWN:
            key = event.key
            if key in (pygame.K_ESCAPE, pygame.K_q):
                return False
            if key in (pygame.K_h, pygame.K_F1, pygame.K_TAB):
                renderer.show_hud = not renderer.show_hud
            elif key == pygame.K_m:
                game.toggle_misbehaving()
            elif key == pygame.K_r:
                results = game.reload_all()
                logging.getLogger("moonbox.demo").warning(
                    "reload all: " + ", ".join(f"{n} {'ok' if ok else 'FAILED'}" for n, ok in sorted(results.items())))
            elif key == pygame.K_o:
                game.autopilot = not game.autopilot
            elif key == pygame.K_p:
                game.paused = not game.paused
            elif key == pygame.K_F12:
                name = f"moonbox-{int(time.time())}.png"
                pygame.image.save(renderer.surface, name)
                logging.getLogger("moonbox.demo").warning(f"screenshot saved: {name}")
    if pygame.display.get_init() and pygame.display.get_active():
        keys = pygame.key.get_pressed()
        ax = float((keys[pygame.K_RIGHT] or keys[pygame.K_d]) - (keys[pygame.K_LEFT] or keys[pygame.K_a]))
        ay = float((keys[pygame.K_DOWN] or keys[pygame.K_s]) - (keys[pygame.K_UP] or keys[pygame.K_w]))
        if ax or ay:
            game.autopilot = False
        game.control = (ax, ay)
    return True


def _summary(result: RunResult) -> str:
    from framework.__main__ import format_stats

    def avg(xs: list[float]) -> float:
        return sum(xs) / len(xs) if xs else 0.0

    game = result.game
    lines = [format_stats(result.stats) if result.stats else "(no mods)",
             f"{result.frames} frames in {result.seconds:.2f} s ({result.frames / max(result.seconds, 1e-9):.0f} fps); "
             f"per frame: lua {avg(result.lua_ms):.2f} ms, world {avg(result.sim_ms):.2f} ms, "
             f"draw {avg(result.draw_ms):.2f} ms; {len(game.world.entities)} entities at the end; "
             f"status: {', '.join(f'{k} {v}' for k, v in game.world.status.items()) or '-'}"]
    if result.screenshot is not None:
        lines.append(f"screenshot: {result.screenshot}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=logging.WARNING if args.quiet else logging.INFO, format="%(message)s",
                        stream=sys.stderr)
    if not args.mods.is_dir():
        print(f"mods folder not found: {args.mods}", file=sys.stderr)
        return 2
    try:
        result = run(args)
    except KeyboardInterrupt:
        return 130
    print(_summary(result))
    return 0
