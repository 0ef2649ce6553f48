"""Reading the site in a real browser: switching language, a phone, fonts, privacy, accessibility."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from support import ALL_PAGES, counterpart, node_tool, switch_language


@pytest.mark.parametrize("path", ALL_PAGES)
def test_switcher_lands_on_the_counterpart(page, base_url, path):
    page.goto(base_url + path)
    other, target = counterpart(path)
    switch_language(page, other)
    assert page.url == base_url + target


def test_switcher_keeps_the_place_in_the_page(page, base_url):
    """A page and its counterpart share their anchors (sentence ids): switching keeps the #fragment."""
    path = "sources/lai-chau-plan-announcement/"
    page.goto(base_url + path)
    sentence = page.locator(".bi-row[id]").nth(3).get_attribute("id")
    page.evaluate("id => { location.hash = id; }", sentence)  # as an in-page link does
    switch_language(page, "en")
    assert page.url == f"{base_url}en/{path}#{sentence}"
    switch_language(page, "vi")
    assert page.url == f"{base_url}{path}#{sentence}"


def test_switcher_after_in_site_navigation(page, base_url):
    page.goto(base_url)
    page.locator(".md-sidebar--primary a.md-nav__link[href='rare-earths/']").click()
    page.wait_for_load_state()
    assert page.url == base_url + "rare-earths/"
    switch_language(page, "en")
    assert page.url == base_url + "en/rare-earths/"
    page.locator(".md-sidebar--primary a.md-nav__link[href='../glossary/']").click()
    switch_language(page, "vi")
    assert page.url == base_url + "glossary/"


def test_no_request_leaves_the_site(page, base_url):
    for path in [*ALL_PAGES, "404.html", "en/404.html"]:
        page.goto(base_url + path)
        page.wait_for_load_state("networkidle")
    hosts = {urlsplit(url).netloc for url in page.requested if not url.startswith("data:")}
    assert hosts == {urlsplit(base_url).netloc}


