"""The example mods in mods/ load, run and exercise log, events, storage and require."""
from __future__ import annotations

import logging
from pathlib import Path

import pytest

from framework.__main__ import main
from framework.host import Host, HostConfig
from framework.mod import ModState

MODS = Path(__file__).resolve().parents[2] / "mods"


def test_examples_check_clean(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(MODS)]) == 0
    assert "0 problems" in capsys.readouterr().out


def test_examples_run(caplog: pytest.LogCaptureFixture, tmp_path: Path) -> None:
    caplog.set_level(logging.INFO, logger="moonbox")
    host = Host(MODS, HostConfig(deterministic=True, seed=1), load_entry_points=False)
    host.load_mods()
    assert list(host.mods) == ["counter", "pinger", "ponger", "wanderer"]
    for _ in range(130):
        host.tick(1 / 60)
    assert all(s.state is ModState.RUNNING and s.errors == 0 for s in host.stats())
    text = caplog.text
    assert "[counter] frames: 60, played 0m01.00s" in text           # print + require "util.fmt"
    assert "[pinger] pong 4 from ponger (4/4 answered)" in text      # events both ways
    assert "[wanderer] at (" in text                                 # require "ai.steer"
    save = tmp_path / "save.json"
    host.save(save)
    host.shutdown()
    assert "[counter] stopping at frame 130" in caplog.text
    again = Host(MODS, HostConfig(), load_entry_points=False)
    again.load(save)
    again.load_mods()
    assert "[counter] starting at frame 130" in caplog.text          # storage restored
    again.shutdown()
