"""The pygame demo, headless: bundled mods, scripted movement, containment, reload, screenshot."""
from __future__ import annotations

import math
import shutil
from pathlib import Path

import pytest

from examples.pygame_demo.app import parse_args, run
from examples.pygame_demo.game import BUNDLED_MODS, DT, Game
from framework.__main__ import main as framework_main
from framework.mod import ModState

GAME_MODS = ["particles", "pickups", "rules", "seeker", "spawner", "wanderer"]


def entities_of(game: Game, owner: str) -> list:
    return [e for e in game.world.entities.values() if e.owner == owner]


def running(game: Game) -> list[str]:
    return sorted(n for n, m in game.host.mods.items() if m.state is ModState.RUNNING)


def test_bundled_mods_check_clean(capsys: pytest.CaptureFixture[str]) -> None:
    assert framework_main(["check", str(BUNDLED_MODS)]) == 0
    assert "0 problems" in capsys.readouterr().out


def test_headless_run_writes_screenshot(tmp_path: Path) -> None:
    pygame = pytest.importorskip("pygame")
    shot = tmp_path / "shots" / "last.png"
    result = run(parse_args(["--headless", "--frames", "300", "--seed", "3", "--screenshot", str(shot),
                             "--no-watch"]))
    assert result.frames == 300
    assert shot.is_file() and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    pygame.init()
    try:
        assert pygame.image.load(str(shot)).get_size() == (1280, 720)
    finally:
        pygame.quit()
    by_name = {s.name: s for s in result.stats}
    assert sorted(by_name) == GAME_MODS                       # misbehaving mods off by default
    assert all(s.state is ModState.RUNNING and s.errors == 0 for s in result.stats)
    assert by_name["seeker"].ticks == 300
    assert result.game.world.status.get("wave")                # the rules mod drives the top bar
    assert len(result.draw_ms) == 300 and max(result.draw_ms) > 0


def test_entities_move_as_their_scripts_say() -> None:
    with Game(seed=4, watch=False) as game:
        for _ in range(200):
            game.step()
        assert running(game) == GAME_MODS
        world = game.world
        # run the mods alone (no world step) to compare velocities with the scripts' formulas
        game.host.tick(DT)
        t = world.time
        motes = [e for e in entities_of(game, "particles") if e.kind == "mote"]
        assert len(motes) == 48
        for m in motes:                                        # particles/main.lua flow field
            fx = math.sin(m.y * 0.008 + t * 0.35) + 0.4 * math.cos(m.x * 0.013 - t * 0.2)
            fy = math.cos(m.x * 0.007 - t * 0.3) + 0.4 * math.sin(m.y * 0.011 + t * 0.25)
            assert m.vx == pytest.approx(fx * 28) and m.vy == pytest.approx(fy * 28)
        for p in entities_of(game, "spawner"):                 # portals spin at ±1.5 rad/s
            assert abs(p.angle) == pytest.approx(t * 1.5)
        wanderers = entities_of(game, "wanderer")
        assert len(wanderers) >= 6
        for w in wanderers:                                    # speed 55 ± 35, along e.heading
            speed = math.hypot(w.vx, w.vy)
            assert 19 <= speed <= 91
            heading = w.rec["heading"]
            assert math.atan2(w.vy, w.vx) == pytest.approx(math.atan2(math.sin(heading), math.cos(heading)))
        seekers = entities_of(game, "seeker")
        assert seekers, "the spawner should have asked the seeker mod for a wave"
        px, py = world.player.x, world.player.y
        towards = sum(1 for s in seekers if (px - s.x) * s.vx + (py - s.y) * s.vy > 0)
        assert towards >= 0.6 * len(seekers)                   # they hunt the player
        game.step()
        # the world moved them by their velocity (mods steer, the world integrates)
        moved = sum(1 for m in motes if m.alive and (m.vx or m.vy))
        assert moved == len(motes)


