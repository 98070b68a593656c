"""string.pack / string.unpack / string.packsize against lua5.4-observed results."""
from __future__ import annotations

import math

import pytest

from strlib_harness import (  # noqa: E402
    LuaError,
    new_lib,
    call,
    same,
    check_case,
)


INF = math.inf
NAN = -math.nan


CASES_PACK = [
    ('pack', (b'<i4 >h z s1', 1, -2, b'ab', b'xyz', ), (True, (b'\x01\x00\x00\x00\xff\xfeab\x00\x03xyz', ), )),
    ('pack', (b'b', 127, ), (True, (b'\x7f', ), )),
    ('pack', (b'b', 128, ), (False, b"bad argument #2 to 'string.pack' (integer overflow)", )),
    ('pack', (b'b', -128, ), (True, (b'\x80', ), )),
    ('pack', (b'b', -129, ), (False, b"bad argument #2 to 'string.pack' (integer overflow)", )),
    ('pack', (b'B', 255, ), (True, (b'\xff', ), )),
    ('pack', (b'B', 256, ), (False, b"bad argument #2 to 'string.pack' (unsigned overflow)", )),
    ('pack', (b'B', -1, ), (False, b"bad argument #2 to 'string.pack' (unsigned overflow)", )),
    ('pack', (b'h', 32767, ), (True, (b'\xff\x7f', ), )),
    ('pack', (b'h', 32768, ), (False, b"bad argument #2 to 'string.pack' (integer overflow)", )),
    ('pack', (b'H', 65535, ), (True, (b'\xff\xff', ), )),
    ('pack', (b'>H', 258, ), (True, (b'\x01\x02', ), )),
    ('pack', (b'<H', 258, ), (True, (b'\x02\x01', ), )),
    ('pack', (b'=H', 258, ), (True, (b'\x02\x01', ), )),
    ('pack', (b'l', -1, ), (True, (b'\xff\xff\xff\xff\xff\xff\xff\xff', ), )),
    ('pack', (b'L', -1, ), (True, (b'\xff\xff\xff\xff\xff\xff\xff\xff', ), )),
    ('pack', (b'j', 9223372036854775807, ), (True, (b'\xff\xff\xff\xff\xff\xff\xff\x7f', ), )),
    ('pack', (b'J', -1, ), (True, (b'\xff\xff\xff\xff\xff\xff\xff\xff', ), )),
    ('pack', (b'T', 5, ), (True, (b'\x05\x00\x00\x00\x00\x00\x00\x00', ), )),
    ('pack', (b'i', -1, ), (True, (b'\xff\xff\xff\xff', ), )),
    ('pack', (b'I', 1, ), (True, (b'\x01\x00\x00\x00', ), )),
    ('pack', (b'i1', 200, ), (False, b"bad argument #2 to 'string.pack' (integer overflow)", )),
    ('pack', (b'I3', 16777216, ), (False, b"bad argument #2 to 'string.pack' (unsigned overflow)", )),
    ('pack', (b'I3', 16777215, ), (True, (b'\xff\xff\xff', ), )),
    ('pack', (b'i3', -8388608, ), (True, (b'\x00\x00\x80', ), )),
    ('pack', (b'i3', 8388608, ), (False, b"bad argument #2 to 'string.pack' (integer overflow)", )),
    ('pack', (b'i16', -2, ), (True, (b'\xfe\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff', ), )),
    ('pack', (b'<i16', 3, ), (True, (b'\x03\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00', ), )),
    ('pack', (b'>i16', -3, ), (True, (b'\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xfd', ), )),
    ('pack', (b'I16', -1, ), (True, (b'\xff\xff\xff\xff\xff\xff\xff\xff\x00\x00\x00\x00\x00\x00\x00\x00', ), )),
    ('pack', (b'i9', -9223372036854775808, ), (True, (b'\x00\x00\x00\x00\x00\x00\x00\x80\xff', ), )),
    ('pack', (b'i17', 1, ), (False, b'integral size (17) out of limits [1,16]', )),
    ('pack', (b'i0', 1, ), (False, b'integral size (0) out of limits [1,16]', )),
    ('pack', (b'I99999999999', 1, ), (False, b'integral size (999999999) out of limits [1,16]', )),
    ('pack', (b'f', 1.5, ), (True, (b'\x00\x00\xc0?', ), )),
    ('pack', (b'>f', -2.25, ), (True, (b'\xc0\x10\x00\x00', ), )),
    ('pack', (b'f', 1e+300, ), (True, (b'\x00\x00\x80\x7f', ), )),
    ('pack', (b'f', -1e+300, ), (True, (b'\x00\x00\x80\xff', ), )),
    ('pack', (b'd', 0.1, ), (True, (b'\x9a\x99\x99\x99\x99\x99\xb9?', ), )),
    ('pack', (b'>d', 0.1, ), (True, (b'?\xb9\x99\x99\x99\x99\x99\x9a', ), )),
    ('pack', (b'n', 1.5, ), (True, (b'\x00\x00\x00\x00\x00\x00\xf8?', ), )),
    ('pack', (b'f', 3, ), (True, (b'\x00\x00@@', ), )),
    ('pack', (b'd', b'x', ), (False, b"bad argument #2 to 'string.pack' (number expected, got string)", )),
    ('pack', (b'c3', b'ab', ), (True, (b'ab\x00', ), )),
    ('pack', (b'c2', b'abc', ), (False, b"bad argument #2 to 'string.pack' (string longer than given size)", )),
    ('pack', (b'c0', b'', ), (True, (b'', ), )),
    ('pack', (b'c', b'a', ), (False, b"missing size for format option 'c'", )),
    ('pack', (b'c1', ), (False, b"bad argument #2 to 'string.pack' (string expected, got nil)", )),
    ('pack', (b'z', b'a\x00b', ), (False, b"bad argument #2 to 'string.pack' (string contains zeros)", )),
    ('pack', (b'z', b'', ), (True, (b'\x00', ), )),
    ('pack', (b's', b'abc', ), (True, (b'\x03\x00\x00\x00\x00\x00\x00\x00abc', ), )),
    ('pack', (b'>s2', b'abc', ), (True, (b'\x00\x03abc', ), )),
    ('pack', (b's1', b'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', ), (False, b"bad argument #2 to 'string.pack' (string length does not fit in given size)", )),
    ('pack', (b's1', b'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', ), (True, (b'\xffxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', ), )),
    ('pack', (b'x', ), (True, (b'\x00', ), )),
    ('pack', (b'xxb', 1, ), (True, (b'\x00\x00\x01', ), )),
    ('pack', (b'!4 b i4', 1, 2, ), (True, (b'\x01\x00\x00\x00\x02\x00\x00\x00', ), )),
    ('pack', (b'!8 b d', 1, 2.0, ), (True, (b'\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00@', ), )),
    ('pack', (b'! b j', 1, 2, ), (True, (b'\x01\x00\x00\x00\x00\x00\x00\x00\x02\x00\x00\x00\x00\x00\x00\x00', ), )),
    ('pack', (b'!2 b i8', 1, 2, ), (True, (b'\x01\x00\x02\x00\x00\x00\x00\x00\x00\x00', ), )),
    ('pack', (b'!3 b i4', 1, 2, ), (False, b"bad argument #1 to 'string.pack' (format asks for alignment not power of 2)", )),
    ('pack', (b'!16 b i16', 1, 2, ), (True, (b'\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00', ), )),
    ('pack', (b'!17', ), (False, b'integral size (17) out of limits [1,16]', )),
    ('pack', (b'b Xi4 b', 1, 2, ), (True, (b'\x01\x02', ), )),
    ('pack', (b'b Xc1', 1, ), (False, b"bad argument #1 to 'string.pack' (invalid next option for option 'X')", )),
    ('pack', (b'b X', 1, ), (False, b"bad argument #1 to 'string.pack' (invalid next option for option 'X')", )),
    ('pack', (b'b X<', 1, ), (False, b"bad argument #1 to 'string.pack' (invalid next option for option 'X')", )),
    ('pack', (b'!4 b Xi8', 1, ), (True, (b'\x01\x00\x00\x00', ), )),
    ('pack', (b'y', ), (False, b"invalid format option 'y'", )),
    ('pack', (b' < > = ', ), (True, (b'', ), )),
    ('pack', (b'i4', b'12', ), (True, (b'\x0c\x00\x00\x00', ), )),
    ('pack', (b'i4', 1.5, ), (False, b"bad argument #2 to 'string.pack' (number has no integer representation)", )),
    ('pack', (b'i4', ), (False, b"bad argument #2 to 'string.pack' (number expected, got nil)", )),
    ('pack', (None, ), (False, b"bad argument #1 to 'string.pack' (string expected, got nil)", )),
    ('pack', (b'j', 9007199254740992, ), (True, (b'\x00\x00\x00\x00\x00\x00 \x00', ), )),
    ('pack', (b'<I2 >I2 =I2', 4660, 4660, 4660, ), (True, (b'4\x12\x1244\x12', ), )),
    ('pack', (b'z\x00i4', b'x', 5, ), (True, (b'x\x00', ), )),
    ('pack', (b'c5z', b'abc', b'de', ), (True, (b'abc\x00\x00de\x00', ), )),
    ('pack', (b'i1 i2 i4 i8', -1, -2, -3, -4, ), (True, (b'\xff\xfe\xff\xfd\xff\xff\xff\xfc\xff\xff\xff\xff\xff\xff\xff', ), )),
    ('unpack', (b'<i4 >h z s1', b'\x01\x00\x00\x00\xff\xfeab\x00\x03xyz', ), (True, (1, -2, b'ab', b'xyz', 14, ), )),
    ('unpack', (b'b', b'\xff', ), (True, (-1, 2, ), )),
    ('unpack', (b'B', b'\xff', ), (True, (255, 2, ), )),
    ('unpack', (b'<h', b'\x00\x80', ), (True, (-32768, 3, ), )),
    ('unpack', (b'>H', b'\x01\x02', ), (True, (258, 3, ), )),
    ('unpack', (b'i16', b'\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff', ), (True, (-1, 17, ), )),
    ('unpack', (b'i16', b'\x00\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00', ), (False, b'16-byte integer does not fit into Lua Integer', )),
    ('unpack', (b'I9', b'\xff\xff\xff\xff\xff\xff\xff\xff\xff', ), (False, b'9-byte integer does not fit into Lua Integer', )),
    ('unpack', (b'i9', b'\xff\xff\xff\xff\xff\xff\xff\xff\x7f', ), (False, b'9-byte integer does not fit into Lua Integer', )),
    ('unpack', (b'<i9', b'\x00\x00\x00\x00\x00\x00\x00\x00\xff', ), (False, b'9-byte integer does not fit into Lua Integer', )),
    ('unpack', (b'>i9', b'\xff\xff\xff\xff\xff\xff\xff\xff\xff', ), (True, (-1, 10, ), )),
    ('unpack', (b'I16', b'\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00', ), (True, (1, 17, ), )),
    ('unpack', (b'j', b'\x00\x00\x00\x00\x00\x00\x00\x80', ), (True, (-9223372036854775808, 9, ), )),
    ('unpack', (b'J', b'\xff\xff\xff\xff\xff\xff\xff\xff', ), (True, (-1, 9, ), )),
    ('unpack', (b'i3', b'\xff\xff\x7f', ), (True, (8388607, 4, ), )),
    ('unpack', (b'i3', b'\x00\x00\x80', ), (True, (-8388608, 4, ), )),
    ('unpack', (b'I3', b'\x00\x00\x80', ), (True, (8388608, 4, ), )),
    ('unpack', (b'f', b'\x00\x00\xc0?', ), (True, (1.5, 5, ), )),
    ('unpack', (b'd', b'\x9a\x99\x99\x99\x99\x99\xb9?', ), (True, (0.1, 9, ), )),
    ('unpack', (b'>d', b'?\xb9\x99\x99\x99\x99\x99\x9a', ), (True, (0.1, 9, ), )),
    ('unpack', (b'n', b'\x00\x00\x00\x00\x00\x00\x00\x00', ), (True, (0.0, 9, ), )),
    ('unpack', (b'f', b'\x00\x00\x80\x7f', ), (True, (INF, 5, ), )),
    ('unpack', (b'c3', b'abcd', ), (True, (b'abc', 4, ), )),
    ('unpack', (b'c3', b'ab', ), (False, b"bad argument #2 to 'string.unpack' (data string too short)", )),
    ('unpack', (b'c0', b'', ), (True, (b'', 1, ), )),
    ('unpack', (b'z', b'abc', ), (False, b"bad argument #2 to 'string.unpack' (unfinished string for format 'z')", )),
    ('unpack', (b'z', b'abc\x00def', ), (True, (b'abc', 5, ), )),
    ('unpack', (b'zz', b'a\x00b\x00', ), (True, (b'a', b'b', 5, ), )),
    ('unpack', (b's1', b'\x03abc', ), (True, (b'abc', 5, ), )),
    ('unpack', (b's1', b'\x04abc', ), (False, b"bad argument #2 to 'string.unpack' (data string too short)", )),
    ('unpack', (b's', b'\x02\x00\x00\x00\x00\x00\x00\x00hi', ), (True, (b'hi', 11, ), )),
    ('unpack', (b's', b'\xff\xff\xff\xff\xff\xff\xff\xffhi', ), (False, b"bad argument #2 to 'string.unpack' (data string too short)", )),
    ('unpack', (b'>s2', b'\x00\x01x', ), (True, (b'x', 4, ), )),
    ('unpack', (b'i4', b'abc', ), (False, b"bad argument #2 to 'string.unpack' (data string too short)", )),
    ('unpack', (b'i4', b'abcd', 2, ), (False, b"bad argument #2 to 'string.unpack' (data string too short)", )),
    ('unpack', (b'i4', b'abcdabcd', 5, ), (True, (1684234849, 9, ), )),
    ('unpack', (b'i4', b'abcd', 6, ), (False, b"bad argument #3 to 'string.unpack' (initial position out of string)", )),
    ('unpack', (b'i4', b'abcd', -4, ), (True, (1684234849, 5, ), )),
    ('unpack', (b'i4', b'abcd', -5, ), (True, (1684234849, 5, ), )),
    ('unpack', (b'b', b'abc', 0, ), (True, (97, 2, ), )),
    ('unpack', (b'b', b'abc', 4, ), (False, b"bad argument #2 to 'string.unpack' (data string too short)", )),
    ('unpack', (b'b', b'abc', 5, ), (False, b"bad argument #3 to 'string.unpack' (initial position out of string)", )),
    ('unpack', (b'!4 b i4', b'\x01\x00\x00\x00\x02\x00\x00\x00', ), (True, (1, 2, 9, ), )),
    ('unpack', (b'!4 b i4', b'\x01\x00\x00\x00\x02\x00\x00', ), (False, b"bad argument #2 to 'string.unpack' (data string too short)", )),
    ('unpack', (b'b x b', b'\x01\x02\x03', ), (True, (1, 3, 4, ), )),
    ('unpack', (b'b Xi4 b', b'\x01\x00\x00\x00\x02', ), (True, (1, 0, 3, ), )),
    ('unpack', (b'!4 i1 Xi2 i1', b'\x01\x00\x02', ), (True, (1, 2, 4, ), )),
    ('unpack', (b'', b'abc', ), (True, (1, ), )),
    ('unpack', (b'', b'abc', 4, ), (True, (4, ), )),
    ('unpack', (b'y', b'abc', ), (False, b"invalid format option 'y'", )),
    ('unpack', (b'i4', ), (False, b"bad argument #2 to 'string.unpack' (string expected, got no value)", )),
    ('unpack', (b'i4', None, ), (False, b"bad argument #2 to 'string.unpack' (string expected, got nil)", )),
    ('unpack', (b'i4', b'abcd', 1.5, ), (False, b"bad argument #3 to 'string.unpack' (number has no integer representation)", )),
    ('unpack', (b'<i2 >i2', b'\x01\x00\x00\x01', ), (True, (1, 1, 5, ), )),
    ('unpack', (b'=i2', b'\x01\x00', ), (True, (1, 3, ), )),
    ('unpack', (b'z', b'', ), (False, b"bad argument #2 to 'string.unpack' (unfinished string for format 'z')", )),
    ('unpack', (b's1', b'', ), (False, b"bad argument #2 to 'string.unpack' (data string too short)", )),
    ('unpack', (b'c1', b'', 1, ), (False, b"bad argument #2 to 'string.unpack' (data string too short)", )),
    ('unpack', (b'x', b'', ), (False, b"bad argument #2 to 'string.unpack' (data string too short)", )),
    ('unpack', (b'i17', b'a', ), (False, b'integral size (17) out of limits [1,16]', )),
    ('unpack', (b'c', b'a', ), (False, b"missing size for format option 'c'", )),
    ('packsize', (b'i4', ), (True, (4, ), )),
    ('packsize', (b'!8 b d', ), (True, (16, ), )),
    ('packsize', (b'b Xi4', ), (True, (1, ), )),
    ('packsize', (b'c100', ), (True, (100, ), )),
    ('packsize', (b's', ), (False, b"bad argument #1 to 'string.packsize' (variable-length format)", )),
    ('packsize', (b'z', ), (False, b"bad argument #1 to 'string.packsize' (variable-length format)", )),
    ('packsize', (b'', ), (True, (0, ), )),
    ('packsize', (b'i16 i16', ), (True, (32, ), )),
    ('packsize', (b'c2147483647', ), (False, b"invalid format option '7'", )),
    ('packsize', (b'c2147483647 b', ), (False, b"invalid format option '7'", )),
    ('packsize', (b'c1073741824 c1073741823', ), (True, (2147483647, ), )),
    ('packsize', (b'c1073741824 c1073741824', ), (False, b"bad argument #1 to 'string.packsize' (format result too large)", )),
    ('packsize', (b'y', ), (False, b"invalid format option 'y'", )),
    ('packsize', (b'!', ), (True, (0, ), )),
    ('packsize', (b'!3 b i4', ), (False, b"bad argument #1 to 'string.packsize' (format asks for alignment not power of 2)", )),
    ('packsize', (b'Xz', ), (False, b"bad argument #1 to 'string.packsize' (invalid next option for option 'X')", )),
    ('packsize', (b'x X', ), (False, b"bad argument #1 to 'string.packsize' (invalid next option for option 'X')", )),
    ('packsize', (b'! b d', ), (True, (16, ), )),
    ('packsize', (b'c99999999999', ), (False, b"invalid format option '9'", )),
    ('packsize', (b'j n T h', ), (True, (26, ), )),
    ('packsize', (b'<>=!1', ), (True, (0, ), )),
    ('packsize', (b'i0', ), (False, b'integral size (0) out of limits [1,16]', )),
    ('packsize', (1, ), (False, b"invalid format option '1'", )),
]


