"""Differential tests: each ``tests/differential/*.lua`` must print exactly
what the reference interpreter ``lua5.4`` prints (object addresses masked)
and exit the same way.  Skipped when ``lua5.4`` is not installed; CI
installs it (see ``.ci/run``)."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent / "differential"
ROOT = Path(__file__).parent.parent
CASES = sorted(p.name for p in HERE.glob("*.lua"))
ADDR = re.compile(rb"(table|function|thread|userdata|builtin): (0x)?[0-9a-fA-F]+")
LUA = shutil.which("lua5.4")


def run(cmd):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    p = subprocess.run(cmd, cwd=HERE, capture_output=True, env=env, timeout=120)
    return p.returncode, ADDR.sub(rb"\1: ADDR", p.stdout)


@pytest.mark.skipif(LUA is None, reason="lua5.4 is not installed")
@pytest.mark.parametrize("case", CASES)
def test_same_output_as_lua54(case):
    ref_rc, ref_out = run([LUA, case])
    our_rc, our_out = run([sys.executable, "-m", "vm", case])
    assert our_out.decode(errors="replace") == ref_out.decode(errors="replace")
    assert (our_rc == 0) == (ref_rc == 0)


@pytest.mark.skipif(LUA is None, reason="lua5.4 is not installed")
@pytest.mark.parametrize("seed", range(12))
def test_generated_arithmetic_matches_lua54(seed, tmp_path):
    sys.path.insert(0, str(HERE))
    try:
        from arithgen import program
    finally:
        sys.path.remove(str(HERE))
    src = tmp_path / ("arith%d.lua" % seed)
    src.write_text(program(seed))
    ref_rc, ref_out = run([LUA, str(src)])
    our_rc, our_out = run([sys.executable, "-m", "vm", str(src)])
    assert our_out.decode(errors="replace") == ref_out.decode(errors="replace")
    assert (our_rc == 0) == (ref_rc == 0)
