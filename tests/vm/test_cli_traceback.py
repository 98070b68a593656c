"""The standalone interpreter's report of an uncaught error, as lua.c's
message handler makes it: the message (``__tostring`` of an error object,
``(error object is a X value)``) and the traceback of the stack the error
was raised on.  Expected texts are lua5.4's (5.4.4) stderr with the program
name ``lua``."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

CASES = {
    'cfuncs': (
        'local function cmp(a, b) error("cmp failed") end\nlocal function sorter() table.sort({3, 1, 2}, cmp) end\nstring.gsub("a", ".", sorter)\n',
        'lua: cfuncs.lua:1: cmp failed\n'
        'stack traceback:\n'
        "\t[C]: in function 'error'\n"
        '\tcfuncs.lua:1: in function <cfuncs.lua:1>\n'
        "\t[C]: in function 'table.sort'\n"
        '\tcfuncs.lua:2: in function <cfuncs.lua:2>\n'
        "\t[C]: in function 'string.gsub'\n"
        '\tcfuncs.lua:3: in main chunk\n'
        '\t[C]: in ?\n'
    ),
    'cowrap': (
        'local co = coroutine.wrap(function() local x = nil; x() end)\nco()\n',
        "lua: cowrap.lua:2: cowrap.lua:1: attempt to call a nil value (local 'x')\n"
        'stack traceback:\n'
        "\t[C]: in local 'co'\n"
        '\tcowrap.lua:2: in main chunk\n'
        '\t[C]: in ?\n'
    ),
    'deep': (
        'local function rec(n) if n == 0 then error("bottom") end return 1 + rec(n - 1) end\nrec(250)\n',
        'lua: deep.lua:1: bottom\n'
        'stack traceback:\n'
        "\t[C]: in function 'error'\n"
        "\tdeep.lua:1: in upvalue 'rec'\n"
        "\tdeep.lua:1: in upvalue 'rec'\n"
        "\tdeep.lua:1: in upvalue 'rec'\n"
        "\tdeep.lua:1: in upvalue 'rec'\n"
        "\tdeep.lua:1: in upvalue 'rec'\n"
        "\tdeep.lua:1: in upvalue 'rec'\n"
        "\tdeep.lua:1: in upvalue 'rec'\n"
        "\tdeep.lua:1: in upvalue 'rec'\n"
        "\tdeep.lua:1: in upvalue 'rec'\n"
        '\t...\t(skipping 232 levels)\n'
        "\tdeep.lua:1: in upvalue 'rec'\n"
        "\tdeep.lua:1: in upvalue 'rec'\n"
        "\tdeep.lua:1: in upvalue 'rec'\n"
        "\tdeep.lua:1: in upvalue 'rec'\n"
        "\tdeep.lua:1: in upvalue 'rec'\n"
        "\tdeep.lua:1: in upvalue 'rec'\n"
        "\tdeep.lua:1: in upvalue 'rec'\n"
        "\tdeep.lua:1: in upvalue 'rec'\n"
        "\tdeep.lua:1: in local 'rec'\n"
        '\tdeep.lua:2: in main chunk\n'
        '\t[C]: in ?\n'
    ),
    'errbool': (
        'error(true)\n',
        'lua: (error object is a boolean value)\n'
        'stack traceback:\n'
        "\t[C]: in function 'error'\n"
        '\terrbool.lua:1: in main chunk\n'
        '\t[C]: in ?\n'
    ),
    'errnil': (
        'local function f() error(nil) end\nf()\n',
        'lua: (error object is a nil value)\n'
        'stack traceback:\n'
        "\t[C]: in function 'error'\n"
        "\terrnil.lua:1: in local 'f'\n"
        '\terrnil.lua:2: in main chunk\n'
        '\t[C]: in ?\n'
    ),
    'errnum': (
        'error(42.5)\n',
        'lua: 42.5\n'
        'stack traceback:\n'
        "\t[C]: in function 'error'\n"
        '\terrnum.lua:1: in main chunk\n'
        '\t[C]: in ?\n'
    ),
    'errobj': (
        'error(setmetatable({}, {__tostring = function() return "custom message" end}))\n',
        'lua: custom message\n'
    ),
    'errtable': (
        'error({code = 1})\n',
        'lua: (error object is a table value)\n'
        'stack traceback:\n'
        "\t[C]: in function 'error'\n"
        '\terrtable.lua:1: in main chunk\n'
        '\t[C]: in ?\n'
    ),
    'meta': (
        'local t = setmetatable({}, {__index = function(t, k) return k + nil end})\nlocal function get() return t.x end\nget()\n',
        "lua: meta.lua:1: attempt to add a 'string' with a 'nil'\n"
        'stack traceback:\n'
        "\t[C]: in metamethod 'add'\n"
        "\tmeta.lua:1: in metamethod 'index'\n"
        "\tmeta.lua:2: in local 'get'\n"
        '\tmeta.lua:3: in main chunk\n'
        '\t[C]: in ?\n'
    ),
    'names': (
        'local obj = {}\nfunction obj:meth(x) return x + nil end\nlocal t = {fld = function() obj:meth(1) end}\nlocal function clamp() t.fld() end\nfunction glob() clamp() end\nlocal function probe() glob() end\nprobe()\n',
        'lua: names.lua:2: attempt to perform arithmetic on a nil value\n'
        'stack traceback:\n'
        "\tnames.lua:2: in method 'meth'\n"
        "\tnames.lua:3: in field 'fld'\n"
        "\tnames.lua:4: in upvalue 'clamp'\n"
        "\tnames.lua:5: in function 'glob'\n"
        "\tnames.lua:6: in local 'probe'\n"
        '\tnames.lua:7: in main chunk\n'
        '\t[C]: in ?\n'
    ),
    'strarith': (
        'local s = "abc"\nlocal function f() return s + 1 end\nf()\n',
        "lua: strarith.lua:2: attempt to add a 'string' with a 'number'\n"
        'stack traceback:\n'
        "\t[C]: in metamethod 'add'\n"
        "\tstrarith.lua:2: in local 'f'\n"
        '\tstrarith.lua:3: in main chunk\n'
        '\t[C]: in ?\n'
    ),
    'tail': (
        'local function f() return error("tail") end\nlocal function g() return f() end\ng()\n',
        'lua: tail.lua:1: tail\n'
        'stack traceback:\n'
        "\t[C]: in function 'error'\n"
        '\ttail.lua:1: in function <tail.lua:1>\n'
        '\t(...tail calls...)\n'
        '\ttail.lua:3: in main chunk\n'
        '\t[C]: in ?\n'
    ),
    'tostringfails': (
        'local function f() error(setmetatable({}, {__tostring = function() error("bad tostring") end})) end\nf()\n',
        'lua: tostringfails.lua:1: bad tostring\n'
        'stack traceback:\n'
        "\t[C]: in function 'error'\n"
        '\ttostringfails.lua:1: in function <tostringfails.lua:1>\n'
        '\t[C]: in ?\n'
        "\t[C]: in function 'error'\n"
        "\ttostringfails.lua:1: in local 'f'\n"
        '\ttostringfails.lua:2: in main chunk\n'
        '\t[C]: in ?\n'
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_uncaught_error_report(tmp_path, name):
    src, expected = CASES[name][0], "".join(CASES[name][1:])
    (tmp_path / (name + ".lua")).write_text(src)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    p = subprocess.run([sys.executable, "-m", "vm", name + ".lua"], capture_output=True,
                       env=env, cwd=tmp_path, timeout=60)
    assert p.returncode == 1
    assert p.stderr.decode() == expected


def test_syntax_error_has_no_traceback(tmp_path):
    (tmp_path / "bad.lua").write_text("local x =")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    p = subprocess.run([sys.executable, "-m", "vm", "bad.lua"], capture_output=True,
                       env=env, cwd=tmp_path, timeout=60)
    assert p.stderr.decode() == "lua: bad.lua:1: unexpected symbol near <eof>\n"


def test_command_line_chunk_traceback():
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    p = subprocess.run([sys.executable, "-m", "vm", "-e", "local function f() error('x') end f()"],
                       capture_output=True, env=env, timeout=60)
    assert p.stderr.decode() == ("lua: (command line):1: x\n"
                                 "stack traceback:\n"
                                 "\t[C]: in function 'error'\n"
                                 "\t(command line):1: in local 'f'\n"
                                 "\t(command line):1: in main chunk\n"
                                 "\t[C]: in ?\n")


def test_sandbox_names_library_functions(tmp_path):
    # no package.loaded in the sandbox: library functions are still named
    # as lua.c names them ('table.sort', not "field 'sort'")
    src, expected = CASES["cfuncs"][0], "".join(CASES["cfuncs"][1:])
    (tmp_path / "cfuncs.lua").write_text(src)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    p = subprocess.run([sys.executable, "-m", "vm", "--sandbox", "cfuncs.lua"],
                       capture_output=True, env=env, cwd=tmp_path, timeout=60)
    assert p.stderr.decode() == expected
