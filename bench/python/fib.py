"""fib.lua in idiomatic Python (for the harness's Python ratio)."""


def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


def main():
    return str(fib(27))
