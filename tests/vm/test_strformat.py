"""string.format against lua5.4-observed results (C printf conversions, %q, errors)."""
from __future__ import annotations

import math

import pytest

from strlib_harness import (  # noqa: E402
    LuaError,
    LuaTable,
    ops,
    new_lib,
    call,
    check_case,
)


INF = math.inf
NAN = -math.nan


CASES_FORMAT = [
    ('format', (b'%q', b'a\nb"c\x00', ), (True, (b'"a\\\nb\\"c\\0"', ), )),
    ('format', (b'%q', 0.3333333333333333, ), (True, (b'0x1.5555555555555p-2', ), )),
    ('format', (b'%q', -9223372036854775808, ), (True, (b'0x8000000000000000', ), )),
    ('format', (b'%q', b'\r\x001\x00a\x80\n"\\\x7fx\t', ), (True, (b'"\\13\\0001\\0a\x80\\\n\\"\\\\\\127x\\9"', ), )),
    ('format', (b'%q', 1.0, ), (True, (b'0x1p+0', ), )),
    ('format', (b'%q', 0.1, ), (True, (b'0x1.999999999999ap-4', ), )),
    ('format', (b'%q', -0.0, ), (True, (b'-0x0p+0', ), )),
    ('format', (b'%q', 1e+100, ), (True, (b'0x1.249ad2594c37dp+332', ), )),
    ('format', (b'%q', INF, ), (True, (b'1e9999', ), )),
    ('format', (b'%q', -INF, ), (True, (b'-1e9999', ), )),
    ('format', (b'%q', NAN, ), (True, (b'(0/0)', ), )),
    ('format', (b'%q', True, ), (True, (b'true', ), )),
    ('format', (b'%q', None, ), (True, (b'nil', ), )),
    ('format', (b'%q', 42, ), (True, (b'42', ), )),
    ('format', (b'%q', -7, ), (True, (b'-7', ), )),
    ('format', (b'%q', 9223372036854775807, ), (True, (b'9223372036854775807', ), )),
    ('format', (b'%q', b'\x01\x02a\x1f9\x00', ), (True, (b'"\\1\\2a\\0319\\0"', ), )),
    ('format', (b'%q', b'\xff\xfe', ), (True, (b'"\xff\xfe"', ), )),
    ('format', (b'%q', 5e-324, ), (True, (b'0x0.0000000000001p-1022', ), )),
    ('format', (b'%q', 9.223372036854776e+18, ), (True, (b'0x1p+63', ), )),
    ('format', (b'%5q', 1, ), (False, b"specifier '%q' cannot have modifiers", )),
    ('format', (b'%-q', 1, ), (False, b"specifier '%q' cannot have modifiers", )),
    ('format', (b'%q', ), (False, b"bad argument #2 to 'string.format' (no value)", )),
    ('format', (b'%q', {}, ), (False, b"bad argument #2 to 'string.format' (value has no literal form)", )),
    ('format', (b'[%5s][%-5s][%.2s]', b'ab', b'ab', b'abcdef', ), (True, (b'[   ab][ab   ][ab]', ), )),
    ('format', (b'%x %X %o %c', 255, 255, 8, 65, ), (True, (b'ff FF 10 A', ), )),
    ('format', (b'%s %s %s', None, True, False, ), (True, (b'nil true false', ), )),
    ('format', (b'%10.4f|%-10d|%+d', 3.141592653589793, 42, 5, ), (True, (b'    3.1416|42        |+5', ), )),
    ('format', (b'%d', 3.0, ), (True, (b'3', ), )),
    ('format', (b'%d', 3.5, ), (False, b"bad argument #2 to 'string.format' (number has no integer representation)", )),
    ('format', (b'%d', b'10', ), (True, (b'10', ), )),
    ('format', (b'%d', b'x', ), (False, b"bad argument #2 to 'string.format' (number expected, got string)", )),
    ('format', (b'%d', b'1.0', ), (True, (b'1', ), )),
    ('format', (b'%d', b'1.5', ), (False, b"bad argument #2 to 'string.format' (number has no integer representation)", )),
    ('format', (b'%d', 9.223372036854776e+18, ), (False, b"bad argument #2 to 'string.format' (number has no integer representation)", )),
    ('format', (b'%d', -9223372036854775808, ), (True, (b'-9223372036854775808', ), )),
    ('format', (b'%i', -3, ), (True, (b'-3', ), )),
    ('format', (b'%u', 3, ), (True, (b'3', ), )),
    ('format', (b'%u', -3, ), (True, (b'18446744073709551613', ), )),
    ('format', (b'%c', 1.5, ), (False, b"bad argument #2 to 'string.format' (number has no integer representation)", )),
    ('format', (b'%10.3x', 1.5, ), (False, b"bad argument #2 to 'string.format' (number has no integer representation)", )),
    ('format', (b'%#d', 1, ), (False, b"invalid conversion specification: '%#d'", )),
    ('format', (b'%0100d', 1, ), (False, b"invalid conversion specification: '%0100d'", )),
    ('format', (b'%100d', 1, ), (False, b"invalid conversion specification: '%100d'", )),
    ('format', (b'%10.3c', 1, ), (False, b"invalid conversion specification: '%10.3c'", )),
    ('format', (b'%', 1, ), (False, b"invalid conversion '%' to 'format'", )),
    ('format', (b'%d', ), (False, b"bad argument #2 to 'string.format' (no value)", )),
    ('format', (b'%z', 1, ), (False, b"invalid conversion '%z' to 'format'", )),
    ('format', (b'%-+ #0-+ #0-+ #0-+ #0d', 1, ), (False, b"invalid conversion specification: '%-+ #0-+ #0-+ #0-+ #0d'", )),
    ('format', (b'%1234567890123456789012d', 1, ), (False, b'invalid format (too long)', )),
    ('format', (b'%123456789012345678901d', 1, ), (False, b'invalid format (too long)', )),
    ('format', (b'%F', 1.0, ), (False, b"invalid conversion '%F' to 'format'", )),
    ('format', (b'%-5x|%05X|%#5o|%.3x|%5.3o|%#.3x', 255, 255, 8, 1, 8, 1, ), (True, (b'ff   |000FF|  010|001|  010|0x001', ), )),
    ('format', (b'%.20f', 0.1, ), (True, (b'0.10000000000000000555', ), )),
    ('format', (b'%99.99f', 1.0, ), (True, (b'1.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000', ), )),
    ('format', (b'%.99f', -1.7976931348623157e+308, ), (True, (b'-179769313486231570814527423731704356798070567525844996598917476803157260780028538760589558632766878171540458953514382464234321326889464182768467546703537516986049910576551282076245490090389328944075868508455133942304583236903222948165808559332123348274797826204144723168738177180919299881250404026184124858368.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000', ), )),
    ('format', (b'%e %.0e %#.0e %#.0f %g %g %g %#x', 0, 12345, 12345, 1, 100000, 1000000, 1e-05, 255, ), (True, (b'0.000000e+00 1e+04 1.e+04 1. 100000 1e+06 1e-05 0xff', ), )),
    ('format', (b'% 5d|%+5d|%- 5d|%-+5d|%0+5d|% 05d', 1, 1, 1, 1, 1, 1, ), (True, (b'    1|   +1| 1   |+1   |+0001| 0001', ), )),
    ('format', (b'%5.0d|%.0d|%-05d|%05.3d|%.3d', 0, 0, 3, 7, -7, ), (True, (b'     ||3    |  007|-007', ), )),
    ('format', (b'%a %A %.3a %10a %-12a| %+a %#a', 1.0, 255.5, 0.3333333333333333, 2.0, 0.5, 3.0, 1.0, ), (True, (b'0x1p+0 0X1.FFP+7 0x1.555p-2     0x1p+1 0x1p-1      | +0x1.8p+1 0x1.p+0', ), )),
    ('format', (b'%a %a %a', 5e-324, 2.2250738585072014e-308, 0.0, ), (True, (b'0x0.0000000000001p-1022 0x1p-1022 0x0p+0', ), )),
    ('format', (b'%.0a %.1a %.13a %.20a', 1.5, 1.96875, 0.3333333333333333, 0.3333333333333333, ), (True, (b'0x2p+0 0x2.0p+0 0x1.5555555555555p-2 0x1.55555555555550000000p-2', ), )),
    ('format', (b'%.3a %.0a %.0a %.1a', 5e-324, 5e-324, 1.0, 1.99609375, ), (True, (b'0x0.000p-1022 0x0p-1022 0x1p+0 0x2.0p+0', ), )),
    ('format', (b'%a %a %A', -0.0, INF, -INF, ), (True, (b'-0x0p+0 inf -INF', ), )),
    ('format', (b'%a', NAN, ), (True, (b'-nan', ), )),
    ('format', (b'%10.2a|%-10.2a|%010.2a|%+.2a| % a', 1.1, 1.1, 1.1, 1.1, 1.1, ), (True, (b' 0x1.1ap+0|0x1.1ap+0 |0x01.1ap+0|+0x1.1ap+0|  0x1.199999999999ap+0', ), )),
    ('format', (b'%.1a %.1a %.2a', 1.03125, 1.09375, 1.0078125, ), (True, (b'0x1.0p+0 0x1.2p+0 0x1.02p+0', ), )),
    ('format', (b'%a', 3, ), (True, (b'0x1.8p+1', ), )),
    ('format', (b'%a', b'0x10', ), (True, (b'0x1p+4', ), )),
    ('format', (b'%a', b'x', ), (False, b"bad argument #2 to 'string.format' (number expected, got string)", )),
    ('format', (b'%#.0a', 2.0, ), (True, (b'0x1.p+1', ), )),
    ('format', (b'%f %5.1f %e %g %010f %-8g| %E %.3f', INF, -INF, NAN, (-NAN), INF, NAN, INF, (-NAN), ), (True, (b'inf  -inf -nan nan        inf -nan    | INF nan', ), )),
    ('format', (b'%+f % f %+e', INF, INF, NAN, ), (True, (b'+inf  inf -nan', ), )),
    ('format', (b'%G %E %g', 1e-10, 12345.678, 123456789.0, ), (True, (b'1E-10 1.234568E+04 1.23457e+08', ), )),
    ('format', (b'%.14g %.17g %.0g %#.3g', 0.1, 0.1, 123.0, 1.0, ), (True, (b'0.1 0.10000000000000001 1e+02 1.00', ), )),
    ('format', (b'%g', 9223372036854775808, ), (True, (b'9.22337e+18', ), )),
    ('format', (b'%s %10s %-10s|', 1.5, 2, b'x', ), (True, (b'1.5          2 x         |', ), )),
    ('format', (b'%10s', b'a\x00b', ), (False, b"bad argument #2 to 'string.format' (string contains zeros)", )),
    ('format', (b'%s', b'a\x00b', ), (True, (b'a\x00b', ), )),
    ('format', (b'%.1s', b'a\x00b', ), (False, b"bad argument #2 to 'string.format' (string contains zeros)", )),
    ('format', (b'%5.1s|', b'xyz', ), (True, (b'    x|', ), )),
    ('format', (b'%s', -0.0, ), (True, (b'-0.0', ), )),
    ('format', (b'%s', 1000000000000000.0, ), (True, (b'1e+15', ), )),
    ('format', (b'%s', 1e+16, ), (True, (b'1e+16', ), )),
    ('format', (b'%s', 9007199254740992, ), (True, (b'9007199254740992', ), )),
    ('format', (b'%.3s', 12345, ), (True, (b'123', ), )),
    ('format', (b'%-3s|', 1, ), (True, (b'1  |', ), )),
    ('format', (b'%s', b'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', ), (True, (b'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', ), )),
    ('format', (b'%-5s', b'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', ), (True, (b'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', ), )),
    ('format', (b'%.5s', b'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', ), (True, (b'xxxxx', ), )),
    ('format', (b'%5c|%-5c|%c', 65, 66, 0, ), (True, (b'    A|B    |\x00', ), )),
    ('format', (b'%c', 321, ), (True, (b'A', ), )),
    ('format', (b'%c', -1, ), (True, (b'\xff', ), )),
    ('format', (b'%05c', 65, ), (False, b"invalid conversion specification: '%05c'", )),
    ('format', (b'%+c', 65, ), (False, b"invalid conversion specification: '%+c'", )),
    ('format', (b'%p', 1, ), (True, (b'(null)', ), )),
    ('format', (b'%p', None, ), (True, (b'(null)', ), )),
    ('format', (b'%p', True, ), (True, (b'(null)', ), )),
    ('format', (b'%10p|%-10p|', 1.5, None, ), (True, (b'    (null)|(null)    |', ), )),
    ('format', (b'%.3p', None, ), (False, b"invalid conversion specification: '%.3p'", )),
    ('format', (b'%#p', None, ), (False, b"invalid conversion specification: '%#p'", )),
    ('format', (b'%x', -1, ), (True, (b'ffffffffffffffff', ), )),
    ('format', (b'%X', 4611686018427387904, ), (True, (b'4000000000000000', ), )),
    ('format', (b'%o', 8, ), (True, (b'10', ), )),
    ('format', (b'%#o', 0, ), (True, (b'0', ), )),
    ('format', (b'%#.0o', 0, ), (True, (b'0', ), )),
    ('format', (b'%.0x', 0, ), (True, (b'', ), )),
    ('format', (b'%+x', 1, ), (False, b"invalid conversion specification: '%+x'", )),
    ('format', (b'% u', 1, ), (False, b"invalid conversion specification: '% u'", )),
    ('format', (b'%+u', 1, ), (False, b"invalid conversion specification: '%+u'", )),
    ('format', (b'%ld', 1, ), (False, b"invalid conversion '%l' to 'format'", )),
    ('format', (b'%hd', 1, ), (False, b"invalid conversion '%h' to 'format'", )),
    ('format', (b'%n', 1, ), (False, b"invalid conversion '%n' to 'format'", )),
    ('format', (b'%%', ), (True, (b'%', ), )),
    ('format', (b'abc%%def%%', ), (True, (b'abc%def%', ), )),
    ('format', (b'%5%', ), (False, b"bad argument #2 to 'string.format' (no value)", )),
    ('format', (b'no args', ), (True, (b'no args', ), )),
    ('format', (b'%d %d', 1, ), (False, b"bad argument #3 to 'string.format' (no value)", )),
    ('format', (b'%s', ), (False, b"bad argument #2 to 'string.format' (no value)", )),
    ('format', (b'%.123d', 1, ), (False, b"invalid conversion specification: '%.123d'", )),
    ('format', (b'%12.34d', 1, ), (True, (b'0000000000000000000000000000000001', ), )),
    ('format', (b'%.99d', 1, ), (True, (b'000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001', ), )),
    ('format', (b'%099d', -1, ), (True, (b'-00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001', ), )),
    ('format', (b'%-99d|', -1, ), (True, (b'-1                                                                                                 |', ), )),
    ('format', (b'%.0f %.0f %.0f %.0f', 0.5, 1.5, 2.5, -0.5, ), (True, (b'0 2 2 -0', ), )),
    ('format', (b'%5.2f|%-8.3e|%+.1g', -0.0, -0.0, -0.0, ), (True, (b'-0.00|-0.000e+00|-0', ), )),
    ('format', (b'%d', 9007199254740992, ), (True, (b'9007199254740992', ), )),
    ('format', (b'%.3f', 1.1805916207174113e+21, ), (True, (b'1180591620717411303424.000', ), )),
    ('format', (b'%e', 1e+308, ), (True, (b'1.000000e+308', ), )),
    ('format', (b'%g', 5e-324, ), (True, (b'4.94066e-324', ), )),
    ('format', (b'%5', ), (False, b"bad argument #2 to 'string.format' (no value)", )),
    ('format', (b'%.5', 1, ), (False, b"invalid conversion '%.5' to 'format'", )),
    ('format', (b'%-5', 1, ), (False, b"invalid conversion '%-5' to 'format'", )),
    ('format', (1, ), (True, (b'1', ), )),
    ('format', (None, ), (False, b"bad argument #1 to 'string.format' (string expected, got nil)", )),
    ('format', (12, 1, ), (True, (b'12', ), )),
    ('format', (b'%d%d%d%d%d%d%d%d%d%d%d%d%d%d%d%d%d%d%d%d%d%d%d%d%d%d%d%d%d%d%d%d%d%d%d%d%d%d%d%d', 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, ), (True, (b'0123456789101112131415161718192021222324252627282930313233343536373839', ), )),
    ('format', (b'%s\x00%d', b'a', 2, ), (True, (b'a\x002', ), )),
]


