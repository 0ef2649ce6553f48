"""The briefing PDFs, opened and read back: content, structure, fonts, links, layout, safety."""

from __future__ import annotations

import html
import json
import re
import subprocess
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefing import model as m
from briefing.config import Project
from briefing.project import generate
from briefing.writers.typst import DATE_WORD, GLOSS_PITCH, band_name, mappings, page_blocks
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
def print_data():
    """What the print writer gives Typst for each PDF, as data: {path: data}."""
    return {path: json.loads(text) for path, text in generate(Project(REPO), pdfs=True, pages=False).pdfs.items()}


@pytest.fixture(scope="module")
def texts(built_site: Path):
    return {lang: pdf_text(built_site / path) for lang, path in PDFS.items()}


def test_every_page_links_to_its_language_pdf(built_site: Path):
    for page in PAGES:
        for prefix, lang in (("", "vi"), ("en/", "en")):
            html = built_site / prefix / page / "index.html"
            # (A source elsewhere may be a PDF too: the briefing's own are the site's links.)
            hrefs = [a.get("href", "") for tag, a in read(html).tags if tag == "a"]
            links = [h for h in hrefs if h.endswith(".pdf") and not h.startswith(("http://", "https://"))]
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
    # A name's spaces are no-break spaces (it never breaks over two lines), as "tr. 7"'s is: they
    # copy out as U+00A0, which readers' search treats as a space.
    for word in ("Đông\u00a0Pao", "đất hiếm", "Trần\u00a0Hồng\u00a0Hà"):
        assert word in text and unicodedata.is_normalized("NFC", word)
    assert unicodedata.is_normalized("NFC", text)


def test_names_never_break_over_two_lines():
    """Every name of writers.typst.UNBROKEN, and a coordinate, is one unbreakable run in the data."""
    from briefing.writers.typst import unbroken

    data = {
        "text": "Ông Trần Hồng Hà tại Lai Châu, 22°30' N.",
        "url": "https://x.vn/Lai Châu",
        "svg": "<text>Lai Châu</text>",
    }
    assert unbroken(data) == {
        "text": "Ông Trần\u00a0Hồng\u00a0Hà tại Lai\u00a0Châu, 22°30'\u00a0N.",
        "url": "https://x.vn/Lai Châu",
        "svg": "<text>Lai Châu</text>",
    }
    # Dates, as a tag gives them (a month cut short) and as the text does; a word that merely
    # starts like a month ("Decision 2023") is not one.
    assert unbroken("sentence 3 (ID s-03315082), câu 3 (mã s-03315082)") == (
        "sentence 3 (ID\u00a0s-03315082), câu 3 (mã\u00a0s-03315082)"
    )
    dates = "VnExpress, 11 Dec 2025; on 7 December 2023; in March 2026; Feb 2026; Decision 2023"
    assert unbroken(dates) == (
        "VnExpress, 11\u00a0Dec\u00a02025; on 7\u00a0December\u00a02023; "
        "in March\u00a02026; Feb\u00a02026; Decision 2023"
    )


def test_the_english_month_labels_are_the_months_a_date_keeps(result):
    """writers.typst.MONTHS, which keeps a date on one line, names the months as the translation
    memory does: a date the briefing writes itself ("as of December 2025") never breaks either."""
    from briefing.writers.typst import MONTHS

    months = {e.comment: e.msgstr for e in result.po if e.comment.startswith("label: month_")}
    assert tuple(months[f"label: month_{n}"] for n in range(1, 13)) == MONTHS


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


def test_the_source_text_is_tagged_as_a_table_a_sentence_a_row(readers, result):
    """A screen reader keeps each sentence with its translation: the source text is a tagged
    Table, its column heads TH, and a row (TR) for each sentence of each source, beside the head's."""
    sentences = len(result.corpus.segments)
    for lang, reader in readers.items():
        elements: list = []
        _structure(reader.trailer["/Root"]["/StructTreeRoot"], elements)
        tables = [e for e in elements if e.get("/S") == "/Table"]
        assert tables, lang
        rows: list = []
        for table in tables:
            found: list = []
            _structure(table, found)
            rows += [e for e in found if e.get("/S") == "/TR"]
        heads = [e for e in elements if e.get("/S") == "/TH"]
        assert heads, lang
        assert len(rows) >= sentences + 1, (lang, len(rows), sentences)


