"""The timeline figure, drawn from the same data as the text, as SVG.

A pure function: it takes labels already localised and returns SVG markup. The drawing is one
narrow column (WIDTH units, shown at about one CSS pixel a unit), so that its text reads at the
same size on a desktop and on a 390 px phone, and on paper. Its colours are presentation
attributes (the print colours); on the site, CSS (docs/assets/briefing.css) overrides them with
the palette's, light or dark. Text is wrapped by an estimate of its width, as no font metrics
are at hand here.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable

from briefing.data import Node, node
from briefing.palette import LIGHT
from briefing.text import escape_html

WIDTH = 360
FONT = 16  # the labels' size, in the drawing's units (≈ px on screen)
YEAR_FONT = 14
MAP_FONT = 14  # a map's labels
LINE = 21
CHAR = 0.56  # average advance of a character, in ems (Be Vietnam Pro, regular)

FAMILY = "Be Vietnam Pro, DejaVu Sans, sans-serif"
# Presentation attributes: the drawing's colours on paper (the palette's light scheme).
STYLE: dict[str, dict[str, str]] = {
    "text": {"font-family": FAMILY, "font-size": str(FONT), "fill": LIGHT["ink"]},
    "link": {"fill": LIGHT["accent"]},
    "fig-year": {"fill": LIGHT["muted"], "font-weight": "700", "font-size": str(YEAR_FONT)},
    "fig-scale": {"fill": LIGHT["muted"], "font-size": str(YEAR_FONT - 2)},
    "fig-outside-label": {"font-style": "italic"},
    "fig-legend": {"font-style": "italic", "font-size": str(YEAR_FONT)},
    "fig-unit": {"fill": LIGHT["muted"], "font-size": str(YEAR_FONT)},
    "fig-axis": {"stroke": LIGHT["axis"], "stroke-width": "2"},
    "fig-tick": {"stroke": LIGHT["axis"], "stroke-width": "1"},
    "fig-period": {"stroke": LIGHT["accent"], "stroke-width": "6", "stroke-linecap": "round"},
    "fig-dot": {"fill": LIGHT["accent"], "stroke": LIGHT["background"], "stroke-width": "2"},
    "fig-outside": {"fill": LIGHT["background"], "stroke": LIGHT["warm"], "stroke-width": "2"},
    "fig-bar": {"fill": LIGHT["accent"]},
    "fig-bar-earlier": {"fill": "none", "stroke": LIGHT["axis"], "stroke-width": "1.5", "stroke-dasharray": "4 3"},
    "fig-bar-label": {"font-size": str(FONT)},
    "fig-bar-value": {"font-size": str(FONT), "font-weight": "700"},
    "fig-bar-earlier-value": {"fill": LIGHT["muted"], "font-weight": "400"},
    "fig-sea": {"fill": LIGHT["sea"]},
    "fig-land": {"fill": LIGHT["land"], "stroke": "none"},
    "fig-land-home": {"fill": LIGHT["land-home"]},
    "fig-border": {"fill": "none", "stroke": LIGHT["axis"], "stroke-width": "1.5", "stroke-linejoin": "round"},
    "fig-area": {"fill": "none", "stroke": LIGHT["accent"], "stroke-width": "2", "stroke-dasharray": "6 3"},
    "fig-scale-bar": {"fill": "none", "stroke": LIGHT["ink"], "stroke-width": "1.5"},
    "fig-frame": {"fill": "none", "stroke": LIGHT["rule"], "stroke-width": "1"},
    # A halo the colour of the land under a map's names: a border or the area's dashes never cut them.
    "fig-map-label": {
        "font-size": str(MAP_FONT),
        "paint-order": "stroke",
        "stroke": LIGHT["land-home"],
        "stroke-width": "4",
        "stroke-linejoin": "round",
    },
    "fig-area-label": {"fill": LIGHT["accent"], "font-weight": "700"},
    # Behind a town's name, a patch of the land's colour: the area's dashed box or a border that
    # runs under the name stops at it (a halo alone is not drawn by every SVG renderer: the PDF's).
    "fig-label-knockout": {"fill": LIGHT["land-home"]},
    "fig-country": {"fill": LIGHT["muted"], "letter-spacing": "2"},
}


def _style(css: str, *, base: str | None = None, linked: bool = False) -> str:
    """`class` and the presentation attributes of its names, later names winning."""
    attributes: dict[str, str] = dict(STYLE[base]) if base else {}
    if linked:
        attributes.update(STYLE["link"])
    for name in css.split():
        attributes.update(STYLE.get(name, {}))
    return " ".join([f'class="{css}"'] + [f'{key}="{value}"' for key, value in attributes.items()])


@node(kw_only=False)
class Label(Node):
    text: str
    href: str | None = None  # the sentence (or outside citation) the label comes from
    lang: str | None = None  # set when the text is not in the page's language (pending)


# Advances by class of character, in ems (Be Vietnam Pro, regular; measured with the font's
# own metrics): close enough to size a patch behind a name, which CHAR's average is not for a
# name full of narrow letters and brackets ("Lai Châu (provincial capital)": 0.47 em a letter).
_NARROW = set(" '’lIij.,:;!|")
_SLIM = set("1frt()[]J")
_WIDE = set("mwMW")


def text_width(text: str, size: float) -> float:
    """The estimated width of `text` set at `size`, in the drawing's units."""
    return _ems(text) * size


