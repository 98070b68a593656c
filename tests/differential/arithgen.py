"""Random arithmetic programs for differential testing against lua5.4.

Each seed gives a Lua program of small functions mixing integer, float,
string-number and boundary values through locals, parameters and table
fields: it exercises the compiler's typed paths (inferred locals, integer
specialised plain twins, speculative float trees) against the generic ones.
"""
from __future__ import annotations

import random

VALUES = ["1", "2", "0", "-3", "1.5", "0.0", "-0.0", "2.5", "3", "math.maxinteger",
          "math.mininteger", "1e308", "'4'", "7//2", "2^53", "-1", "0x7fffffff"]
OPS = ["+", "-", "*", "/", "+", "*", "-", "//", "%", "^"]
CMPS = ["<", "<=", "==", "~=", ">", ">="]

PRELUDE = """\
local function show(v)
  if v ~= v then return 'NaN' end
  if math.type(v) == 'float' then return string.format('%.17g', v) end
  return tostring(v)
end
local function report(tag, ok, v)
  print(tag, ok, ok and show(v) or (tostring(v):gsub('^.-:%d+: ', '')))
end
"""


def program(seed: int, nfuncs: int = 25) -> str:
    rnd = random.Random(seed)

    def leaf(names):
        r = rnd.random()
        if r < 0.5 and names:
            return rnd.choice(names)
        if r < 0.7:
            return "p." + rnd.choice("xyz")
        return rnd.choice(VALUES)

    def expr(names, depth=0):
        if depth > 3 or rnd.random() < 0.3:
            return leaf(names)
        e = "(%s %s %s)" % (expr(names, depth + 1), rnd.choice(OPS), expr(names, depth + 1))
        return "-" + e if rnd.random() < 0.1 else e

    out = [PRELUDE, "local p = {x = %s, y = %s, z = %s}" % tuple(rnd.choice(VALUES) for _ in "xyz")]
    for f in range(nfuncs):
        names = ["a", "b", "c"]
        locs = []
        out.append("local function f%d(a, b, c)" % f)
        for k in range(rnd.randint(1, 4)):
            name = "l%d" % k
            out.append("  local %s = %s" % (name, expr(names + locs)))
            locs.append(name)
            if rnd.random() < 0.3:
                out.append("  %s = %s" % (name, expr(names + locs)))
        if rnd.random() < 0.3:
            out.append("  if %s %s %s then return 'cmp' end" % (expr(names + locs), rnd.choice(CMPS),
                                                               expr(names + locs)))
        out.append("  return %s" % expr(names + locs))
        out.append("end")
        for _ in range(3):
            args = ", ".join(rnd.choice(VALUES) for _ in range(3))
            out.append("report(%d, pcall(f%d, %s))" % (f, f, args))
        out.append("for i = 1, 3 do report('L%d', pcall(f%d, i, i * 0.5, i)) end" % (f, f))
    return "\n".join(out) + "\n"