def test_bookmarks_have_an_entry_per_page(readers, result):
    for lang, reader in readers.items():
        top = [item.title for item in reader.outline if not isinstance(item, list)]
        # every page but the list of sources (the cover names them), then the appendices' heading
        # and the list of outside sources with their addresses
        assert len(top) == len(result.briefing[lang].pages) + 1
        assert result.briefing[lang].labels["pdf_references"].text in top, lang


def _chapters(reader) -> list[tuple[int, float, str]]:
    """(page, top, title) of each chapter (top-level bookmark), in order; page 1-based, top in
    points from the sheet's top."""
    height = float(reader.pages[0].mediabox.height)
    out = []
    for item in reader.outline:
        if isinstance(item, list):
            continue
        out.append((reader.get_destination_page_number(item) + 1, height - float(item.top or height), item.title))
    return out


def _parts(reader, result, lang) -> tuple[int, int, int]:
    """(pages, first body page, first appendix page) of a PDF: the body starts with the first
    chapter; the appendices on the first sheet whose top is theirs (their heading may start
    lower down the closing page's last sheet, which then counts as the body's)."""
    chapters = _chapters(reader)
    title = result.briefing[lang].labels["pdf_appendix"].text
    page, top = next((page, top) for page, top, found in chapters if found == title)
    return len(reader.pages), chapters[0][0], page if top < 24 * 72 / 25.4 + 30 else page + 1


def test_the_body_is_a_brief_and_the_appendices_do_not_outweigh_it(readers, result):
    """Cover, then a body of at most eight pages, then appendices that are at most 40 % of the PDF.
    Both are the budget of the brief as edited (one source). The appendices print every source in
    full and rules place new sources' sentences on the topic pages until an editor places them, so
    with unedited sources added (tests/test_articles.py adds five) only the cover is held: the
    length of the brief is then the editors' to decide."""
    for lang, reader in readers.items():
        count, body, appendix = _parts(reader, result, lang)
        assert body == 2, lang  # the cover is one sheet
        if len(result.corpus.sources) == 1:
            assert appendix - body <= 8, f"{lang}: the body has {appendix - body} pages"
            share = (count - appendix + 1) / count
            assert share <= 0.4, f"{lang}: appendices are {count - appendix + 1} of {count} pages"


def test_outside_facts_kept_off_paper_are_on_the_site_and_their_sources_in_print():
    """An editor may keep a box of outside facts off paper (`site_only`) where the brief gives the
    same facts elsewhere: the site shows it, the PDF does not (no box of its title), and every
    source it cites is still cited in the PDF (by number, in its list of outside sources)."""
    result = generate(Project(REPO), pdfs=True)
    for lang, briefing in result.briefing.items():
        data = next(json.loads(text) for path, text in result.pdfs.items() if path.endswith(f"-{lang}.pdf"))
        printed = {b["title"] for p in data["pages"] for b in page_blocks(p) if b["block"] == "context"}
        numbered = {item["url"] for item in data["references"]["items"]}
        kept_off = [
            (page.file, block)
            for page in briefing.pages
            for block in m.nodes(page)
            if isinstance(block, m.Context) and block.site_only
        ]
        assert kept_off, "nothing is kept off paper: this test tests nothing"
        for file, block in kept_off:
            site = next(text for path, text in result.files.items() if path.startswith(f"docs/{file}.{lang}."))
            site = html.unescape(site)  # the page writes hyphens as &#45; (a Markdown list marker otherwise)
            assert block.title.text in site and block.title.text not in printed, (lang, file, block.title.text)
            for fact in block.facts:
                assert fact.text.text in site, (lang, file, fact.text.text)
                assert fact.url in numbered, (lang, file, fact.url)


def test_the_cover_gives_three_to_five_key_facts_each_cited_the_date_of_the_news_first(print_data):
    """The brief's cover (issue 20): 3-5 takeaways, from the key-facts model, each with its
    citation; a row an editor marks `site_only` stays on the site."""
    for path, data in print_data.items():
        rows = data["cover"]["takeaways"]["rows"]
        assert 3 <= len(rows) <= 5, (path, len(rows))
        for row in rows:
            cited = re.findall(r'"(?:cite|target)": "([^"]+)"', json.dumps(row, ensure_ascii=False))
            assert cited, (path, row["label"])
        assert re.search(r"\d{4}", json.dumps(rows[0], ensure_ascii=False)), path  # a date, with its year


