"""Maps of the network, drawn on the server as inline SVG: the countries from the vendored Natural
Earth outlines (network/data/countries.json, see its README), the member cities as links on top.
Pure functions, no database, no JavaScript, no inline styles (the colours are classes of
static/css/portal.css), nothing fetched from elsewhere.

    frame = fit_frame([(city.longitude, city.latitude) for city in located])
    network_map(cities, frame=frame, highlight={"CO", "ES"})    # -> NetworkMap (svg, groups, counts)

- Projection: Mercator (the shape people know from web maps; true shapes for Spain and Patagonia
  alike), over a frame fitted to what the page shows, with a margin, snapped outward to a grid of
  whole degrees so that the few frames a site uses repeat.
- The land layer of a frame (every country in it, projected, clipped to the frame, simplified to
  what shows at that size, as SVG path data) depends only on the frame and the width: it is made
  once per frame per process (`_land`, an LRU cache) and only the cities are drawn per request.
- Each city is an `<a href>` (focusable, so the keyboard reaches it) with a `<title>` (its name,
  country and territorial network) and a dot coloured by its territorial network: the network's
  place in the list of networks by name picks one of PALETTE_SIZE colours, so a network has the
  same colour on every map. The same cities, grouped by network, make the legend and the text
  alternative (members without coordinates are listed there and not drawn).
"""

from __future__ import annotations

import html
import json
import math
from collections.abc import Iterable
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from django.utils import translation
from django.utils.safestring import SafeString
from django.utils.safestring import mark_safe
from django_countries import countries

DATA = Path(__file__).resolve().parent / "data" / "countries.json"
PALETTE_SIZE = 8  # .map-n0 … .map-n7 in static/css/portal.css
SOUTH_LIMIT, NORTH_LIMIT = -60.0, 80.0  # Mercator grows without end towards the poles
MAP_WIDTH = 1000  # the network maps' viewBox width; the SVG itself scales to its container
LOCATOR_WIDTH = 480  # the member page's small map
CLIP_PAD = 8  # viewBox units past the frame's edge, so clipped borders are never seen


class Frame(NamedTuple):
    """The part of the world a map shows, in degrees."""

    west: float
    south: float
    east: float
    north: float


WORLD = Frame(-180.0, SOUTH_LIMIT, 180.0, NORTH_LIMIT)


# --- The outlines ---------------------------------------------------------------------------------
class Polygon(NamedTuple):
    bbox: Frame
    area: float  # square degrees, of the outer ring
    rings: tuple[tuple[tuple[float, float], ...], ...]  # the outer ring, then its holes


@lru_cache(maxsize=1)
def outlines() -> dict[str, tuple[Polygon, ...]]:
    """Every country's polygons by ISO 3166-1 alpha-2, read once per process."""
    data = json.loads(DATA.read_text())
    units = data["units"]
    return {
        code: tuple(_polygon(rings, units) for rings in polygons)
        for code, polygons in data["countries"].items()
    }


def _polygon(encoded_rings: list[list[int]], units: int) -> Polygon:
    rings = []
    for encoded in encoded_rings:
        x, y = encoded[0], encoded[1]
        points = [(x / units, y / units)]
        for i in range(2, len(encoded), 2):
            x += encoded[i]
            y += encoded[i + 1]
            points.append((x / units, y / units))
        rings.append(tuple(points))
    lons = [p[0] for p in rings[0]]
    lats = [p[1] for p in rings[0]]
    return Polygon(Frame(min(lons), min(lats), max(lons), max(lats)), _area(rings[0]), tuple(rings))


def _area(points: Sequence[tuple[float, float]]) -> float:
    total = 0.0
    for (x0, y0), (x1, y1) in zip(points, [*points[1:], points[0]], strict=True):
        total += x0 * y1 - x1 * y0
    return abs(total) / 2


def core_bbox(code: str) -> Frame | None:
    """Where a country is, for framing it: its largest polygon and those at least a fifth of its
    size (mainland Spain without the Canaries, Ecuador without the Galápagos)."""
    polygons = outlines().get(code)
    if not polygons:
        return None
    largest = max(p.area for p in polygons)
    boxes = [p.bbox for p in polygons if p.area >= largest / 5]
    return Frame(
        min(b.west for b in boxes),
        min(b.south for b in boxes),
        max(b.east for b in boxes),
        max(b.north for b in boxes),
    )


# --- Frames and the projection ------------------------------------------------------------------
def _mercator(lat: float) -> float:
    lat = max(SOUTH_LIMIT - 5, min(NORTH_LIMIT + 5, lat))
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def _latitude(y: float) -> float:
    return math.degrees(math.atan(math.sinh(y)))


