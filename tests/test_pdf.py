"""The briefing PDFs, opened and read back: content, structure, fonts, links, layout, safety."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

from htmlpage import read
from support import PAGES, REPO, run_briefing

PDFS = {"vi": "pdf/lai-chau-briefing-vi.pdf", "en": "en/pdf/lai-chau-briefing-en.pdf"}


@pytest.fixture(scope="module")
def readers(built_site: Path):
    return {lang: PdfReader(built_site / path) for lang, path in PDFS.items()}


def flat(text: str) -> str:
    """PDF text with its line breaks folded, as a reader's copy and paste sees it (a line may
    break after a hyphen: "an ninh-" / "quốc phòng"; both sides of a comparison are folded alike)."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).replace("- ", "-").replace("– ", "–")


def pdf_text(path: Path) -> str:
    return flat(
        subprocess.run(
            ["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
    )


@pytest.fixture(scope="module")
def texts(built_site: Path):
    return {lang: pdf_text(built_site / path) for lang, path in PDFS.items()}


def test_every_page_links_to_its_language_pdf(built_site: Path):
    for page in PAGES:
        for prefix, lang in (("", "vi"), ("en/", "en")):
            html = built_site / prefix / page / "index.html"
            links = [a["href"] for tag, a in read(html).tags if tag == "a" and a.get("href", "").endswith(".pdf")]
            assert links, html
            for link in links:
                assert (html.parent / link).resolve() == (built_site / PDFS[lang]).resolve()


def test_every_sentence_and_its_translation_is_in_the_pdfs(texts, result):
    english = {e.msgid: e.msgstr for e in result.po}
    for seg in result.corpus.segments:
        assert flat(seg.text) in texts["vi"], seg.id
        assert flat(seg.text) in texts["en"], seg.id  # beside its translation, in the source section
        assert flat(english[seg.text]) in texts["en"], seg.id


def test_vietnamese_copies_out_as_nfc(readers):
    text = " ".join(page.extract_text() for page in readers["vi"].pages)
    for word in ("Đông Pao", "đất hiếm", "Trần Hồng Hà"):
        assert word in text and unicodedata.is_normalized("NFC", word)
    assert unicodedata.is_normalized("NFC", text)


def test_language_title_tags_and_pdf_ua_identification(readers):
    for lang, reader in readers.items():
        root = reader.trailer["/Root"]
        assert root["/Lang"] == lang
        assert bool(root["/MarkInfo"]["/Marked"]) and "/StructTreeRoot" in root
        assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
        assert reader.metadata.title.startswith({"vi": "Lai Châu: đất hiếm", "en": "Lai Châu: rare earths"}[lang])
        xmp = root["/Metadata"].get_data().decode("utf-8")
        assert re.search(r"<pdfuaid:part>1</pdfuaid:part>|pdfuaid:part=\"1\"", xmp), xmp[:500]


def _structure(node, found: list) -> None:
    node = node.get_object()
    found.append(node)
    kids = node.get("/K")
    for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
        kid = kid.get_object() if hasattr(kid, "get_object") else kid
        if isinstance(kid, dict) and "/S" in kid:
            _structure(kid, found)


def test_every_figure_has_alternative_text(readers, result):
    for reader in readers.values():
        elements: list = []
        _structure(reader.trailer["/Root"]["/StructTreeRoot"], elements)
        figures = [e for e in elements if e.get("/S") == "/Figure"]
        assert figures, "the figures are tagged as Figure"
        assert all(str(e.get("/Alt", "")).strip() for e in figures)


def test_bookmarks_have_an_entry_per_page(readers, result):
    for reader in readers.values():
        top = [item.title for item in reader.outline if not isinstance(item, list)]
        assert len(top) == 1 + len(result.briefing["vi"].pages)  # the contents, then every page


def test_every_font_is_embedded_and_subset(built_site: Path):
    for path in PDFS.values():
        rows = subprocess.run(["pdffonts", str(built_site / path)], capture_output=True, text=True, check=True).stdout
        fonts = rows.splitlines()[2:]
        assert fonts and all(re.search(r"\byes\s+yes\s+yes\b", row) for row in fonts), rows
        assert all("BeVietnamPro" in row for row in fonts), rows


def _words(pdf: Path, page: int) -> list[tuple[float, float, float, float, str]]:
    """(xMin, yMin, xMax, yMax, word) of one page (1-based), y from the top, by poppler."""
    out = subprocess.run(
        ["pdftotext", "-f", str(page), "-l", str(page), "-bbox", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [
        (float(a), float(b), float(c), float(d), w)
        for a, b, c, d, w in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', out
        )
    ]


def test_citations_jump_to_their_sentence_in_the_source_section(built_site: Path, readers, result):
    """Each [n] marker (or [B3], with several sources) links to the place in the PDF where that
    sentence of its source starts."""
    letters = {info.slug: info.cite_as if len(result.corpus.sources) > 1 else "" for info in result.corpus.sources}
    by_label = {f"{letters[seg.source]}{seg.number}": seg for seg in result.corpus.segments}
    for lang, reader in readers.items():
        path = built_site / PDFS[lang]
        ids = [page.indirect_reference.idnum for page in reader.pages]
        height = float(reader.pages[0].mediabox.height)
        words = {}
        checked = 0
        for number, page in enumerate(reader.pages, start=1):
            for annotation in page.get("/Annots") or []:
                annotation = annotation.get_object()
                dest = _destination(annotation, reader)
                if dest is None:
                    continue
                x0, y0, x1, y1 = (float(v) for v in annotation["/Rect"])
                here = words.setdefault(number, _words(path, number))
                marker = "".join(
                    w
                    for a, b, c, d, w in here
                    if a >= x0 - 1 and c <= x1 + 1 and b >= height - y1 - 1 and d <= height - y0 + 1
                )
                found = re.fullmatch(r"\[([A-Z]*\d+)\]", marker)
                if not found:
                    continue  # a link to a page or section
                target = ids.index(dest[0].idnum) + 1
                x, top = float(dest[2]), height - float(dest[3])
                there = words.setdefault(target, _words(path, target))
                # The words on the target's first line, from the target's left edge.
                below = [(b, a, w) for a, b, c, d, w in there if a >= x - 1 and top - 1 <= b <= top + 14]
                first = min(b for b, _a, _w in below)  # the words of the target's first line only
                line = " ".join(w for b, a, w in sorted(below, key=lambda w: w[1]) if abs(b - first) < 2)
                start = " ".join(by_label[found.group(1)].text.split()[:2])
                assert start in line, (lang, marker, line, start)
                checked += 1
        assert checked > 10


def _destination(annotation, reader) -> list | None:
    """Where an internal link leads: [page, /XYZ, x, y, zoom], from a named or an explicit destination."""
    if annotation.get("/Subtype") != "/Link" or "/Dest" not in annotation:
        return None
    dest = annotation["/Dest"]
    dest = dest.get_object() if hasattr(dest, "get_object") else dest
    if isinstance(dest, str):
        named = reader.named_destinations[dest]  # a KeyError is a link to nowhere
        return [named.page, "/XYZ", named.left, named.top, 0]
    return list(dest)


def test_every_internal_link_resolves(readers):
    for reader in readers.values():
        ids = [page.indirect_reference.idnum for page in reader.pages]
        links = 0
        for page in reader.pages:
            for annotation in page.get("/Annots") or []:
                dest = _destination(annotation.get_object(), reader)
                if dest is not None:
                    assert dest[0].idnum in ids
                    links += 1
        assert links > 40


def test_no_page_but_cover_contents_and_last_is_less_than_a_third_full(built_site: Path, readers):
    """Render each sheet small and measure how far down its body the ink goes."""
    for lang, path in PDFS.items():
        reader = readers[lang]
        count = len(reader.pages)
        contents = reader.get_destination_page_number(reader.outline[0]) + 1  # the first bookmark
        for number in range(contents + 1, count):  # before the contents: the cover
            fill = _inked_body(built_site / path, number)
            assert fill >= 1 / 3, f"{lang} PDF page {number} is only {fill:.0%} full"


def _inked_body(pdf: Path, page: int, dpi: int = 20) -> float:
    """The share of the body (between header and footer margins) down to its last inked row."""
    data = subprocess.run(
        ["pdftoppm", "-f", str(page), "-l", str(page), "-r", str(dpi), "-gray", str(pdf)],
        capture_output=True,
        check=True,
    ).stdout
    head = re.match(rb"P5\s+(\d+)\s+(\d+)\s+\d+\s", data)
    width, height, raster = int(head[1]), int(head[2]), data[head.end() :]
    rows = [raster[y * width : (y + 1) * width] for y in range(height)]
    top, bottom = int(height * 26 / 297), int(height * (297 - 22) / 297)  # the page's margins, in mm
    inked = [y for y in range(top, bottom) if min(rows[y]) < 160]
    return ((inked[-1] - top) / (bottom - top)) if inked else 0.0


def test_the_pdfs_request_nothing_and_link_out_only_to_cited_sources(readers, result):
    """Links that leave the PDF go only to what the briefing cites: the context's sources, the
    outline's facts from other sources, where each source was published, and the glossary's."""
    from briefing.outline import outside_facts

    allowed = {fact.url for info in result.corpus.sources for fact in info.context if fact.url}
    allowed |= {fact.url for fact in outside_facts(result.corpus.outline.pages)}
    allowed |= {info.url for info in result.corpus.sources if info.url}
    allowed |= {source.rpartition(": ")[2] for term in result.corpus.glossary for source in term.sources}
    for reader in readers.values():
        uris = set()
        for page in reader.pages:
            for annotation in page.get("/Annots") or []:
                action = annotation.get_object().get("/A") or {}
                if action.get("/S") == "/URI":
                    uris.add(str(action["/URI"]))
                assert action.get("/S") not in ("/Launch", "/SubmitForm", "/ImportData", "/JavaScript")
        assert uris <= allowed, uris - allowed


def test_markup_and_typst_code_in_a_source_print_as_text(project: Path):
    """A source full of HTML, Markdown, Jinja, snippet and Typst syntax: both PDFs print it."""
    corpus = REPO / "tests" / "corpus" / "markup.txt"
    assert run_briefing(project, "add-source", str(corpus), "--slug", "markup", "--title", "Bài thử").returncode == 0
    run = run_briefing(project, "pdf")
    assert run.returncode == 0, run.stderr
    for path in PDFS.values():
        text = pdf_text(project / "site" / path)
        for literal in (
            '#read("/etc/passwd")',
            '#import "x.typ": *',
            '#include "/etc/hosts"',
            "$x^2$",
            "@ref",
            "<b>đậm</b>",
            '<script>alert("x")</script>',
            "{{ config.site_name }}",
            '--8<-- "/etc/passwd"',
            "\\\\ và ] [ # * _ ` ~.",
        ):
            assert flat(literal) in text, (path, literal)
        assert "root:x:0" not in text and "localhost" not in text


def test_the_print_fonts_are_the_ones_recorded():
    """print/fonts/SOURCE.txt says where the faces come from; they are those bytes."""
    import hashlib

    recorded = dict(
        line.split()[::-1]
        for line in re.findall(r"^[0-9a-f]{64}  \S+$", (REPO / "print/fonts/SOURCE.txt").read_text(), re.MULTILINE)
    )
    faces = sorted(p.name for p in (REPO / "print/fonts").glob("*.ttf"))
    assert sorted(recorded) == faces
    for name in faces:
        assert hashlib.sha256((REPO / "print/fonts" / name).read_bytes()).hexdigest() == recorded[name]


def test_a_block_kind_the_template_does_not_know_stops_the_pdf_naming_it():
    """A new kind of block the print template has no function for is an error naming the kind,
    never a PDF that silently leaves the block out."""
    import json

    from briefing.config import Project
    from briefing.errors import BriefingError
    from briefing.pdf import build_day, compile_pdf
    from briefing.project import generate

    project = Project(REPO)
    data = json.loads(next(iter(generate(project, pdfs=True).pdfs.values())))
    data["pages"][0]["intro"].append({"block": "reserves_chart"})
    with pytest.raises(BriefingError, match="has no function for the block kind 'reserves_chart'"):
        compile_pdf(project, json.dumps(data), build_day(0))