def test_a_key_facts_row_marked_print_only_is_on_the_cover_and_not_on_the_site(print_data):
    """The date and the remarks the site's Overview gives just above its key facts (dateline and
    lede) are the cover's takeaways, and are not repeated in the site's box."""
    import yaml

    outline = yaml.safe_load((REPO / "outline.yml").read_text(encoding="utf-8"))
    rows = (found for found in mappings(outline) if "label" in found and "items" in found)
    labels = [row["label"] for row in rows if row.get("print_only")]
    assert labels, "no key-facts row is print_only: this test has nothing to hold"
    cover = {row["label"]["text"] for row in print_data["site/" + PDFS["vi"]]["cover"]["takeaways"]["rows"]}
    site = (REPO / "docs" / "index.vi.md").read_text(encoding="utf-8")
    for label in labels:
        assert label in cover, label
        assert f"**{label}:**" not in site, label


def test_the_closing_page_names_the_cover_among_the_parts_with_outside_facts(print_data):
    """ "Information from other sources is used in: Cover, Overview, …": print moves the Overview's
    key facts and the chart, both from other sources, to the cover."""
    for path, data in print_data.items():
        cover = json.dumps(data["cover"]["takeaways"], ensure_ascii=False) + json.dumps(data["cover"]["figure"])
        assert '"outside": {' in cover, path  # the cover does carry outside facts: the case to hold
        bases = [b for p in data["pages"] for b in page_blocks(p) if b["block"] == "basis"]
        assert bases, path
        for basis in bases:
            assert [use["target"] for use in basis["pages"]][:2] == ["cover", "page-index"], (path, basis["pages"])


def test_the_brief_ends_with_its_publisher_version_and_where_to_cite_it(built_site: Path, readers, print_data):
    """The last sheet closes with a colophon: the publisher, the version (the fingerprint the
    citation on the closing page gives), and the page of "How to cite", as a printed brief ends."""
    for lang, path in PDFS.items():
        data = print_data["site/" + path]
        cite = next(
            s for p in data["pages"] for s in p["sections"] if any(b["block"] == "cite_how" for b in s["blocks"])
        )
        count = len(readers[lang].pages)
        pages = {n: flat(pdf_page_text(built_site / path, n)) for n in range(2, count + 1)}
        at = next(n for n, text in pages.items() if flat(cite["heading"]) in text)
        cited = re.findall(r"\b([0-9a-f]{8})\.", pages[at])  # "…, updated 7 December 2026, version 3c536680."
        colophon = pages[count][pages[count].rindex(flat(data["cover"]["publisher"])) :].strip()
        found = re.fullmatch(
            rf".+ · ([0-9a-f]{{8}}) · {re.escape(flat(cite['heading']))} \(\S+\s?{at}\) {count}", colophon
        )
        assert found and cited == [found[1]], (lang, colophon, cited)


def test_a_page_a_prose_block_names_is_followed_by_its_page_in_print(print_data, texts):
    """ "see Rare earths (p. 3) and Provincial plan (p. 7)": paper cannot follow a link, so the
    title a prose block links (`links:`) is followed by the page it leads to."""
    checked = 0
    for path, data in print_data.items():
        lang = "vi" if path.endswith("-vi.pdf") else "en"
        for page in data["pages"]:
            for block in page_blocks(page):
                parts = block["parts"] if block["block"] == "prose" and block["parts"] else []
                for part in (part for part in parts if part["link"]):
                    said = re.escape(flat(part["text"])) + r" \((?:p|tr)\. \d+\)"
                    assert re.search(said, texts[lang]), (lang, part["text"])
                    checked += 1
    assert checked, "no printed prose block links a page: this test has nothing to hold"