class _CharEms(dict):
    """Each character's advance, in ems, worked out the first time it is asked for."""

    def __missing__(self, c: str) -> float:
        self[c] = wide = (
            0.26 if c in _NARROW else 0.41 if c in _SLIM else 0.9 if c in _WIDE else 0.72 if c.isupper() else 0.62
        )
        return wide


_CHAR_EMS = _CharEms()


# (Cached: the print writer sizes every word of every box and endnote this way, most of them
# many times over: "Lai Châu", "2021–2030".)
@functools.cache
def _ems(text: str) -> float:
    return sum(map(_CHAR_EMS.__getitem__, text))


def wrap(text: str, width: float, size: float = FONT) -> list[str]:
    """Greedy word wrap to `width` units, by the estimated width of the characters."""
    limit = max(8, int(width / (size * CHAR)))
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= limit:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def _text(x: float, y: float, lines: list[str], css: str, label: Label | None = None, anchor: str = "start") -> str:
    lang = f' lang="{label.lang}"' if label and label.lang else ""
    # A space between lines, so that the text a browser or a search index reads off the drawing
    # keeps its words apart ("planning A timeline", not "planningA timeline").
    spans = " ".join(
        f'<tspan x="{x:g}" y="{y + i * LINE:g}">{escape_html(line)}</tspan>' for i, line in enumerate(lines)
    )
    href = label.href if label is not None else None
    text = f'<text {_style(css, base="text", linked=href is not None)} text-anchor="{anchor}"{lang}>{spans}</text>'
    if href is not None:
        return f'<a href="{escape_html(href)}">{text}</a>'
    return text


def _svg(fig_id: str, title: str, description: str, height: float, body: list[str], width: int = WIDTH) -> str:
    return (
        f'<svg class="figure-svg" id="{fig_id}" viewBox="0 0 {width} {height:g}" width="{width}" '
        f'aria-labelledby="{fig_id}-title {fig_id}-desc" xmlns="http://www.w3.org/2000/svg">'
        # A line between title and description: the search index reads them as text, one after the other.
        f'<title id="{fig_id}-title">{escape_html(title)}</title>\n'
        f'<desc id="{fig_id}-desc">{escape_html(description)}</desc>\n' + "\n".join(body) + "\n</svg>"
    )


def _dot(x: float, y: float, outside: bool, r: float = 7) -> str:
    return f'<circle {_style("fig-dot fig-outside" if outside else "fig-dot")} cx="{x:g}" cy="{y:g}" r="{r:g}"/>'


