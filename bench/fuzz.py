"""Long fuzzing run: ``python bench/fuzz.py [EXAMPLES]`` runs
``tests/vm/test_fuzz.py`` with ``MOONBOX_FUZZ_EXAMPLES`` examples per
property (default 20000)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

if __name__ == "__main__":
    n = sys.argv[1] if len(sys.argv) > 1 else "20000"
    env = dict(os.environ, MOONBOX_FUZZ_EXAMPLES=n)
    sys.exit(subprocess.call([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                              str(ROOT / "tests" / "vm" / "test_fuzz.py")], cwd=ROOT, env=env))