@pytest.mark.parametrize(
    ("name", "band"),
    [
        (
            "USGS, Mineral Commodity Summaries 2026, chapter “Rare Earths”",
            "USGS, Mineral Commodity Summaries 2026, chapter “Rare Earths”",
        ),
        ("Government News, baochinhphu.vn, 7 Dec 2023", "Government News, 7 Dec 2023"),
        ("Thư viện Pháp luật, Quyết định số 1585/QĐ-TTg", "Thư viện Pháp luật, 1585/QĐ-TTg"),
        ("Reuters (Nasdaq đăng lại), 1/2/2024", "Reuters (Nasdaq đăng lại), 1/2/2024"),
        ("Công Thương, không rõ ngày đăng", "Công Thương, không rõ ngày đăng"),
        ("VNA, Lai Chau sets green growth targets for 2025–2030, 19 Jan 2026", "VNA, 19 Jan 2026"),
        ("world-atlas", "world-atlas"),
        (
            "LuatVietnam (English edition), Decision No. 866/QĐ-TTg",
            "LuatVietnam (English edition), 866/QĐ-TTg",
        ),
    ],
)
def test_a_tag_in_the_band_names_the_outlet_and_date_the_endnote_the_rest(name, band):
    """Beside a fact, the source's outlet and date, its full name the endnote's (the tag's number
    leads there); a name without a date keeps its title, which says what and when."""
    assert band_name(name) == band


def test_a_source_sentence_names_only_the_parts_of_the_brief_that_cite_it(print_data):
    """The source text's "cited in" (print) names the cover for a sentence the cover cites, and
    a chapter only if that chapter, as printed, cites the sentence: a sentence the site's
    Overview cites only in its key facts, which print moves to the cover, is not sent to p. 2."""
    for path, data in print_data.items():
        cited_by: dict[str, set[str]] = {}
        for page in data["pages"]:
            found = set(re.findall(r'"target": "([^"]+)"', json.dumps(page)))
            for place in (page["anchor"], *(section["anchor"] for section in page["sections"])):
                cited_by[place] = found
        rows = [r for p in data["pages"] for b in page_blocks(p) if b["block"] == "source_text" for r in b["rows"]]
        named = [(r["anchor"], u["target"]) for r in rows for u in r.get("uses", [])]
        assert any(target == "cover" for _, target in named), path  # the cover cites some
        cover = set(re.findall(r'"target": "([^"]+)"', json.dumps(data["cover"])))
        for sentence, target in named:
            assert sentence in (cover if target == "cover" else cited_by[target]), (path, sentence, target)


def test_a_box_of_dates_prints_as_a_timeline_each_date_beside_its_fact_and_source(texts):
    """A chronology (`dates: true`) is drawn as a timeline: in print each fact's date stands
    apart, before the rest of the fact (its first letter a capital), then the fact's source by
    its number in the list of outside sources, alone, as the band gives numbers; in the box's order."""
    result = generate(Project(REPO), pdfs=True)
    boxes = 0
    for lang, briefing in result.briefing.items():
        data = next(json.loads(text) for path, text in result.pdfs.items() if path.endswith(f"-{lang}.pdf"))
        number = {item["url"]: item["number"] for item in data["references"]["items"]}
        for block in (b for page in briefing.pages for b in m.nodes(page) if isinstance(b, m.Context) and b.dates):
            boxes += 1
            at = texts[lang].index(flat(block.title.text))
            for fact in block.facts:
                date, _, rest = fact.text.text.partition(": ")
                # (the column of dates drops the word before a Vietnamese date: "17/5/2012")
                line = flat(f"{DATE_WORD.sub('', date)} {rest[:1].upper()}{rest[1:]} {number[fact.url]}")
                found = texts[lang].find(line, at)
                assert found > at, (lang, line)
                at = found
    assert boxes >= 2, "no box of dates in print: this test tests nothing"


def test_an_outside_source_has_the_same_number_in_both_pdfs_and_on_the_site():
    """A reader with both PDFs and the site finds source 20 to be the same source in each: the
    site's tags ("[other source 20: …]") and its list on About, and each PDF's tags and list,
    although each glossary lists its terms in its own language's order (and cites their sources
    by number)."""
    data = {path: json.loads(text) for path, text in generate(Project(REPO), pdfs=True).pdfs.items()}
    numbered = [{item["url"]: item["number"] for item in d["references"]["items"]} for d in data.values()]
    assert len(numbered) == 2 and numbered[0], data.keys()
    assert numbered[0] == numbered[1]
    glossaries = [[b for p in d["pages"] for b in page_blocks(p) if b["block"] == "glossary"] for d in data.values()]
    orders = [[t["vi"] for g in found for t in g["terms"]] for found in glossaries]
    assert orders[0] != orders[1], "the glossaries' orders no longer differ: this test tests nothing"
    tag = re.compile(r'<span class="outside-cite">\[[^\]<]*? (\d+): <a href="([^"]+)">([^<]*)</a>')
    seen: dict[tuple[str, str], set[str]] = {}  # (language, number) → the names it goes by
    for page in (REPO / "docs").glob("*.md"):
        lang = page.name.split(".")[-2]
        for number, url, name in tag.findall(page.read_text(encoding="utf-8")):
            # (The PDFs list only what they cite: a source only the site cites has no number there.)
            if html.unescape(url) in numbered[0]:
                assert numbered[0][html.unescape(url)] == int(number), (page.name, number, url)
            seen.setdefault((lang, number), set()).add(name)
    assert len(seen) > 20, "no numbered tag found on the site: this test tests nothing"
    # One name per source, on every page of a language (the glossary's sources too).
    assert all(len(names) == 1 for names in seen.values()), {k: v for k, v in seen.items() if len(v) > 1}


