"""Shared fixtures for framework tests: a temporary mods folder and a mod writer."""
from __future__ import annotations

import sys
import textwrap
from pathlib import Path
from typing import Callable

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def _write_mod(mods_dir: Path, folder: str, manifest: str | None = None,
               files: dict[str, str] | None = None) -> Path:
    """Create ``mods_dir/folder`` with a ``mod.yaml`` (default: name=folder, 1.0.0)
    and Lua files (default: an empty ``main.lua``)."""
    path = mods_dir / folder
    path.mkdir(parents=True, exist_ok=True)
    if manifest is None:
        manifest = f"name: {folder}\nversion: 1.0.0\n"
    (path / "mod.yaml").write_text(textwrap.dedent(manifest), encoding="utf-8")
    for rel, text in (files if files is not None else {"main.lua": ""}).items():
        target = path / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@pytest.fixture
def mods_dir(tmp_path: Path) -> Path:
    d = tmp_path / "mods"
    d.mkdir()
    return d


@pytest.fixture
def write_mod(mods_dir: Path) -> Callable[..., Path]:
    def write(folder: str, manifest: str | None = None, files: dict[str, str] | None = None) -> Path:
        return _write_mod(mods_dir, folder, manifest, files)
    return write
