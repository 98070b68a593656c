"""loop.lua in idiomatic Python."""


def main():
    isum, fsum, count = 0, 0.0, 0
    for i in range(1, 1000001):
        isum = isum + i * 3 - (i // 7)
        fsum = fsum + i / 3.0
        if i % 5 == 0:
            count += 1
    w = 0
    while w < 1000000:
        w += 1
    return "%d %.3f %d %d" % (isum, fsum, count, w)