def test_an_address_is_printed_as_a_reader_types_it(built_site: Path, readers):
    """The outside sources' addresses on paper: no scheme, no "www.", and letters rather than
    %-escapes ("Thành_phố", not "Th%C3%A0nh_ph%E1%BB%91"), while each link keeps the address."""
    data = {path: json.loads(text) for path, text in generate(Project(REPO), pdfs=True).pdfs.items()}
    for d in data.values():
        escaped = [item for item in d["references"]["items"] if "%" in item["url"]]
        assert escaped, "no address has %-escapes: this test tests nothing"
        for item in d["references"]["items"]:
            assert "%" not in item["printed"] and "://" not in item["printed"], item
    for lang, reader in readers.items():
        text = "".join(page.extract_text() for page in reader.pages)
        annots = [a.get_object() for page in reader.pages for a in page.get("/Annots", []) or []]
        links = {a["/A"]["/URI"] for a in annots if "/A" in a and "/URI" in a["/A"]}
        assert "Th%C3%A0nh" not in text and "%E1" not in text, lang
        assert any("%C3%A0" in uri for uri in links), (lang, "the link lost its address")


def test_each_running_head_names_the_chapter_in_force_at_the_top_of_its_page(built_site: Path, readers, result):
    """The head of each sheet (one line) names the chapter that starts at its top, or else the
    last one started before it; long titles are cut after a word, with "…". The appendices' band
    is a part title, not a chapter: the sheet it opens is headed by the chapter under it."""
    for lang, reader in readers.items():
        path = built_site / PDFS[lang]
        chapters = _chapters(reader)
        part = result.briefing[lang].labels["pdf_appendix"].text
        assert any(title == part for _page, _top, title in chapters), (lang, part)
        for number in range(2, len(reader.pages) + 1):
            words = _words(path, number)
            margin = 20 * 72 / 25.4  # between the head (its rule at 24 mm) and the first line of text
            head = [(b, w) for a, b, c, d, w in words if d < margin]
            lines = {round(b) for b, _w in head}
            assert len(lines) == 1, (lang, number, head)
            text = " ".join(w for _b, w in head)
            # A chapter is in force at the top if no word of the chapter before it is above it.
            body = [(b, d) for a, b, c, d, w in words if b > margin]
            at_top = [title for page, top, title in chapters if page == number and not any(d <= top for b, d in body)]
            before = [title for page, _top, title in chapters if page < number]
            expected = (at_top or before)[0 if at_top else -1]
            under = [title for page, _top, title in chapters if page == number and title != part]
            if expected == part and under:
                expected = under[0]
            # A source's chapter ("Source text: <its title>") is headed by what it is, and its
            # letter when there are several.
            kind = expected.split(": ")[0]
            assert (
                text == expected
                or (text.endswith("…") and expected.startswith(text[:-1].rstrip()))
                or (": " in expected and (text == kind or text.rsplit(" ", 1)[0] == kind))
            ), (
                lang,
                number,
                text,
                expected,
            )


