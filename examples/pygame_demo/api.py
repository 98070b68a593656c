"""The game's API for mods: the ``entities`` and ``game`` groups, as one pluggy plugin.

Design (batching, low overhead): every entity a mod owns has a *record* — a plain Lua
table in the mod's own arena (``e.id``, ``e.kind``, ``e.x``, ``e.y``, ``e.vx``,
``e.vy``, ``e.hp`` ...).  Before the mods run (``moonbox_before_tick``) the game writes
the current position, velocity and hit points into each record; the mod's single
``on_tick(dt)`` walks ``entities.mine()`` and writes ``e.vx`` / ``e.vy`` (and optionally
``e.angle``); after the mods ran (``moonbox_after_tick``) the game reads them back.
So a frame costs **one Lua call per mod**, plus a handful of table writes per entity
done from Python — no Python↔Lua call per entity.  Mods may keep their own fields in
the records (``e.timer``, ``e.phase``); they survive hot reloads (plain data only).

A mod can only steer entities it spawned; everything else it sees through read-only
snapshots (``entities.nearby``, ``entities.position``) and events.
"""
from __future__ import annotations

import math
from typing import Any

import vm
from framework.hookspecs import hookimpl
from framework.mod import ModState
from framework.plain import PlainDataError, to_plain

from .world import SHAPES, TEAMS, Entity, World, parse_color

__all__ = ["MAX_ENTITIES", "MAX_PER_MOD", "RESERVED_FIELDS", "EntitiesPlugin", "ModSide"]

MAX_PER_MOD = 400          # entities one mod may own
MAX_ENTITIES = 1000        # in the whole arena
MAX_STATUS = 8             # top-bar entries mods may set
FADE_SECONDS = 0.6         # entities of an unloaded mod fade out this long

# Fields the game owns in a record (written by the game; not copied across reloads).
RESERVED_FIELDS = frozenset(("id", "kind", "team", "owner", "x", "y", "vx", "vy", "hp", "alive", "radius",
                             "angle"))
K_X, K_Y, K_VX, K_VY, K_HP, K_ANGLE, K_ALIVE, K_ID = (b"x", b"y", b"vx", b"vy", b"hp", b"angle", b"alive",
                                                      b"id")

# Helpers written in Lua (no boundary crossing): they run in the mod's arena.
_HELPERS_LUA = """
local position_of = ...
local type = type
local H = {}
function H.set_velocity(e, vx, vy)
  e.vx, e.vy = vx, vy
end
function H.position(e)
  if type(e) == "table" then return e.x, e.y end
  return position_of(e)
end
function H.steer(e, tx, ty, speed, turn, dt)
  -- accelerate towards (tx, ty) at `speed`, blending the velocity by `turn` per second
  local dx, dy = tx - e.x, ty - e.y
  local d = (dx * dx + dy * dy) ^ 0.5 + 1e-9
  local k = turn * dt
  if k > 1 then k = 1 end
  e.vx = e.vx + (dx / d * speed - e.vx) * k
  e.vy = e.vy + (dy / d * speed - e.vy) * k
  return d
end
return H
"""


def _number(value: Any, name: str, default: float | None = None) -> float:
    if value is None and default is not None:
        return default
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        vm.lua_error(f"{name} must be a finite number", 3)
    return float(value)


class ModSide:
    """The game's view of one mod arena: its record list and the entities it steers."""

    __slots__ = ("adopt", "dirty", "ents", "list", "lua", "mod")

    def __init__(self, mod: Any):
        self.mod = mod
        self.lua: vm.Lua = mod.lua
        self.list: vm.LuaTable = self.lua.table()
        self.ents: list[Entity] = []
        self.dirty = False
        self.adopt: dict[int, Any] = {}   # entity id -> record prepared for a reload

    @property
    def active(self) -> bool:
        return self.mod.state.active or self.mod.state is ModState.LOADING


