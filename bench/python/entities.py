"""entities.lua in idiomatic Python (entities as dicts)."""
import math


def clamp(v, lo, hi):
    if v < lo:
        return lo
    if v > hi:
        return hi
    return v


def main():
    ents = []
    for i in range(1, 1001):
        ents.append(dict(x=(i * 37) % 800, y=(i * 91) % 600, vx=(i % 7) - 3, vy=(i % 5) - 2,
                         hp=100, kind="seeker" if i % 3 == 0 else "wanderer"))
    tx, ty = 400, 300
    dt = 1 / 60 * 10
    for _ in range(120):
        for e in ents:
            if e["kind"] == "seeker":
                dx, dy = tx - e["x"], ty - e["y"]
                d = math.sqrt(dx * dx + dy * dy) + 1e-9
                e["vx"] = e["vx"] + dx / d * 0.5
                e["vy"] = e["vy"] + dy / d * 0.5
            e["x"] = clamp(e["x"] + e["vx"] * dt, 0, 800)
            e["y"] = clamp(e["y"] + e["vy"] * dt, 0, 600)
            if e["x"] == 0 or e["x"] == 800:
                e["vx"] = -e["vx"]
            if e["y"] == 0 or e["y"] == 600:
                e["vy"] = -e["vy"]
            if abs(e["x"] - tx) < 5 and abs(e["y"] - ty) < 5:
                e["hp"] -= 1
    sx = sum(e["x"] for e in ents)
    sy = sum(e["y"] for e in ents)
    hp = sum(e["hp"] for e in ents)
    return "%.3f %.3f %d" % (sx, sy, hp)