def test_a_panel_that_runs_on_to_a_sheet_is_named_above_it(built_site: Path, readers, result):
    """A box of outside facts that breaks between sheets is named at the top of each sheet it runs
    on to: its title and "(continued)", between the running head's rule and the text; no other
    sheet has that line. Which sheets open inside a box is read from the renders: the box's warm
    rule at the top of the text column, under a first line that is not a box's title."""
    mm = 72 / 25.4
    runs_on = 0
    for lang, path in PDFS.items():
        briefing = result.briefing[lang]
        titles = [flat(b.title.text) for p in briefing.pages for b in m.nodes(p) if isinstance(b, m.Context)]
        continued = briefing.labels["pdf_continued"].text
        for number in range(2, len(readers[lang].pages) + 1):
            words = _words(built_site / path, number)
            line = " ".join(w for a, b, c, d, w in words if b > 18 * mm and d < 24 * mm)
            body = [(b, w) for a, b, c, d, w in words if b >= 24 * mm]
            top = min(b for b, _w in body)
            first = flat(" ".join(w for b, w in body if b < top + 2))
            opens_a_box = any(title.startswith(first) or first.startswith(title) for title in titles)
            if _warm_rule_at_top(built_site / path, number) and not opens_a_box:
                runs_on += 1
                # The title of the last box opened before this sheet.
                before = flat(" ".join(pdf_page_text(built_site / path, n) for n in range(1, number)))
                last = max(titles, key=lambda t: before.rfind(t))
                assert line == f"{last} {continued}", (lang, number, line, last)
            else:
                assert not line.endswith(continued), (lang, number, line)
    assert runs_on > 0, "no box runs on to a second sheet: the test has nothing to check"


def test_a_box_kept_whole_is_whole_on_one_sheet_and_a_tall_box_may_break(built_site: Path, readers):
    """writers/typst.py estimates each box's height to decide whether it may break (over 45 % of a
    sheet): a box it keeps whole stands on one sheet, its title and its last fact together (an
    estimate far too low would let a box run off its sheet); and the briefing's tallest boxes
    are allowed to break (an estimate far too high would leave a box-sized gap)."""
    breaking = 0
    made = generate(Project(REPO), pdfs=True)
    for lang, path in PDFS.items():
        data = next(json.loads(text) for name, text in made.pdfs.items() if name.endswith(f"-{lang}.pdf"))
        boxes = [b for page in data["pages"] for b in page_blocks(page) if b["block"] == "context" and not b["dates"]]
        pages = [flat(pdf_page_text(built_site / path, n)) for n in range(1, len(readers[lang].pages) + 1)]
        for box in boxes:
            breaking += box["breaks"]
            last = " ".join(flat(box["facts"][-1]["text"]["text"]).split()[-6:])
            opens = [n for n, text in enumerate(pages) if flat(box["title"]) in text]
            # (from its opening sheet on: the same words may stand earlier, in the timeline)
            ends = [n for n, text in enumerate(pages) if last in text and opens and n >= opens[0]]
            assert opens and ends, (lang, box["title"])
            if not box["breaks"]:
                assert opens[0] == ends[0], (lang, box["title"], opens, ends)
    assert breaking >= 2, "no box may break: the estimate has nothing to decide"


