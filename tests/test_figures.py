"""Figures: the SVG generator against golden files, and the figures on the site and in the PDFs."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from briefing import figures
from briefing.config import Project
from briefing.project import generate
from briefing.translate import is_fuzzy
from htmlpage import read
from support import REPO

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
    "pillars": lambda: figures.pillars(
        "figure-pillars",
        "Ba trụ cột",
        "Mô tả",
        "Ba trụ cột",
        [
            (figures.Label("Dịch vụ", "s/#s-4"), [figures.Label("du lịch", "s/#s-4"), figures.Label("biên mậu")]),
            (
                figures.Label("Công nghiệp"),
                [figures.Label("năng lượng và một mục rất dài cần xuống dòng hai lần cho vừa khung")],
            ),
        ],
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_svg_matches_golden(name):
    expected = GOLDEN / f"{name}.svg"
    actual = CASES[name]() + "\n"
    if os.environ.get("UPDATE_GOLDEN"):
        expected.write_text(actual, encoding="utf-8")
    assert actual == expected.read_text(encoding="utf-8")


def test_wrap_keeps_every_word_and_fits():
    text = "Đến năm 2050, Lai Châu là tỉnh phát triển xanh, bền vững, văn minh, giàu bản sắc văn hóa"
    lines = figures.wrap(text, 200)
    assert " ".join(lines) == text and all(len(line) * figures.FONT * figures.CHAR <= 200 for line in lines)


@pytest.fixture(scope="module")
def result():
    return generate(Project(REPO))


def figure_blocks(result):
    for page in result.corpus.outline.pages:
        for block in [*page.intro, *(b for s in page.sections for b in s.blocks)]:
            if block.figure:
                yield page.file, block.figure


def test_figures_are_on_the_right_pages_in_both_languages(built_site: Path):
    expected = {"": {"timeline"}, "plan/": {"timeline"}, "pillars/": {"pillars"}}
    for path, kinds in expected.items():
        for prefix in ("", "en/"):
            page = read(built_site / prefix / path / "index.html")
            found = {a["id"].removeprefix("figure-") for tag, a in page.tags if tag == "svg" and "id" in a}
            assert found == kinds, (prefix, path)
            assert any(tag == "figcaption" for tag, _ in page.tags)


def svg_texts(path: Path) -> list[str]:
    """The text of every label in the page's figures (one string per <text>)."""
    html = path.read_text(encoding="utf-8")
    out = []
    for svg in re.findall(r"<svg class=\"figure-svg\".*?</svg>", html, re.DOTALL):
        for text in re.findall(r"<text[^>]*>(.*?)</text>", svg, re.DOTALL):
            out.append(" ".join(re.findall(r"<tspan[^>]*>(.*?)</tspan>", text)))
    return out


def test_every_label_comes_from_the_source_or_the_translation_memory(built_site: Path, result):
    import html as html_lib

    segments = {seg.id: seg.text for seg in result.corpus.segments}
    context = [fact.text for info in result.corpus.sources for fact in info.context]
    english = {e.msgid: e.msgstr for e in result.po if e.msgstr and not is_fuzzy(e)}
    allowed_vi, allowed_en = set(), set()
    for _, figure in figure_blocks(result):
        vi = [figure.title, result.corpus.outline.labels["context_title"]]
        vi += [m.text for m in figure.marks if m.text] + [context[m.context[1]] for m in figure.marks if m.context]
        vi += [p.label for p in figure.pillars] + [i for p in figure.pillars for i in p.items]
        for mark in figure.marks:
            assert mark.text is None or mark.text in segments[mark.of]
        allowed_vi.update(vi)
        allowed_en.update(english[text] for text in vi)
        allowed_en.update(str(m.year) for m in figure.marks)
        allowed_vi.update(str(m.year) for m in figure.marks)
    for prefix, allowed in (("", allowed_vi), ("en/", allowed_en)):
        for path in ("", "plan/", "pillars/"):
            for label in svg_texts(built_site / prefix / path / "index.html"):
                label = html_lib.unescape(label)
                assert any(" ".join(a.split()) == label for a in allowed), (prefix, path, label)


def test_english_figures_carry_english_labels(built_site: Path):
    labels = " ".join(svg_texts(built_site / "en" / "pillars" / "index.html"))
    assert "the border trade economy" in labels and "kinh tế biên mậu" not in labels
    labels = " ".join(svg_texts(built_site / "en" / "plan" / "index.html"))
    assert "the development goal to 2030" in labels and "Context (from outside the source)" in labels


def test_figures_are_in_both_pdfs(built_site: Path):
    from pypdf import PdfReader

    for path, words in (
        ("pdf/lai-chau-briefing-vi.pdf", ["mục tiêu phát triển đến năm 2030", "kinh tế biên mậu"]),
        ("en/pdf/lai-chau-briefing-en.pdf", ["the development goal to 2030", "the border trade economy"]),
    ):
        text = " ".join(re.sub(r"\s+", " ", p.extract_text()) for p in PdfReader(built_site / path).pages)
        for word in words:
            assert word in text, (path, word)
