"""Run every ``python`` code block of docs/embedding.md (like a doctest: the
examples are the documentation's promises).  Blocks build on each other, so
the test for block *i* first runs blocks 0..i-1 in the same namespace."""
from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DOC = ROOT / "docs" / "embedding.md"
BLOCK = re.compile(r"^```python\n(.*?)^```$", re.S | re.M)


def blocks() -> list[tuple[int, str]]:
    """(first line, source) of each python block, in order."""
    text = DOC.read_text(encoding="utf-8")
    return [(text.count("\n", 0, m.start(1)) + 1, m.group(1)) for m in BLOCK.finditer(text)]


BLOCKS = blocks()


def _run(line: int, src: str, ns: dict) -> None:
    # pad so tracebacks point at the right line of the document
    exec(compile("\n" * (line - 1) + src, str(DOC), "exec"), ns)


def test_doc_has_examples():
    assert len(BLOCKS) >= 8


@pytest.mark.parametrize("index", range(len(BLOCKS)),
                         ids=["line%d" % line for line, _ in BLOCKS])
def test_doc_block(index: int):
    ns: dict = {"__name__": "embedding_doc"}
    for line, src in BLOCKS[:index]:
        _run(line, src, ns)
    _run(*BLOCKS[index], ns)
