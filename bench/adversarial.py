"""Runs the hostile corpus (``tests/sandbox/hostile/*.lua``) with
``step(10_000)`` under ``Lua(sandbox=True, memory_limit=8 MiB)`` and prints,
per script, the contained outcome, the worst step latency, the total time,
the process RSS growth and the arena's highest recount.

    python bench/adversarial.py [--limit BYTES] [--fuel N] [names...]
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "sandbox"))

import hostile_corpus as corpus  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--limit", type=int, default=corpus.LIMIT)
    ap.add_argument("--fuel", type=int, default=corpus.MAX_FUEL, help="total fuel per script")
    ap.add_argument("names", nargs="*")
    args = ap.parse_args(argv)
    paths = [p for p in corpus.scripts() if not args.names or p.stem in args.names]
    print("%-24s %-4s %-44s %9s %8s %9s %9s" % ("script", "ok", "outcome", "worst ms",
                                               "total s", "RSS +MiB", "acct MiB"))
    worst = 0.0
    bad = 0
    for p in paths:
        o = corpus.run(p, limit=args.limit, max_fuel=args.fuel)
        worst = max(worst, o.worst_step)
        bad += not o.ok
        text = (o.kind + " " + o.text.replace("\n", " "))[:44]
        print("%-24s %-4s %-44s %9.1f %8.2f %9.1f %9.2f" % (
            p.stem[:24], "ok" if o.ok else "FAIL", text, o.worst_step * 1000, o.total,
            o.rss_growth / 2**20, o.accounted_peak / 2**20))
    print("worst step latency over the corpus: %.1f ms; %d unexpected outcomes" % (worst * 1000, bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
