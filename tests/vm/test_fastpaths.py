"""Fast paths of the string and table libraries: the ``re`` translation of
patterns, the format plans, the inline argument checks and the inline sort
comparator.  Each must agree with the general path (and lua5.4)."""
from __future__ import annotations

import random
import shutil
import subprocess

import pytest

from strlib_harness import LuaError, call, drive_refuelled, gmatch_all, new_lib  # noqa: E402
from vm.stdlib import lpattern as L


class _A:
    F = [10 ** 15]


A0 = _A()


def _interp(pat, s, init, anchor_ok=True):
    cp = L.Pattern(pat)
    anchor = anchor_ok and pat[:1] == b"^"
    ms = L.MatchState(s)
    r = L.run_to_end(L.scan(A0, cp, ms, init, 1 if anchor else 0, anchor))
    return None if r is None else (r, L.get_captures(ms, r[0], r[1]))


def _rx(pat, s, init, anchor_ok=True):
    cp = L.Pattern(pat)
    anchor = anchor_ok and pat[:1] == b"^"
    R = L._rx_build(cp, 1 if anchor else 0)
    assert R, pat
    m = L.run_to_end(L.rx_scan(A0, R, s, init, anchor))
    return None if m is None else ((m.start(), m.end()), L.rx_captures(R, m))


@pytest.mark.parametrize("pat", [
    b"(%d+):(x*);", b"x+", b"9%d*:", b"^%s*(%S+)%s*$", b"%f[%a]%a+", b"%f[%z]",
    b"%f[^%z]", b"()a()", b"[^%s]+", b"^(.*)$", b"a?b", b"[]]+", b"[^]]", b"%.",
    b"x$", b"$x", b"^$", b"a%", b"((a)(b))", b"%z+", b"[a-c1]*_",
])
def test_rx_agrees_with_interpreter(pat):
    if not L._rx_build(L.Pattern(pat), 1 if pat[:1] == b"^" else 0):
        pytest.skip("not translated")
    for s in (b"", b"a", b"ab]]x ab 12:xx;9:", b"\x00a\x00", b"  word  ", b"x$x", b"abab"):
        for init in range(len(s) + 1):
            assert _rx(pat, s, init) == _interp(pat, s, init), (pat, s, init)


@pytest.mark.parametrize("pat", [
    b"a-b", b"%b()", b"(a)%1", b"a*a", b".*x", b"%a*%f[%d]", b"(a", b"a)", b"[a",
    b"%", b"x" * 200, b"()" * 33,
])
def test_rx_declines_unsafe_or_malformed(pat):
    assert L._rx_build(L.Pattern(pat), 0) is False


def test_rx_random_patterns_agree():
    rnd = random.Random(5)
    atoms = ["a", "b", "1", " ", ".", "%a", "%d", "%s", "%W", "[ab]", "[^a]", "%f[%a]",
             "%f[%z]", "%.", "%z", "(", ")", "()"]
    checked = 0
    for _ in range(3000):
        pat = "".join(rnd.choice(atoms) + rnd.choice(["", "", "*", "+", "?"])
                      for _ in range(rnd.randint(1, 5)))
        pat = (("^" if rnd.random() < 0.2 else "") + pat).encode()
        cp = L.Pattern(pat)
        if not L._rx_build(cp, 1 if pat[:1] == b"^" else 0):
            continue
        s = bytes(rnd.choice(b"ab1 .\x00") for _ in range(rnd.randint(0, 10)))
        for init in range(len(s) + 1):
            assert _rx(pat, s, init) == _interp(pat, s, init), (pat, s, init)
        checked += 1
    assert checked > 300


def test_rx_used_for_long_subjects_and_repeated_patterns():
    A, S = new_lib()
    s = b"".join(b"%d:%s;" % (i, b"x" * (i % 7)) for i in range(1, 300))
    out = gmatch_all(S, s, b"(%d+):(x*);")
    assert len(out) == 299 and out[9] == (b"10", b"xxx")
    assert L.get_pattern(b"(%d+):(x*);").rx[0]
    assert call(S, "gsub", s, b"x+", b"<%0>")[1] == 299 - 42
    assert call(S, "find", s, b"9%d*:", 10) == (47, 48)
    assert call(S, "match", b"  hi  ", b"^%s*(%S+)%s*$") == (b"hi",)
    assert call(S, "match", b"  hi  ", b"^%s*(%S+)%s*$") == (b"hi",)
    assert call(S, "find", b"ab", b"()b()") == (2, 2, 2, 3)
    assert call(S, "find", b"ab", b"()b()") == (2, 2, 2, 3)


def test_rx_gsub_capture_errors_and_positions():
    A, S = new_lib()
    for _ in range(2):
        assert call(S, "gsub", b"abc", b"()b", b"[%1]") == (b"a[2]c", 1)
        with pytest.raises(LuaError) as ei:
            call(S, "gsub", b"abc", b"b", b"%2")
        assert ei.value.value.endswith(b"invalid capture index %2")
        with pytest.raises(LuaError) as ei:
            call(S, "gsub", b"abc", b"b", b"%x")
        assert ei.value.value.endswith(b"invalid use of '%' in replacement string")


