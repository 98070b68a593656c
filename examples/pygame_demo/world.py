"""The arena simulation, in plain Python (no pygame): entities, player, bullets, particles.

The world is authoritative for positions and collisions; mods only *steer* the
entities they own (they set velocities through the ``entities`` API, see
:mod:`examples.pygame_demo.api`).  One :meth:`World.step` advances everything by a
fixed ``dt`` and collects game events (``entity_killed``, ``pickup_collected``,
``player_hit`` ...) that the game forwards to the mods.

Everything random comes from one ``random.Random(seed)``, so a run is reproducible.
"""
from __future__ import annotations

import math
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "HEIGHT",
    "SHAPES",
    "TEAMS",
    "WIDTH",
    "Bullet",
    "Entity",
    "Particle",
    "Player",
    "World",
    "autopilot",
    "parse_color",
]

WIDTH, HEIGHT = 1280, 720
TEAMS = ("enemy", "pickup", "neutral")
SHAPES = ("circle", "triangle", "diamond", "square", "ring", "star", "dart")
GRID = 64                       # spatial hash cell size (px)
MAX_PARTICLES = 2500
PLAYER_RADIUS = 13
PLAYER_SPEED = 330.0
PLAYER_ACCEL = 2200.0
BULLET_SPEED = 900.0
FIRE_INTERVAL = 0.15
FIRE_RANGE = 520.0


def parse_color(value: Any, default: tuple[int, int, int] = (200, 200, 255)) -> tuple[int, int, int]:
    """``"#ff3366"`` / ``"ff3366"`` / ``{r, g, b}`` (a list or a dict r/g/b) → an RGB tuple."""
    try:
        if isinstance(value, str):
            text = value.lstrip("#")
            if len(text) == 3:
                text = "".join(c * 2 for c in text)
            if len(text) == 6:
                return (int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16))
        elif isinstance(value, (list, tuple)) and len(value) >= 3:
            return tuple(max(0, min(255, int(v))) for v in value[:3])  # type: ignore[return-value]
        elif isinstance(value, dict):
            return tuple(max(0, min(255, int(value.get(k, 0)))) for k in "rgb")  # type: ignore[return-value]
    except (TypeError, ValueError):
        pass
    return default


class Entity:
    """A scripted thing in the arena, owned (steered) by one mod."""

    __slots__ = (
        "age",
        "alive",
        "angle",
        "color",
        "damage",
        "dying",
        "flash",
        "glow",
        "hp",
        "id",
        "kind",
        "max_hp",
        "owner",
        "radius",
        "rec",
        "saved",
        "shape",
        "side",
        "speed",
        "stalled",
        "team",
        "value",
        "vx",
        "vy",
        "x",
        "y",
    )

    def __init__(self, eid: int, owner: str, kind: str, x: float, y: float):
        self.id = eid
        self.kind = kind
        self.owner = owner
        self.team = "enemy"
        self.x, self.y = x, y
        self.vx = self.vy = 0.0
        self.angle: float | None = None   # None: follow the velocity
        self.radius = 10.0
        self.color = (255, 80, 120)
        self.shape = "circle"
        self.hp = self.max_hp = 1
        self.speed = 200.0                # max speed, px/s
        self.value = 10                   # score value (for the rules mod)
        self.glow = 1.0
        self.damage = 1
        self.alive = True
        self.age = 0.0
        self.flash = 0.0                  # hit flash timer
        self.dying = 0.0                  # > 0: fading out after its mod went away
        self.stalled = False              # its mod stopped (overrun/disabled): drifts, grey
        self.rec: Any = None              # its Lua record in the controlling arena
        self.side: Any = None             # the controlling ModSide (api.py)
        self.saved: dict[str, Any] = {}   # custom record fields kept across reloads

    @property
    def heading(self) -> float:
        if self.angle is not None:
            return self.angle
        if self.vx or self.vy:
            return math.atan2(self.vy, self.vx)
        return 0.0

    def __repr__(self) -> str:
        return f"<Entity {self.id} {self.owner}/{self.kind} ({self.x:.0f},{self.y:.0f})>"


@dataclass
class Player:
    x: float = WIDTH / 2
    y: float = HEIGHT / 2
    vx: float = 0.0
    vy: float = 0.0
    angle: float = -math.pi / 2
    shield: int = 5
    max_shield: int = 5
    invulnerable: float = 2.0
    fire_cooldown: float = 0.0
    thrust: float = 0.0
    deaths: int = 0
    kills: int = 0
    trail: list[tuple[float, float]] = field(default_factory=list)


