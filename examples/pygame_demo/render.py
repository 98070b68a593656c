"""Drawing with pygame: glowing entities on a dark grid, particles, the top bar and the mod HUD.

Glow is additive blending of cached radial-gradient sprites (``BLEND_RGB_ADD``); text
surfaces are cached too, and the HUD panel is re-rendered only every few frames, so
drawing ~200 entities plus a few hundred particles stays within a few milliseconds.
"""
from __future__ import annotations

import math
import random
import time
from typing import TYPE_CHECKING, Any

import pygame

from framework.mod import ModState

from .world import PLAYER_RADIUS, Entity

if TYPE_CHECKING:
    from .game import Game

__all__ = ["STATE_COLORS", "Renderer"]

BG_TOP, BG_BOTTOM = (7, 9, 22), (13, 7, 27)
GRID_MINOR, GRID_MAJOR = (17, 22, 45), (27, 34, 68)
TEXT = (214, 222, 255)
DIM = (120, 130, 170)
STATE_COLORS = {
    "running": (70, 235, 140), "loaded": (90, 180, 255), "loading": (90, 180, 255),
    "overrun": (255, 176, 50), "disabled": (255, 70, 90), "failed": (255, 70, 90),
    "unloaded": (120, 125, 150), "off": (95, 100, 125),
}
LEVEL_COLORS = {logging_level: color for logging_level, color in
                ((10, DIM), (20, (140, 230, 170)), (30, (255, 196, 90)), (40, (255, 95, 110)), (50, (255, 95, 110)))}
HUD_REFRESH_FRAMES = 6


def _mix(a: tuple[int, int, int], b: tuple[int, int, int], t: float) -> tuple[int, int, int]:
    return (int(a[0] + (b[0] - a[0]) * t), int(a[1] + (b[1] - a[1]) * t), int(a[2] + (b[2] - a[2]) * t))


def _scale(c: tuple[int, int, int], k: float) -> tuple[int, int, int]:
    return (min(255, int(c[0] * k)), min(255, int(c[1] * k)), min(255, int(c[2] * k)))


def _fmt_k(n: float) -> str:
    if n >= 10_000:
        return f"{n / 1000:.0f}k"
    if n >= 1000:
        return f"{n / 1000:.1f}k"
    return f"{n:.0f}"


def _fmt_bytes(n: int | None) -> str:
    if n is None:
        return "-"
    if n < 1024:
        return f"{n} B"
    if n < 1024 * 1024:
        return f"{n / 1024:.0f} KiB"
    return f"{n / 1024 / 1024:.1f} MiB"


def _font(names: tuple[str, ...], size: int, bold: bool = False) -> pygame.font.Font:
    for name in names:
        path = pygame.font.match_font(name, bold=bold)
        if path:
            return pygame.font.Font(path, size)
    font = pygame.font.Font(None, int(size * 1.35))
    font.set_bold(bold)
    return font