def test_misbehaving_mods_are_contained() -> None:
    with Game(seed=2, watch=False, enable_misbehaving=True) as game:
        assert "spinner" in game.host.mods
        hoarder = game.memory_accounted
        assert ("hoarder" in game.host.mods) == hoarder
        for _ in range(3 * 60 + 60):                          # spinner spins after 3 s; stopped 45 frames later
            game.step()
        spinner = game.host.mods["spinner"]
        assert spinner.state is ModState.OVERRUN
        assert "did not finish within 45 frames" in spinner.stats.reason
        assert spinner.stats.fuel_max <= spinner.fuel_per_tick + 100   # never more than its fuel per frame
        if hoarder:
            h = game.host.mods["hoarder"]
            assert h.state is ModState.DISABLED and h.stats.reason == "not enough memory"
        for e in entities_of(game, "spinner"):
            assert e.stalled                                   # drawn grey, steered by nobody
        before = {n: game.host.mods[n].stats.ticks for n in GAME_MODS}
        for _ in range(30):
            game.step()
        assert all(game.host.mods[n].stats.ticks == before[n] + 30 for n in GAME_MODS)
        assert running(game) == GAME_MODS
        assert any("spinner" in line.text and "did not finish" in line.text for line in game.screen_log.lines)
        # M key: off unloads it (its entities fade out); on again restarts it fresh
        game.set_misbehaving(False)
        assert game.host.mods["spinner"].state is ModState.UNLOADED
        for _ in range(60):
            game.step()
        assert not entities_of(game, "spinner")
        game.set_misbehaving(True)
        assert game.host.mods["spinner"].state is ModState.LOADED
        game.step()
        assert len(entities_of(game, "spinner")) == 6


def test_misbehaving_flag_in_a_headless_run(tmp_path: Path) -> None:
    pytest.importorskip("pygame")
    shot = tmp_path / "contained.png"
    result = run(parse_args(["--headless", "--frames", "260", "--seed", "9", "--enable-misbehaving",
                             "--screenshot", str(shot), "--no-watch"]))
    by_name = {s.name: s for s in result.stats}
    assert by_name["spinner"].state is ModState.OVERRUN
    assert all(by_name[n].state is ModState.RUNNING for n in GAME_MODS)
    assert shot.is_file()


def test_same_seed_same_game() -> None:
    def play(seed: int) -> tuple:
        with Game(seed=seed, watch=False) as game:
            for _ in range(240):
                game.step()
            w = game.world
            return (tuple((e.id, e.kind, round(e.x, 6), round(e.y, 6)) for e in w.entities.values()),
                    tuple(sorted(w.status.items())), round(w.player.x, 6), w.player.kills)

    assert play(11) == play(11)
    assert play(11) != play(12)


def test_hot_reload_keeps_entities_and_shows_errors(tmp_path: Path) -> None:
    mods = tmp_path / "mods"
    shutil.copytree(BUNDLED_MODS, mods)
    with Game(mods, seed=5, watch=True) as game:
        for _ in range(150):
            game.step()
        seekers = entities_of(game, "seeker")
        assert seekers
        phases = {e.id: e.rec["phase"] for e in seekers}
        main = mods / "seeker" / "main.lua"
        source = main.read_text()
        # a new behaviour: seekers stand still
        main.write_text(source + "\nfunction on_tick(dt)\n  for _, e in ipairs(entities.mine()) do"
                                 " e.vx, e.vy = 0, 0 end\nend\n")
        game.watcher.touch(str(main))
        assert game.watcher.apply_pending(force=True) == {"seeker": True}
        mod = game.host.mods["seeker"]
        assert mod.stats.reloads == 1
        game.step()
        kept = [e for e in entities_of(game, "seeker") if e.id in phases]
        assert kept and all(e.rec["phase"] == phases[e.id] for e in kept)   # custom fields survive
        game.host.tick(DT)
        assert all(e.vx == 0 and e.vy == 0 for e in entities_of(game, "seeker"))
        # a syntax error: the running version stays, the error is on screen
        main.write_text(source + "\nfunction broken(\n")
        game.watcher.touch(str(main))
        assert game.watcher.apply_pending(force=True) == {"seeker": False}
        assert game.host.mods["seeker"] is mod and mod.state.active
        assert "seeker/main.lua" in mod.stats.last_reload_error
        assert any("reload failed" in line.text and "seeker/main.lua" in line.text
                   for line in game.screen_log.lines)
        game.step()
        assert entities_of(game, "seeker")


