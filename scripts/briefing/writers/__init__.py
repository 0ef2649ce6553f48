"""Writers: a localised page model (model.py) → the files of one output.

Each writer module has `write(briefing, lang) -> {path: text}` (paths relative to the project's
root), one function per kind of block (its `WRITERS`, keyed by the model's block classes), and
knows its own format's syntax and escaping; nothing else does. What both writers decide alike
about a string is here: what it shows, and how a pending translation reads in plain text.
"""

from __future__ import annotations

from collections.abc import Mapping

from briefing import figures
from briefing import model as m
from briefing.config import SOURCE_LANG


def shown(msg: m.Msg, elided: bool = False) -> str:
    """The text a string shows (an excerpt shown on its own may open with "…": model.shown)."""
    return m.shown(msg.text, elided)


def plain(msg: m.Msg, labels: Mapping[str, m.Msg], elided: bool = False) -> str:
    """A string where only plain text goes (front matter, link titles, figure labels, the PDF's
    running heads): one still waiting for its translation says so in brackets."""
    text = shown(msg, elided)
    return text if msg.ok else f"{text} [{labels['pending'].text}]"


def figure_label(msg: m.Msg, labels: Mapping[str, m.Msg], href: str | None = None, elided: bool = False):
    """A label of a drawing: plain text, marked as Vietnamese while its translation is pending."""
    return figures.Label(plain(msg, labels, elided), href, None if msg.ok else SOURCE_LANG)
