"""Writes maps/region.json, the land and borders the locator map draws, from Natural Earth.

    python scripts/basemap.py            # rewrite maps/region.json
    python scripts/basemap.py --check    # exit 1 if it would change (tests/test_figures.py runs it)

The source is Natural Earth's 1:10m countries as the npm package world-atlas ships them
(package.json pins it; `npm ci` installs it, as `make test` does). Nothing is fetched when the
site is built: the build reads the committed maps/region.json, so the site and the PDFs need no
Node. Each country near Lai Châu becomes its polygons cut to the map's frame (REGION), simplified
to about 400 m, in degrees; the land borders between those countries are lines of their own, so
that the map can draw them without drawing the frame's edges as borders.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ATLAS = ROOT / "node_modules" / "world-atlas"
TARGET = ROOT / "maps" / "region.json"

# The frame: north-western Vietnam with Hà Nội and the coast, Yunnan to the north, Laos to the
# south-west (west, south, east, north, in degrees).
REGION = (101.0, 20.6, 107.6, 23.6)
# The countries drawn, by their ISO 3166 numeric code (world-atlas's ids).
COUNTRIES = {"704": "Vietnam", "156": "China", "418": "Laos"}
TOLERANCE = 0.004  # degrees (≈ 400 m, under a unit of the drawing)

Point = tuple[float, float]


def _arcs(topology: dict) -> list[list[Point]]:
    """TopoJSON's quantized, delta-encoded arcs as lists of (lon, lat)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    decoded = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        decoded.append(points)
    return decoded


def _ring(indexes: list[int], arcs: list[list[Point]]) -> list[Point]:
    points: list[Point] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points += arc if not points else arc[1:]
    return points


def _inside(p: Point, edge: int, value: float) -> bool:
    return p[edge % 2] >= value if edge < 2 else p[edge % 2] <= value


def _cross(a: Point, b: Point, axis: int, value: float) -> Point:
    t = (value - a[axis]) / (b[axis] - a[axis])
    other = a[1 - axis] + t * (b[1 - axis] - a[1 - axis])
    return (value, other) if axis == 0 else (other, value)


def clip_ring(ring: list[Point], box: tuple[float, float, float, float]) -> list[Point]:
    """Sutherland–Hodgman: a polygon's ring cut to the frame (edges west, south, east, north)."""
    for edge, value in enumerate(box):
        axis = edge % 2
        if not ring:
            break
        out: list[Point] = []
        previous = ring[-1]
        for point in ring:
            if _inside(point, edge, value):
                if not _inside(previous, edge, value):
                    out.append(_cross(previous, point, axis, value))
                out.append(point)
            elif _inside(previous, edge, value):
                out.append(_cross(previous, point, axis, value))
            previous = point
        ring = out
    return ring


def clip_line(line: list[Point], box: tuple[float, float, float, float]) -> list[list[Point]]:
    """A line cut to the frame: the runs of it inside, each ending where it crosses an edge."""
    west, south, east, north = box

    def inside(p: Point) -> bool:
        return west <= p[0] <= east and south <= p[1] <= north

    runs: list[list[Point]] = []
    current: list[Point] = []
    for a, b in itertools.pairwise(line):
        segment = _clip_segment(a, b, box)
        if segment is None:
            if current:
                runs.append(current)
                current = []
            continue
        start, end = segment
        if not current:
            current = [start]
        current.append(end)
        if not inside(b):
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return [run for run in runs if len(run) > 1]


def _clip_segment(a: Point, b: Point, box: tuple[float, float, float, float]) -> tuple[Point, Point] | None:
    """Liang–Barsky: the part of segment a–b inside the frame, or None."""
    west, south, east, north = box
    dx, dy = b[0] - a[0], b[1] - a[1]
    t0, t1 = 0.0, 1.0
    for p, q in ((-dx, a[0] - west), (dx, east - a[0]), (-dy, a[1] - south), (dy, north - a[1])):
        if p == 0:
            if q < 0:
                return None
            continue
        t = q / p
        if p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return None
    return (a[0] + t0 * dx, a[1] + t0 * dy), (a[0] + t1 * dx, a[1] + t1 * dy)