@pytest.mark.parametrize("fname,args,expected", CASES_FORMAT,
                         ids=["format-%d" % i for i in range(len(CASES_FORMAT))])
def test_against_lua(fname, args, expected):
    check_case(fname, args, expected)


def fmt(*args):
    A, S = new_lib()
    return call(S, "format", *args)[0]


def test_pointer_format():
    t1, t2 = LuaTable(), LuaTable()
    p1, p2 = fmt(b"%p", t1), fmt(b"%p", t2)
    assert p1.startswith(b"0x") and p1 != p2 and fmt(b"%p", t1) == p1
    # short strings are internalised, long ones are not
    assert fmt(b"%p", b"a" * 10) == fmt(b"%p", bytes(b"aa" * 5))
    s1, s2 = bytes(bytearray(b"a" * 300)), bytes(bytearray(b"a" * 300))
    assert s1 is not s2 and fmt(b"%p", s1) != fmt(b"%p", s2)
    assert fmt(b"%20p", t1) == b" " * (20 - len(p1)) + p1


def test_s_uses_tostring(monkeypatch):
    t = LuaTable()
    t.meta = LuaTable()
    t.meta.hash[b"__tostring"] = t.meta     # any value: the call is stubbed

    def tostring(A, D, v):
        if False:
            yield
        assert v is t
        return b"OBJ"

    monkeypatch.setattr(ops, "tostring", tostring, raising=False)
    assert fmt(b"[%s|%5s|%-5s|%.1s]", t, t, t, t) == b"[OBJ|  OBJ|OBJ  |O]"


def test_q_roundtrip_floats():
    import random
    rnd = random.Random(5)
    for _ in range(200):
        x = rnd.uniform(-1e6, 1e6) * 10.0 ** rnd.randint(-300, 300)
        q = fmt(b"%q", x).decode()
        assert float.fromhex(q) == x


def test_format_charges_fuel_and_checks_memory():
    A, S = new_lib(fuel=10 ** 6)
    call(S, "format", b"%s", b"x" * 100000)
    assert A.F[0] < 10 ** 6 - 1000
    A, S = new_lib(memory_limit=50000)
    with pytest.raises(LuaError) as ei:
        call(S, "format", b"%s%s", b"x" * 40000, b"y" * 40000)
    assert ei.value.value == b"not enough memory"


def test_format_result_is_bytes():
    assert fmt(b"%5.1f", 2.25) == b"  2.2"
    assert fmt(b"%s", 10 // 3) == b"3"
