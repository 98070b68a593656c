"""Every ``tests/conformance/*.lua`` must print exactly what ``lua5.4``
printed (the ``.out`` file), modulo object addresses."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent / "conformance"
ROOT = Path(__file__).parent.parent
CASES = sorted(p.stem for p in HERE.glob("*.lua"))
ADDR = re.compile(rb"(table|function|thread|userdata): (0x)?[0-9a-fA-F]+")


def normalise(out: bytes) -> bytes:
    return ADDR.sub(rb"\1: ADDR", out)


@pytest.mark.parametrize("case", CASES)
def test_conformance(case):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.run([sys.executable, "-m", "vm", case + ".lua"], cwd=HERE,
                          capture_output=True, env=env, timeout=120)
    expected = (HERE / (case + ".out")).read_bytes()
    assert normalise(proc.stdout) == normalise(expected), proc.stderr.decode(errors="replace")
    assert b"Traceback (most recent call last)" not in proc.stderr