class EntitiesPlugin:
    """Offers ``entities`` and ``game`` to mods that ask for them; syncs records each frame."""

    def __init__(self, world: World):
        self.world = world
        self.sides: dict[Any, ModSide] = {}   # Mod object -> its side (one per arena)
        self.sync_seconds = 0.0               # time spent copying records in/out last frame

    # -- hooks ---------------------------------------------------------------------------

    @hookimpl
    def moonbox_register_api(self, host: Any, mod: Any) -> dict[str, dict[str, Any]]:
        side = ModSide(mod)
        self.sides[mod] = side
        self._prepare_adoption(side)
        world, lua = self.world, mod.lua
        helpers = lua.execute(lua.load(_HELPERS_LUA, "=[entities helpers]"),
                              lua.function(self._position_of, "position"))

        def spawn(kind: Any, x: Any, y: Any, opts: Any = None) -> Any:
            return self._spawn(side, kind, x, y, opts)

        def mine() -> Any:
            return side.list

        def get(eid: Any) -> Any:
            e = world.entities.get(eid) if isinstance(eid, int) else None
            return e.rec if e is not None and e.side is side else None

        def despawn(target: Any) -> bool:
            e = self._own(side, target)
            if e is None:
                return False
            world.remove(e)
            self._detach(e)
            return True

        def nearby(x: Any, y: Any, radius: Any, what: Any = None, limit: Any = None) -> Any:
            found = world.nearby(_number(x, "x"), _number(y, "y"), _number(radius, "radius"),
                                 what if isinstance(what, str) else None,
                                 int(limit) if isinstance(limit, (int, float)) and limit > 0 else 32)
            return lua.table_from([{"id": e.id, "kind": e.kind, "team": e.team, "owner": e.owner,
                                    "x": e.x, "y": e.y, "vx": e.vx, "vy": e.vy, "dist": d}
                                   for d, e in found])

        def count(what: Any = None) -> int:
            return world.count(what if isinstance(what, str) else None)

        def burst(x: Any, y: Any, opts: Any = None) -> int:
            o = opts if isinstance(opts, vm.LuaTable) else {}
            angle = o.get("angle")
            return world.burst(_number(x, "x"), _number(y, "y"), int(_number(o.get("count"), "count", 16)),
                               parse_color(_plain(o.get("color")), (255, 200, 120)),
                               speed=min(_number(o.get("speed"), "speed", 180.0), 1200.0),
                               life=min(max(_number(o.get("life"), "life", 0.7), 0.05), 4.0),
                               size=min(max(_number(o.get("size"), "size", 3.0), 1.0), 12.0),
                               drag=min(max(_number(o.get("drag"), "drag", 2.5), 0.0), 20.0),
                               angle=None if angle is None else _number(angle, "angle"),
                               spread=_number(o.get("spread"), "spread", math.tau))

        def sound(name: Any, x: Any = None, y: Any = None) -> None:
            world.sound(str(name)[:24], _number(x, "x", world.player.x), _number(y, "y", world.player.y))

        entities = {"spawn": spawn, "mine": mine, "get": get, "despawn": despawn, "nearby": nearby,
                    "count": count, "burst": burst, "sound": sound,
                    "set_velocity": helpers["set_velocity"], "position": helpers["position"],
                    "steer": helpers["steer"]}

        def player() -> tuple[float, float, float, float, int]:
            p = world.player
            return p.x, p.y, p.vx, p.vy, p.shield

        def size() -> tuple[int, int]:
            return world.width, world.height

        def now() -> float:
            return world.time

        def announce(text: Any, seconds: Any = 2.0) -> None:
            world.announce(str(_plain(text))[:60], _number(seconds, "seconds", 2.0))

        def status(key: Any, value: Any = None) -> None:
            key = str(_plain(key))[:16]
            if value is None:
                world.status.pop(key, None)
            elif key in world.status or len(world.status) < MAX_STATUS:
                v = _plain(value)
                world.status[key] = (f"{v:,.0f}" if isinstance(v, float) and v.is_integer()
                                     else f"{v:,}" if isinstance(v, int) and not isinstance(v, bool)
                                     else str(v))[:40]

        game = {"player": player, "size": size, "time": now, "announce": announce, "status": status}
        return {"entities": entities, "game": game}

    @hookimpl
    def moonbox_mod_loaded(self, host: Any, mod: Any) -> None:
        side = self.sides.get(mod)
        if side is None:
            return
        for eid, rec in side.adopt.items():  # a reload: take over the entities of the old version
            e = self.world.entities.get(eid)
            if e is None or not e.alive:
                continue
            if e.side is not None and e.side is not side:
                self._detach(e)
            e.side, e.rec, e.stalled, e.dying = side, rec, False, 0.0
            side.ents.append(e)
        side.adopt = {}
        side.dirty = True

    @hookimpl
    def moonbox_mod_unloaded(self, host: Any, mod: Any) -> None:
        side = self.sides.pop(mod, None)
        if side is None:
            return
        replaced_candidate = host.mods.get(mod.name) is not mod
        for e in list(side.ents):
            if e.side is not side:
                continue
            if replaced_candidate:      # a new version that failed to load: drop what it spawned
                self.world.remove(e)
            self._detach(e)

    @hookimpl
    def moonbox_mod_failed(self, host: Any, mod: Any, error: BaseException) -> None:
        side = self.sides.get(mod)
        if side is not None:
            for e in side.ents:
                e.stalled = True

    @hookimpl
    def moonbox_before_tick(self, host: Any, dt: float) -> None:
        import time
        t0 = time.perf_counter()
        mods = host.mods
        for e in list(self.world.entities.values()):
            side = e.side
            if side is None:
                if e.dying <= 0:
                    owner = mods.get(e.owner)
                    if owner is None or owner.state is ModState.UNLOADED:
                        e.dying = FADE_SECONDS
                e.stalled = True
            else:
                e.stalled = not side.mod.state.active
        for side in self.sides.values():
            if not side.mod.state.active:
                continue
            if side.dirty:
                self._rebuild(side)
            for e in side.ents:
                rec = e.rec
                rec[K_X] = e.x
                rec[K_Y] = e.y
                rec[K_VX] = e.vx
                rec[K_VY] = e.vy
                rec[K_HP] = e.hp
        self.sync_seconds = time.perf_counter() - t0

    @hookimpl
    def moonbox_after_tick(self, host: Any, dt: float) -> None:
        import time
        t0 = time.perf_counter()
        for side in self.sides.values():
            if not side.mod.state.active:
                continue
            for e in side.ents:
                rec = e.rec
                vx, vy = rec.get(K_VX), rec.get(K_VY)
                if vx.__class__ in (float, int) and vy.__class__ in (float, int):
                    if math.isfinite(vx) and math.isfinite(vy):
                        e.vx, e.vy = float(vx), float(vy)
                a = rec.get(K_ANGLE)
                e.angle = float(a) if a.__class__ in (float, int) and math.isfinite(a) else None
        self.sync_seconds += time.perf_counter() - t0

    # -- called by the game ----------------------------------------------------------------

    def entities_removed(self, removed: list[Entity]) -> None:
        """The world removed these (killed, collected, faded): drop them from their lists."""
        for e in removed:
            self._detach(e)

    def counts(self) -> dict[str, int]:
        """Live entities per owner mod name."""
        out: dict[str, int] = {}
        for e in self.world.entities.values():
            out[e.owner] = out.get(e.owner, 0) + 1
        return out

    # -- internals -------------------------------------------------------------------------

    def _position_of(self, eid: Any) -> tuple[float, float] | None:
        e = self.world.entities.get(eid) if isinstance(eid, int) else None
        return (e.x, e.y) if e is not None else None

    def _own(self, side: ModSide, target: Any) -> Entity | None:
        eid = target.get("id") if isinstance(target, vm.LuaTable) else target
        e = self.world.entities.get(eid) if isinstance(eid, int) and not isinstance(eid, bool) else None
        if e is None:
            return None
        if e.side is not side:
            vm.lua_error(f"entity {eid} belongs to mod '{e.owner}', not to you", 3)
        return e

    def _detach(self, e: Entity) -> None:
        side = e.side
        if side is None:
            return
        if e.rec is not None:
            e.saved = _custom_fields(e.rec)
            if not e.alive:
                try:
                    e.rec[K_ALIVE] = False
                except Exception:
                    pass
        e.side, e.rec = None, None
        side.dirty = True

    def _rebuild(self, side: ModSide) -> None:
        side.ents = [e for e in side.ents if e.alive and e.side is side]
        t = side.list
        old = t.length()
        for i, e in enumerate(side.ents, 1):
            t[i] = e.rec
        for i in range(old, len(side.ents), -1):
            t[i] = None
        side.dirty = False

    def _new_record(self, side: ModSide, e: Entity, custom: dict[str, Any]) -> Any:
        fields = dict(custom)
        fields.update(id=e.id, kind=e.kind, team=e.team, owner=e.owner, x=e.x, y=e.y, vx=e.vx, vy=e.vy,
                      hp=e.hp, alive=True, radius=e.radius)
        if e.angle is not None:
            fields["angle"] = e.angle
        return side.lua.table_from(fields)

    def _prepare_adoption(self, side: ModSide) -> None:
        """A (re)loading mod gets records for the entities its name already owns,
        with their custom fields; it takes them over once it loaded successfully."""
        for e in self.world.entities.values():
            if e.owner != side.mod.name or not e.alive:
                continue
            custom = _custom_fields(e.rec) if e.rec is not None else e.saved
            rec = self._new_record(side, e, custom)
            side.adopt[e.id] = rec
            side.list[side.list.length() + 1] = rec

    def _spawn(self, side: ModSide, kind: Any, x: Any, y: Any, opts: Any) -> Any:
        if side.mod not in self.sides:
            vm.lua_error("this mod was unloaded", 3)
        if not isinstance(kind, str) or not kind or len(kind) > 32:
            vm.lua_error("bad argument #1 to 'spawn' (kind: a string of 1..32 characters)", 3)
        x, y = _number(x, "x"), _number(y, "y")
        mine = sum(1 for e in side.ents if e.alive and e.side is side)
        if mine >= MAX_PER_MOD:
            vm.lua_error(f"entity limit reached ({MAX_PER_MOD} per mod)", 3)
        if len(self.world.entities) >= MAX_ENTITIES:
            vm.lua_error(f"the arena is full ({MAX_ENTITIES} entities)", 3)
        o = opts if isinstance(opts, vm.LuaTable) else {}
        team = o.get("team") or "enemy"
        if team not in TEAMS:
            vm.lua_error(f"team must be one of {', '.join(TEAMS)}", 3)
        shape = o.get("shape") or "circle"
        if shape not in SHAPES:
            vm.lua_error(f"shape must be one of {', '.join(SHAPES)}", 3)
        e = self.world.spawn(side.mod.name, kind, x, y)
        e.team, e.shape = team, shape
        e.color = parse_color(_plain(o.get("color")), e.color)
        e.radius = min(max(_number(o.get("radius"), "radius", 10.0), 2.0), 40.0)
        e.hp = e.max_hp = int(min(max(_number(o.get("hp"), "hp", 1.0), 1.0), 1000.0))
        e.speed = min(max(_number(o.get("speed"), "speed", 200.0), 0.0), 600.0)
        e.value = int(_number(o.get("value"), "value", 10.0))
        e.glow = min(max(_number(o.get("glow"), "glow", 1.0), 0.0), 3.0)
        e.damage = int(min(max(_number(o.get("damage"), "damage", 1.0), 0.0), 5.0))
        e.vx, e.vy = _number(o.get("vx"), "vx", 0.0), _number(o.get("vy"), "vy", 0.0)
        if o.get("angle") is not None:
            e.angle = _number(o.get("angle"), "angle")
        try:
            rec = self._new_record(side, e, {})
        except BaseException:
            self.world.remove(e)
            raise
        e.side, e.rec = side, rec
        side.ents.append(e)
        side.list[side.list.length() + 1] = rec
        return rec


def _plain(value: Any) -> Any:
    if isinstance(value, vm.LuaTable):
        try:
            return value.to_python(max_items=64, max_depth=3)
        except ValueError:
            return None
    return value


def _custom_fields(rec: Any) -> dict[str, Any]:
    """The mod's own plain fields of a record (kept across a reload)."""
    out: dict[str, Any] = {}
    try:
        items = rec.items()
    except Exception:
        return out
    for k, v in items:
        if not isinstance(k, str) or k in RESERVED_FIELDS:
            continue
        try:
            out[k] = to_plain(v, k)
        except (PlainDataError, Exception):
            continue
    return out
