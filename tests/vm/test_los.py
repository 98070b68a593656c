"""os library: expected values observed with lua5.4 (TZ=America/New_York)."""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from vm.runtime.errors import LuaError  # noqa: E402
from vm.runtime.state import State  # noqa: E402
from vm.runtime.values import LuaTable, rawget, rawset  # noqa: E402
from vm.stdlib.los import LuaExit, open_os  # noqa: E402

FIELDS = "year month day hour min sec wday yday isdst".split()
T0 = 1700000000


@pytest.fixture(autouse=True)
def tz(monkeypatch):
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def f():
    lib = open_os(State(), sandbox=False)
    return lambda name: lib.hash[name.encode()].fn


def err(fn, *args):
    with pytest.raises(LuaError) as ei:
        fn(*args)
    return ei.value.value.decode()


def T(**kw):
    t = LuaTable()
    for k, v in kw.items():
        rawset(t, k.encode(), v)
    return t


def fields(t):
    return [rawget(t, k.encode()) for k in FIELDS]


def test_sandbox_subset():
    lib = open_os(State(), sandbox=True)
    assert sorted(k.decode() for k in lib.hash) == ["clock", "date", "difftime", "time"]
    full = open_os(State(), sandbox=False)
    assert sorted(k.decode() for k in full.hash) == [
        "clock", "date", "difftime", "execute", "exit", "getenv", "remove",
        "rename", "setlocale", "time", "tmpname"]


def test_date_all_conversions_utc(f):
    assert f("date")(b"!%a %A %b %B %c %C %d %D %e %F %g %G %h %H %I %j %m %M %n %p "
                     b"%r %R %S %t %T %u %U %V %w %W %x %X %y %Y %z %Z %%", T0) == (
        b"Tue Tuesday Nov November Tue Nov 14 22:13:20 2023 20 14 11/14/23 14 "
        b"2023-11-14 23 2023 Nov 22 10 318 11 13 \n PM 10:13:20 PM 22:13 20 \t "
        b"22:13:20 2 46 46 2 46 11/14/23 22:13:20 23 2023 +0000 GMT %")
    assert f("date")(b"!%Ec %EC %Ex %EX %Ey %EY %Od %Oe %OH %OI %Om %OM %OS %Ou %OU "
                     b"%OV %Ow %OW %Oy", T0) == (
        b"Tue Nov 14 22:13:20 2023 20 11/14/23 22:13:20 23 2023 14 14 22 10 11 13 "
        b"20 2 46 46 2 46 23")
    assert f("date")(b"!%Y-%m-%d %H:%M:%S", -1) == b"1969-12-31 23:59:59"
    assert f("date")(b"!%j %U %W %V %G", 1704067200) == b"001 00 01 01 2024"
    assert f("date")(b"!%H", 7200.0) == b"02"
    assert f("date")(3) == b"3"


def test_date_local(f):
    assert f("date")(b"%c %z %Z", T0) == b"Tue Nov 14 17:13:20 2023 -0500 EST"


def test_date_tables(f):
    assert fields(f("date")(b"!*t", 0)) == [1970, 1, 1, 0, 0, 0, 5, 1, False]
    assert fields(f("date")(b"*t", 0)) == [1969, 12, 31, 19, 0, 0, 4, 365, False]


def test_date_errors(f):
    assert err(f("date"), b"%Ez abc", T0) == \
        "bad argument #1 to 'os.date' (invalid conversion specifier '%Ez abc')"
    assert err(f("date"), b"%", T0) == \
        "bad argument #1 to 'os.date' (invalid conversion specifier '%')"
    assert err(f("date"), b"%Q", T0) == \
        "bad argument #1 to 'os.date' (invalid conversion specifier '%Q')"
    assert err(f("date"), b"*t", 1.5) == \
        "bad argument #2 to 'os.date' (number has no integer representation)"
    assert err(f("date"), b"%Y", 2 ** 60) == \
        "date result cannot be represented in this installation"
    assert err(f("date"), b"!%Y", b"x") == \
        "bad argument #2 to 'os.date' (number expected, got string)"


def test_time_table(f):
    assert f("time")(T(year=2024, month=1, day=1, hour=0)) == 1704085200
    tt = T(year=2024, month=14, day=35, hour=25, min=61, sec=-1)
    assert f("time")(tt) == 1741417259
    assert fields(tt) == [2025, 3, 8, 2, 0, 59, 7, 67, False]
    assert f("time")(T(year=b"2024", month=b"1", day=b"2")) == 1704214800
    assert f("time")(T(year=2024, month=1, day=1, hour=0, isdst=True)) == 1704081600


def test_time_errors(f):
    assert err(f("time"), T(year=2024, month=1)) == "field 'day' missing in date table"
    assert err(f("time"), T(year=2024, month=1, day=b"x")) == "field 'day' is not an integer"
    assert err(f("time"), T(year=2024, month=1, day=1.5)) == "field 'day' is not an integer"
    assert err(f("time"), T(year=2024, month=1, day=2 ** 40)) == "field 'day' is out-of-bound"
    assert err(f("time"), 3) == "bad argument #1 to 'os.time' (table expected, got number)"


def test_time_clock_overridable():
    A = State()
    A.time = lambda: 12345
    A.clock = lambda: 1.5
    lib = open_os(A, sandbox=True)
    assert lib.hash[b"time"].fn() == 12345
    assert lib.hash[b"clock"].fn() == 1.5
    assert lib.hash[b"date"].fn(b"!%H:%M:%S") == b"03:25:45"


def test_real_clock(f):
    assert isinstance(f("clock")(), float)
    assert abs(f("time")() - time.time()) < 5


def test_difftime(f):
    assert f("difftime")(10, 3) == 7.0
    assert err(f("difftime"), 10) == \
        "bad argument #2 to 'os.difftime' (number expected, got no value)"


def test_files(f, tmp_path):
    assert f("rename")(b"/nonexist_x", b"/tmp/y") == (None, b"No such file or directory", 2)
    assert f("remove")(b"/nonexist_x") == (None, b"/nonexist_x: No such file or directory", 2)
    p = tmp_path / "a.txt"
    p.write_text("x")
    q = tmp_path / "b.txt"
    assert f("rename")(bytes(p), bytes(q)) is True
    assert f("remove")(bytes(q)) is True and not q.exists()
    d = tmp_path / "dir"
    d.mkdir()
    assert f("remove")(bytes(d)) is True
    name = f("tmpname")()
    assert name.startswith(b"/tmp/lua_") and os.path.exists(name)
    os.remove(name)


def test_setlocale(f):
    assert f("setlocale")() == b"C"
    assert f("setlocale")(b"C") == b"C"
    assert f("setlocale")(b"fr_FR") is None
    assert f("setlocale")(None, b"time") == b"C"
    assert err(f("setlocale"), None, b"x") == \
        "bad argument #2 to 'os.setlocale' (invalid option 'x')"


def test_execute_getenv(f, monkeypatch):
    assert f("execute")() is True
    assert f("execute")(b"exit 3") == (None, b"exit", 3)
    assert f("execute")(b"true") == (True, b"exit", 0)
    assert f("execute")(b"kill -9 $$") == (None, b"signal", 9)
    monkeypatch.setenv("MOONBOX_T", "v")
    assert f("getenv")(b"MOONBOX_T") == b"v"
    assert f("getenv")(b"NOPE_XYZ_123") is None


def test_exit(f):
    for args, code in (((), 0), ((True,), 0), ((False,), 1), ((3,), 3)):
        with pytest.raises(LuaExit) as ei:
            f("exit")(*args)
        assert ei.value.code == code
