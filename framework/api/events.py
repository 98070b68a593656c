"""The ``events`` API group and the event bus between mods (and the game).

``events.emit(name, payload)`` copies ``payload`` out of the sender's arena as plain
data at once (so later changes by the sender are not seen), tells plugins through
``moonbox_event_emitted`` and queues it.  At the start of the next frame the host
delivers every queued event to the subscribers' job queues, and each receiver gets
its own fresh copy of the payload in its own arena when its ``on_event`` runs — on
its own fuel, never inside the sender's.  Delivery at the next frame (not at once)
makes the outcome independent of the mods' order within a frame.

``events.subscribe("*")`` receives every event.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import vm

from ..hookspecs import hookimpl
from ..plain import PlainDataError, to_plain

__all__ = ["Event", "EventBus", "WILDCARD"]

WILDCARD = "*"


@dataclass(frozen=True)
class Event:
    """An emitted event; ``sender`` is a mod name or ``None`` for the game."""

    sender: str | None
    name: str
    payload: Any


def _event_name(value: Any) -> str:
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    if not isinstance(value, str) or not value:
        vm.lua_error("event name must be a non-empty string", 2)
    return value


class EventBus:
    """Plugin offering the ``events`` group; owns subscriptions and the queue of events."""

    def __init__(self, max_events_per_tick: int = 1000):
        self.max_events_per_tick = max_events_per_tick
        self._subscribers: dict[str, dict[Any, None]] = {}  # event -> ordered set of mods
        self._pending: list[Event] = []
        self._emitted_this_tick: dict[str | None, int] = {}

    # -- the Lua-facing API -------------------------------------------------------------

    @hookimpl
    def moonbox_register_api(self, host: Any, mod: Any) -> dict[str, dict[str, Callable[..., Any]]]:
        def emit(event: Any, payload: Any = None) -> None:
            self.emit(host, mod.name, _event_name(event), payload)

        def subscribe(event: Any) -> None:
            self.subscribe(mod, _event_name(event))

        def unsubscribe(event: Any) -> None:
            self.unsubscribe(mod, _event_name(event))

        return {"events": {"emit": emit, "subscribe": subscribe, "unsubscribe": unsubscribe}}

    @hookimpl
    def moonbox_mod_unloaded(self, host: Any, mod: Any) -> None:
        self.forget(mod)

    @hookimpl
    def moonbox_before_tick(self, host: Any, dt: float) -> None:
        self._emitted_this_tick.clear()

    # -- the bus ------------------------------------------------------------------------

    def emit(self, host: Any, sender: str | None, name: str, payload: Any) -> Event:
        """Copy ``payload`` to plain data and queue the event for the next delivery.

        Raises ``vm.LuaError`` (seen by the sending mod) if the payload is not plain
        data or the sender emitted too many events this frame."""
        count = self._emitted_this_tick.get(sender, 0) + 1
        if sender is not None and count > self.max_events_per_tick:
            vm.lua_error(f"too many events in one frame (limit {self.max_events_per_tick})", 2)
        self._emitted_this_tick[sender] = count
        try:
            plain = to_plain(payload, "payload")
        except PlainDataError as exc:
            vm.lua_error(f"events.emit('{name}'): {exc}", 2)
        event = Event(sender, name, plain)
        host.plugins.hook.moonbox_event_emitted(host=host, sender=sender, name=name, payload=plain)
        self._pending.append(event)
        return event

    # Subscriptions belong to a mod *object* (one arena), not to a name: during a hot
    # reload the old and the new arena of one mod coexist, and a failed new version
    # must take its subscriptions with it.

    def subscribe(self, mod: Any, event: str) -> None:
        self._subscribers.setdefault(event, {})[mod] = None

    def unsubscribe(self, mod: Any, event: str) -> None:
        self._subscribers.get(event, {}).pop(mod, None)

    def forget(self, mod: Any) -> None:
        """Drop every subscription of ``mod``."""
        for subs in self._subscribers.values():
            subs.pop(mod, None)

    def subscribers(self, event: str) -> list[Any]:
        """Mods subscribed to ``event`` (directly or through ``*``), each once, in
        subscription order."""
        found = dict(self._subscribers.get(event, {}))
        found.update(self._subscribers.get(WILDCARD, {}))
        return list(found)

    def subscriptions(self, mod: Any) -> list[str]:
        """Event names ``mod`` is subscribed to, sorted."""
        return sorted(e for e, subs in self._subscribers.items() if mod in subs)

    def drain(self) -> list[Event]:
        """Take every queued event, oldest first."""
        events, self._pending = self._pending, []
        return events
