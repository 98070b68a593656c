"""The command line (python -m framework run|check|new)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Callable

import pytest

from framework.__main__ import main

ROOT = Path(__file__).resolve().parents[2]
WriteMod = Callable[..., Path]


def test_new_scaffolds_a_valid_mod(mods_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "my-mod", "--dir", str(mods_dir)]) == 0
    assert (mods_dir / "my-mod" / "mod.yaml").is_file()
    assert main(["check", str(mods_dir)]) == 0
    assert "1 mods, 1 Lua files compiled, 0 problems" in capsys.readouterr().out
    assert main(["new", "my-mod", "--dir", str(mods_dir)]) == 1
    assert main(["new", "Bad Name", "--dir", str(mods_dir)]) == 1


def test_check_reports_every_problem(write_mod: WriteMod, mods_dir: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    write_mod("good", files={"main.lua": "x = 1", "lib/util.lua": "return {}"})
    write_mod("badyaml", "name: badyaml\nversion: abc\ncolour: red\n")
    write_mod("badlua", files={"main.lua": "x = = 1", "other.lua": "if then"})
    write_mod("needy", "name: needy\nversion: 1.0.0\ndepends: ['ghost >=2']\n")
    assert main(["check", str(mods_dir)]) == 1
    out = capsys.readouterr().out
    assert "badyaml/mod.yaml: colour: unknown field" in out
    assert "badyaml/mod.yaml: version: 'abc' is not a semantic version" in out
    assert "badlua/main.lua:1:" in out and "badlua/other.lua:1:" in out
    assert "needy/mod.yaml: not loadable: requires 'ghost >=2' but no mod 'ghost' is installed" in out
    assert "5 problems" in out


def test_run_prints_stats_table(write_mod: WriteMod, mods_dir: Path) -> None:
    write_mod("ticker", files={"main.lua": "n = 0\nfunction on_tick() n = n + 1 if n == 3 then print('three') end end"})
    write_mod("crash", files={"main.lua": "function on_tick() error('x') end"})
    write_mod("invalid", "name: invalid\n")
    proc = subprocess.run([sys.executable, "-m", "framework", "run", "--mods", str(mods_dir), "--ticks", "12",
                           "--fps", "0", "--no-watch"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "[ticker] three" in proc.stderr
    assert "[crash] error in on_tick: crash/main.lua:1: x" in proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0].split()[:3] == ["mod", "version", "state"]
    rows = {line.split()[0]: line for line in lines[2:4]}
    assert "running" in rows["ticker"]
    assert "disabled" in rows["crash"] and "disabled after 10 errors" in rows["crash"]
    assert any(line.startswith("invalid: ") and "version: required field is missing" in line for line in lines)
