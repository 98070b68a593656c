"""Generated whole programs (``progen.py``) against outputs lua5.4 printed.

The expected outputs are committed (``progen_expected/SEED.out``) so the
test runs without lua5.4; ``progen_expected/manifest.json`` records the
sha256 of each seed's program, so a change to the generator is caught
here instead of showing up as a spurious VM mismatch.  After changing the
generator, regenerate with ``python tests/differential/progen.py
--write-expected`` (needs lua5.4).
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent
ROOT = HERE.parent.parent
EXPECTED = HERE / "progen_expected"
MANIFEST = json.loads((EXPECTED / "manifest.json").read_text())
ADDR = re.compile(rb"(table|function|thread|userdata|builtin): (0x)?[0-9a-fA-F]+")


def _program(seed: int) -> str:
    sys.path.insert(0, str(HERE))
    try:
        from progen import program
    finally:
        sys.path.remove(str(HERE))
    return program(seed)


@pytest.mark.parametrize("seed", sorted(int(s) for s in MANIFEST))
def test_generated_program_matches_lua54(seed, tmp_path):
    src = _program(seed)
    entry = MANIFEST[str(seed)]
    assert hashlib.sha256(src.encode()).hexdigest() == entry["sha256"], \
        "progen changed: regenerate with python tests/differential/progen.py --write-expected"
    (tmp_path / "prog.lua").write_text(src)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.run([sys.executable, "-m", "vm", "prog.lua"], cwd=tmp_path, capture_output=True,
                          env=env, timeout=120)
    expected = (EXPECTED / ("%d.out" % seed)).read_bytes()
    assert ADDR.sub(rb"\1: ADDR", proc.stdout).decode(errors="replace") == \
        ADDR.sub(rb"\1: ADDR", expected).decode(errors="replace")
    assert (proc.returncode == 0) == entry["ok"], proc.stderr.decode(errors="replace")
    assert b"Traceback (most recent call last)" not in proc.stderr
