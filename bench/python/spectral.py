"""spectral.lua in idiomatic Python."""
import math


def A(i, j):
    ij = i + j - 1
    return 1.0 / (ij * (ij - 1) * 0.5 + i)


def Av(x, y, N):
    for i in range(1, N + 1):
        a = 0
        for j in range(1, N + 1):
            a = a + x[j - 1] * A(i, j)
        y[i - 1] = a


def Atv(x, y, N):
    for i in range(1, N + 1):
        a = 0
        for j in range(1, N + 1):
            a = a + x[j - 1] * A(j, i)
        y[i - 1] = a


def AtAv(x, y, t, N):
    Av(x, t, N)
    Atv(t, y, N)


def main():
    N = 120
    u = [1] * N
    v = [0] * N
    t = [0] * N
    for _ in range(10):
        AtAv(u, v, t, N)
        AtAv(v, u, t, N)
    vBv = vv = 0
    for i in range(N):
        vBv += u[i] * v[i]
        vv += v[i] * v[i]
    return "%0.9f" % math.sqrt(vBv / vv)