def test_rx_gmatch_empty_matches_and_lastmatch():
    A, S = new_lib()
    for _ in range(2):
        assert [r[0] for r in gmatch_all(S, b"abc", b"%a*")] == [b"abc"]
        assert call(S, "gsub", b"hello world", b"%w*", b"-") == (b"- -", 2)
        assert call(S, "gsub", b"abc", b"", b"-") == (b"-a-b-c-", 4)


def test_rx_matching_charges_fuel_and_suspends():
    A, S = new_lib(fuel=10 ** 6)
    s = b"1" * 20000
    call(S, "find", s, b"%d+:")        # translated (long subject): quadratic work
    # ~20000 attempts of decreasing reach: much more than one unit per attempt
    assert A.F[0] < 10 ** 6 - 20000
    A, S = new_lib(fuel=50)
    r, n = drive_refuelled(A, S.hash[b"find"].fn(0, b"1" * 5000, b"%d+:"), 50)
    assert r is None
    assert n > 10


@pytest.mark.parametrize("fmt,args", [
    (b"%d:%s;", (5, b"xx")), (b"%i%%", (-7,)), (b"%.2f", (1.005,)), (b"%.3f", (-0.0,)),
    (b"%.0f", (2.5,)), (b"%.2f", (3,)), (b"%.10f", (1 / 3,)), (b"%.2f", (1e299,)),
    (b"%.1f", (float("inf"),)), (b"%.1f", (float("nan"),)), (b"%d", (3.0,)),
    (b"%s", (12,)), (b"%s", (1.5,)), (b"a%sb", (b"\x00",)), (b"%.f", (1.5,)),
    (b"%.2f", (2 ** 63 - 1,)),
])
def test_format_plan_agrees_with_general_path(fmt, args):
    from vm.stdlib import strformat
    A, S = new_lib()
    got = call(S, "format", fmt, *args)
    saved = dict(strformat._PLANS)
    strformat._PLANS.clear()
    strformat._PLANS[fmt] = False               # force the general path
    try:
        want = call(S, "format", fmt, *args)
    finally:
        strformat._PLANS.clear()
        strformat._PLANS.update(saved)
    assert got == want


def test_format_plan_errors_like_lua():
    A, S = new_lib()
    with pytest.raises(LuaError) as ei:
        call(S, "format", b"%d:%s", 1)
    assert b"bad argument #3 to 'string.format' (no value)" in ei.value.value
    with pytest.raises(LuaError) as ei:
        call(S, "format", b"%d", 1.5)
    assert b"number has no integer representation" in ei.value.value


def test_simple_string_fast_paths():
    A, S = new_lib()
    s = b"hello"
    for i in range(-8, 9):
        assert call(S, "byte", s, i) == call(S, "byte", s, float(i))
        for j in range(-8, 9):
            assert call(S, "sub", s, i, j) == call(S, "sub", s, float(i), float(j))
    assert call(S, "byte", s) == (104,)
    assert call(S, "byte", b"") == ()
    assert call(S, "char", 65, 0, 255) == (b"A\x00\xff",)
    with pytest.raises(LuaError) as ei:
        call(S, "char", 65, 256)
    assert b"(value out of range)" in ei.value.value
    with pytest.raises(LuaError):
        call(S, "char", True)
    assert call(S, "rep", b"ab", 3) == (b"ababab",)
    assert call(S, "rep", b"ab", 0) == (b"",)
    assert call(S, "upper", 12) == (b"12",)
    assert call(S, "len", 1.5) == (3,)
    with pytest.raises(LuaError) as ei:
        call(S, "sub", b"x")
    assert b"(number expected, got no value)" in ei.value.value


LUA = shutil.which("lua5.4")


@pytest.mark.skipif(LUA is None, reason="lua5.4 not installed")
def test_fast_paths_against_lua54(tmp_path):
    from vm import Lua
    src = r'''
local out = {}
local function add(...) local t = table.pack(...) for i = 1, t.n do out[#out + 1] = tostring(t[i]) end end
local s = ("12:xx;9:x;ab 19:;"):rep(30)
for rep = 1, 2 do
  for a, b in s:gmatch("(%d+):(x*);") do add(a, b) end
  add(s:gsub("x+", function(m) return #m end))
  add(s:find("9%d*:", 5), s:match("^(%d+)"), s:match("%f[%a]%a+"))
  add(("  trim me  "):match("^%s*(.-)%s*$"), ("a,b,,c"):gsub(",", ";"))
  add(string.format("%d:%s;%.2f|%.0f|%5.1f", 3, "x", 2.675, 0.5, -1.25))
  add(("hello"):sub(2, -2), ("hello"):byte(-1), string.char(72, 105), ("ab"):rep(3))
  local t = {}
  for i = 1, 300 do t[i] = {k = (i * 37) % 11, id = i} end
  table.sort(t, function(x, y) return x.k < y.k end)
  for i = 1, 300, 7 do add(t[i].id) end
end
print(table.concat(out, " "))
'''
    p = tmp_path / "fp.lua"
    p.write_text(src)
    want = subprocess.run([LUA, str(p)], capture_output=True, check=True).stdout
    chunks = []
    lua = Lua(sandbox=False)
    lua.state.output = chunks.append
    lua.execute(lua.load(src.encode(), "=fp"))
    assert b"".join(chunks) == want