def fit_frame(
    points: Iterable[tuple[float, float]],
    *,
    boxes: Iterable[Frame] = (),
    margin: float = 0.06,
    min_margin: float = 2.0,
    min_span: float = 14.0,
    aspect: tuple[float, float] = (1.25, 2.0),
) -> Frame:
    """The frame that shows every (longitude, latitude) point and box, with a margin, at least
    `min_span` degrees wide, its width over its height (as drawn) within `aspect`, its edges on
    whole degrees (on multiples of 5 for a continent) so that similar data gives the same frame.
    Nothing to show: the world."""
    lons, lats = [], []
    for lon, lat in points:
        lons.append(lon)
        lats.append(lat)
    for box in boxes:
        lons.extend((box.west, box.east))
        lats.extend((box.south, box.north))
    if not lons:
        return WORLD
    west, east, south, north = min(lons), max(lons), min(lats), max(lats)
    pad_x = max(min_margin, (east - west) * margin)
    pad_y = max(min_margin, (north - south) * margin)
    west, east, south, north = west - pad_x, east + pad_x, south - pad_y, north + pad_y
    if east - west < min_span:
        middle = (east + west) / 2
        west, east = middle - min_span / 2, middle + min_span / 2
    step = 5 if max(east - west, north - south) > 40 else 1
    frame = Frame(
        max(-180, math.floor(west / step) * step),
        max(SOUTH_LIMIT, math.floor(south / step) * step),
        min(180, math.ceil(east / step) * step),
        min(NORTH_LIMIT, math.ceil(north / step) * step),
    )
    return _with_aspect(frame, *aspect)


def _with_aspect(frame: Frame, low: float, high: float) -> Frame:
    """Widen a tall frame, or heighten a flat one, about its middle, until low <= width/height <= high."""
    west, south, east, north = frame
    wide = math.radians(east - west)
    tall = _mercator(north) - _mercator(south)
    if wide / tall < low:
        span = min(360.0, math.degrees(tall * low))
        middle = (west + east) / 2
        west = min(max(-180.0, middle - span / 2), 180.0 - span)
        east = west + span
    elif wide / tall > high:
        middle, half = (_mercator(north) + _mercator(south)) / 2, wide / high / 2
        south = max(SOUTH_LIMIT, _latitude(middle - half))
        north = min(NORTH_LIMIT, _latitude(middle + half))
    return Frame(round(west, 4), round(south, 4), round(east, 4), round(north, 4))


class Projection(NamedTuple):
    frame: Frame
    width: int
    height: int
    scale: float  # viewBox units per radian
    top: float  # the frame's north edge, projected

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        x = math.radians(lon - self.frame.west) * self.scale
        y = (self.top - _mercator(lat)) * self.scale
        return x, y


def projection(frame: Frame, width: int) -> Projection:
    scale = width / math.radians(frame.east - frame.west)
    top = _mercator(frame.north)
    height = round((top - _mercator(frame.south)) * scale)
    return Projection(frame, width, height, scale, top)


