"""Writers: a localised page model (model.py) → the files of one output.

Each writer module has `write(briefing, lang) -> {path: text}` (paths relative to the project's
root), one function per kind of block (its `WRITERS`, keyed by the model's block classes), and
knows its own format's syntax and escaping; nothing else does. What both writers decide alike
about a string is here: what it shows, and how a pending translation reads in plain text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from briefing import figures
from briefing import model as m
from briefing.config import DECIMAL_MARK, SOURCE_LANG
from briefing.text import upper_first


def headword(term: m.Term, lang: str) -> tuple[str, str]:
    """A glossary entry's term in the reader's language, then its rendering in the other:
    English headwords in sentence case, Vietnamese ones as a dictionary writes them."""
    return (term.vi, term.en) if lang == SOURCE_LANG else (upper_first(term.en), term.vi)


def shown(msg: m.Msg, elided: bool = False, cut: bool = False) -> str:
    """The text a string shows (an excerpt shown on its own may open or close with "…": model.shown)."""
    return m.shown(msg.text, elided, cut)


def printed_address(url: str) -> str:
    """An address as a reader types it (on the site's About and on paper): no "https://" or
    "www.", and its escaped letters as letters ("Thành_phố", not "Th%C3%A0nh_ph%E1%BB%91"); the
    link keeps the address."""
    import re
    import unicodedata
    from urllib.parse import unquote

    return unicodedata.normalize("NFC", unquote(re.sub(r"^https?://(www\.)?", "", url)))


def source_key(cited: m.Fact | m.Citation | m.OutsideSource) -> str:
    """An outside source's key: its address, or its name when it has none (model.OutsideSources)."""
    return cited.url or cited.cite.vi


def outside_source(
    index: Mapping[str, tuple[int, m.Msg]] | None, cited: m.Fact | m.Citation
) -> tuple[int | None, m.Msg]:
    """A cited outside source's number and name in `index` (outside_index); a source the list
    does not hold keeps its own name, without a number."""
    return (index or {}).get(source_key(cited), (None, cited.cite))


def outside_index(briefing: m.Briefing) -> dict[str, tuple[int, m.Msg]]:
    """Each outside source, by its address (by its name when it has none): its number, its place
    in the list of outside sources on About (model.OutsideSources, in the site's reading order),
    and the one name it goes by there (the first its citations give). The site's tags and both
    PDFs use them, so a source bears one number and one name wherever a reader meets it."""
    for page in briefing.pages:
        for node in m.nodes(page):
            if isinstance(node, m.OutsideSources):
                return {source_key(item): (n, item.cite) for n, item in enumerate(node.items, 1)}
    return {}


def plain(msg: m.Msg, labels: Mapping[str, m.Msg], elided: bool = False) -> str:
    """A string where only plain text goes (front matter, link titles, figure labels, the PDF's
    running heads): one still waiting for its translation says so in brackets."""
    text = shown(msg, elided)
    return text if msg.ok else f"{text} [{labels['pending'].text}]"


def bar_chart_svg(block: m.BarChart, labels: Mapping[str, m.Msg], lang: str) -> str:
    """The bar chart as SVG, the same drawing on the site and in the PDF."""
    return figures.bars(
        "figure-reserves",
        plain(block.title, labels),
        plain(block.description, labels),
        [(figure_label(bar.label, labels), bar.value, bar.earlier) for bar in block.bars],
        plain(block.unit, labels),
        plain(block.earlier, labels),
        decimal=DECIMAL_MARK[lang],
    )


def locator_svg(block: m.LocatorMap, labels: Mapping[str, m.Msg], width: int = figures.MAP_WIDTH) -> str:
    """The locator map as SVG, the same drawing on the site and in the PDF (print draws it wider,
    so that its labels print at the size of a caption: figures.locator)."""
    places = [
        *(figures.Place(label=figure_label(n.label, labels), lon=n.lon, lat=n.lat, town=False) for n in block.names),
        *(figures.Place(label=figure_label(n.label, labels), lon=n.lon, lat=n.lat) for n in block.places),
    ]
    area = (figure_label(block.area.label, labels), block.area.bounds) if block.area else None
    return figures.locator(
        "figure-map",
        plain(block.title, labels),
        plain(block.description, labels),
        block.basemap,
        block.home,
        places,
        area,
        width,
    )


def figure_label(msg: m.Msg, labels: Mapping[str, m.Msg], href: str | None = None, elided: bool = False):
    """A label of a drawing: plain text, marked as Vietnamese while its translation is pending."""
    return figures.Label(plain(msg, labels, elided), href, None if msg.ok else SOURCE_LANG)


# A link written in an editorial label as Markdown: "[CC BY 4.0](https://creativecommons.org/…)".
LABEL_LINK = re.compile(r"\[([^\]]+)\]\((https?://[^)\s]+)\)")


def titled_parts(text: str, links: Sequence[m.Link], labels: Mapping[str, m.Msg]) -> list[tuple[str, m.Link | None]]:
    """Prose as pieces, each page it names (`links`, the outline's `links:`) by its title the
    link to that page: the first place the text holds the title as it is, in order; a title the
    text does not hold (a translation that words it otherwise) stays plain. Each writer writes
    the links its way (the site a link, print a link and the page it leads to)."""
    parts: list[tuple[str, m.Link | None]] = []
    rest = text
    for link in links:
        title = plain(link.title, labels)
        at = rest.find(title)
        if at >= 0:
            parts += [(rest[:at], None), (title, link)]
            rest = rest[at + len(title) :]
    return [(piece, link) for piece, link in [*parts, (rest, None)] if piece]


def link_parts(text: str) -> list[tuple[str, str]]:
    """A label's text as (text, url) pieces, url "" between links: each writer writes links its way."""
    parts, at = [], 0
    for found in LABEL_LINK.finditer(text):
        parts += [(text[at : found.start()], ""), (found.group(1), found.group(2))]
        at = found.end()
    return [(piece, url) for piece, url in [*parts, (text[at:], "")] if piece]
