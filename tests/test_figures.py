"""The timeline: the SVG generator against a golden file, and the figure on the site and in the PDFs."""

from __future__ import annotations

import html as html_lib
import os
import re
from pathlib import Path

import pytest

from briefing import figures, model
from briefing.outline import FigureBlock
from briefing.translate import is_fuzzy
from htmlpage import read

GOLDEN = Path(__file__).parent / "golden" / "figures"

CASES = {
    "timeline": lambda: figures.timeline(
        "figure-timeline",
        "Mốc <thời gian>",
        "Mô tả & chú thích",
        [
            (2050, None, figures.Label("Đến năm 2050, một câu khá dài để xuống dòng ở chỗ phù hợp", "s/#s-3"), False),
            (2021, 2030, figures.Label("thời kỳ 2021-2030", "s/#s-1"), False),
            (2024, None, figures.Label("Sự kiện năm 2024 (ngoài nguồn)", "https://example.org/a"), True),
            (2030, None, figures.Label("mục tiêu đến năm 2030", "s/#s-2", lang="vi"), False),
        ],
        "Bối cảnh (ngoài nguồn)",
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_svg_matches_golden(name):
    expected = GOLDEN / f"{name}.svg"
    actual = CASES[name]() + "\n"
    if os.environ.get("UPDATE_GOLDEN"):
        expected.write_text(actual, encoding="utf-8")
    assert actual == expected.read_text(encoding="utf-8")


def test_the_axis_is_drawn_to_scale():
    """Each mark's dot stands where its year falls between the first and the last year."""
    svg = CASES["timeline"]()
    dots = [(float(x), float(y)) for x, y in re.findall(r'<circle [^>]*cx="([\d.]+)" cy="([\d.]+)" r="7"', svg)]
    axis_y = dots[0][1]
    on_axis = sorted(x for x, y in dots if y == axis_y)
    left, right = on_axis[0], on_axis[-1]
    for year, x in zip((2021, 2024, 2030, 2050), on_axis, strict=True):
        assert abs((x - left) / (right - left) - (year - 2021) / (2050 - 2021)) < 0.01


def test_wrap_keeps_every_word_and_fits():
    text = "Đến năm 2050, Lai Châu là tỉnh phát triển xanh, bền vững, văn minh, giàu bản sắc văn hóa"
    lines = figures.wrap(text, 200)
    assert " ".join(lines) == text and all(len(line) * figures.FONT * figures.CHAR <= 200 for line in lines)


def figure_blocks(result):
    for page, _section, block in result.corpus.outline.blocks():
        if isinstance(block, FigureBlock):
            yield page.file, block.figure


def test_the_timeline_is_on_the_plan_page_only_in_both_languages(built_site: Path, result):
    assert [file for file, _ in figure_blocks(result)] == ["plan"]
    for path in ("", "plan/", "pillars/", "rare-earths/"):
        for prefix in ("", "en/"):
            page = read(built_site / prefix / path / "index.html")
            found = {a["id"] for tag, a in page.tags if tag == "svg" and a.get("class") == "figure-svg"}
            assert found == ({"figure-timeline"} if path == "plan/" else set()), (prefix, path)


def svg_texts(path: Path) -> list[str]:
    """The text of every label in the page's figures (one string per <text>)."""
    html = path.read_text(encoding="utf-8")
    out = []
    for svg in re.findall(r"<svg class=\"figure-svg\".*?</svg>", html, re.DOTALL):
        for text in re.findall(r"<text[^>]*>(.*?)</text>", svg, re.DOTALL):
            out.append(html_lib.unescape(" ".join(re.findall(r"<tspan[^>]*>(.*?)</tspan>", text))))
    return out


def test_every_label_comes_from_the_source_or_the_translation_memory(built_site: Path, result):
    """A label is an excerpt of its sentence (elided if it starts inside it), an outside fact from
    a source's context, the legend, or a year: on the Vietnamese page as written, on the English
    page as the translation memory has it."""
    segments = {seg.id: seg.text for seg in result.corpus.segments}
    context = {(info.slug, i): fact.text for info in result.corpus.sources for i, fact in enumerate(info.context)}
    english = {e.msgid: e.msgstr for e in result.po if e.msgstr and not is_fuzzy(e)}
    allowed_vi, allowed_en = set(), set()
    for _, figure in figure_blocks(result):
        for mark in figure.marks:
            text = mark.text if mark.of else context[mark.context]
            elided = bool(mark.of) and not segments[mark.of].startswith(mark.text)
            if mark.of:
                assert mark.text in segments[mark.of]
            allowed_vi.add(model.shown(text, elided))
            allowed_en.add(model.shown(english[text], elided))
            years = f"{mark.year}–{mark.until}" if mark.until else str(mark.year)
            allowed_vi |= {years, str(mark.year)}
            allowed_en |= {years, str(mark.year)}
        legend = result.corpus.outline.labels["context_title"]
        allowed_vi.add(legend)
        allowed_en.add(english[legend])
        decades = {"2021", "2030", "2040", "2050"}
        allowed_vi |= decades
        allowed_en |= decades
    for prefix, allowed in (("", allowed_vi), ("en/", allowed_en)):
        labels = svg_texts(built_site / prefix / "plan" / "index.html")
        assert labels
        for label in labels:
            assert any(" ".join(a.split()) == label for a in allowed), (prefix, label)


def test_english_figures_carry_english_labels(built_site: Path):
    labels = " ".join(svg_texts(built_site / "en" / "plan" / "index.html"))
    assert "Lai Châu is to strive to become a medium-developed province" in labels
    assert "Context (from outside the article)" in labels and "phấn đấu" not in labels


def test_the_timeline_is_in_both_pdfs(built_site: Path):
    import subprocess

    for path, words in (
        ("pdf/lai-chau-briefing-vi.pdf", ["…phấn đấu đưa Lai Châu trở thành tỉnh phát triển trung bình"]),
        ("en/pdf/lai-chau-briefing-en.pdf", ["Lai Châu is to strive to become a medium-developed province"]),
    ):
        out = subprocess.run(["pdftotext", "-raw", str(built_site / path), "-"], capture_output=True, text=True)
        text = re.sub(r"\s+", " ", out.stdout)
        for word in words:
            assert word in text, (path, word)
