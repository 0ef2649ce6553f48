"""The briefing PDFs, opened and read back: content, structure, fonts, links, determinism."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefing.config import Project
from briefing.pdf import local_only_fetcher
from briefing.project import generate
from htmlpage import read
from support import PAGES, REPO

PDFS = {"vi": "pdf/lai-chau-briefing-vi.pdf", "en": "en/pdf/lai-chau-briefing-en.pdf"}


@pytest.fixture(scope="module")
def result():
    return generate(Project(REPO))


@pytest.fixture(scope="module")
def readers(built_site: Path):
    return {lang: PdfReader(built_site / path) for lang, path in PDFS.items()}


def flat(text: str) -> str:
    """PDF text with its line breaks folded, as a reader's copy and paste sees it."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).replace("- ", "-")


@pytest.fixture(scope="module")
def texts(readers):
    return {lang: flat(" ".join(page.extract_text() for page in reader.pages)) for lang, reader in readers.items()}


def test_every_page_links_to_its_language_pdf(built_site: Path):
    for page in PAGES:
        for prefix, lang in (("", "vi"), ("en/", "en")):
            html = built_site / prefix / page / "index.html"
            links = [a["href"] for tag, a in read(html).tags if tag == "a" and a.get("href", "").endswith(".pdf")]
            assert links, html
            for link in links:
                assert (html.parent / link).resolve() == (built_site / PDFS[lang]).resolve()


def test_every_sentence_and_its_translation_is_in_the_pdfs(texts, result):
    english = {e.msgid: e.msgstr for e in result.po["en"]}
    for seg in result.corpus.segments:
        assert flat(seg.text) in texts["vi"], seg.id
        assert flat(english[seg.text]) in texts["en"], seg.id


def test_vietnamese_copies_out_as_nfc(readers):
    text = " ".join(page.extract_text() for page in readers["vi"].pages)
    for word in ("Đông Pao", "đất hiếm", "Trần Hồng Hà"):
        assert word in text and unicodedata.is_normalized("NFC", word)
    assert unicodedata.is_normalized("NFC", text)


def test_language_title_and_tags(readers):
    for lang, reader in readers.items():
        root = reader.trailer["/Root"]
        assert root["/Lang"] == lang
        assert bool(root["/MarkInfo"]["/Marked"]) and "/StructTreeRoot" in root
        assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
        assert reader.metadata.title.startswith({"vi": "Quy hoạch tỉnh Lai Châu", "en": "Lai Châu Provincial Planning"}[lang])


def test_outline_has_an_entry_per_page(readers, result):
    for lang, reader in readers.items():
        top = [item.title for item in reader.outline if not isinstance(item, list)]
        assert len(top) == 1 + len(result.corpus.nav)  # the contents, then every page


def test_every_font_is_embedded_and_subset(built_site: Path):
    for path in PDFS.values():
        rows = subprocess.run(["pdffonts", str(built_site / path)], capture_output=True, text=True, check=True).stdout
        fonts = rows.splitlines()[2:]
        assert fonts and all(re.search(r"\byes\s+yes\s+yes\b", row) for row in fonts), rows
        assert any("Be-Vietnam-Pro" in row for row in fonts)


def test_page_count_is_plausible(readers):
    for reader in readers.values():
        assert 10 <= len(reader.pages) <= 40


def test_internal_links_resolve_and_citations_reach_the_source(readers):
    for lang, reader in readers.items():
        names = reader.named_destinations
        assert "sources-lai-chau-plan-announcement--s-03315082" in names
        links = 0
        for page in reader.pages:
            for annotation in page.get("/Annots") or []:
                annotation = annotation.get_object()
                if annotation.get("/Subtype") != "/Link":
                    continue
                target = annotation.get("/Dest") or (annotation.get("/A") or {}).get("/D")
                if target is None:
                    continue  # an external link (SGGP)
                if isinstance(target, str):
                    assert target in names, target
                else:
                    assert target[0].get_object() in [p.get_object() for p in reader.pages]
                links += 1
        assert links > 40


def test_the_fetcher_refuses_other_hosts():
    fetcher = local_only_fetcher()
    for url in ("https://example.org/x.png", "http://127.0.0.1/x.css", "ftp://example.org/f"):
        with pytest.raises(ValueError, match="disallowed protocol"):
            fetcher.fetch(url)
    assert fetcher.fetch("data:text/plain,ok").read() == b"ok"


def test_same_input_same_pdf_bytes(built_site: Path, tmp_path: Path):
    import os
    import sys

    from support import copy_project

    copy = copy_project(REPO, tmp_path / "again")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1764028800"}
    subprocess.run([sys.executable, "-m", "briefing", "build"], cwd=copy, check=True, capture_output=True, env=env)
    for path in PDFS.values():
        assert (copy / "site" / path).read_bytes() == (built_site / path).read_bytes()
