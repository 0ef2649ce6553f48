"""The site served as production serves it (nginx, deploy/nginx.conf) in Chromium: every page under
the served Content-Security-Policy, search, the language switcher, a site under a sub-path."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from support import ALL_PAGES, counterpart, switch_language

NOT_FOUND = ["no-such-page/", "en/no-such-page/", "en/sources/gone.html"]
# Run before any script of each page: the policy's violation reports, as the page sees them.
WATCH_CSP = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__violations.push(
    e.violatedDirective + " blocked " + (e.blockedURI || "?") + " at " + e.sourceFile + ":" + e.lineNumber);
});
"""


@pytest.fixture
def watched(open_page):
    """A page that records what would show a reader something wrong: CSP violations, console
    errors and warnings, script errors, failed requests and requests to other hosts."""
    page = open_page(init_script=WATCH_CSP)
    page.problems = []
    page.hosts = set()
    page.on("console", lambda m: m.type in ("error", "warning") and page.problems.append(f"console {m.type}: {m.text}"))
    page.on("pageerror", lambda e: page.problems.append(f"script error: {e}"))
    # An aborted request is one the reader's next click cancelled, not one that failed.
    page.on(
        "requestfailed",
        lambda r: r.failure != "net::ERR_ABORTED" and page.problems.append(f"request failed: {r.url} {r.failure}"),
    )
    page.on("request", lambda r: page.hosts.add(urlsplit(r.url).netloc))
    return page


def visit(page, url: str, status: int = 200) -> list[str]:
    """Open `url` as a reader does; what went wrong, if anything (CSP violations first)."""
    failed = []
    on_response = lambda r: r.status >= 400 and r.url != url and failed.append(f"{r.status} {r.url}")  # noqa: E731
    page.on("response", on_response)
    response = page.goto(url)
    page.wait_for_load_state("networkidle")
    page.remove_listener("response", on_response)
    if status == 404:  # Chromium reports the page's own status as an error
        page.problems.remove(
            "console error: Failed to load resource: the server responded with a status of 404 (Not Found)"
        )
    problems = page.evaluate("window.__violations") + page.problems + failed
    page.problems.clear()
    if response.status != status:
        problems.append(f"{url}: status {response.status}")
    if not page.evaluate("document.documentElement.classList.contains('js')"):
        problems.append(f"{url}: Material's bundle did not run")
    return problems


def search(page, query: str) -> list[str]:
    """Type `query` into the search box; the result links, once there are some."""
    page.locator("input.md-search__input").click()
    page.keyboard.type(query, delay=15)
    page.keyboard.press("End")  # Material searches on key events (see test_search.py)
    page.locator(".md-search-result__item > a").first.wait_for()
    return page.locator(".md-search-result__item > a").evaluate_all("els => els.map(e => e.href)")


def test_every_page_under_the_served_csp_without_a_violation(watched, served_site):
    problems = [f"{path}: {problem}" for path in ALL_PAGES for problem in visit(watched, served_site.url + path)]
    problems += [
        f"{path}: {problem}" for path in NOT_FOUND for problem in visit(watched, served_site.url + path, status=404)
    ]
    assert problems == [], "\n".join(problems)
    assert watched.hosts == {urlsplit(served_site.url).netloc}


@pytest.mark.parametrize("start, query", [("", "Lai"), ("en/", "rare")])
def test_search_works_under_the_served_csp(watched, served_site, start, query):
    assert visit(watched, served_site.url + start) == []
    results = search(watched, query)
    in_language = [r for r in results if r.startswith(served_site.url + start)]
    assert results and in_language == results and (start or not any("/en/" in r for r in results))
    assert watched.evaluate("window.__violations") + watched.problems == []


def test_switching_language_keeps_the_place_where_site_url_is_the_address(watched, served_sub_path):
    """Where site_url is the address being read, Material reroutes switcher clicks to its own
    guess of the counterpart, without the #fragment; briefing.js keeps the links' own."""
    base = served_sub_path.url
    path = "sources/lai-chau-plan-announcement/"
    assert visit(watched, base + path) == []
    sentence = watched.locator(".bi-row[id]").nth(3).get_attribute("id")
    watched.evaluate("id => { location.hash = id; }", sentence)  # as an in-page link does
    switch_language(watched, "en")
    assert watched.url == f"{base}en/{path}#{sentence}"
    switch_language(watched, "vi")
    assert watched.url == f"{base}{path}#{sentence}"
    assert watched.evaluate("window.__violations") + watched.problems == []


def test_a_sub_path_site_works_everywhere_404_pages_included(watched, served_sub_path):
    base = served_sub_path.url
    assert urlsplit(base).path == "/lai-chau/"
    problems = []
    for path in ALL_PAGES:
        problems += [f"{path}: {problem}" for problem in visit(watched, base + path)]
        # hreflang links are absolute (SITE_URL) and lead to the counterpart
        other, target = counterpart(path)
        links = watched.locator(f"link[rel=alternate][hreflang={other}]").evaluate_all("els => els.map(e => e.href)")
        assert links == [base + target], path
    for path in NOT_FOUND:
        problems += [f"{path}: {problem}" for problem in visit(watched, base + path, status=404)]
        home = base + ("en/" if path.startswith("en/") else "")
        watched.locator(".md-content a", has_text="Overview" if path.startswith("en/") else "Tổng quan").click()
        watched.wait_for_load_state()
        assert watched.url == home, path
    assert problems == [], "\n".join(problems)
    visit(watched, base + "en/no-such-page/", status=404)
    assert search(watched, "rare")[0].startswith(base + "en/")
    assert watched.hosts == {urlsplit(base).netloc}