def pdf_page_text(pdf: Path, page: int) -> str:
    return subprocess.run(
        ["pdftotext", "-f", str(page), "-l", str(page), "-raw", "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def _warm_rule_at_top(pdf: Path, page: int, dpi: int = 50) -> bool:
    """Whether the warm rule on the left of a box of outside facts is at the top of the sheet's
    text column (the box began on a sheet before, or opens at the top of this one)."""
    data = subprocess.run(
        ["pdftoppm", "-f", str(page), "-l", str(page), "-r", str(dpi), str(pdf)], capture_output=True, check=True
    ).stdout
    head = re.match(rb"P6\s+(\d+)\s+(\d+)\s+\d+\s", data)
    width, raster = int(head[1]), data[head.end() :]
    y = round((24 + 1.5) * dpi / 25.4)  # just under the top margin
    row = raster[y * width * 3 : (y + 1) * width * 3]
    left = round(22 * dpi / 25.4)  # the text column's left edge, where the rule is
    pixels = [tuple(row[x * 3 : x * 3 + 3]) for x in range(left - 2, left + 3)]
    return any(r > 150 and g < 110 and b < 90 for r, g, b in pixels)


def _page_ids(node, page=None) -> set:
    """The pages (by object id) that an element of the structure tree is drawn on."""
    node = node.get_object() if hasattr(node, "get_object") else node
    if not isinstance(node, dict):
        return {page} if page is not None else set()  # a marked-content id on the element's page
    page = node.raw_get("/Pg").idnum if "/Pg" in node else page
    kids = node.get("/K")
    if kids is None:
        return {page} if page is not None else set()
    found = set()
    for kid in kids if isinstance(kids, list) else [kids]:
        found |= _page_ids(kid, page)
    return found


def test_no_short_list_and_no_table_row_is_split_between_pages(readers):
    """A list of up to six items, and every table row, stays on one sheet (read from the tagged
    structure: the pages each element is drawn on)."""
    for lang, reader in readers.items():
        elements: list = []
        _structure(reader.trailer["/Root"]["/StructTreeRoot"], elements)
        lists = [e for e in elements if e.get("/S") == "/L"]
        rows = [e for e in elements if e.get("/S") == "/TR"]
        assert lists, lang  # table rows: only while a table prints (the status table, when a translation is pending)
        for element in lists:
            items = element.get("/K")
            items = items if isinstance(items, list) else [items]
            if len([i for i in items if hasattr(i, "get_object") and i.get_object().get("/S") == "/LI"]) <= 6:
                assert len(_page_ids(element)) == 1, (lang, "a list split between pages")
        for element in rows:
            assert len(_page_ids(element)) == 1, (lang, "a table row split between pages")


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


def test_no_page_but_the_last_is_less_than_a_third_full(built_site: Path, readers):
    """Render each sheet small and measure how far down its body the ink goes: every sheet but
    the last, the cover included."""
    for lang, path in PDFS.items():
        count = len(readers[lang].pages)
        for number in range(1, count):
            fill = _inked_body(built_site / path, number)
            assert fill >= 1 / 3, f"{lang} PDF page {number} is only {fill:.0%} full"


def test_the_glossarys_last_sheet_is_set_in_two_balanced_columns(built_site: Path, readers, print_data):
    """The entries that start on the glossary's last sheet are shared between its two columns so
    that neither foot stands more than one entry (and a line) below the other: Typst alone fills
    the left column before the right. The template splits them by the heights writers/typst.py
    estimates (glossary_height); an estimate gone wrong shows here as uneven feet."""
    for lang, path in PDFS.items():
        data = print_data["site/" + path]
        page = next(p for p in data["pages"] if any(b["block"] == "glossary" for b in page_blocks(p)))
        terms = next(b for b in page_blocks(page) if b["block"] == "glossary")["terms"]
        # (The last sheet under the glossary's running head.)
        heads = [pdf_page_text(built_site / path, n).split("\n", 1)[0] for n in range(1, len(readers[lang].pages) + 1)]
        sheet = max(n for n, head in enumerate(heads, 1) if head == page["short"])
        words = _words(built_site / path, sheet)
        middle = 210 / 2 * 72 / 25.4
        # The columns' text: under the running head, above anything set across the gutter.
        across = min((top for left, top, right, _bottom, _w in words if left < middle < right), default=float("inf"))
        text = [w for w in words if 24 * 72 / 25.4 < w[1] < across]
        feet = [max((w[3] for w in text if (w[2] < middle) == left), default=0.0) for left in (True, False)]
        tallest = max(t["height"] for t in terms) + GLOSS_PITCH  # an entry and a line, in points
        assert min(feet) > 0 and abs(feet[0] - feet[1]) <= tallest, (lang, sheet, feet)


def test_no_text_runs_into_the_bottom_margin_or_is_lost(built_site: Path, readers, result):
    """Below the text block (20 mm from the sheet's foot) there is the folio (the page's number) and nothing
    else: a block that cannot break at a column's foot once ran out of the page, through the folio,
    and the last line of a glossary entry was lost. And every glossary definition is there, to its end."""
    for lang, path in PDFS.items():
        pdf = built_site / path
        count = len(readers[lang].pages)
        height = float(readers[lang].pages[0].mediabox.height)
        for number in range(1, count + 1):
            foot = height - (16 if number == 1 else 20) * 72 / 25.4  # the cover has margins of its own
            # (a last line's descenders hang below the text block: poppler's boxes include them)
            below = [w for _a, _b, _c, d, w in _words(pdf, number) if d > foot + 4]
            assert " ".join(below) in ("", str(number)), (lang, number, below)
        # Each definition's first and last words (one that breaks between sheets has a running
        # head and a folio in between).
        text = pdf_text(pdf)
        glossary = next(b for p in result.briefing[lang].pages for b in m.nodes(p) if isinstance(b, m.Glossary))
        for term in glossary.terms:
            words = flat(term.definition.text).split()
            assert " ".join(words[:5]) in text and " ".join(words[-5:]) in text, (lang, term.vi)


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
    from briefing.writers import link_parts

    allowed = {fact.url for info in result.corpus.sources for fact in info.context if fact.url}
    allowed |= {fact.url for fact in outside_facts(result.corpus.outline.pages)}
    allowed |= {info.url for info in result.corpus.sources if info.url}
    # The licence of the briefing's own text, as its label links it.
    licence = result.inputs.outline.labels["licence"]
    for text in (licence, result.po.find(licence).msgstr):
        allowed |= {url for _piece, url in link_parts(text) if url}
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
            # A line may break after "/" ("</" ↵ "b>"): the text extracted then has a space there.
            assert flat(literal) in text or flat(literal) in text.replace("/ ", "/"), (path, literal)
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


def test_a_template_that_typst_warns_about_stops_the_pdf(project: Path):
    """A warning (here a font the template names but print/fonts/ does not hold; as well a
    layout that does not settle) is a PDF that may be wrong: an error naming the template's line."""
    from briefing.errors import BriefingError
    from briefing.pdf import build_day, compile_pdf

    scratch = Project(project)
    template = scratch.print_template
    lines = template.read_text(encoding="utf-8").count("\n")
    template.write_text(template.read_text(encoding="utf-8") + '#text(font: "No Such Font")[x]\n', encoding="utf-8")
    data = next(iter(generate(scratch, pdfs=True).pdfs.values()))
    with pytest.raises(BriefingError, match="Typst warns, so the PDF may be wrong: unknown font family") as err:
        compile_pdf(scratch, data, build_day(0))
    assert str(err.value).startswith(f"{scratch.rel(template)}:{lines + 1}:"), str(err.value)
    json.loads(data)  # the data itself was fine


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


# Made-up headlines of thirty words, as some outlets write them (test data: no fact about Lai Châu).
LONG_HEADLINES = [
    "Lai Châu đẩy mạnh thu hút đầu tư vào công nghiệp chế biến sâu khoáng sản, gắn với phát triển "
    "hạ tầng giao thông, logistics và kinh tế cửa khẩu trong giai đoạn mới",
    "Tỉnh miền núi phía Bắc tìm hướng đi cho ngành đất hiếm: từ quy hoạch, cấp phép đến chế biến "
    "sâu và bảo vệ môi trường ở các vùng mỏ",
]


def test_with_six_sources_under_long_titles_the_cover_stays_one_page_and_names_each(project: Path, tmp_path: Path):
    """Three more articles (tests/articles) and two under long headlines: the cover still fits one
    sheet (the titles it lists cut shorter), names every source with its letter, and the body
    still starts on page 2."""
    import yaml
    from pypdf import PdfReader

    articles = REPO / "tests" / "articles"
    for name in ("a-reprint", "d-question-headline", "c-scraping-damage"):
        expect = yaml.safe_load((articles / f"{name}.expect.yml").read_text(encoding="utf-8"))
        if (project / "sources" / expect["slug"]).exists():
            continue  # the copy tests/test_articles.py builds holds them all already
        run = run_briefing(
            project, "add-source", str(articles / f"{name}.txt"), "--slug", expect["slug"], *expect["args"]
        )
        assert run.returncode == 0, run.stderr
    for n, headline in enumerate(LONG_HEADLINES, start=1):
        text = tmp_path / f"long-{n}.txt"
        text.write_text(f"{headline}\nTỉnh xác định chế biến sâu là khâu then chốt số {n}.\n", encoding="utf-8")
        run = run_briefing(project, "add-source", str(text), "--slug", f"long-headline-{n}", "--first-line", "title")
        assert run.returncode == 0, run.stderr
    assert len([p for p in (project / "sources").iterdir() if p.is_dir()]) >= 6
    assert run_briefing(project, "convert").returncode == 0
    run = run_briefing(project, "pdf")
    assert run.returncode == 0, run.stderr
    result = generate(Project(project))
    for lang, path in PDFS.items():
        reader = PdfReader(str(project / "site" / path))
        assert reader.get_destination_page_number(reader.outline[0]) == 1, lang  # the body starts on page 2
        cover = flat(
            subprocess.run(
                ["pdftotext", "-f", "1", "-l", "1", str(project / "site" / path), "-"], capture_output=True, text=True
            ).stdout
        )
        for info in result.corpus.sources:
            assert f"{info.cite_as} · " in cover, (lang, info.slug)
        assert _inked_body(project / "site" / path, 1) >= 1 / 3