class Particle:
    __slots__ = ("color", "drag", "life", "max_life", "size", "vx", "vy", "x", "y")

    def __init__(self, x: float, y: float, vx: float, vy: float, life: float,
                 color: tuple[int, int, int], size: float, drag: float):
        self.x, self.y, self.vx, self.vy = x, y, vx, vy
        self.life = self.max_life = life
        self.color = color
        self.size = size
        self.drag = drag


class Bullet:
    __slots__ = ("life", "vx", "vy", "x", "y")

    def __init__(self, x: float, y: float, vx: float, vy: float):
        self.x, self.y, self.vx, self.vy, self.life = x, y, vx, vy, 0.9


class World:
    """All game state.  ``step(dt, (ax, ay))`` advances it; ``events`` collects what
    happened for the mods (drained by the game after each step)."""

    def __init__(self, seed: int = 0, width: int = WIDTH, height: int = HEIGHT):
        self.rng = random.Random(seed)
        self.width, self.height = width, height
        self.entities: dict[int, Entity] = {}
        self.next_id = 1
        self.player = Player(width / 2, height / 2)
        self.bullets: list[Bullet] = []
        self.particles: list[Particle] = []
        self.events: list[tuple[str, dict[str, Any]]] = []
        self.sounds: list[tuple[str, float, float]] = []
        self.announcements: list[tuple[str, float]] = []  # (text, seconds left)
        self.status: dict[str, str] = {}                  # shown in the top bar (set by mods)
        self.time = 0.0
        self.frame = 0
        self.shake = 0.0
        self.player_fires = True
        self.player_invincible = False
        self._grid: dict[tuple[int, int], list[Entity]] = {}
        self.removed: list[Entity] = []                   # removed during the last step

    # -- entities ------------------------------------------------------------------------

    def spawn(self, owner: str, kind: str, x: float, y: float) -> Entity:
        e = Entity(self.next_id, owner, kind, min(max(x, 0.0), self.width), min(max(y, 0.0), self.height))
        self.next_id += 1
        self.entities[e.id] = e
        return e

    def remove(self, e: Entity) -> None:
        if self.entities.pop(e.id, None) is not None:
            e.alive = False
            self.removed.append(e)

    def live(self) -> Iterator[Entity]:
        return iter(list(self.entities.values()))

    def owned_by(self, owner: str) -> list[Entity]:
        return [e for e in self.entities.values() if e.owner == owner]

    def count(self, what: str | None = None) -> int:
        if not what:
            return len(self.entities)
        return sum(1 for e in self.entities.values() if (e.team == what or e.kind == what) and not e.dying)

    def _build_grid(self) -> None:
        grid: dict[tuple[int, int], list[Entity]] = {}
        for e in self.entities.values():
            grid.setdefault((int(e.x) // GRID, int(e.y) // GRID), []).append(e)
        self._grid = grid

    def nearby(self, x: float, y: float, radius: float, what: str | None = None,
               limit: int = 32) -> list[tuple[float, Entity]]:
        """Entities within ``radius`` of (x, y), nearest first: ``[(distance, entity)]``.
        ``what`` filters by team or kind."""
        radius = max(0.0, min(float(radius), 2000.0))
        r2 = radius * radius
        out = []
        c0, c1 = int(x - radius) // GRID, int(x + radius) // GRID
        r0, r1 = int(y - radius) // GRID, int(y + radius) // GRID
        grid = self._grid
        for cx in range(c0, c1 + 1):
            for cy in range(r0, r1 + 1):
                for e in grid.get((cx, cy), ()):
                    if not e.alive or e.dying or (what and e.team != what and e.kind != what):
                        continue
                    dx, dy = e.x - x, e.y - y
                    d2 = dx * dx + dy * dy
                    if d2 <= r2:
                        out.append((math.sqrt(d2), e))
        out.sort(key=lambda p: (p[0], p[1].id))
        return out[:limit]

    # -- effects -------------------------------------------------------------------------

    def burst(self, x: float, y: float, count: int = 16, color: tuple[int, int, int] = (255, 200, 120),
              speed: float = 180.0, life: float = 0.7, size: float = 3.0, drag: float = 2.5,
              angle: float | None = None, spread: float = math.tau) -> int:
        count = max(0, min(int(count), 128, MAX_PARTICLES - len(self.particles)))
        rng = self.rng
        for _ in range(count):
            a = (angle if angle is not None else 0.0) + (rng.random() - 0.5) * spread
            s = speed * (0.25 + 0.75 * rng.random())
            self.particles.append(Particle(x, y, math.cos(a) * s, math.sin(a) * s,
                                           life * (0.5 + 0.5 * rng.random()), color, size, drag))
        return count

    def sound(self, name: str, x: float, y: float) -> None:
        if len(self.sounds) < 32:
            self.sounds.append((name, x, y))

    def announce(self, text: str, seconds: float = 2.0) -> None:
        self.announcements = [(text, max(0.3, min(float(seconds), 10.0)))]

    def emit(self, name: str, **payload: Any) -> None:
        self.events.append((name, payload))

    # -- the step ------------------------------------------------------------------------

    def step(self, dt: float, control: tuple[float, float]) -> None:
        self.time += dt
        self.frame += 1
        self.removed = []
        self._move_player(dt, control)
        self._move_entities(dt)
        self._build_grid()
        self._fire(dt)
        self._move_bullets(dt)
        self._collide_player()
        self._move_particles(dt)
        self.shake = max(0.0, self.shake - dt * 3.0)
        self.announcements = [(t, s - dt) for t, s in self.announcements if s - dt > 0]

    def _move_player(self, dt: float, control: tuple[float, float]) -> None:
        p = self.player
        ax, ay = control
        n = math.hypot(ax, ay)
        if n > 1.0:
            ax, ay = ax / n, ay / n
        p.thrust = min(1.0, n)
        p.vx += ax * PLAYER_ACCEL * dt
        p.vy += ay * PLAYER_ACCEL * dt
        damp = math.exp(-4.0 * dt)
        p.vx *= damp
        p.vy *= damp
        sp = math.hypot(p.vx, p.vy)
        if sp > PLAYER_SPEED:
            p.vx, p.vy = p.vx / sp * PLAYER_SPEED, p.vy / sp * PLAYER_SPEED
        p.x = min(max(p.x + p.vx * dt, PLAYER_RADIUS), self.width - PLAYER_RADIUS)
        p.y = min(max(p.y + p.vy * dt, PLAYER_RADIUS), self.height - PLAYER_RADIUS)
        if sp > 20:
            target = math.atan2(p.vy, p.vx)
            diff = (target - p.angle + math.pi) % math.tau - math.pi
            p.angle += diff * min(1.0, 10 * dt)
        p.invulnerable = max(0.0, p.invulnerable - dt)
        p.trail.append((p.x, p.y))
        if len(p.trail) > 14:
            del p.trail[0]

    def _move_entities(self, dt: float) -> None:
        w, h = self.width, self.height
        for e in list(self.entities.values()):
            e.age += dt
            if e.flash > 0:
                e.flash -= dt
            if e.dying > 0:
                e.dying -= dt
                if e.dying <= 0:
                    self.remove(e)
                    continue
            vx, vy = e.vx, e.vy
            sp2 = vx * vx + vy * vy
            if sp2 > e.speed * e.speed:
                k = e.speed / math.sqrt(sp2)
                vx, vy = vx * k, vy * k
            x, y, r = e.x + vx * dt, e.y + vy * dt, e.radius
            if x < r:
                x, vx = r, abs(vx)
            elif x > w - r:
                x, vx = w - r, -abs(vx)
            if y < r:
                y, vy = r, abs(vy)
            elif y > h - r:
                y, vy = h - r, -abs(vy)
            e.x, e.y, e.vx, e.vy = x, y, vx, vy

    def nearest_enemy(self, x: float, y: float, radius: float) -> Entity | None:
        best, best_d = None, radius * radius
        for e in self.entities.values():
            if e.team != "enemy" or e.dying:
                continue
            d = (e.x - x) ** 2 + (e.y - y) ** 2
            if d < best_d:
                best, best_d = e, d
        return best

    def _fire(self, dt: float) -> None:
        p = self.player
        p.fire_cooldown -= dt
        if not self.player_fires or p.fire_cooldown > 0:
            return
        target = self.nearest_enemy(p.x, p.y, FIRE_RANGE)
        if target is None:
            return
        p.fire_cooldown = FIRE_INTERVAL
        # lead the target a little
        dist = math.hypot(target.x - p.x, target.y - p.y)
        t = dist / BULLET_SPEED
        tx, ty = target.x + target.vx * t, target.y + target.vy * t
        a = math.atan2(ty - p.y, tx - p.x) + (self.rng.random() - 0.5) * 0.05
        self.bullets.append(Bullet(p.x + math.cos(a) * 16, p.y + math.sin(a) * 16,
                                   math.cos(a) * BULLET_SPEED + p.vx * 0.3, math.sin(a) * BULLET_SPEED + p.vy * 0.3))
        self.sound("shot", p.x, p.y)

    def _move_bullets(self, dt: float) -> None:
        grid = self._grid
        keep = []
        for b in self.bullets:
            b.x += b.vx * dt
            b.y += b.vy * dt
            b.life -= dt
            if b.life <= 0 or not (0 <= b.x <= self.width and 0 <= b.y <= self.height):
                continue
            hit = None
            cx, cy = int(b.x) // GRID, int(b.y) // GRID
            for gx in (cx - 1, cx, cx + 1):
                for gy in (cy - 1, cy, cy + 1):
                    for e in grid.get((gx, gy), ()):
                        if e.team != "enemy" or not e.alive or e.dying:
                            continue
                        rr = e.radius + 3
                        if (e.x - b.x) ** 2 + (e.y - b.y) ** 2 <= rr * rr:
                            hit = e
                            break
                    if hit:
                        break
                if hit:
                    break
            if hit is None:
                keep.append(b)
                continue
            hit.hp -= 1
            hit.flash = 0.08
            self.burst(b.x, b.y, 4, (255, 255, 255), speed=120, life=0.25, size=2,
                       angle=math.atan2(-b.vy, -b.vx), spread=1.6)
            if hit.hp <= 0:
                self.kill(hit, "bullet")
        self.bullets = keep

    def kill(self, e: Entity, by: str) -> None:
        """An enemy destroyed (by a bullet or by ramming the player)."""
        if not e.alive:
            return
        self.remove(e)
        self.player.kills += 1
        self.shake = min(1.0, self.shake + 0.12)
        self.emit("entity_killed", id=e.id, kind=e.kind, owner=e.owner, x=e.x, y=e.y, value=e.value, by=by,
                  color=list(e.color))

    def _collide_player(self) -> None:
        p = self.player
        for e in list(self.entities.values()):
            if e.dying or not e.alive or e.team == "neutral":
                continue
            rr = e.radius + PLAYER_RADIUS
            if (e.x - p.x) ** 2 + (e.y - p.y) ** 2 > rr * rr:
                continue
            if e.team == "pickup":
                self.remove(e)
                self.emit("pickup_collected", id=e.id, kind=e.kind, owner=e.owner, x=e.x, y=e.y, value=e.value)
                if p.shield < p.max_shield:
                    p.shield += 1
                continue
            # an enemy rams the player
            self.kill(e, "ram")
            if p.invulnerable > 0 or self.player_invincible:
                continue
            p.shield -= e.damage
            p.invulnerable = 0.8
            self.shake = 1.0
            self.emit("player_hit", x=p.x, y=p.y, shield=p.shield, by=e.kind)
            if p.shield < 0:
                p.deaths += 1
                self.emit("player_destroyed", x=p.x, y=p.y, deaths=p.deaths)
                self.burst(p.x, p.y, 90, (120, 230, 255), speed=420, life=1.3, size=4)
                p.x, p.y, p.vx, p.vy = self.width / 2, self.height / 2, 0.0, 0.0
                p.shield = p.max_shield
                p.invulnerable = 2.5

    def _move_particles(self, dt: float) -> None:
        keep = []
        for q in self.particles:
            q.life -= dt
            if q.life <= 0:
                continue
            k = math.exp(-q.drag * dt)
            q.vx *= k
            q.vy *= k
            q.x += q.vx * dt
            q.y += q.vy * dt
            keep.append(q)
        self.particles = keep


def autopilot(world: World) -> tuple[float, float]:
    """A simple pilot for headless runs: flee close enemies, collect pickups,
    keep away from walls, keep circling the arena.  Deterministic."""
    p = world.player
    ax = ay = 0.0
    for e in world.entities.values():
        if e.dying:
            continue
        dx, dy = p.x - e.x, p.y - e.y
        d2 = dx * dx + dy * dy + 1.0
        if e.team == "enemy" and d2 < 200 * 200:
            d = math.sqrt(d2)
            w = (200 - d) / 200
            ax += dx / d * w * 2.2
            ay += dy / d * w * 2.2
        elif e.team == "pickup" and d2 < 420 * 420:
            d = math.sqrt(d2)
            ax -= dx / d * 0.9
            ay -= dy / d * 0.9
    # circle around the centre so the ship keeps moving
    cx, cy = world.width * 0.55, world.height * 0.56
    rx, ry = p.x - cx, p.y - cy
    r = math.hypot(rx, ry) + 1e-6
    ax += -ry / r * 0.6 + (210 - r) / 210 * rx / r * 0.5
    ay += rx / r * 0.6 + (210 - r) / 210 * ry / r * 0.5
    margin = 90
    if p.x < margin:
        ax += (margin - p.x) / margin * 2
    if p.x > world.width - margin:
        ax -= (p.x - world.width + margin) / margin * 2
    if p.y < margin:
        ay += (margin - p.y) / margin * 2
    if p.y > world.height - margin:
        ay -= (p.y - world.height + margin) / margin * 2
    return ax, ay
