"""moonbox framework: a pluggy host that runs sandboxed Lua mods inside a Python game.

Layers: ``framework`` uses only the public API of ``vm`` (``vm/__init__.py``) plus
pluggy, PyYAML and watchdog.  Modules, one concern each:

- :mod:`framework.semver`       versions and version constraints
- :mod:`framework.manifest`     ``mod.yaml`` schema and validation, finding mods
- :mod:`framework.resolve`      dependency graph, rejections, load order
- :mod:`framework.hookspecs`    every pluggy hook the host calls
- :mod:`framework.plain`        plain data: the only values that cross arenas or reach disk
- :mod:`framework.mod`          one loaded mod: arena, executors, state, stats
- :mod:`framework.determinism`  seeded random and tick clock for replays/lockstep
- :mod:`framework.host`         the tick loop, event delivery, error isolation, save/load, reload
- :mod:`framework.reload`       watchdog observer → debounced queue → reload between frames
- :mod:`framework.api`          built-in API groups (log, events, storage, require), themselves plugins
- :mod:`framework.__main__`     the ``run``/``check``/``new`` command line
"""
from __future__ import annotations

__all__ = ["PROJECT_NAME", "ENTRY_POINT_GROUP"]

#: The pluggy project name (markers are ``hookspec``/``hookimpl`` of this name).
PROJECT_NAME = "moonbox"
#: Entry-point group where installed packages advertise host plugins.
ENTRY_POINT_GROUP = "moonbox.plugins"