def test_api_confines_mods_to_their_entities(tmp_path: Path) -> None:
    mods = tmp_path / "mods"
    mods.mkdir()
    (mods / "owner").mkdir()
    (mods / "owner" / "mod.yaml").write_text("name: owner\nversion: 1.0.0\npermissions: [entities]\n")
    (mods / "owner" / "main.lua").write_text('entities.spawn("rock", 100, 100, {team = "neutral"})\n')
    (mods / "thief").mkdir()
    (mods / "thief" / "mod.yaml").write_text(
        "name: thief\nversion: 1.0.0\ndepends: [owner]\npermissions: [entities]\n")
    (mods / "thief" / "main.lua").write_text(
        "function on_tick(dt)\n"
        "  local near = entities.nearby(100, 100, 50)\n"
        "  assert(#near == 1 and near[1].owner == 'owner' and near[1].kind == 'rock')\n"
        "  near[1].x = 999                           -- a snapshot: changes nothing\n"
        "  assert(entities.get(near[1].id) == nil)   -- not ours\n"
        "  entities.despawn(near[1].id)              -- error: belongs to 'owner'\n"
        "end\n")
    with Game(mods, seed=1, watch=False) as game:
        for _ in range(3):
            game.step()
        thief = game.host.mods["thief"].stats
        assert thief.errors == 3 and "belongs to mod 'owner'" in thief.last_error
        (rock,) = game.world.entities.values()
        assert rock.owner == "owner" and rock.x == 100



def test_reload_all_does_not_duplicate_entities() -> None:
    with Game(seed=6, watch=False) as game:
        for _ in range(30):
            game.step()
        before = game.plugin.counts()
        results = game.reload_all()
        assert all(results[n] for n in GAME_MODS)
        game.step()
        after = game.plugin.counts()
        for name in ("particles", "spawner", "pickups"):
            assert after.get(name) == before.get(name), name
        assert all(game.host.mods[n].stats.reloads == 1 for n in GAME_MODS)
        assert running(game) == GAME_MODS


def test_tutorial_mod_from_the_guide_runs(tmp_path: Path) -> None:
    """docs/modding.md: the orbiter tutorial, assembled from its code blocks, works."""
    import re

    guide = (Path(__file__).resolve().parents[2] / "docs" / "modding.md").read_text(encoding="utf-8")
    tutorial = guide[guide.index("## Tutorial"):]
    manifest = re.search(r"```yaml\n(.*?)```", tutorial, re.DOTALL).group(1)
    lua = "\n".join(re.findall(r"```lua\n(.*?)```", tutorial, re.DOTALL))
    mods = tmp_path / "mods"
    shutil.copytree(BUNDLED_MODS, mods)
    (mods / "orbiter").mkdir()
    (mods / "orbiter" / "mod.yaml").write_text(manifest, encoding="utf-8")
    (mods / "orbiter" / "main.lua").write_text(lua, encoding="utf-8")
    with Game(mods, seed=8, watch=False) as game:
        for _ in range(240):
            game.step()
        orbiter = game.host.mods["orbiter"]
        assert orbiter.state is ModState.RUNNING and orbiter.stats.errors == 0
        rings = entities_of(game, "orbiter")
        assert len(rings) >= 8
        assert all(r.rec["orbit"] < 260 for r in rings)      # closing in
        ids = {r.id for r in rings}
        assert game.reload_all()["orbiter"]
        game.step()
        kept = {e.id for e in entities_of(game, "orbiter")} | {e.id for e in game.world.removed}
        assert ids <= kept                                    # handed over, not respawned
        assert len(entities_of(game, "orbiter")) <= len(rings)
