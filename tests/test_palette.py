"""The one palette: readable in both schemes, and the same colours on the site, in figures and on paper."""

from __future__ import annotations

import json

import pytest

from briefing import figures, palette
from briefing.config import Project
from briefing.project import generate
from support import REPO


def luminance(colour: str) -> float:
    """WCAG 2 relative luminance of #rrggbb."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_contrast_formula_gives_the_known_extremes():
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize("scheme", [palette.LIGHT, palette.DARK], ids=["light", "dark"])
def test_text_reads_at_4_5_to_1_and_marks_show_at_3_to_1(scheme):
    ground = scheme["background"]
    for role in ("ink", "muted", "accent", "warm"):
        assert contrast(scheme[role], ground) >= 4.5, role
    for role in ("axis", "accent", "warm"):  # a figure's axis, its marks, its hollow outside marks
        assert contrast(scheme[role], ground) >= 3, role


@pytest.mark.parametrize("scheme", [palette.LIGHT, palette.DARK], ids=["light", "dark"])
def test_a_maps_names_read_and_its_borders_and_marks_show_on_land_and_sea(scheme):
    for ground in ("land", "land-home", "sea"):
        for role in ("ink", "muted", "accent"):  # towns' and countries' names, the area's label
            assert contrast(scheme[role], scheme[ground]) >= 4.5, (role, ground)
        for role in ("axis", "accent"):  # borders, the area's box, towns' dots
            assert contrast(scheme[role], scheme[ground]) >= 3, (role, ground)


def test_the_site_the_figures_and_the_pdfs_take_their_colours_from_the_palette():
    result = generate(Project(REPO), pdfs=True)
    assert result.files["docs/assets/palette.css"] == palette.css()
    for role, colour in palette.LIGHT.items():
        assert f"--brief-{role}: {colour};" in palette.css()
    assert figures.STYLE["fig-dot"]["fill"] == palette.LIGHT["accent"]
    for data in result.pdfs.values():
        assert json.loads(data)["palette"] == palette.LIGHT
    template = (REPO / "print" / "briefing.typ").read_text(encoding="utf-8")
    css = (REPO / "docs" / "assets" / "briefing.css").read_text(encoding="utf-8")
    for text in (template, css):  # colours are named by role there, never written out
        assert "#00695c" not in text and "#bf360c" not in text