# --- The land layer (once per frame) --------------------------------------------------------------
def simplify(points: Sequence[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas-Peucker, iterative: the points of `points` farther than `tolerance` from the line
    kept so far; the first and last always stay. (scripts/build_country_outlines.py uses it too.)"""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        dx, dy = bx - ax, by - ay
        length = math.hypot(dx, dy)
        farthest, distance = 0, -1.0
        for i in range(first + 1, last):
            px, py = points[i]
            d = abs(dx * (ay - py) - dy * (ax - px)) / length if length else math.hypot(px - ax, py - ay)
            if d > distance:
                farthest, distance = i, d
        if distance > tolerance:
            keep[farthest] = True
            stack.extend(((first, farthest), (farthest, last)))
    return [p for p, k in zip(points, keep, strict=True) if k]


def clip(
    points: list[tuple[float, float]], x0: float, y0: float, x1: float, y1: float
) -> list[tuple[float, float]]:
    """Sutherland-Hodgman: the ring cut to the rectangle (its cut edges run along the rectangle).
    (scripts/build_country_outlines.py uses it too.)"""

    def cut(ring, inside, cross):
        out = []
        for i, current in enumerate(ring):
            previous = ring[i - 1]
            if inside(current):
                if not inside(previous):
                    out.append(cross(previous, current))
                out.append(current)
            elif inside(previous):
                out.append(cross(previous, current))
        return out

    def at_x(x):
        return lambda p, q: (x, p[1] + (q[1] - p[1]) * (x - p[0]) / (q[0] - p[0]))

    def at_y(y):
        return lambda p, q: (p[0] + (q[0] - p[0]) * (y - p[1]) / (q[1] - p[1]), y)

    for inside, cross in (
        (lambda p: p[0] >= x0, at_x(x0)),
        (lambda p: p[0] <= x1, at_x(x1)),
        (lambda p: p[1] >= y0, at_y(y0)),
        (lambda p: p[1] <= y1, at_y(y1)),
    ):
        if not points:
            break
        points = cut(points, inside, cross)
    return points


def _ring_path(points: list[tuple[float, float]]) -> str:
    """SVG path data for a closed ring, in whole viewBox units, each point relative to the one before."""
    rounded: list[tuple[int, int]] = []
    for x, y in points:
        point = (round(x), round(y))
        if not rounded or point != rounded[-1]:
            rounded.append(point)
    if len(rounded) > 1 and rounded[0] == rounded[-1]:
        rounded.pop()
    if len(rounded) < 3:
        return ""
    x, y = rounded[0]
    steps = []
    for nx, ny in rounded[1:]:
        steps.append(f"{nx - x} {ny - y}")
        x, y = nx, ny
    return f"M{rounded[0][0]} {rounded[0][1]}l{' '.join(steps)}z".replace(" -", "-")


@lru_cache(maxsize=128)
def _land(frame: Frame, width: int) -> tuple[tuple[str, str], ...]:
    """(country code, SVG path data) of every country in the frame: projected, clipped, simplified
    to half a viewBox unit. The same for every request with this frame: made once per process."""
    project = projection(frame, width)
    x0, y0, x1, y1 = -CLIP_PAD, -CLIP_PAD, width + CLIP_PAD, project.height + CLIP_PAD
    paths = []
    for code, polygons in outlines().items():
        parts = []
        for polygon in polygons:
            box = polygon.bbox
            if (
                box.east < frame.west
                or box.west > frame.east
                or box.north < frame.south
                or box.south > frame.north
            ):
                continue  # wholly outside: skipped
            for ring in polygon.rings:
                projected = clip([project(lon, lat) for lon, lat in ring], x0, y0, x1, y1)
                if len(projected) < 3 or _area(projected) < 1.5:
                    continue  # off the map, or smaller than a dot
                parts.append(_ring_path(simplify([*projected, projected[0]], 0.5)))
        if any(parts):
            paths.append((code, "".join(parts)))
    return tuple(paths)


def land_layer(frame: Frame, width: int, highlight: Iterable[str] = ()) -> SafeString:
    """The countries of the frame as SVG paths, `highlight`'s (where the members are) a shade darker.
    Only joins strings made once per frame (`_land`)."""
    highlight = set(highlight)
    parts = [
        f'<path class="map-hl" d="{d}"/>' if code in highlight else f'<path d="{d}"/>'
        for code, d in _land(frame, width)
    ]
    return mark_safe('<g class="map-land" aria-hidden="true">' + "".join(parts) + "</g>")


# --- Cities ---------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class MapCity:
    """What a map needs of a member (network.selectors.map_cities makes them)."""

    name: str
    url: str
    country: str  # ISO 3166-1 alpha-2
    latitude: float | None
    longitude: float | None
    network: str = ""  # the territorial network's name; "" for none
    network_url: str = ""
    network_position: int | None = None  # its place among all networks by name: its colour

    @property
    def located(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @property
    def country_name(self) -> str:
        return country_name(self.country)

    @property
    def colour(self) -> str:
        return colour_class(self.network_position)


def country_name(code: str) -> str:
    """The country's name in the active language (django-countries takes some 30 µs a name: a map of
    two thousand cities would spend 60 ms on them)."""
    return _country_name(translation.get_language(), code)


@lru_cache(maxsize=1024)
def _country_name(language: str | None, code: str) -> str:
    return str(countries.name(code))


def colour_class(position: int | None) -> str:
    """The CSS class that colours a territorial network (by its place by name); none: neutral."""
    return "map-none" if position is None else f"map-n{position % PALETTE_SIZE}"


@dataclass
class MapGroup:
    """The members of one territorial network (or of none) on a map: a line of the legend and a
    list of the text alternative."""

    name: str
    url: str
    colour: str
    cities: list[MapCity] = field(default_factory=list)
    drawn: int = 0


@dataclass(frozen=True)
class NetworkMap:
    svg: SafeString  # "" when no city has a location
    groups: list[MapGroup]
    drawn: int  # cities on the map
    total: int  # cities listed (the drawn ones and those without a location)
    size: int  # bytes of SVG

    @property
    def unlocated(self) -> int:
        return self.total - self.drawn


def groups_of(cities: Iterable[MapCity]) -> list[MapGroup]:
    """The cities by territorial network, in the networks' order (the members of none last); within
    a group, in the order given."""
    groups: dict[int | None, MapGroup] = {}
    for city in cities:
        group = groups.get(city.network_position)
        if group is None:
            group = groups[city.network_position] = MapGroup(city.network, city.network_url, city.colour)
        group.cities.append(city)
        group.drawn += city.located
    return [groups[key] for key in sorted(groups, key=lambda k: (k is None, k or 0))]


def _svg_open(project: Projection, labelled_by: str, role: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="map-svg" viewBox="0 0 {project.width} '
        f'{project.height}" role="{role}" aria-labelledby="{labelled_by}">'
        f'<rect class="map-sea" width="{project.width}" height="{project.height}"/>'
    )


def city_title(city: MapCity) -> str:
    """What a city's dot says (its <title>, so its link's name): name, country · territorial network."""
    return f"{city.name}, {city.country_name}" + (f" · {city.network}" if city.network else "")


def network_map(
    cities: Sequence[MapCity],
    *,
    frame: Frame | None = None,
    highlight: Iterable[str] | None = None,
    width: int = MAP_WIDTH,
    labelled_by: str = "network-map-caption",
) -> NetworkMap:
    """The map of `cities` (those with a location drawn, each a link), fitted to them unless a
    frame is given; `highlight` (by default the cities' countries) shades countries darker."""
    groups = groups_of(cities)
    located = [city for group in groups for city in group.cities if city.located]
    if not located and frame is None:
        return NetworkMap(svg=mark_safe(""), groups=groups, drawn=0, total=len(cities), size=0)
    if frame is None:
        frame = fit_frame((city.longitude, city.latitude) for city in located)
    if highlight is None:
        highlight = {city.country for city in located}
    project = projection(frame, width)
    parts = [
        _svg_open(project, labelled_by, "group"),
        land_layer(frame, width, highlight),
        '<g class="map-cities">',
    ]
    # Two thousand dots: plain string work, the stdlib's escape (Django's adds a lazy-string wrapper
    # per call) and each country's name looked up once.
    names = {code: country_name(code) for code in {city.country for city in located}}
    for city in located:  # in the legend's order, which is the order the keyboard visits them
        x, y = project(float(city.longitude), float(city.latitude))
        title = f"{city.name}, {names[city.country]}" + (f" · {city.network}" if city.network else "")
        parts.append(
            f'<a href="{html.escape(city.url)}" class="{city.colour}"><title>{html.escape(title)}'
            f'</title><circle cx="{x:.1f}" cy="{y:.1f}" r="7"/></a>'
        )
    parts.append("</g></svg>")
    svg = "".join(parts)
    return NetworkMap(
        svg=mark_safe(svg), groups=groups, drawn=len(located), total=len(cities), size=len(svg.encode())
    )


def locator_map(
    city: MapCity, *, labelled_by: str = "locator-map-caption", width: int = LOCATOR_WIDTH
) -> SafeString:
    """A small map of one city in its country (shaded) among its neighbours: an image, no links."""
    if not city.located:
        return mark_safe("")
    point = (float(city.longitude), float(city.latitude))
    core = core_bbox(city.country)
    frame = fit_frame(
        [point], boxes=[core] if core else [], margin=0.15, min_margin=1.5, min_span=10.0, aspect=(1.3, 1.8)
    )
    project = projection(frame, width)
    x, y = project(*point)
    return mark_safe(  # numbers, and the colour class
        _svg_open(project, labelled_by, "img")
        + land_layer(frame, width, {city.country})
        + f'<g class="map-cities map-locator"><circle class="{city.colour}" cx="{x:.1f}" cy="{y:.1f}" r="9"/>'
        f'<circle class="map-ring" cx="{x:.1f}" cy="{y:.1f}" r="17"/></g></svg>'
    )


def territorial_network_map(cities: Sequence[MapCity], *, countries: Iterable[str]) -> NetworkMap:
    """A territorial network's map: its countries (shaded) and its members, framed to show both."""
    countries = list(countries)
    boxes = [box for box in map(core_bbox, countries) if box]
    located = [(city.longitude, city.latitude) for city in cities if city.located]
    if not boxes and not located:
        return network_map(cities)
    return network_map(cities, frame=fit_frame(located, boxes=boxes), highlight=countries)