def timeline(
    fig_id: str, title: str, description: str, marks: list[tuple[int, int | None, Label, bool]], context_legend: str
) -> str:
    """Marks (year, until, label, from outside the sources?) on an axis drawn to scale, then each
    mark's year and label in year order.

    The axis shows how far apart the marks are (2023 and 2024 sit close to 2021, 2050 far off);
    the entries under it say what each mark is. A period (until) is a thick bar along the axis.
    Marks from outside the sources are hollow, and the legend says so."""
    marks = sorted(marks, key=lambda m: (m[0], m[1] or m[0]))
    first = min(m[0] for m in marks)
    last = max(m[1] or m[0] for m in marks)
    left, right, axis_y = 22, WIDTH - 22, 30
    scale = (right - left) / max(last - first, 1)

    def at(year: int) -> float:
        return left + (year - first) * scale

    body = [f'<line {_style("fig-axis")} x1="{left}" y1="{axis_y}" x2="{right}" y2="{axis_y}"/>']
    decades = sorted({first, last, *range((first // 10 + 1) * 10, last, 10)})
    for year in decades:  # the scale: the first and last years and every decade between
        x = at(year)
        body.append(f'<line {_style("fig-tick")} x1="{x:g}" y1="{axis_y - 6}" x2="{x:g}" y2="{axis_y + 6}"/>')
        anchor = "start" if year == first else "end" if year == last else "middle"
        body.append(_text(x, axis_y + 26, [str(year)], "fig-scale", anchor=anchor))
    for year, until, _label, _outside in marks:
        if until:
            body.append(
                f'<line {_style("fig-period")} x1="{at(year):g}" y1="{axis_y}" x2="{at(until):g}" y2="{axis_y}"/>'
            )
    for year, _until, _label, outside in marks:
        body.append(_dot(at(year), axis_y, outside))

    y = axis_y + 62
    for year, until, label, outside in marks:
        body.append(_dot(9, y - 5, outside, r=5))
        body.append(_text(22, y, [f"{year}–{until}" if until else str(year)], "fig-year"))
        lines = wrap(label.text, WIDTH - 22)
        body.append(_text(22, y + LINE, lines, "fig-label fig-outside-label" if outside else "fig-label", label))
        y += (len(lines) + 1) * LINE + 12
    if any(m[3] for m in marks):
        body.append(_dot(9, y - 5, True, r=5))
        body.append(_text(22, y, wrap(context_legend, WIDTH - 22, YEAR_FONT), "fig-legend"))
        y += LINE
    return _svg(fig_id, title, description, y, body)


CHART_WIDTH = 400  # at most the column's width on a desktop; on a 390 px phone its labels still read at 14 px
BAR_HEIGHT = 22
EARLIER_HEIGHT = 10  # an earlier edition's figure, under the bar of this one
ROW = 40


def bars(
    fig_id: str,
    title: str,
    description: str,
    rows: list[tuple[Label, float, float | None]],
    unit: str,
    legend: str,
    decimal: str = ".",
) -> str:
    """Horizontal bars, one row per label, largest scale first, each with its value written at
    its end; a figure of an earlier edition (`earlier`) is a thin dashed bar under it. Numbers
    take the page language's decimal mark (`decimal`: "3,5" in Vietnamese)."""
    # The label column as wide as the longest label (estimated), so that none is cut at the left.
    longest = max(len(label.text) for label, _value, _earlier in rows) * FONT * CHAR
    left, right = min(max(90, round(longest) + 16), CHART_WIDTH // 2), CHART_WIDTH - 70
    top = 12
    most = max(max(value, earlier or 0) for _label, value, earlier in rows)
    scale = (right - left) / most

    def number(value: float) -> str:
        return f"{value:g}".replace(".", decimal)

    body = []
    y = top
    for label, value, earlier in rows:
        body.append(_text(left - 10, y + 16, [label.text], "fig-bar-label", label, anchor="end"))
        body.append(
            f'<rect {_style("fig-bar")} x="{left}" y="{y:g}" width="{max(value * scale, 1):g}" height="{BAR_HEIGHT}"/>'
        )
        body.append(_text(left + value * scale + 6, y + 16, [number(value)], "fig-bar-value"))
        if earlier is not None:
            # The earlier edition's figure: a thin dashed bar just under this one, its value at its end.
            y += BAR_HEIGHT + 4
            body.append(
                f'<rect {_style("fig-bar-earlier")} x="{left}" y="{y:g}" '
                f'width="{earlier * scale:g}" height="{EARLIER_HEIGHT}"/>'
            )
            body.append(
                _text(left + earlier * scale + 6, y + 11, [number(earlier)], "fig-bar-value fig-bar-earlier-value")
            )
            y += EARLIER_HEIGHT - BAR_HEIGHT
        y += ROW
    # The unit may be long ("million tonnes, rare-earth oxide (REO) equivalent"): wrapped to the
    # plot's width, never past the drawing's edge.
    unit_lines = wrap(unit, CHART_WIDTH - left, YEAR_FONT)
    body.append(_text(left, y + 8, unit_lines, "fig-unit"))
    y += LINE * (len(unit_lines) - 1)
    if any(earlier is not None for _label, _value, earlier in rows):
        y += LINE
        body.append(
            f'<rect {_style("fig-bar-earlier")} x="{left}" y="{y - 1:g}" width="18" height="{EARLIER_HEIGHT}"/>'
        )
        lines = wrap(legend, CHART_WIDTH - left - 26, YEAR_FONT)
        body.append(_text(left + 26, y + 7, lines, "fig-legend"))
        y += LINE * (len(lines) - 1)
    return _svg(fig_id, title, description, y + LINE, body, width=CHART_WIDTH)


MAP_WIDTH = 400  # as wide as the bar chart: on a 390 px phone its labels still read at 14 px


Point = tuple[float, float]
Line = tuple[Point, ...]  # (lon, lat) points, in degrees


class Basemap:
    """A map's land and borders (maps/region.json, which scripts/basemap.py writes): its frame
    (west, south, east, north), each country's rings and the land borders. Not a Node: the page
    model carries it whole, and nothing that walks the model (localise, nodes) walks into it."""

    __slots__ = ("borders", "frame", "land")

    def __init__(
        self,
        frame: tuple[float, float, float, float],
        land: tuple[tuple[str, tuple[Line, ...]], ...],
        borders: tuple[Line, ...],
    ):
        self.frame, self.land, self.borders = frame, land, borders

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Basemap) and (self.frame, self.land, self.borders) == (
            other.frame,
            other.land,
            other.borders,
        )

    def __hash__(self) -> int:
        return hash(self.frame)


@node
class Place(Node):
    """A point or a name on the map: a town (a dot and its label) or a country's name."""

    label: Label
    lon: float
    lat: float
    town: bool = True


def _projection(
    frame: tuple[float, float, float, float], width: int
) -> tuple[Callable[[float, float], Point], float, float]:
    """How a frame is drawn `width` wide: (lon, lat) → (x, y), the units of a degree of
    latitude, and the height. Longitudes are shrunk by the cosine of the middle latitude (an
    equirectangular projection: true enough over four degrees)."""
    west, south, east, north = frame
    shrink = math.cos(math.radians((south + north) / 2))
    scale = width / ((east - west) * shrink)

    def xy(lon: float, lat: float) -> Point:
        return round((lon - west) * shrink * scale, 1), round((north - lat) * scale, 1)

    return xy, scale, round((north - south) * scale, 1)


@functools.lru_cache(maxsize=8)  # a few basemaps: a long `briefing serve` rereads one on each change
def _ground(region: Basemap, home: str, width: int) -> tuple[str, ...]:
    """Sea, land (the home country lit) and borders: the same in every language, so drawn once
    (a basemap's thousand-odd points are most of a map's drawing time)."""

    xy, _scale, height = _projection(region.frame, width)

    def path(points: Line, closed: bool) -> str:
        pairs = [xy(lon, lat) for lon, lat in points]
        return "M" + "L".join(f"{x:g} {y:g}" for x, y in pairs) + ("Z" if closed else "")

    body = [f'<rect {_style("fig-sea")} x="0" y="0" width="{width}" height="{height:g}"/>']
    for name, rings in region.land:
        css = "fig-land fig-land-home" if name == home else "fig-land"
        body.append(f'<path {_style(css)} d="{"".join(path(ring, True) for ring in rings)}"/>')
    body.append(f'<path {_style("fig-border")} d="{"".join(path(line, False) for line in region.borders)}"/>')
    return tuple(body)


def locator(
    fig_id: str,
    title: str,
    description: str,
    region: Basemap,
    home: str,
    places: list[Place],
    area: tuple[Label, tuple[float, float, float, float]] | None,
    width: int = MAP_WIDTH,
) -> str:
    """A locator map: the land of `region`, the `home` country lit, the borders drawn; an area (a
    box of west, south, east, north) dashed with its label above it; towns as dots with their
    labels, countries' names in small capitals (_projection says how it is drawn). `width` in
    the drawing's units: the labels keep their size, so a wider drawing prints them smaller."""
    xy, scale, height = _projection(region.frame, width)
    body = list(_ground(region, home, width))
    if area is not None:
        label, (a_west, a_south, a_east, a_north) = area
        x1, y1 = xy(a_west, a_north)
        x2, y2 = xy(a_east, a_south)
        body.append(f'<rect {_style("fig-area")} x="{x1:g}" y="{y1:g}" width="{x2 - x1:g}" height="{y2 - y1:g}"/>')
        lines = wrap(label.text, width - x1 - 4, MAP_FONT)
        body.append(_text(x1, y1 - 6 - (len(lines) - 1) * (MAP_FONT + 3), lines, "fig-map-label fig-area-label", label))
    for place in places:
        x, y = xy(place.lon, place.lat)
        if place.town:
            body.append(f'<circle {_style("fig-dot")} cx="{x:g}" cy="{y:g}" r="5"/>')
            wide = text_width(place.label.text, MAP_FONT)
            right = x + 8 + wide <= width
            anchor = "start" if right else "end"
            left_edge = x + 6 if right else x - 10 - wide
            body.append(
                f'<rect {_style("fig-label-knockout")} x="{left_edge:g}" y="{y - MAP_FONT + 3:g}" '
                f'width="{wide + 4:g}" height="{MAP_FONT + 4:g}" rx="2"/>'
            )
            body.append(
                _text(x + 8 if right else x - 8, y + 5, [place.label.text], "fig-map-label", place.label, anchor)
            )
        else:
            body.append(_text(x, y, [place.label.text], "fig-map-label fig-country", place.label, "middle"))
    # A scale bar of 50 km (a degree of latitude is 111.32 km), bottom right, where the sea is.
    bar = round(50 / 111.32 * scale, 1)
    left = round(width - 12 - bar, 1)
    body.append(f'<path {_style("fig-scale-bar")} d="M{left:g} {height - 18:g}v5h{bar:g}v-5"/>')
    body.append(_text(left - 6, height - 12, ["50 km"], "fig-scale", anchor="end"))
    body.append(f'<rect {_style("fig-frame")} x="0.5" y="0.5" width="{width - 1}" height="{height - 1:g}"/>')
    return _svg(fig_id, title, description, height, body, width=width)
