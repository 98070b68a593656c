"""``warn``: control messages, concatenation, the host's sink, errors."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from vm import Lua, LuaError

ROOT = Path(__file__).resolve().parents[2]


def test_warnings_start_off_and_follow_control_messages():
    lua = Lua()
    got = []
    lua.state.warn = got.append
    lua.execute("""
        warn("off at start")
        warn("@on")
        warn("a", "b", 3)
        warn("@unknown")            -- unknown control messages are ignored
        warn("@off")
        warn("dropped")
        warn("@on")
        warn("@on", "x")            -- several pieces: not a control message
    """)
    assert got == [b"ab3", b"@onx"]


@pytest.mark.parametrize("args, msg", [
    ("", "bad argument #1 to 'warn' (string expected, got no value)"),
    ("'a', {}", "bad argument #2 to 'warn' (string expected, got table)"),
])
def test_bad_arguments(args, msg):
    lua = Lua()
    with pytest.raises(LuaError) as e:
        lua.execute("warn(%s)" % args)
    assert msg in str(e.value)


def test_cli_W_turns_warnings_on_and_writes_stderr():
    proc = subprocess.run([sys.executable, "-m", "vm", "-W", "-e", "warn('hi', 1)"],
                          capture_output=True, cwd=ROOT, timeout=60)
    assert proc.stderr.decode() == "Lua warning: hi1\n"
    proc = subprocess.run([sys.executable, "-m", "vm", "-e", "warn('hi')"],
                          capture_output=True, cwd=ROOT, timeout=60)
    assert proc.stderr == b""
