"""The ``log`` API group: ``log.debug/info/warn/error(...)`` into the host log.

Arguments are formatted like Lua's ``print`` (``tostring`` of each, tab-separated)
and every line is prefixed with the mod's name, so a log shows who said what.
"""
from __future__ import annotations

import logging
import math
from typing import Any, Callable

from ..hookspecs import hookimpl
from ..plain import lua_type_name

__all__ = ["LogApi", "lua_tostring"]


def lua_tostring(value: Any) -> str:
    """Approximate Lua's ``tostring`` for values arriving in Python."""
    if value is None:
        return "nil"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        if math.isnan(value):
            return "nan"
        text = "%.14g" % value
        return text if any(c in text for c in ".eni") else text + ".0"
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, str):
        return value
    return f"{lua_type_name(value)}: 0x{id(value):08x}"


class LogApi:
    """Plugin offering the ``log`` group."""

    LEVELS = {"debug": logging.DEBUG, "info": logging.INFO, "warn": logging.WARNING,
              "error": logging.ERROR}

    @hookimpl
    def moonbox_register_api(self, host: Any, mod: Any) -> dict[str, dict[str, Callable[..., None]]]:
        def make(level: int) -> Callable[..., None]:
            def log(*args: Any) -> None:
                mod.log(level, "\t".join(lua_tostring(a) for a in args))
            return log
        return {"log": {name: make(level) for name, level in self.LEVELS.items()}}
