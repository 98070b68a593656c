"""Every hostile script is contained: the expected Lua error (or fuel
exhaustion), each step returning quickly, bounded process memory, no Python
traceback leaking into messages."""
from __future__ import annotations

import pytest

import hostile_corpus as corpus

LIMIT = 4 << 20
MAX_FUEL = 400_000
"""For the scripts expected to spin (the others get 4x): smaller than
the benchmark's, to keep the suite fast."""
SLACK = 48 << 20
"""Allowed RSS growth above the arena limit (interpreter, compiled code,
allocator fragmentation — see README, *Memory*)."""


@pytest.mark.parametrize("path", corpus.scripts(), ids=lambda p: p.stem)
def test_hostile_script_is_contained(path) -> None:
    spins = corpus.expectation(path) == "fuel"
    out = corpus.run(path, limit=LIMIT, max_fuel=MAX_FUEL if spins else 4 * MAX_FUEL)
    assert out.ok, f"{path.name}: expected {out.expect!r}, got {out.kind} {out.text!r}"
    assert "Traceback" not in out.text and "File \"" not in out.text
    assert out.worst_step < 2.0, f"a step took {out.worst_step:.2f}s"
    assert out.total < 20.0
    assert out.rss_growth < LIMIT + SLACK, f"RSS grew by {out.rss_growth >> 20} MiB"


def test_corpus_is_large_enough() -> None:
    assert len(corpus.scripts()) >= 40
