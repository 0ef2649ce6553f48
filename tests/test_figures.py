"""Figures: the SVG generators against golden files, and the live briefing's figures on the site
and in the PDFs (whatever figures the outline places: these tests hold for its data)."""

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
    "bars": lambda: figures.bars(
        "figure-bars",
        "Trữ lượng <ước tính>",
        "Mô tả & chú thích",
        [
            (figures.Label("Một nước có tên khá dài"), 44.0, None),
            (figures.Label("Hai"), 6.9, None),
            (figures.Label("Ba", lang="vi"), 3.5, 22.0),
        ],
        "triệu tấn",
        "Viền nét đứt: ước tính của ấn bản trước, một chú giải đủ dài để xuống dòng trong hình",
        decimal=",",
    ),
    "map": lambda: figures.locator(
        "figure-map",
        "Vị trí <một tỉnh>",
        "Mô tả & chú thích",
        # A made-up basemap: two countries, the border between them, and the sea to the east.
        figures.Basemap(
            frame=(100.0, 20.0, 104.0, 23.0),
            land=(
                ("A", (((100.0, 23.0), (102.0, 23.0), (102.0, 20.0), (100.0, 20.0)),)),
                ("B", (((102.0, 23.0), (103.0, 23.0), (103.5, 20.0), (102.0, 20.0)),)),
            ),
            borders=(((102.0, 23.0), (102.0, 20.0)),),
        ),
        "B",
        [
            figures.Place(label=figures.Label("NƯỚC A"), lon=101.0, lat=21.5, town=False),
            figures.Place(label=figures.Label("Một thị xã có tên dài ở sát mép"), lon=103.2, lat=22.0),
            figures.Place(label=figures.Label("Thủ đô", lang="vi"), lon=102.5, lat=20.8),
        ],
        (figures.Label("Tỉnh X"), (102.2, 21.6, 102.9, 22.6)),
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


def test_the_map_is_drawn_to_scale():
    """A place's dot stands where its longitude and latitude fall in the frame, longitudes shrunk
    by the cosine of the middle latitude; the scale bar's 50 km is 50/111.32 of a degree."""
    import math

    svg = CASES["map"]()
    width, height = (float(v) for v in re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg).groups())
    shrink = math.cos(math.radians(21.5))
    scale = width / (4.0 * shrink)
    assert height == pytest.approx(3.0 * scale, abs=0.1)
    dots = [(float(x), float(y)) for x, y in re.findall(r'<circle [^>]*cx="([\d.]+)" cy="([\d.]+)"', svg)]
    assert dots == [
        pytest.approx(((103.2 - 100) * shrink * scale, (23 - 22.0) * scale), abs=0.1),
        pytest.approx(((102.5 - 100) * shrink * scale, (23 - 20.8) * scale), abs=0.1),
    ]
    bar = re.search(r'class="fig-scale-bar"[^>]*d="M[\d.]+ [\d.]+v5h([\d.]+)v-5"', svg)
    assert float(bar.group(1)) == pytest.approx(50 / 111.32 * scale, abs=0.1)


