"""Benchmark: frame time of the pygame demo with ~200 scripted entities, split Lua vs drawing.

Run: ``python bench/demo_frame.py [--entities 200] [--frames 600] [--misbehaving]``

The bundled game mods run headless (SDL dummy driver, one core); the player is
invincible and does not shoot, and the benchmark tops the arena up through the
mods' own ``spawn`` events so that about ``--entities`` scripted entities exist
every frame.  Reported per frame (mean, median, 95th percentile, in ms):

- ``lua``: ``host.tick`` — every mod's ``on_tick``/``on_event`` in its arena, plus
  the record sync of the ``entities`` plugin (reported separately as ``sync``);
- ``world``: the Python simulation (movement, collisions, particles);
- ``draw``: pygame drawing of the frame (into the dummy display surface);
- ``total``: the sum — 16.7 ms is the 60 FPS budget.
"""
from __future__ import annotations

import argparse
import copy
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame

from examples.pygame_demo.game import Game
from examples.pygame_demo.render import Renderer


def summary(name: str, xs: list[float]) -> str:
    xs = sorted(xs)
    p95 = xs[int(len(xs) * 0.95) - 1]
    return f"{name:6s} mean {statistics.fmean(xs):6.2f}  median {statistics.median(xs):6.2f}  p95 {p95:6.2f}"


def top_up(game: Game, target: int) -> None:
    """Ask the seeker and wanderer mods (through their own spawn event) for more entities."""
    missing = target - len(game.world.entities)
    if missing <= 0:
        return
    w, h = game.world.width, game.world.height
    seekers = (missing * 2 + 2) // 3
    for kind, n, x, y in (("seeker", seekers, 80, 80), ("wanderer", missing - seekers, w - 80, h - 80)):
        if n > 0:
            game.host.emit("spawn", {"kind": kind, "x": x, "y": y, "count": n})


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--entities", type=int, default=200)
    ap.add_argument("--frames", type=int, default=600)
    ap.add_argument("--warmup", type=int, default=120)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--misbehaving", action="store_true", help="also run the spinner (and hoarder)")
    ap.add_argument("--no-draw", action="store_true", help="skip drawing (Lua + world only)")
    args = ap.parse_args()

    pygame.display.init()
    pygame.font.init()
    screen = pygame.display.set_mode((1280, 720))
    game = Game(seed=args.seed, watch=False, enable_misbehaving=args.misbehaving)
    game.world.player_fires = False
    game.world.player_invincible = True
    renderer = Renderer(screen, game)
    lua, sync, world, draw, total, ents = [], [], [], [], [], []
    try:
        for frame in range(args.warmup + args.frames):
            top_up(game, args.entities)
            t0 = time.perf_counter()
            game.step()
            if not args.no_draw:
                renderer.draw()
            t1 = time.perf_counter()
            if frame >= args.warmup:
                lua.append(game.lua_seconds * 1000)
                sync.append(game.plugin.sync_seconds * 1000)
                world.append(game.sim_seconds * 1000)
                draw.append(0.0 if args.no_draw else game.draw_seconds * 1000)
                total.append((t1 - t0) * 1000)
                ents.append(len(game.world.entities))
        stats = [copy.copy(s) for s in game.host.stats()]
    finally:
        game.close()
        pygame.quit()

    print(f"pygame demo, {args.frames} frames after {args.warmup} warm-up, "
          f"{statistics.fmean(ents):.0f} scripted entities on average (min {min(ents)}, max {max(ents)})")
    for name, xs in (("lua", lua), ("sync", sync), ("world", world), ("draw", draw), ("total", total)):
        print(summary(name, xs) + " ms")
    mean_total = statistics.fmean(total)
    print(f"=> {1000 / mean_total:.0f} FPS possible on one core (budget 16.7 ms at 60 FPS); "
          f"Lua share {statistics.fmean(lua) / mean_total:.0%}, drawing {statistics.fmean(draw) / mean_total:.0%}")
    print("per mod (fuel units per frame: avg / max, state):")
    for st in stats:
        print(f"  {st.name:10s} {st.fuel_avg:8.0f} / {st.fuel_max:<8d} {st.state.value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
