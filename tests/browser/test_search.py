"""Search, typed key by key as a reader does: per language, forgiving Vietnamese diacritics."""

from __future__ import annotations

import unicodedata

import pytest

from searching import type_search


def pages(hrefs: list[str]) -> set[str]:
    return {href.split("#")[0] for href in hrefs}


VIETNAMESE = {
    "đất hiếm": ["dat hiem", "Dat Hiem", "đất hiem", "dat hiếm", unicodedata.normalize("NFD", "đất hiếm")],
    "xuất khẩu thô": ["xuat khau tho"],
    "nông nghiệp hữu cơ": ["nong nghiep huu co"],
    "tùy tiện": ["tuỳ tiện", "tuy tien"],
    "văn hóa": ["văn hoá", "van hoa"],
}


@pytest.mark.parametrize("accented", sorted(VIETNAMESE))
def test_vietnamese_search_forgives_diacritics(page, base_url, accented):
    expected = type_search(page, base_url, "", accented)
    assert expected, f"no results for {accented!r}"
    assert all(not href.startswith("/en/") for href in expected)
    for variant in VIETNAMESE[accented]:
        found = type_search(page, base_url, "", variant)
        assert pages(found) == pages(expected), (variant, found)


def test_exact_accented_matches_rank_first_and_are_highlighted(page, base_url):
    found = type_search(page, base_url, "", "đất hiếm")
    assert found[0].startswith("/rare-earths/") or found[0].startswith("/sources/")
    marks = page.locator(".md-search-result mark").all_inner_texts()
    assert any(unicodedata.normalize("NFC", m).lower() == "đất" for m in marks), marks
    assert any(unicodedata.normalize("NFC", m).lower() == "hiếm" for m in marks), marks


@pytest.mark.parametrize(
    "query, page_hit",
    [
        ("rare earth", "/en/rare-earths/"),
        ("pillars", "/en/pillars/"),
        ("Lai Chau", "/en/plan/"),
        ("semiconductor", "/en/rare-earths/"),
        ("glossary", "/en/glossary/"),
    ],
)
def test_english_search_finds_english_pages_only(page, base_url, query, page_hit):
    found = type_search(page, base_url, "en/", query)
    assert found and all(href.startswith("/en/") for href in found), found
    assert page_hit in pages(found)


def test_vietnamese_pages_never_get_english_results(page, base_url):
    found = type_search(page, base_url, "plan/", "semiconductor")
    assert all(not href.startswith("/en/") for href in found)
    found = type_search(page, base_url, "en/plan/", "đất hiếm")
    assert all(href.startswith("/en/") for href in found)


@pytest.mark.parametrize(
    "start, query, marked",
    [
        ("", "xuat khau tho", {"xuất", "khẩu", "thô"}),
        ("en/", "Lai Chau", {"lai", "châu"}),
    ],
)
def test_unaccented_queries_highlight_the_accented_words(page, base_url, start, query, marked):
    type_search(page, base_url, start, query)
    marks = {
        unicodedata.normalize("NFC", m).lower().strip(",.")
        for m in page.locator(".md-search-result mark").all_inner_texts()
    }
    assert marked <= marks, marks


@pytest.mark.parametrize("query", ["tuỳ", "hoà", "hoá"])
def test_a_variant_spelling_is_not_reported_missing(page, base_url, query):
    """Material strikes through a query term that a result lacks. Every result of a one-word query
    has the word, in some spelling: none may show it as missing, and it goes on to the page
    highlight (?h=)."""
    type_search(page, base_url, "", query)
    assert page.locator(".md-search-result del").count() == 0
    hrefs = page.locator(".md-search-result__item > a").evaluate_all("els => els.map(e => e.href)")
    from urllib.parse import parse_qs, urlsplit

    highlighted = {word for href in hrefs for word in parse_qs(urlsplit(href).query).get("h", [""])[0].split()}
    assert set(query.split()) <= highlighted


@pytest.mark.parametrize(
    "start, first, pasted", [("en/", "rare earth", "glossary"), ("", "đất hiếm", "nông nghiệp hữu cơ")]
)
def test_text_entered_without_a_key_is_searched(page, base_url, start, first, pasted):
    """Pasted text, a phone keyboard's suggestion: the box's text changes with no key released.
    The results are those of the text in the box, as if typed, not of what it held before
    (Material alone searches on key release: briefing.js)."""
    typed = type_search(page, base_url, start, pasted)
    before = type_search(page, base_url, start, first)
    assert typed and before[:5] != typed[:5], (before, typed)
    page.locator("input.md-search__input").fill(pasted)  # an input event, and no key events
    # The list shows its first results until it is scrolled (type_search scrolls to the end):
    # it must start as the typed query's does.
    page.wait_for_function(
        """paths => {
          const links = document.querySelectorAll('.md-search-result__item > a');
          const shown = [...links].map(a => new URL(a.href).pathname);
          return shown.length >= Math.min(paths.length, 5) && shown.every((path, i) => path === paths[i]);
        }""",
        arg=typed,
        timeout=5000,
    )
