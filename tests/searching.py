"""Searching the built site in Chromium: as a reader types into the site's search box, and through
Pagefind's API (a reference engine of `make bench`). Shared by the browser tests and
scripts/search_bench.py, so that both measure the same thing.

The query sets (same shape, {"about": …, "cases": [{start, query, page, kind}, …]}):
- RANKING, the tuning set: the ranking was tuned on it, and the browser tests hold each of its
  queries to the top three;
- TEST_SET, written and committed before the ranking of issue #22 changed, and never tuned on;
- any other file of the same shape (`scripts/search_bench.py --fresh PATH`): a set written by
  someone who saw neither.
A set the ranking has been tuned on says so in a "tuned_on" entry (when, and which change its
results led to): the tuning set, and a fresh set once its misses have led to a change.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from support import REPO

RANKING = REPO / "tests" / "search_ranking.json"
TEST_SET = REPO / "tests" / "search_test_set.json"


@dataclass(frozen=True)
class Case:
    """A query typed on one language's pages and the page it must bring into the top three."""

    start: str  # the language's root: "" (Vietnamese) or "en/"
    query: str
    page: str  # under the language's root; "" is the home page
    kind: str

    @property
    def typed(self) -> str:
        """What the reader types: the query, decomposed (NFD) for the "nfd" kind."""
        return unicodedata.normalize("NFD" if self.kind == "nfd" else "NFC", self.query)

    def __str__(self) -> str:
        return f"{self.start}{self.query} ({self.kind})"


def ranking_cases(path: Path = RANKING) -> list[Case]:
    return [Case(**case) for case in json.loads(path.read_text(encoding="utf-8"))["cases"]]


def tuned_on(path: Path) -> str | None:
    """When and how the ranking was tuned on a set (its "tuned_on"), or None for a set nobody
    tuned on: a set is unseen until a change is made because of its results, and says so then."""
    return json.loads(path.read_text(encoding="utf-8")).get("tuned_on")


def type_search(page, base_url: str, start: str, query: str) -> list[str]:
    """Open `start`, type `query` into the search box key by key, return the result links
    (site-absolute paths, anchors kept)."""
    page.goto(base_url + start)
    page.locator("input.md-search__input").click()
    page.keyboard.type(query, delay=15)
    # Playwright enters letters that are not on a US keyboard ("ô", "à") as text input, with no
    # key events, while a Vietnamese keyboard (an IME) sends them; stock Material searches on key
    # events only (this site's briefing.js also on input; the benchmark types into stock Material
    # too). Pressing End, as a reader might, lets Material see the whole query.
    page.keyboard.press("End")
    results = page.locator(".md-search-result__item > a")
    # Results follow each keystroke and come ten at a time as the list scrolls: scroll and
    # wait until two reads agree.
    previous = None
    current: list[str] = []
    for _ in range(60):
        page.wait_for_timeout(150)
        page.locator(".md-search__scrollwrap").evaluate("el => el.scrollTo(0, el.scrollHeight)")
        current = results.evaluate_all("els => els.map(e => e.href)")
        if current and current == previous:
            break
        previous = current
    return [href.replace(base_url, "/").split("?")[0] for href in current]


def result_pages(hrefs: list[str], start: str) -> list[str]:
    """The distinct pages of a result list in rank order, under the language's root."""
    out: list[str] = []
    for href in hrefs:
        page = href.split("#")[0].removeprefix("/").removeprefix(start)
        if page not in out:
            out.append(page)
    return out


def wrong_language(hrefs: list[str], start: str) -> int:
    """How many results lead out of the reader's language: an English page (under /en/) from a
    Vietnamese page's search box, a Vietnamese page from an English page's."""
    return sum(1 for href in hrefs if href.startswith("/en/") != (start == "en/"))


def pagefind_search(page, base_url: str, start: str, query: str) -> list[str]:
    """Pagefind's ranking for `query`, asked on a page of the language (Pagefind picks the index
    of the page's `lang`): the result links in order (site-absolute paths, as type_search's)."""
    if page.url != base_url + start:
        page.goto(base_url + start)
    urls = page.evaluate(
        """async ([module, query]) => {
            const pagefind = await import(module);
            await pagefind.init();
            const search = await pagefind.search(query);
            const data = await Promise.all(search.results.map(r => r.data()));
            return data.map(d => d.url);
        }""",
        [base_url + "pagefind/pagefind.js", query],
    )
    return [url.split("?")[0] for url in urls]


def rank(pages: list[str], expected: str) -> int | None:
    """1-based rank of the expected page, None when it is not among the results."""
    return pages.index(expected) + 1 if expected in pages else None