def simplify(points: list[Point], tolerance: float) -> list[Point]:
    """Douglas–Peucker: the points a line needs to stay within `tolerance` of itself."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        length = ((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5
        farthest, index = 0.0, 0
        for i in range(first + 1, last):
            x, y = points[i]
            if length == 0:
                distance = ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5
            else:
                distance = abs((x2 - x1) * (y1 - y) - (x1 - x) * (y2 - y1)) / length
            if distance > farthest:
                farthest, index = distance, i
        if farthest > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, kept in zip(points, keep, strict=True) if kept]


def _rounded(points: list[Point]) -> list[list[float]]:
    out: list[list[float]] = []
    for x, y in points:
        point = [round(x, 3), round(y, 3)]
        if not out or out[-1] != point:
            out.append(point)
    return out


def region(topology: dict, package: dict) -> dict:
    """The frame's land, by country, and its land borders, from world-atlas's countries."""
    arcs = _arcs(topology)
    geometries = [g for g in topology["objects"]["countries"]["geometries"] if g.get("id") in COUNTRIES]
    land: dict[str, list[list[list[float]]]] = {}
    users: dict[int, set[str]] = {}
    for geometry in geometries:
        name = COUNTRIES[geometry["id"]]
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        rings = []
        for polygon in polygons:
            for indexes in polygon:
                for index in indexes:
                    users.setdefault(index if index >= 0 else ~index, set()).add(name)
                ring = clip_ring(simplify(_ring(indexes, arcs), TOLERANCE), REGION)
                if len(ring) >= 3:
                    rings.append(_rounded(ring))
        land[name] = [ring for ring in rings if len(ring) >= 4]
    # An arc two of the countries share is the border between them.
    borders = []
    for index in sorted(i for i, names in users.items() if len(names) > 1):
        for run in clip_line(simplify(arcs[index], TOLERANCE), REGION):
            borders.append(_rounded(run))
    return {
        "about": (
            f"Natural Earth 1:10m countries (public domain), from the npm package world-atlas "
            f"{package['version']} (countries-10m.json), cut to the frame and simplified by scripts/basemap.py. "
            "Do not edit: run `python scripts/basemap.py`."
        ),
        "frame": list(REGION),
        "land": {name: land[name] for name in sorted(land)},
        "borders": borders,
    }


def render(data: dict) -> str:
    """The file's text: one ring or line a line, so that a change shows as a readable diff."""
    lines = ["{", f'  "about": {json.dumps(data["about"])},', f'  "frame": {json.dumps(data["frame"])},', '  "land": {']
    names = list(data["land"])
    for n, name in enumerate(names):
        rings = data["land"][name]
        lines.append(f"    {json.dumps(name)}: [")
        lines += [f"      {json.dumps(ring)}{',' if i < len(rings) - 1 else ''}" for i, ring in enumerate(rings)]
        lines.append(f"    ]{',' if n < len(names) - 1 else ''}")
    lines += ["  },", '  "borders": [']
    borders = data["borders"]
    lines += [f"    {json.dumps(line)}{',' if i < len(borders) - 1 else ''}" for i, line in enumerate(borders)]
    lines += ["  ]", "}"]
    return "\n".join(lines) + "\n"


def build() -> str:
    topology = json.loads((ATLAS / "countries-10m.json").read_text(encoding="utf-8"))
    package = json.loads((ATLAS / "package.json").read_text(encoding="utf-8"))
    return render(region(topology, package))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if maps/region.json would change")
    args = parser.parse_args()
    if not ATLAS.exists():
        print("error: node_modules/world-atlas is missing: run `npm ci` (make test does).", file=sys.stderr)
        return 2
    text = build()
    if args.check:
        same = TARGET.exists() and TARGET.read_text(encoding="utf-8") == text
        if not same:
            print("maps/region.json is out of date: run `python scripts/basemap.py`.", file=sys.stderr)
        return 0 if same else 1
    TARGET.parent.mkdir(exist_ok=True)
    TARGET.write_text(text, encoding="utf-8")
    print(f"{TARGET.relative_to(ROOT)} written ({len(text) // 1024} KiB).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
