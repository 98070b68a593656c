"""Every hook the moonbox host calls, with what, when and which arguments.

A game extends the host by writing a plugin: any object or module with functions
decorated by :data:`hookimpl` and named like the specs below.  Register it with
``Host(plugins=[...])`` / ``host.plugins.register(obj)``, or advertise it from an
installed package through the ``moonbox.plugins`` entry-point group::

    [project.entry-points."moonbox.plugins"]
    mygame = "mygame.moonbox_plugin"

The built-in API groups (``log``, ``events``, ``storage``, ``require``) are plugins
written exactly this way, in :mod:`framework.api`.

Arguments: ``host`` is the :class:`framework.host.Host`; ``mod`` is a
:class:`framework.mod.Mod` (its ``name``, ``manifest``, ``lua`` arena, ``stats``).
Hook implementations may accept any subset of a spec's arguments (pluggy rule).
"""
from __future__ import annotations

from typing import Any, Mapping

import pluggy

from . import PROJECT_NAME

__all__ = ["hookspec", "hookimpl", "MoonboxSpec", "make_plugin_manager"]

#: Marker for hook specifications (used in this module only).
hookspec = pluggy.HookspecMarker(PROJECT_NAME)
#: Marker for hook implementations, for plugins: ``@hookimpl def moonbox_...``.
hookimpl = pluggy.HookimplMarker(PROJECT_NAME)


class MoonboxSpec:
    """The hook specifications.  Only the signatures and docstrings matter."""

    @hookspec
    def moonbox_register_api(self, host: Any, mod: Any) -> Mapping[str, Mapping[str, Any]] | None:
        """Offer API groups to ``mod``'s arena, called once per mod before its entry chunk runs.

        Return ``{group_name: {member: value}}`` (or ``None`` to offer nothing).
        Values are Python callables (exposed as Lua functions; they receive Lua
        values converted by the VM), Lua handles of ``mod.lua``, or plain data.
        The host installs a group as a global table of that name **only if** the
        mod lists the group in its manifest ``permissions``; the special group
        ``_G`` merges its members into the globals directly and is always granted
        (``require`` comes this way).  Several plugins may add members to one
        group; if two offer the same member the first offer wins and the clash is
        logged.  A callable raises an error in the calling script with
        ``vm.lua_error(message)`` (or ``raise vm.LuaError(value)``).
        """

    @hookspec
    def moonbox_mod_loaded(self, host: Any, mod: Any) -> None:
        """``mod``'s entry chunk ran to completion; it now receives ticks and events."""

    @hookspec
    def moonbox_mod_unloaded(self, host: Any, mod: Any) -> None:
        """``mod`` was unloaded (host shutdown, reload or explicit unload), after its
        ``on_unload()`` ran.  Plugins drop per-mod state here."""

    @hookspec
    def moonbox_mod_failed(self, host: Any, mod: Any, error: BaseException) -> None:
        """``mod`` failed: its entry chunk raised, it overran its fuel for too many
        frames, it hit its memory limit, or it reached the error limit and was
        disabled.  ``error`` is the exception (a ``vm.LuaError`` or a host error);
        ``mod.stats.state`` and ``mod.stats.reason`` tell which."""

    @hookspec
    def moonbox_before_tick(self, host: Any, dt: float) -> None:
        """A frame starts; ``dt`` seconds since the previous one.  Runs before any mod."""

    @hookspec
    def moonbox_after_tick(self, host: Any, dt: float) -> None:
        """A frame ended: every mod ran its share of fuel, stats are up to date."""

    @hookspec
    def moonbox_event_emitted(self, host: Any, sender: str | None, name: str, payload: Any) -> None:
        """An event was emitted by mod ``sender`` (``None``: the game itself) with a
        plain-Python ``payload`` (already deep-copied out of the sender's arena).
        Called once per emission, before the event is queued for subscribers."""

    @hookspec
    def moonbox_mod_reloaded(self, host: Any, mod: Any, previous_version: str) -> None:
        """``mod`` was hot-reloaded: its new arena replaced the old one, its storage
        was handed over; ``previous_version`` is the version string it had before."""


def make_plugin_manager(load_entry_points: bool = True) -> pluggy.PluginManager:
    """A plugin manager with the moonbox hookspecs, and installed plugins loaded
    from the ``moonbox.plugins`` entry-point group unless told otherwise."""
    from . import ENTRY_POINT_GROUP

    pm = pluggy.PluginManager(PROJECT_NAME)
    pm.add_hookspecs(MoonboxSpec)
    if load_entry_points:
        pm.load_setuptools_entrypoints(ENTRY_POINT_GROUP)
    return pm