class Renderer:
    """Draws a :class:`Game` onto ``surface`` (the display, or any surface headless)."""

    def __init__(self, surface: pygame.Surface, game: Game):
        self.surface = surface
        self.game = game
        self.w, self.h = surface.get_size()
        self.show_hud = True
        self.rng = random.Random(7)          # cosmetic only: never the world's RNG
        mono = ("dejavusansmono", "liberationmono", "menlo", "consolas", "couriernew")
        sans = ("dejavusans", "liberationsans", "helvetica", "arial")
        self.f_small = _font(mono, 12)
        self.f_hud = _font(mono, 14)
        self.f_hud_bold = _font(mono, 14, bold=True)
        self.f_status = _font(sans, 19, bold=True)
        self.f_big = _font(sans, 64, bold=True)
        self._glow: dict[tuple[Any, ...], pygame.Surface] = {}
        self._text: dict[tuple[Any, ...], pygame.Surface] = {}
        self._hud: pygame.Surface | None = None
        self._hud_frame = -999
        self._fps_times: list[float] = []
        self.fps = 0.0
        self.background = self._make_background()

    # -- caches ----------------------------------------------------------------------------

    def glow(self, color: tuple[int, int, int], radius: int) -> pygame.Surface:
        """A radial gradient sprite (black edges), for additive blending."""
        radius = max(2, min(int(radius), 96))
        key = (color[0] >> 3, color[1] >> 3, color[2] >> 3, radius)
        surf = self._glow.get(key)
        if surf is None:
            if len(self._glow) > 3000:
                self._glow.clear()
            surf = pygame.Surface((radius * 2, radius * 2))
            surf.fill((0, 0, 0))
            base = (key[0] << 3, key[1] << 3, key[2] << 3)
            steps = max(4, radius)
            for i in range(steps, 0, -1):
                t = i / steps
                k = (1.0 - t) ** 1.9
                pygame.draw.circle(surf, _scale(base, k), (radius, radius), max(1, int(radius * t)))
            self._glow[key] = surf
        return surf

    def text(self, font: pygame.font.Font, text: str, color: tuple[int, int, int]) -> pygame.Surface:
        key = (id(font), text, color)
        surf = self._text.get(key)
        if surf is None:
            if len(self._text) > 1500:
                self._text.clear()
            surf = font.render(text, True, color)
            self._text[key] = surf
        return surf

    def _make_background(self) -> pygame.Surface:
        w, h = self.w, self.h
        bg = pygame.Surface((w, h))
        for y in range(h):
            pygame.draw.line(bg, _mix(BG_TOP, BG_BOTTOM, y / h), (0, y), (w, y))
        for x in range(0, w, 40):
            pygame.draw.line(bg, GRID_MAJOR if x % 160 == 0 else GRID_MINOR, (x, 0), (x, h))
        for y in range(0, h, 40):
            pygame.draw.line(bg, GRID_MAJOR if y % 160 == 0 else GRID_MINOR, (0, y), (w, y))
        rng = random.Random(11)
        for _ in range(160):
            x, y = rng.randrange(w), rng.randrange(h)
            c = rng.choice(((60, 70, 120), (80, 90, 150), (110, 120, 190), (50, 60, 100)))
            bg.set_at((x, y), c)
        # soft nebulae
        for color, cx, cy, r in (((40, 14, 70), 0.22, 0.3, 380), ((8, 34, 70), 0.8, 0.72, 420),
                                 ((30, 10, 50), 0.7, 0.15, 260)):
            bg.blit(self.glow(color, r), (int(w * cx) - r, int(h * cy) - r), special_flags=pygame.BLEND_RGB_ADD)
        # vignette: a small darkness map scaled up, multiplied in
        small = pygame.Surface((64, 36))
        for y in range(36):
            for x in range(64):
                dx, dy = (x - 31.5) / 32, (y - 17.5) / 18
                v = max(0.0, 1.0 - 0.55 * (dx * dx + dy * dy) ** 1.4)
                small.set_at((x, y), (int(255 * v),) * 3)
        bg.blit(pygame.transform.smoothscale(small, (w, h)), (0, 0), special_flags=pygame.BLEND_RGB_MULT)
        # arena border
        pygame.draw.rect(bg, (40, 70, 130), bg.get_rect(), 2)
        return bg

    # -- frame -----------------------------------------------------------------------------

    def draw(self) -> None:
        started = time.perf_counter()
        now = time.monotonic()
        self._fps_times.append(now)
        while self._fps_times and now - self._fps_times[0] > 1.0:
            self._fps_times.pop(0)
        if len(self._fps_times) > 1:
            self.fps = (len(self._fps_times) - 1) / (self._fps_times[-1] - self._fps_times[0] + 1e-9)
        s = self.surface
        world = self.game.world
        ox = oy = 0
        if world.shake > 0:
            ox = int((self.rng.random() - 0.5) * 10 * world.shake)
            oy = int((self.rng.random() - 0.5) * 10 * world.shake)
        s.blit(self.background, (0, 0))
        self._draw_particles(ox, oy)
        self._draw_entities(ox, oy)
        self._draw_bullets(ox, oy)
        self._draw_player(ox, oy)
        self._draw_status()
        self._draw_announcement()
        if self.show_hud:
            self._draw_hud()
        self._draw_console()
        self._draw_help()
        self.game.draw_seconds = time.perf_counter() - started

    def _draw_particles(self, ox: int, oy: int) -> None:
        s, add = self.surface, pygame.BLEND_RGB_ADD
        glow = self.glow
        for q in self.game.world.particles:
            f = q.life / q.max_life
            r = int(q.size * (1.0 + 2.0 * f)) + 1
            sprite = glow(_scale(q.color, 0.35 + 0.9 * f), r)
            s.blit(sprite, (int(q.x) - r + ox, int(q.y) - r + oy), special_flags=add)

    def _entity_color(self, e: Entity) -> tuple[tuple[int, int, int], float]:
        color, k = e.color, 1.0
        if e.stalled:
            g = (color[0] + color[1] + color[2]) // 3
            color, k = _mix((g, g, g), (110, 115, 135), 0.6), 0.45
        if e.dying > 0:
            k *= max(0.0, e.dying / 0.6)
        if e.flash > 0:
            color = (255, 255, 255)
        return color, k

    def _draw_entities(self, ox: int, oy: int) -> None:
        s, add = self.surface, pygame.BLEND_RGB_ADD
        t = self.game.world.time
        for e in self.game.world.entities.values():
            color, k = self._entity_color(e)
            x, y, r = e.x + ox, e.y + oy, e.radius
            if e.glow > 0 and k > 0.05:
                gr = int(r * (1.8 + 1.6 * e.glow))
                s.blit(self.glow(_scale(color, 0.8 * k * min(e.glow, 1.5)), gr),
                       (int(x) - gr, int(y) - gr), special_flags=add)
            if e.kind == "mote" or r <= 3:
                pygame.draw.circle(s, _scale(_mix(color, (255, 255, 255), 0.5), k), (int(x), int(y)), max(1, int(r)))
                continue
            bright = _scale(_mix(color, (255, 255, 255), 0.35), k)
            fill = _scale(color, 0.28 * k)
            edge = _scale(color, k)
            shape = e.shape
            if shape == "circle":
                pulse = 1.0 + 0.08 * math.sin(t * 5 + e.id)
                rr = int(r * pulse)
                pygame.draw.circle(s, fill, (int(x), int(y)), rr)
                pygame.draw.circle(s, edge, (int(x), int(y)), rr, 2)
                pygame.draw.circle(s, bright, (int(x), int(y)), max(2, rr // 3))
                continue
            if shape == "ring":
                a0 = e.heading
                pygame.draw.circle(s, fill, (int(x), int(y)), int(r * 0.8))
                pygame.draw.circle(s, edge, (int(x), int(y)), int(r), 2)
                pygame.draw.circle(s, bright, (int(x), int(y)), int(r * 0.55), 1)
                for i in range(6):
                    a = a0 + i * math.tau / 6
                    p1 = (x + math.cos(a) * r * 1.05, y + math.sin(a) * r * 1.05)
                    p2 = (x + math.cos(a + 0.45) * r * 1.35, y + math.sin(a + 0.45) * r * 1.35)
                    pygame.draw.line(s, bright, p1, p2, 2)
                continue
            pts = _shape_points(shape, x, y, r, e.heading)
            pygame.draw.polygon(s, fill, pts)
            pygame.draw.polygon(s, edge, pts, 2)
            pygame.draw.aalines(s, bright, True, pts)
            if e.max_hp > 1 and e.hp < e.max_hp and not e.stalled:
                w = int(r * 2)
                pygame.draw.line(s, (60, 20, 30), (x - r, y + r + 5), (x - r + w, y + r + 5), 2)
                pygame.draw.line(s, edge, (x - r, y + r + 5), (x - r + w * e.hp / e.max_hp, y + r + 5), 2)

    def _draw_bullets(self, ox: int, oy: int) -> None:
        s, add = self.surface, pygame.BLEND_RGB_ADD
        sprite = self.glow((150, 120, 40), 9)
        for b in self.game.world.bullets:
            x, y = b.x + ox, b.y + oy
            s.blit(sprite, (int(x) - 9, int(y) - 9), special_flags=add)
            pygame.draw.line(s, (255, 240, 170), (x - b.vx * 0.018, y - b.vy * 0.018), (x, y), 3)

    def _draw_player(self, ox: int, oy: int) -> None:
        s, add = self.surface, pygame.BLEND_RGB_ADD
        p = self.game.world.player
        x, y = p.x + ox, p.y + oy
        n = len(p.trail)
        for i, (tx, ty) in enumerate(p.trail):
            f = (i + 1) / n
            sprite = self.glow(_scale((40, 150, 255), 0.5 * f), int(4 + 6 * f))
            s.blit(sprite, (int(tx + ox) - sprite.get_width() // 2, int(ty + oy) - sprite.get_height() // 2),
                   special_flags=add)
        s.blit(self.glow((50, 150, 255), 56), (int(x) - 56, int(y) - 56), special_flags=add)
        a = p.angle
        ca, sa = math.cos(a), math.sin(a)

        def rot(px: float, py: float) -> tuple[float, float]:
            px, py = px * 1.25, py * 1.25
            return (x + px * ca - py * sa, y + px * sa + py * ca)

        flame = 8 + 14 * p.thrust * (0.75 + 0.25 * math.sin(self.game.world.time * 40))
        fl = [rot(-9, -5), rot(-9 - flame, 0), rot(-9, 5)]
        pygame.draw.polygon(s, (255, 150, 60), fl)
        pygame.draw.polygon(s, (255, 230, 150), [rot(-9, -2.5), rot(-9 - flame * 0.55, 0), rot(-9, 2.5)])
        body = [rot(18, 0), rot(-11, -12), rot(-6, 0), rot(-11, 12)]
        blink = p.invulnerable > 0 and int(p.invulnerable * 12) % 2 == 0
        pygame.draw.polygon(s, (18, 50, 80), body)
        pygame.draw.polygon(s, (120, 230, 255) if not blink else (255, 255, 255), body, 2)
        pygame.draw.aalines(s, (220, 250, 255), True, body)
        if p.invulnerable > 0:
            pygame.draw.circle(s, (90, 200, 255), (int(x), int(y)), PLAYER_RADIUS + 9, 1)

    # -- overlays ---------------------------------------------------------------------------

    def _draw_status(self) -> None:
        world = self.game.world
        s = self.surface
        x = self.w - 16
        y = 12
        items = list(world.status.items())
        for key, value in reversed(items):
            v = self.text(self.f_status, value, (255, 255, 255))
            k = self.text(self.f_small, key.upper(), (140, 170, 255))
            x -= v.get_width()
            s.blit(v, (x, y + 12))
            s.blit(k, (x, y))
            x -= 26
        # shield pips
        p = world.player
        px = self.w - 16 - p.max_shield * 18
        lab = self.text(self.f_small, "SHIELD", (140, 170, 255))
        s.blit(lab, (px - lab.get_width() - 8, 52))
        for i in range(p.max_shield):
            rect = pygame.Rect(px + i * 18, 54, 13, 9)
            if i < p.shield:
                s.blit(self.glow((30, 90, 140), 14), (rect.centerx - 14, rect.centery - 14),
                       special_flags=pygame.BLEND_RGB_ADD)
                pygame.draw.rect(s, (110, 225, 255), rect)
            else:
                pygame.draw.rect(s, (50, 60, 90), rect, 1)

    def _draw_announcement(self) -> None:
        if not self.game.world.announcements:
            return
        text, left = self.game.world.announcements[0]
        alpha = min(1.0, left / 0.5)
        color = _scale((235, 200, 255), alpha)
        surf = self.text(self.f_big, text, color)
        w, h = surf.get_size()
        solid = pygame.Surface((w, h))
        solid.fill((0, 0, 0))
        solid.blit(self.text(self.f_big, text, _scale((170, 100, 255), alpha)), (0, 0))
        blur = pygame.transform.smoothscale(pygame.transform.smoothscale(solid, (max(1, w // 8), max(1, h // 8))),
                                            (w + 40, h + 30))
        cx, cy = self.w // 2, self.h // 2 - 120
        self.surface.blit(blur, (cx - (w + 40) // 2, cy - (h + 30) // 2), special_flags=pygame.BLEND_RGB_ADD)
        self.surface.blit(surf, (cx - w // 2, cy - h // 2))

    def _draw_help(self) -> None:
        g = self.game
        parts = [("H", "hud"), ("M", "misbehaving " + ("ON" if g.misbehaving_enabled else "off")),
                 ("R", "reload mods"), ("O", "autopilot " + ("on" if g.autopilot else "off")), ("Esc", "quit")]
        x = self.w - 14
        y = self.h - 24
        for key, label in reversed(parts):
            t = self.text(self.f_small, label, DIM)
            x -= t.get_width()
            self.surface.blit(t, (x, y + 1))
            k = self.text(self.f_small, key, (255, 255, 255))
            x -= k.get_width() + 8
            pygame.draw.rect(self.surface, (50, 60, 100), (x - 4, y - 1, k.get_width() + 8, 17), border_radius=3)
            self.surface.blit(k, (x, y + 1))
            x -= 18

    def _draw_console(self) -> None:
        lines = list(self.game.screen_log.lines)
        if not lines:
            return
        now = time.monotonic()
        y = self.h - 30 - 17 * len(lines)
        for line in lines:
            age = now - line.when
            fade = 1.0 if age < 8 else max(0.25, 1.0 - (age - 8) / 6)
            color = _scale(LEVEL_COLORS.get(line.level, TEXT), fade)
            self.surface.blit(self.text(self.f_small, line.text[:120], color), (14, y))
            y += 17

    def _draw_hud(self) -> None:
        g = self.game
        if self._hud is None or g.frame - self._hud_frame >= HUD_REFRESH_FRAMES or g.paused:
            self._hud = self._render_hud()
            self._hud_frame = g.frame
        self.surface.blit(self._hud, (12, 12))

    def _render_hud(self) -> pygame.Surface:
        g = self.game
        stats = g.stats()
        counts = g.plugin.counts()
        rows: list[tuple[Any, ...]] = []
        for st in stats:
            if st.state is ModState.UNLOADED and g.host.is_off(st.name):
                continue
            rows.append((st.name, st.state.value, st))
        for name in g.host.off_mods():
            if not any(r[0] == name for r in rows):
                rows.append((name, "off", None))
        rows.sort(key=lambda r: r[0])
        line_h, pad = 19, 12
        extra = sum(1 for _, _, st in rows if st is not None and (st.reason or st.last_reload_error or
                                                                    (st.last_error and st.errors)))
        width = 584
        height = pad * 2 + line_h * (4 + len(rows) + extra) + 6
        panel = pygame.Surface((width, height), pygame.SRCALPHA)
        panel.fill((9, 12, 30, 190))
        pygame.draw.rect(panel, (60, 80, 150, 255), panel.get_rect(), 1, border_radius=6)
        bt = lambda f, t, c, x, y: panel.blit(self.text(f, t, c), (x, y))
        x0, y = pad, pad
        bt(self.f_hud_bold, "MODS", (255, 255, 255), x0, y)
        bt(self.f_hud, "sandboxed Lua, fuel-metered per frame", DIM, x0 + 50, y)
        y += line_h
        frame_ms = (g.lua_seconds + g.sim_seconds + g.draw_seconds) * 1000
        perf = (f"{self.fps:3.0f} fps  {frame_ms:4.1f} ms = lua {g.lua_seconds * 1000:.1f}"
                f" + world {g.sim_seconds * 1000:.1f} + draw {g.draw_seconds * 1000:.1f}"
                f"  {len(g.world.entities)} ents")
        bt(self.f_hud, perf, (150, 200, 255), x0, y)
        y += line_h + 4
        cols = (x0, x0 + 96, x0 + 180, x0 + 350, x0 + 460, x0 + 496, x0 + 532)
        for cx, label in zip(cols, ("mod", "state", "fuel / frame", "memory", "err", "rld", "ents")):
            bt(self.f_small, label, DIM, cx, y + 2)
        y += line_h
        for name, state, st in rows:
            color = STATE_COLORS.get(state, TEXT)
            bt(self.f_hud, name[:12], TEXT if state != "off" else DIM, cols[0], y)
            pill = self.text(self.f_small, state, (10, 12, 24))
            pygame.draw.rect(panel, color, (cols[1] - 3, y + 1, pill.get_width() + 8, 16), border_radius=8)
            panel.blit(pill, (cols[1] + 1, y + 2))
            if st is not None:
                budget = max(1, st.fuel_per_tick)
                frac = min(1.0, st.fuel_last / budget)
                bar = pygame.Rect(cols[2], y + 5, 80, 8)
                pygame.draw.rect(panel, (35, 42, 75), bar, border_radius=3)
                if frac > 0:
                    fill_color = (255, 90, 90) if frac >= 0.99 else (255, 190, 70) if frac > 0.5 else (80, 220, 150)
                    pygame.draw.rect(panel, fill_color, (bar.x, bar.y, max(2, int(80 * frac)), 8), border_radius=3)
                bt(self.f_small, f"{_fmt_k(st.fuel_last)}/{_fmt_k(budget)}", TEXT, cols[2] + 88, y + 2)
                mem = _fmt_bytes(st.memory) if g.memory_accounted else "n/a"
                if st.memory_limit:
                    mem += f"/{st.memory_limit // (1024 * 1024)}M"
                bt(self.f_small, mem, TEXT, cols[3], y + 2)
                bt(self.f_small, str(st.errors), (255, 110, 120) if st.errors else TEXT, cols[4], y + 2)
                bt(self.f_small, str(st.reloads), (140, 230, 170) if st.reloads else TEXT, cols[5], y + 2)
                bt(self.f_small, str(counts.get(name, 0)), TEXT, cols[6], y + 2)
            else:
                hint = ("needs VM memory accounting (limits not enforced yet)" if name in g.host.never
                        else "press M to switch on")
                bt(self.f_small, hint, DIM, cols[2], y + 2)
            y += line_h
            if st is not None:
                note, note_color = "", (255, 120, 130)
                if st.reason and state != "running":
                    note = st.reason
                elif st.last_reload_error:
                    note = "reload failed: " + st.last_reload_error
                elif st.last_error and st.errors:
                    note, note_color = "last error: " + st.last_error, (255, 170, 90)
                if note:
                    bt(self.f_small, "\u21b3 " + _ellipsize(note, 74), note_color, cols[0] + 8, y)
                    y += line_h
        y += 2
        state = "ON" if g.misbehaving_enabled else "off"
        bt(self.f_small, f"[M] misbehaving mods {state} ({', '.join(sorted(g.host.optional))})  "
                         f"[R] reload all  [H] hide", DIM, x0, y)
        return panel


def _ellipsize(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "\u2026"


def _shape_points(shape: str, x: float, y: float, r: float, a: float) -> list[tuple[float, float]]:
    if shape == "triangle":
        pts = ((1.2, 0.0), (-0.8, -0.9), (-0.8, 0.9))
    elif shape == "dart":
        pts = ((1.4, 0.0), (-0.9, -0.95), (-0.35, 0.0), (-0.9, 0.95))
    elif shape == "diamond":
        pts = ((1.3, 0.0), (0.0, -0.8), (-1.3, 0.0), (0.0, 0.8))
    elif shape == "square":
        pts = ((1.0, 1.0), (1.0, -1.0), (-1.0, -1.0), (-1.0, 1.0))
    elif shape == "star":
        pts = tuple((math.cos(i * math.pi / 5) * (1.25 if i % 2 == 0 else 0.55),
                     math.sin(i * math.pi / 5) * (1.25 if i % 2 == 0 else 0.55)) for i in range(10))
    else:
        pts = tuple((math.cos(i * math.tau / 8), math.sin(i * math.tau / 8)) for i in range(8))
    ca, sa = math.cos(a), math.sin(a)
    return [(x + (px * ca - py * sa) * r, y + (px * sa + py * ca) * r) for px, py in pts]
