"""Write network/data/countries.json, the country outlines the network's maps are drawn from
(network/maps.py), from Natural Earth's 1:50m Admin 0 countries as the npm package world-atlas@2
redistributes them (TopoJSON).

    npm pack world-atlas@2                                   # world-atlas-2.0.2.tgz, no install
    python scripts/build_country_outlines.py world-atlas-2.0.2.tgz

No package beyond the portal's own: django-countries for the codes, network.maps for the
simplification and the clipping (the same functions draw the maps). TopoJSON stores each border
once, as an "arc" shared by the two countries on either side; the arcs are decoded (delta-encoded,
quantized integers), simplified one by one (Douglas-Peucker, so both neighbours keep the same
simplified border and no gap opens between them), then joined into each country's rings. Islands
smaller than MIN_AREA square degrees are dropped (never a country's largest polygon), Antarctica is
left out, a shape across the antimeridian is cut there and kept on both sides, and coordinates are
rounded to hundredths of a degree (about a kilometre). The output is keyed by ISO 3166-1 alpha-2,
as django-countries stores a member's country:

    {"source": "...", "units": 100, "countries": {"CO": [[<ring>, <hole>...], <polygon>...], ...}}

Each polygon is a list of rings (the outline, then any holes). A ring is a flat list of integers in
hundredths of a degree: the first longitude and latitude, then for each next point its difference
from the one before (dx, dy), closed implicitly; network.maps decodes it. Run it again only to
change the data or the simplification, and commit its output.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "network" / "data" / "countries.json"
SOURCE_FILE = "package/countries-50m.json"
TOLERANCE = 0.04  # degrees: a point closer than this to the simplified line is dropped
MIN_AREA = 0.03  # square degrees (about 20 × 20 km at the equator)
UNITS = 100  # per degree: coordinates are kept in hundredths of a degree (about a kilometre)
SKIP = {"010"}  # Antarctica: no member there, and it would only stretch a Mercator map

# Shapes Natural Earth draws without an ISO numeric code, under the ISO code that covers them.
WITHOUT_CODE = {
    "Somaliland": "SO",
    "N. Cyprus": "CY",
    "Kosovo": "XK",  # the user-assigned code the EU and many libraries use
    "Indian Ocean Ter.": "AU",
    "Siachen Glacier": "IN",
}


def read_topology(path: Path) -> dict:
    if path.suffix in (".tgz", ".gz"):
        with tarfile.open(path) as archive:
            return json.load(archive.extractfile(SOURCE_FILE))
    return json.loads(path.read_text())


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(indexes: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def crosses_antimeridian(points: list[tuple[float, float]]) -> bool:
    return any(abs(x1 - x0) > 180 for (x0, _), (x1, _) in zip(points, points[1:] + points[:1]))


def unwrapped(polygon: list[list[tuple[float, float]]]) -> list[list[list[tuple[float, float]]]]:
    """A polygon whose rings jump from 180° to -180° (Chukotka, a Fijian island) would be drawn as a
    band round the world: its western side goes past 180° instead, and a copy 360° to the west is
    kept too, so that a map of either side shows its part."""
    from network.maps import clip

    if not crosses_antimeridian(polygon[0]):
        return [polygon]
    whole = [[(x + 360 if x < 0 else x, y) for x, y in r] for r in polygon]
    east = [clip(r, -360, -90, 180, 90) for r in whole]
    west = [clip([(x - 360, y) for x, y in r], -180, -90, 360, 90) for r in whole]
    return [[r for r in side if len(r) >= 3] for side in (east, west) if len(side[0]) >= 3]


def area(points: list[tuple[float, float]]) -> float:
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1]))) / 2


def encoded(points: list[tuple[float, float]]) -> list[int]:
    """The ring in hundredths of a degree, the first point as it is and each next one as the
    difference from the one before (small numbers: a third of the bytes)."""
    units: list[tuple[int, int]] = []
    for x, y in points:
        point = (round(x * UNITS), round(y * UNITS))
        if not units or point != units[-1]:
            units.append(point)
    if len(units) > 1 and units[0] == units[-1]:
        units.pop()  # rings are closed implicitly
    flat = list(units[0])
    for (x0, y0), (x1, y1) in itertools.pairwise(units):
        flat.extend((x1 - x0, y1 - y0))
    return flat


def alpha2(geometry: dict) -> str | None:
    from django_countries import countries

    if "id" not in geometry:
        return WITHOUT_CODE.get(geometry["properties"]["name"])
    if geometry["id"] in SKIP:
        return None
    return countries.alpha2(int(geometry["id"])) or None


def build(topology: dict) -> dict[str, list]:
    from network.maps import simplify

    arcs = [simplify(arc, TOLERANCE) for arc in decode_arcs(topology)]
    shapes: dict[str, list[list[list[tuple[float, float]]]]] = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        code = alpha2(geometry)
        if code is None:
            continue
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        for polygon in polygons:
            shapes.setdefault(code, []).extend(unwrapped([ring(r, arcs) for r in polygon]))
    countries = {}
    for code, polygons in sorted(shapes.items()):
        largest = max(polygons, key=lambda p: area(p[0]))
        kept = []
        for polygon in polygons:
            if polygon is not largest and area(polygon[0]) < MIN_AREA:
                continue
            rings = [encoded(polygon[0])] + [encoded(h) for h in polygon[1:] if area(h) >= MIN_AREA]
            if len(rings[0]) >= 6:
                kept.append(rings)
        countries[code] = kept
    return countries


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "source", type=Path, help="world-atlas-2.x.tgz (npm pack world-atlas@2) or countries-50m.json"
    )
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    import django
    from django.conf import settings

    settings.configure(USE_I18N=False)
    django.setup()

    countries = build(read_topology(args.source))
    data = {
        "source": "Natural Earth 1:50m Admin 0 countries (public domain), v4.1.0, from the npm package "
        f"world-atlas@2 (ISC); simplified by scripts/build_country_outlines.py (tolerance {TOLERANCE}°, "
        f"islands under {MIN_AREA} square degrees dropped, in 1/{UNITS} degree).",
        "units": UNITS,
        "countries": countries,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(data, separators=(",", ":")) + "\n")
    points = sum(len(r) // 2 for polygons in countries.values() for p in polygons for r in p)
    print(f"{args.out}: {len(countries)} countries, {points} points, {args.out.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