def test_the_map_data_is_what_scripts_basemap_makes_of_world_atlas():
    """maps/region.json is generated (scripts/basemap.py, from the npm package world-atlas):
    regenerated here, it must come out the same."""
    import subprocess
    import sys

    from support import REPO, node_tool

    node_tool("world-atlas", "countries-10m.json")
    run = subprocess.run([sys.executable, "scripts/basemap.py", "--check"], cwd=REPO, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr


def test_wrap_keeps_every_word_and_fits():
    text = "Đến năm 2050, Lai Châu là tỉnh phát triển xanh, bền vững, văn minh, giàu bản sắc văn hóa"
    lines = figures.wrap(text, 200)
    assert " ".join(lines) == text and all(len(line) * figures.FONT * figures.CHAR <= 200 for line in lines)


def figure_blocks(result):
    for page, _section, block in result.corpus.outline.blocks():
        if isinstance(block, FigureBlock):
            yield page.file, block.figure


def page_path(file: str) -> str:
    """A page file's URL path: "plan" → "plan/", "sources/index" → "sources/"."""
    return f"{file}/".removesuffix("index/")


def test_each_figure_is_on_its_page_only_in_both_languages(built_site: Path, result):
    placed = {}
    for file, figure in figure_blocks(result):
        placed.setdefault(page_path(file), set()).add(figure.kind)
    assert placed, "the outline places no figure"
    for path in ("", *(page_path(p.file) for p in result.corpus.outline.pages if p.file != "index")):
        for prefix in ("", "en/"):
            page = read(built_site / prefix / path / "index.html")
            found = [a["id"] for tag, a in page.tags if tag == "svg" and a.get("class") == "figure-svg"]
            assert len(found) == len(placed.get(path, ())), (prefix, path, found)


def svg_texts(path: Path) -> list[str]:
    """The text of every label in the page's figures (one string per <text>)."""
    html = path.read_text(encoding="utf-8")
    out = []
    for svg in re.findall(r"<svg class=\"figure-svg\".*?</svg>", html, re.DOTALL):
        for text in re.findall(r"<text[^>]*>(.*?)</text>", svg, re.DOTALL):
            out.append(html_lib.unescape(" ".join(re.findall(r"<tspan[^>]*>(.*?)</tspan>", text))))
    return out


def allowed_labels(result, figure, lang: str) -> set[str]:
    """What a figure may write, in `lang`: excerpts of its sentences (elided where they start
    inside them), outside facts of a source's context, its legend, unit and bar labels, years
    and numbers (with the language's decimal mark); in English as the translation memory has it."""
    from briefing.config import DECIMAL_MARK, SOURCE_LANG

    segments = {seg.id: seg.text for seg in result.corpus.segments}
    context = {(info.slug, i): fact.text for info in result.corpus.sources for i, fact in enumerate(info.context)}
    english = {e.msgid: e.msgstr for e in result.po if e.msgstr and not is_fuzzy(e)}

    def say(text: str, elided: bool = False) -> str:
        return model.shown(text if lang == SOURCE_LANG else english[text], elided)

    allowed = set()
    for mark in figure.marks:
        text = mark.text if mark.of else context[mark.context]
        elided = bool(mark.of) and not segments[mark.of].startswith(mark.text)
        if mark.of:
            assert mark.text in segments[mark.of]
        allowed.add(say(text, elided))
        allowed |= {f"{mark.year}–{mark.until}" if mark.until else str(mark.year), str(mark.year)}
    if figure.marks:
        allowed |= {say(result.corpus.outline.labels["context_title"]), "2021", "2030", "2040", "2050"}
    for bar in figure.bars:
        allowed.add(say(bar.label))
        for value in (bar.value, bar.earlier):
            if value is not None:
                allowed.add(f"{value:g}".replace(".", DECIMAL_MARK[lang]))
    if figure.bars:
        allowed |= {say(figure.unit), say(figure.legend)}
    allowed |= {say(name.label) for name in (*figure.names, *figure.places)}
    if figure.area:
        allowed.add(say(figure.area.label))
    if figure.kind == "map":
        allowed.add("50 km")  # the scale bar's
    return allowed


def test_every_label_comes_from_the_source_or_the_translation_memory(built_site: Path, result):
    figures_by_page: dict[str, list] = {}
    for file, figure in figure_blocks(result):
        figures_by_page.setdefault(file, []).append(figure)
    for file, found in figures_by_page.items():
        for prefix, lang in (("", "vi"), ("en/", "en")):
            allowed = set().union(*(allowed_labels(result, f, lang) for f in found))
            flat = {" ".join(a.split()) for a in allowed}
            labels = svg_texts(built_site / prefix / page_path(file) / "index.html")
            assert labels
            for label in labels:
                # A wrapped label is one <text> of several lines: its words, joined by spaces.
                assert label in flat, (prefix, file, label)


def test_english_figures_carry_no_vietnamese_label(built_site: Path, result):
    for file, figure in figure_blocks(result):
        english = " ".join(svg_texts(built_site / "en" / page_path(file) / "index.html"))
        vietnamese = allowed_labels(result, figure, "vi") - allowed_labels(result, figure, "en")
        words = [v for v in vietnamese if not any(c.isdigit() for c in v)]
        assert words and not any(v in english for v in words), (file, words)


def test_each_figure_is_in_both_pdfs(built_site: Path, result):
    import subprocess

    for path, lang in (("pdf/lai-chau-briefing-vi.pdf", "vi"), ("en/pdf/lai-chau-briefing-en.pdf", "en")):
        out = subprocess.run(["pdftotext", "-raw", str(built_site / path), "-"], capture_output=True, text=True)
        text = re.sub(r"\s+", " ", out.stdout)
        english = {e.msgid: e.msgstr for e in result.po}
        for _file, figure in figure_blocks(result):
            if figure.kind == "map":  # its title above it (its labels are the place names a text search splits)
                assert (figure.title if lang == "vi" else english[figure.title]) in text, path
            labels = [label for label in allowed_labels(result, figure, lang) if len(label) > 12]
            assert labels and any(" ".join(label.split()) in text for label in labels), (path, labels)
