"""Benchmark harness: moonbox against PUC-Rio ``lua5.4`` (when installed),
side by side in one run.

    python bench/run.py [--repeat N] [names...]

For each program in ``bench/*.lua`` it checks the output against
``expected.tsv``, measures moonbox's CPU time in-process (best of N, compile
time reported separately) and ``lua5.4``'s CPU time as a subprocess (best of
N, minus the start-up time of an empty script), and prints the ratios and
their geometric mean.  CPU time rather than wall time keeps the ratios
meaningful on a busy machine.  Also reports compile speed (ms per KB of Lua source) and
the overhead of one call from Python into Lua.
"""
from __future__ import annotations

import argparse
import math
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from vm import Executor, Lua  # noqa: E402
from vm.compiler import compile_lua  # noqa: E402

CORE = ["fib", "loop", "closures", "methodcall", "strings", "entities"]


def expected_outputs() -> dict:
    out = {}
    for line in (HERE / "expected.tsv").read_text().splitlines():
        if "\t" in line:
            name, rest = line.split("\t", 1)
            out[name.removesuffix(".lua")] = " ".join(rest.split())
    return out


def run_ours(path: Path):
    """(compile seconds, run seconds, output text) for one program."""
    chunks = []
    lua = Lua(sandbox=False)
    lua.state.output = chunks.append
    src = path.read_bytes()
    t0 = time.process_time()
    fn = compile_lua(lua.state, src, "@" + path.name)
    t1 = time.process_time()
    ex = Executor(lua, fn, convert=False)
    while not ex.step(1 << 40):
        pass
    t2 = time.process_time()
    if ex.error is not None:
        raise RuntimeError("%s failed: %s" % (path.name, ex.error))
    text = b"".join(chunks).decode("utf-8", "replace")
    return t1 - t0, t2 - t1, " ".join(text.split())


def _child_cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def lua_startup(lua_bin: str) -> float:
    best = math.inf
    for _ in range(5):
        t0 = _child_cpu()
        subprocess.run([lua_bin, "-e", ""], check=True)
        best = min(best, _child_cpu() - t0)
    return best


def run_puc(lua_bin: str, path: Path, repeat: int, startup: float):
    """Best CPU time (user+sys) of ``lua5.4 program`` over ``repeat`` runs."""
    best = math.inf
    out = ""
    for _ in range(repeat):
        t0 = _child_cpu()
        p = subprocess.run([lua_bin, path.name], cwd=path.parent, capture_output=True, check=True)
        best = min(best, _child_cpu() - t0)
        out = " ".join(p.stdout.decode().split())
    return max(best - startup, 1e-4), out


def run_python_equivalent(name: str, repeat: int):
    """CPU time of ``bench/python/<name>.py``'s ``main()`` (best of N) and
    its output, or None when there is no hand-written equivalent."""
    path = HERE / "python" / (name + ".py")
    if not path.exists():
        return None, None
    ns: dict = {"__name__": "bench_" + name}
    exec(compile(path.read_text(), str(path), "exec"), ns)
    best = math.inf
    out = None
    for _ in range(repeat):
        t0 = time.process_time()
        out = ns["main"]()
        best = min(best, time.process_time() - t0)
    return best, " ".join(str(out).split())


def geomean(xs):
    xs = [x for x in xs if x > 0]
    return math.exp(sum(math.log(x) for x in xs) / len(xs)) if xs else float("nan")


def call_overhead() -> float:
    lua = Lua()
    fn = lua.load("local a = ... return a", "=bench")
    n = 20000
    t0 = time.perf_counter()
    for i in range(n):
        lua.execute(fn, i)
    return (time.perf_counter() - t0) / n


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("names", nargs="*")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    expected = expected_outputs()
    names = args.names or sorted(p.stem for p in HERE.glob("*.lua"))
    lua_bin = shutil.which("lua5.4")
    startup = lua_startup(lua_bin) if lua_bin else 0.0
    print("%-12s %9s %9s %9s %8s %9s %8s  %s" % ("program", "moonbox", "compile", "lua5.4", "ratio",
                                               "python", "py ratio", "check"))
    ratios, core_ratios, py_ratios = [], [], []
    total_src = 0
    total_compile = 0.0
    failures = 0
    for name in names:
        path = HERE / (name + ".lua")
        best_run = math.inf
        comp = 0.0
        out = ""
        for _ in range(args.repeat):
            comp, run, out = run_ours(path)
            best_run = min(best_run, run)
        total_src += path.stat().st_size
        total_compile += comp
        ok = expected.get(name) == out
        failures += not ok
        puc = None
        if lua_bin:
            puc, pout = run_puc(lua_bin, path, args.repeat, startup)
        ratio = best_run / puc if puc else float("nan")
        if puc:
            ratios.append(ratio)
            if name in CORE:
                core_ratios.append(ratio)
        py, pyout = run_python_equivalent(name, args.repeat)
        pyratio = best_run / py if py else float("nan")
        if py:
            py_ratios.append(pyratio)
            if pyout != expected.get(name):
                print("  (python equivalent of %s printed %r)" % (name, pyout))
        print("%-12s %8.3fs %8.1fms %8s %7.1fx %9s %7s  %s" % (
            name, best_run, comp * 1000, "%.3fs" % puc if puc else "-", ratio,
            "%.3fs" % py if py else "-", "%.1fx" % pyratio if py else "-",
            "ok" if ok else "WRONG: %r" % out[:60]))
    if ratios:
        print("geometric mean ratio to lua5.4: %.1fx (all), %.1fx (%s)"
              % (geomean(ratios), geomean(core_ratios), ", ".join(CORE)))
        print("worst: %.1fx" % max(ratios))
    if py_ratios:
        print("geometric mean ratio to the hand-written Python equivalents: %.1fx" % geomean(py_ratios))
    else:
        print("lua5.4 not installed: ratios not available")
    if total_src:
        print("compile speed: %.1f ms per KB of Lua" % (total_compile * 1000 / (total_src / 1024)))
    print("call overhead Python -> Lua (lua.execute of a 1-line function): %.1f us"
          % (call_overhead() * 1e6))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