def rendered_fonts(page, selector: str) -> set[str]:
    """The fonts Chromium drew the text of the first `selector` element with (not the ones CSS asks for)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    return {font["familyName"] for font in cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]}


def test_the_site_typeface_is_served_and_used(page, base_url):
    # Vietnamese text on both: a paragraph of the home page, the language menu's "Tiếng Việt".
    for path, selector in (("", ".md-content p"), ("en/", "a.lang-switch__link[hreflang=vi]")):
        page.goto(base_url + path)
        page.evaluate("document.fonts.ready")
        family = page.evaluate("getComputedStyle(document.body).fontFamily")
        assert family.startswith('"Be Vietnam Pro"'), family
        # A subset (one weight, one script) loads when text first needs it, which can be after
        # document.fonts.ready resolved on a busy machine: poll a few seconds before judging.
        for _ in range(50):
            drawn = rendered_fonts(page, selector)
            if drawn == {"Be Vietnam Pro"}:
                break
            page.wait_for_timeout(100)
        assert drawn == {"Be Vietnam Pro"}, path
    fonts = [url for url in page.requested if url.endswith(".woff2")]
    assert fonts and all(url.startswith(base_url + "assets/fonts/") for url in fonts)


@pytest.mark.parametrize("path", ALL_PAGES)
def test_phone_width_has_no_horizontal_scroll(open_page, base_url, path):
    page = open_page(phone=True)
    page.goto(base_url + path)
    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= 390, f"{path}: page is {width}px wide"
    # Nor does any table scroll inside its box: every column is in view.
    for wrap in page.locator(".md-typeset__scrollwrap, .md-typeset__table").all():
        inner = wrap.evaluate("el => [el.scrollWidth, el.clientWidth]")
        assert inner[0] <= inner[1] + 1, f"{path}: a table is {inner[0]}px wide in {inner[1]}px"


# Markers whose line starts with them: the marker sits wholly below the last line of what it cites.
ORPHAN_MARKERS = """() => [...document.querySelectorAll("article sup.cite")].filter(sup => {
  const before = document.createRange();
  before.setStart(sup.parentNode, 0);
  before.setEndBefore(sup);
  const lines = before.getClientRects();
  return lines.length > 0 && sup.getBoundingClientRect().top >= lines[lines.length - 1].bottom;
}).map(sup => sup.textContent)"""


@pytest.mark.parametrize("phone", [True, False], ids=["phone", "desktop"])
def test_a_citation_marker_never_wraps_alone_onto_a_line(open_page, base_url, phone):
    page = open_page(phone=phone)
    orphans = {}
    for path in ALL_PAGES:
        page.goto(base_url + path)
        if found := page.evaluate(ORPHAN_MARKERS):
            orphans[path] = found
    assert not orphans


def test_phone_menu_opens_and_navigates(open_page, base_url):
    page = open_page(phone=True)
    page.goto(base_url + "en/")
    page.locator("label.md-header__button[for=__drawer]").click()
    link = page.locator('.md-nav--primary a.md-nav__link[href$="rare-earths/"]').first
    link.wait_for(state="visible")
    link.click()
    page.wait_for_load_state()
    assert page.url == base_url + "en/rare-earths/"


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", [*ALL_PAGES, "404.html", "en/404.html"])
def test_axe_reports_no_violation(open_page, base_url, path, scheme):
    page = open_page(scheme=scheme)
    page.goto(base_url + path)
    page.add_script_tag(path=str(node_tool("axe-core", "axe.min.js")))
    violations = page.evaluate(
        "async () => (await axe.run()).violations.map(v => ({id: v.id, nodes: v.nodes.map(n => n.target.join(' '))}))"
    )
    assert violations == []


def test_every_page_preloads_the_fonts_it_uses_and_no_other(open_page, base_url):
    """font-display: optional (assets/fonts.css) uses a face only if it is there at once: a face
    that a page uses and does not preload falls back to another font on a first visit (italic
    captions in Arial), and a preload that is not used costs a request and a console warning.
    What a page uses is measured on a first visit without the preloads and with font-display:
    block, which makes the page fetch exactly the faces its text needs. Every face a page uses
    must be preloaded; a face preloaded for the language's pages must be used by at least one of
    them (a page whose text happens to need no Vietnamese letter in regular weight still
    preloads that face: the next page needs it, from the cache)."""

    def blocking(route):
        response = route.fetch()
        body = response.text().replace("font-display: optional", "font-display: block")
        route.fulfill(response=response, body=body)

    def without_preloads(preloaded: list[str]):
        def handler(route):
            response = route.fetch()
            html = response.text()
            preloaded.extend(re.findall(r'<link rel="preload" href="[^"]*/([^"/]+\.woff2)"', html))
            route.fulfill(response=response, body=re.sub(r'<link rel="preload"[^>]*>', "", html))

        return handler

    wrong = []
    used_by_language: dict[str, set[str]] = {}
    preloaded_by_language: dict[str, set[str]] = {}
    for path in [*ALL_PAGES, "404.html", "en/404.html"]:
        preloaded: list[str] = []
        page = open_page()  # a first visit: each page in a context of its own, with an empty cache
        page.route(base_url + path, without_preloads(preloaded))
        page.route("**/assets/fonts.css", blocking)
        page.goto(base_url + path)
        page.evaluate("document.fonts.ready")
        used = page.evaluate(
            "performance.getEntriesByType('resource').map(r => r.name)"
            ".filter(n => n.endsWith('.woff2')).map(n => n.split('/').pop())"
        )
        if set(used) - set(preloaded):
            wrong.append(f"{path}: uses {sorted(used)}, preloads {sorted(preloaded)}")
        lang = "en" if path.startswith("en/") else "vi"
        used_by_language.setdefault(lang, set()).update(used)
        preloaded_by_language.setdefault(lang, set()).update(preloaded)
    for lang, preloaded_faces in preloaded_by_language.items():
        if preloaded_faces - used_by_language[lang]:
            wrong.append(f"{lang}: preloads {sorted(preloaded_faces - used_by_language[lang])}, used on no page")
    assert wrong == [], "\n".join(wrong)
