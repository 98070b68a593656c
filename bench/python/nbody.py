"""nbody.lua in idiomatic Python (bodies as small dicts, like Lua tables)."""
from math import pi, sqrt

SOLAR_MASS = 4 * pi * pi
DAYS = 365.24


def bodies():
    return [
        dict(x=0, y=0, z=0, vx=0, vy=0, vz=0, mass=SOLAR_MASS),
        dict(x=4.84143144246472090e+00, y=-1.16032004402742839e+00, z=-1.03622044471123109e-01,
             vx=1.66007664274403694e-03 * DAYS, vy=7.69901118419740425e-03 * DAYS,
             vz=-6.90460016972063023e-05 * DAYS, mass=9.54791938424326609e-04 * SOLAR_MASS),
        dict(x=8.34336671824457987e+00, y=4.12479856412430479e+00, z=-4.03523417114321381e-01,
             vx=-2.76742510726862411e-03 * DAYS, vy=4.99852801234917238e-03 * DAYS,
             vz=2.30417297573763929e-05 * DAYS, mass=2.85885980666130812e-04 * SOLAR_MASS),
        dict(x=1.28943695621391310e+01, y=-1.51111514016986312e+01, z=-2.23307578892655734e-01,
             vx=2.96460137564761618e-03 * DAYS, vy=2.37847173959480950e-03 * DAYS,
             vz=-2.96589568540237556e-05 * DAYS, mass=4.36624404335156298e-05 * SOLAR_MASS),
        dict(x=1.53796971148509165e+01, y=-2.59193146099879641e+01, z=1.79258772950371181e-01,
             vx=2.68067772490389322e-03 * DAYS, vy=1.62824170038242295e-03 * DAYS,
             vz=-9.51592254519715870e-05 * DAYS, mass=5.15138902046611451e-05 * SOLAR_MASS),
    ]


def advance(b, dt):
    nb = len(b)
    for i in range(nb):
        bi = b[i]
        bix, biy, biz, bimass = bi["x"], bi["y"], bi["z"], bi["mass"]
        bivx, bivy, bivz = bi["vx"], bi["vy"], bi["vz"]
        for j in range(i + 1, nb):
            bj = b[j]
            dx, dy, dz = bix - bj["x"], biy - bj["y"], biz - bj["z"]
            d2 = dx * dx + dy * dy + dz * dz
            mag = dt / (d2 * sqrt(d2))
            bm = bj["mass"] * mag
            bivx -= dx * bm
            bivy -= dy * bm
            bivz -= dz * bm
            bm = bimass * mag
            bj["vx"] += dx * bm
            bj["vy"] += dy * bm
            bj["vz"] += dz * bm
        bi["vx"], bi["vy"], bi["vz"] = bivx, bivy, bivz
        bi["x"] = bix + dt * bivx
        bi["y"] = biy + dt * bivy
        bi["z"] = biz + dt * bivz


def energy(b):
    e = 0
    for i, bi in enumerate(b):
        e += 0.5 * bi["mass"] * (bi["vx"] ** 2 + bi["vy"] ** 2 + bi["vz"] ** 2)
        for bj in b[i + 1:]:
            dx, dy, dz = bi["x"] - bj["x"], bi["y"] - bj["y"], bi["z"] - bj["z"]
            e -= bi["mass"] * bj["mass"] / sqrt(dx * dx + dy * dy + dz * dz)
    return e


def main():
    b = bodies()
    px = sum(x["vx"] * x["mass"] for x in b)
    py = sum(x["vy"] * x["mass"] for x in b)
    pz = sum(x["vz"] * x["mass"] for x in b)
    b[0]["vx"], b[0]["vy"], b[0]["vz"] = -px / SOLAR_MASS, -py / SOLAR_MASS, -pz / SOLAR_MASS
    e0 = energy(b)
    for _ in range(50000):
        advance(b, 0.01)
    return "%0.9f %0.9f" % (e0, energy(b))
