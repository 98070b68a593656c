-- NaN results of the math library and float division/modulo as glibc
-- gives them: a NaN operand propagates with its sign; invalid operations
-- give the default NaN (-nan on x86), except log10 (+nan)
local nan, pnan = 0/0, -(0/0)
print(math.atan(nan), math.atan(pnan), math.atan(1, nan), math.atan(pnan, 1))
print(math.log(-1), math.log(-1, 2), math.log(-1, 10), math.log(-1, 3), math.log(-2.5, 10))
print(math.log(-1/0, 10), math.log(nan, 10), math.log(pnan, 10), math.log(0, 10), math.log(pnan))
print(math.fmod(nan, 1), math.fmod(pnan, 1), math.fmod(1, pnan), math.fmod(1/0, 2), math.fmod(1, 0.0))
print(pnan % 1, nan % 1, 1 % pnan, 2.5 % nan, (1/0) % 2, 1 % 0.0)
local z = 0.0
print(pnan / z, nan / z, z / z, 1 / z, -1 / z, pnan // z, nan // 1)