@pytest.mark.parametrize("fname,args,expected", CASES_PACK,
                         ids=["%s-%d" % (c[0], i) for i, c in enumerate(CASES_PACK)])
def test_against_lua(fname, args, expected):
    check_case(fname, args, expected)


def test_roundtrip_all_integer_sizes():
    A, S = new_lib()
    for size in range(1, 17):
        for endian in (b"<", b">"):
            for v in (0, 1, -1, 127, -128, 2 ** 62, -(2 ** 63), 2 ** 63 - 1):
                if size < 8 and not -(1 << (8 * size - 1)) <= v < (1 << (8 * size - 1)):
                    continue
                fmt = endian + b"i%d" % size
                data = call(S, "pack", fmt, v)[0]
                assert len(data) == size
                assert call(S, "unpack", fmt, data) == (v, size + 1)


def test_unpack_floats():
    A, S = new_lib()
    for v in (0.0, -0.0, 1.5, 1e300, -math.inf, math.inf):
        for f in (b"<d", b">d", b"n"):
            r = call(S, "unpack", f, call(S, "pack", f, v)[0])
            assert same(r[0], v)
    r = call(S, "unpack", b"f", call(S, "pack", b"f", 0.1)[0])[0]
    assert r == 0.10000000149011612
    nan = call(S, "unpack", b"d", call(S, "pack", b"d", NAN)[0])[0]
    assert nan != nan


def test_pack_big_char_checks_memory():
    A, S = new_lib(memory_limit=10000)
    with pytest.raises(LuaError) as ei:
        call(S, "pack", b"c100000", b"x")
    assert ei.value.value == b"not enough memory"


def test_pack_charges_fuel():
    A, S = new_lib(fuel=10 ** 6)
    call(S, "pack", b"s4", b"x" * 100000)
    assert A.F[0] < 10 ** 6 - 1000
