"""What the search indexes hold (overrides/hooks/search.py): what each page is about, reference
pages weighing less, and neither citation numbers, tables of numbers nor the furniture pages repeat."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from htmlpage import read
from support import PAGES, hook


def reference_pages(result) -> set[str]:
    """Pages that define, list or reprint what the topic pages say: the glossary, the sources'
    index and every source's page."""
    from briefing.writers.markdown import page_url

    found = {page_url(page.file) for page in result.briefing["vi"].pages if page.reference}
    assert {"glossary/", "sources/"} | {p for p in PAGES if p.startswith("sources/")} == found
    return found


def _docs(built_site: Path, prefix: str) -> list[dict]:
    return json.loads((built_site / prefix / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]


def test_a_page_entry_holds_the_page_description(built_site):
    for prefix in ("", "en/"):
        entries = {doc["location"]: doc for doc in _docs(built_site, prefix)}
        for page in PAGES:
            descriptions = [
                a["content"]
                for tag, a in read(built_site / prefix / page / "index.html").tags
                if tag == "meta" and a.get("name") == "description"
            ]
            assert len(descriptions) == 1, page
            assert html.unescape(entries[page]["text"]) == html.unescape(descriptions[0]), (prefix, page)


def test_reference_pages_weigh_a_quarter_and_topic_pages_fully(built_site, result):
    reference = reference_pages(result)
    for prefix in ("", "en/"):
        boosts = {doc["location"]: doc.get("boost") for doc in _docs(built_site, prefix)}
        assert {loc.split("#")[0] for loc, boost in boosts.items() if boost == 0.25} == reference
        assert all(boost in (None, 0.25) for boost in boosts.values()), boosts


def test_citation_numbers_are_not_indexed(built_site):
    for prefix in ("", "en/"):
        texts = [doc["text"] for doc in _docs(built_site, prefix)]
        assert not any(re.search(r"\[\d+\]", text) for text in texts), prefix


# Furniture, as each language's pages say it: "Sources on this page", the PDF link, the source
# page's column head and "Cited on", the glossary's labels and the sources of its terms.
FURNITURE = {
    "": [
        *("Văn bản nguồn của trang này", "Tải bản PDF", "Nguyên văn tiếng Việt"),
        *("Được dẫn tại", "Giải thích", "VietnamPlus"),
    ],
    "en/": [
        *("This page draws on", "Download the PDF", "Vietnamese original"),
        *("Cited on", "Definition", "VietnamPlus"),
    ],
}


def test_furniture_is_not_indexed(built_site):
    for prefix, furniture in FURNITURE.items():
        docs = _docs(built_site, prefix)
        for doc in docs:
            text = html.unescape(doc["title"] + " " + doc["text"])
            # A page's own PDF button (the Overview's, About's) is kept: it is where a search for
            # "PDF" should lead; the small link at the foot of every other page is not.
            kept = {furniture[1]} if doc["location"].split("#")[0] in ("", "about/") else set()
            assert {label for label in furniture if label in text} <= kept, (prefix, doc["location"])
        assert any(furniture[1] in doc["text"] for doc in docs if doc["location"].split("#")[0] == ""), prefix


def test_citations_and_tables_of_numbers_are_marked_for_exclusion():
    search = hook("search")
    cited = '<p>Lai Châu<sup class="cite"><a href="#s-1">[3]</a></sup></p>'
    assert (
        search.on_page_content(cited, page=None)
        == '<p>Lai Châu<sup data-search-exclude class="cite"><a href="#s-1">[3]</a></sup></p>'
    )
    status = (
        "<table>\n<tr><td>Overview</td><td>5</td><td>5</td><td>0</td></tr>\n"
        "<tr><td>All</td><td>14</td><td>1,5</td><td>0</td></tr>\n</table>"
    )
    assert search.on_page_content(status, page=None) == status.replace("<table>", "<table data-search-exclude>")
    terms = "<table><tr><td>đất hiếm</td><td>rare earth</td><td>2030</td></tr></table>"
    assert search.on_page_content(terms, page=None) == terms
    furniture = '<p class="page-sources" markdown>Sources: A</p><p class="kicker" data-search-exclude>News</p>'
    excluded = furniture.replace("<p class", "<p data-search-exclude class", 1)
    assert search.on_page_content(furniture, page=None) == excluded
    labelled = '<dd class="gl-src"><span class="gl-label gl-src-label">Sources:</span> <a href="#">VNA</a></dd>'
    assert search.on_page_content(labelled, page=None) == labelled.replace(" class=", " data-search-exclude class=")


def test_a_figure_s_title_and_description_are_separate_words(built_site):
    """The index reads an SVG's <title> and <desc> as text: "key dates Timeline…", never
    "key datesTimeline…", which would hide both words from search."""
    figures = 0
    for prefix in ("", "en/"):
        texts = " ".join(html.unescape(doc["text"]) for doc in _docs(built_site, prefix))
        for page in PAGES:
            source = (built_site / prefix / page / "index.html").read_text(encoding="utf-8")
            for title, desc in re.findall(r"<title id=[^>]*>([^<]+)</title>\s*<desc id=[^>]*>([^<]+)</desc>", source):
                figures += 1
                title, desc = html.unescape(title), html.unescape(desc)
                assert re.search(re.escape(title) + r"\s+" + re.escape(desc[:20]), texts), (prefix, page, title)
    assert figures >= 2  # the timeline, in each language
