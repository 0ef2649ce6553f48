"""Figures drawn from the same data as the text: a timeline and the three pillars, as inline SVG.

Pure functions: they take labels already translated (by `render`) and return SVG markup. The
layout is a single narrow column, so that one drawing reads at phone width and on paper; the
colours come from CSS classes (the site's palettes, light and dark, and the PDF's stylesheet).
Text is wrapped by an estimate of its width, as no font metrics are at hand here.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

WIDTH = 440
FONT = 15  # px in the drawing's own units; the drawing is shown at about its own width
LINE = 20
CHAR = 0.56  # average advance of a character, in ems (Be Vietnam Pro, regular)


# Presentation attributes: the drawing's own colours, which are the print colours. WeasyPrint
# draws inline SVG without the page's CSS; on the site, CSS (briefing.css) overrides them with
# the palette's colours, light or dark.
FAMILY = (
    "Be Vietnam Pro, Be Vietnam Pro latin, Be Vietnam Pro vietnamese, Be Vietnam Pro latin-ext, DejaVu Sans, sans-serif"
)
STYLE: dict[str, dict[str, str]] = {
    "text": {"font-family": FAMILY, "font-size": str(FONT), "fill": "#1a1a1a"},
    "link": {"fill": "#00695c"},
    "fig-year": {"fill": "#555555", "font-weight": "700"},
    "fig-heading": {"font-weight": "700", "fill": "#1a1a1a"},
    "fig-roof-text": {"fill": "#ffffff", "font-weight": "700"},
    "fig-outside-label": {"font-style": "italic"},
    "fig-legend": {"font-style": "italic"},
    "fig-axis": {"stroke": "#bbbbbb", "stroke-width": "2"},
    "fig-period": {"stroke": "#00695c", "stroke-width": "6", "stroke-linecap": "round"},
    "fig-dot": {"fill": "#00695c", "stroke": "#ffffff", "stroke-width": "2"},
    "fig-outside": {"fill": "#ffffff", "stroke": "#bf360c", "stroke-dasharray": "3 2"},
    "fig-roof": {"fill": "#00695c"},
    "fig-column": {"fill": "#00695c"},
    "fig-base": {"fill": "#00695c"},
    "fig-box": {"fill": "#ffffff", "stroke": "#bbbbbb"},
    "fig-bullet": {"fill": "#555555"},
}


def _style(css: str, *, base: str | None = None, linked: bool = False) -> str:
    """`class` and the presentation attributes of its names, later names winning."""
    attributes: dict[str, str] = dict(STYLE[base]) if base else {}
    if linked:
        attributes.update(STYLE["link"])
    for name in css.split():
        attributes.update(STYLE.get(name, {}))
    return " ".join([f'class="{css}"'] + [f'{key}="{value}"' for key, value in attributes.items()])


@dataclass(frozen=True)
class Label:
    text: str
    href: str | None = None  # the sentence (or outside citation) the label comes from
    lang: str | None = None  # set when the text is not in the page's language (pending)


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
    spans = "".join(
        f'<tspan x="{x:g}" y="{y + i * LINE:g}">{html.escape(line)}</tspan>' for i, line in enumerate(lines)
    )
    linked = label is not None and label.href is not None
    text = f'<text {_style(css, base="text", linked=linked)} text-anchor="{anchor}"{lang}>{spans}</text>'
    if linked:
        return f'<a href="{html.escape(label.href)}">{text}</a>'
    return text


def _svg(fig_id: str, title: str, description: str, height: float, body: list[str]) -> str:
    return (
        f'<svg class="figure-svg" id="{fig_id}" viewBox="0 0 {WIDTH} {height:g}" width="{WIDTH}" '
        f'aria-labelledby="{fig_id}-title {fig_id}-desc" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{fig_id}-title">{html.escape(title)}</title>'
        f'<desc id="{fig_id}-desc">{html.escape(description)}</desc>' + "".join(body) + "</svg>"
    )


def timeline(
    fig_id: str, title: str, description: str, marks: list[tuple[int, int | None, Label, bool]], context_legend: str
) -> str:
    """Marks (year, until, label, from outside the source?) down a vertical axis, in year order.

    A period (until) is drawn as a thick bar from its start to the mark of its end year. Marks
    that come from outside the source are hollow and listed under the legend."""
    axis_x, label_x = 78, 100
    rows: list[tuple[int, float]] = []
    body: list[str] = []
    y = 34
    for year, _until, label, outside in sorted(marks, key=lambda m: (m[0], m[1] or m[0])):
        lines = wrap(label.text, WIDTH - label_x - 8)
        rows.append((year, y))
        # The start year only: a period shows its end by its bar and its label.
        body.append(_text(axis_x - 16, y + 5, [str(year)], "fig-year", anchor="end"))
        body.append(f'<circle {_style("fig-dot fig-outside" if outside else "fig-dot")} cx="{axis_x}" cy="{y}" r="7"/>')
        body.append(_text(label_x, y + 5, lines, "fig-label fig-outside-label" if outside else "fig-label", label))
        y += max(2, len(lines)) * LINE + 18
    top, bottom = rows[0][1], rows[-1][1]
    bars = []
    for year, until, _label, _outside in marks:
        if until:
            start = next(ry for yr, ry in rows if yr == year)
            end = next((ry for yr, ry in rows if yr == until), bottom)
            bars.append(f'<line {_style("fig-period")} x1="{axis_x}" y1="{start}" x2="{axis_x}" y2="{end}"/>')
    axis = f'<line {_style("fig-axis")} x1="{axis_x}" y1="{top - 14}" x2="{axis_x}" y2="{bottom + 14}"/>'
    legend = []
    if any(m[3] for m in marks):
        legend = [
            f'<circle {_style("fig-dot fig-outside")} cx="{axis_x}" cy="{y + 4}" r="6"/>',
            _text(label_x, y + 9, wrap(context_legend, WIDTH - label_x), "fig-legend"),
        ]
        y += 30
    return _svg(fig_id, title, description, y, [axis, *bars, *body, *legend])


def pillars(fig_id: str, title: str, description: str, roof: str, columns: list[tuple[Label, list[Label]]]) -> str:
    """A roof (the figure's subject), then each pillar: its name and the focus areas the source lists."""
    body = [f'<polygon {_style("fig-roof")} points="12,52 {WIDTH / 2:g},8 {WIDTH - 12},52"/>']
    roof_lines = wrap(roof, WIDTH - 120, FONT)
    body.append(_text(WIDTH / 2, 40 - (len(roof_lines) - 1) * LINE / 2, roof_lines, "fig-roof-text", anchor="middle"))
    y = 66
    for heading, items in columns:
        start = y
        inner = [_text(44, y + 22, [heading.text], "fig-heading", heading)]
        y += 34
        for item in items:
            lines = wrap(item.text, WIDTH - 72)
            inner.append(f'<circle {_style("fig-bullet")} cx="50" cy="{y + 11}" r="3"/>')
            inner.append(_text(60, y + 16, lines, "fig-label", item))
            y += len(lines) * LINE + 6
        y += 8
        body.append(f'<rect {_style("fig-box")} x="12" y="{start}" width="{WIDTH - 24}" height="{y - start}" rx="4"/>')
        body.append(f'<rect {_style("fig-column")} x="12" y="{start}" width="18" height="{y - start}" rx="2"/>')
        body.extend(inner)
        y += 10
    body.append(f'<rect {_style("fig-base")} x="6" y="{y - 4}" width="{WIDTH - 12}" height="8" rx="2"/>')
    return _svg(fig_id, title, description, y + 8, body)
