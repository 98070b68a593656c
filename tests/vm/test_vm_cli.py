"""``python -m vm``: the lua-like command line."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def lua(*args, stdin=None, cwd=None):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "vm", *args], input=stdin, capture_output=True,
                          env=env, cwd=cwd, timeout=60)


def test_script_with_args(tmp_path):
    (tmp_path / "s.lua").write_text("print(arg[0], arg[1], arg[2], #arg, ...)")
    p = lua("s.lua", "a", "b", cwd=tmp_path)
    assert p.returncode == 0
    assert p.stdout == b"s.lua\ta\tb\t2\ta\tb\n"


def test_error_exit_code_and_message(tmp_path):
    (tmp_path / "e.lua").write_text("local x\nprint(x.y)")
    p = lua("e.lua", cwd=tmp_path)
    assert p.returncode == 1
    err = p.stderr.decode()
    assert err.startswith("lua: e.lua:2: attempt to index a nil value (local 'x')")
    assert "stack traceback:" in err
    assert "Traceback (most recent call last)" not in err


def test_dash_e_and_stdin():
    p = lua("-e", "print(1 + 1)")
    assert p.stdout == b"2\n"
    p = lua("-", stdin=b"print('from stdin')")
    assert p.stdout == b"from stdin\n"


def test_version_flag():
    p = lua("-v")
    assert p.returncode == 0 and b"Lua 5.4" in p.stdout


def test_syntax_error_is_reported(tmp_path):
    (tmp_path / "bad.lua").write_text("x = = 1")
    p = lua("bad.lua", cwd=tmp_path)
    assert p.returncode == 1
    assert p.stderr.decode().startswith("lua: bad.lua:1: unexpected symbol near '='")


def test_fuel_limit_stops_a_spin():
    p = lua("--fuel", "100000", "-e", "while true do end")
    assert p.returncode == 1
    assert b"fuel" in p.stderr


def test_sandbox_hides_io_and_os_execute():
    p = lua("--sandbox", "-e", "print(io, os.execute, require, os.time ~= nil)")
    assert p.stdout == b"nil\tnil\tnil\ttrue\n"


def test_memory_flag_accepts_suffixes():
    p = lua("--memory", "64MB", "-e", "print('ok')")
    assert p.returncode == 0 and p.stdout == b"ok\n"


def test_require_finds_sibling_modules(tmp_path):
    (tmp_path / "helper.lua").write_text("return {answer = 42}")
    (tmp_path / "main.lua").write_text("local h = require('helper') print(h.answer, package.loaded.helper == h)")
    p = lua("main.lua", cwd=tmp_path)
    assert p.stdout == b"42\ttrue\n", p.stderr


def test_interactive_repl_prints_expressions():
    p = lua("-i", stdin=b"1 + 2\nx = 5\nx * 2\n")
    assert b"3\n" in p.stdout and b"10\n" in p.stdout


def test_closed_stdout_stops_quietly():
    # ``python -m vm x.lua | head -1``: like lua on SIGPIPE, no traceback
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    p = subprocess.Popen([sys.executable, "-m", "vm", "-e", "for i = 1, 1e6 do print(i) end"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert p.stdout.readline() == b"1\n"
    p.stdout.close()
    err = p.stderr.read()
    assert p.wait(timeout=60) == 141
    assert err == b""
