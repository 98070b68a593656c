"""Built-in API groups, each a pluggy plugin like any game's own API would be.

==============  ==========================================================================
``log``         ``log.debug/info/warn/error(...)`` to the host log, prefixed ``[mod]``
``events``      ``events.emit(name, payload)``, ``events.subscribe(name)``, ``unsubscribe``;
                the host calls the mod's ``on_event(name, payload)``
``storage``     a per-mod table of plain data, saved and restored by the host
``require``     (always granted) ``require "a.b"`` loads ``a/b.lua`` from the mod's folder
==============  ==========================================================================
"""
from __future__ import annotations

from .events import EventBus
from .log import LogApi
from .modrequire import RequireApi
from .storage import Storage

__all__ = ["EventBus", "LogApi", "RequireApi", "Storage"]
