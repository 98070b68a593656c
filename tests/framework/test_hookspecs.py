"""Hook specifications (framework.hookspecs) and entry-point plugin discovery."""
from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest

from framework import ENTRY_POINT_GROUP, PROJECT_NAME
from framework.hookspecs import MoonboxSpec, hookimpl, make_plugin_manager

EXPECTED = {
    "moonbox_register_api": ["host", "mod"],
    "moonbox_mod_loaded": ["host", "mod"],
    "moonbox_mod_unloaded": ["host", "mod"],
    "moonbox_mod_failed": ["host", "mod", "error"],
    "moonbox_before_tick": ["host", "dt"],
    "moonbox_after_tick": ["host", "dt"],
    "moonbox_event_emitted": ["host", "sender", "name", "payload"],
    "moonbox_mod_reloaded": ["host", "mod", "previous_version"],
}


def test_every_hook_is_specified_with_arguments_and_docstring() -> None:
    pm = make_plugin_manager(load_entry_points=False)
    assert pm.project_name == PROJECT_NAME
    for name, argnames in EXPECTED.items():
        caller = getattr(pm.hook, name)
        assert caller.spec is not None, name
        assert list(caller.spec.argnames) == argnames, name
        doc = getattr(MoonboxSpec, name).__doc__
        assert doc and len(doc.strip()) > 30, name


def test_plugin_with_subset_of_arguments_is_called() -> None:
    pm = make_plugin_manager(load_entry_points=False)
    seen = []

    class Plugin:
        @hookimpl
        def moonbox_before_tick(self, dt: float) -> None:
            seen.append(dt)

    pm.register(Plugin())
    pm.hook.moonbox_before_tick(host=None, dt=0.5)
    assert seen == [0.5]


def test_plugins_are_found_through_the_entry_point_group(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "mb_testplugin.py").write_text(textwrap.dedent("""\
        from framework.hookspecs import hookimpl

        @hookimpl
        def moonbox_register_api(host, mod):
            return {"testgroup": {"answer": 42}}
        """))
    info = tmp_path / "mb_testplugin-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: mb-testplugin\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(f"[{ENTRY_POINT_GROUP}]\ntestplugin = mb_testplugin\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        pm = make_plugin_manager()
        assert pm.get_plugin("testplugin") is not None
        assert {"testgroup": {"answer": 42}} in pm.hook.moonbox_register_api(host=None, mod=None)
        assert make_plugin_manager(load_entry_points=False).get_plugin("testplugin") is None
    finally:
        sys.modules.pop("mb_testplugin", None)
