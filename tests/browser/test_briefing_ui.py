"""The reader's controls of a briefing, in Chromium: citation markers a finger can hit, which
open the sentence's Vietnamese original in place on a touch screen; the language switch as words;
the site's name whole on a phone; the foot of every page dated."""

from __future__ import annotations

import re

import polib
import pytest

from support import ALL_PAGES, REPO

TARGETS = """() => [...document.querySelectorAll("article sup.cite a")].map(a => {
  const r = a.getBoundingClientRect();
  return {text: a.textContent, width: r.width, height: r.height};
}).filter(r => r.width < 24 || r.height < 24)"""


@pytest.mark.parametrize("font", ["the site's", "the fallback"])
def test_citation_markers_are_targets_of_24_px_at_least(open_page, base_url, font):
    """In the site's font once it has loaded, and in the browser's fallback, which a reader has
    until then (or if it never loads): its figures are narrower."""
    page = open_page(phone=True)
    if font == "the fallback":
        page.route(re.compile(r".*\.(woff2?|ttf|otf)$"), lambda route: route.abort())
    small = {}
    for path in ALL_PAGES:
        page.goto(base_url + path)
        page.evaluate("() => document.fonts.ready.then(() => true)")
        assert page.evaluate("() => document.fonts.check('1em \"Be Vietnam Pro\"')") == (font == "the site's")
        if found := page.evaluate(TARGETS):
            small[path] = found
    assert not small


def test_a_tapped_citation_shows_the_vietnamese_original_and_stays_on_the_page(open_page, base_url):
    page = open_page(phone=True)
    page.goto(base_url + "en/plan/")
    marker = page.locator("article sup.cite a").first
    original = marker.get_attribute("title")
    assert original and original.startswith("Vietnamese original: ")
    marker.tap()
    popover = page.locator(".cite-pop")
    popover.wait_for(state="visible")
    assert page.url == base_url + "en/plan/"
    assert popover.locator("p").inner_text() == original
    go = popover.locator("a")
    number = marker.inner_text().strip("[]")
    # The popover's link, in the words of the site's English (translations/en.po)
    wording = next(
        e.msgstr
        for e in polib.pofile(str(REPO / "translations" / "en.po"))
        if e.msgid == "Xem câu {n} trong văn bản nguồn"
    )
    assert go.inner_text() == wording.replace("{n}", number)
    assert go.evaluate("a => a.href") == marker.evaluate("a => a.href")
    box = popover.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390
    page.locator("h1").tap()  # a tap elsewhere closes it
    popover.wait_for(state="detached")
    # With a mouse, a click goes to the sentence.
    desktop = open_page()
    desktop.goto(base_url + "en/plan/")
    desktop.locator("article sup.cite a").first.click()
    desktop.wait_for_load_state()
    assert "/en/sources/" in desktop.url and "#s-" in desktop.url


def test_the_language_switch_is_visible_words(open_page, base_url):
    for phone in (False, True):
        page = open_page(phone=phone)
        page.goto(base_url + "en/plan/")
        switch = page.locator(".lang-switch")
        assert switch.is_visible()
        # What the eye reads: the codes (each link also names its language for screen readers).
        seen = switch.evaluate("n => [...n.children].map(c => c.firstChild.textContent.trim())")
        assert seen == ["VI", "EN"]
        assert switch.locator("a[hreflang=vi] .sr-only").inner_text().strip() == "(Tiếng Việt)"
        link = switch.locator("a[hreflang=vi]")
        assert link.is_visible() and link.bounding_box()["height"] >= 24
        link.click()
        page.wait_for_load_state()
        assert page.url == base_url + "plan/"


def test_the_phone_header_shows_the_short_name_whole(open_page, base_url):
    page = open_page(phone=True)
    for path in ("", "en/"):
        page.goto(base_url + path)
        shown = page.evaluate(
            """() => {
              const el = document.querySelector('.md-header__topic:first-child .md-ellipsis');
              const style = getComputedStyle(el, '::before');
              return {content: style.content, overflow: el.scrollWidth > el.clientWidth + 1};
            }"""
        )
        assert shown == {"content": '"Lai Châu"', "overflow": False}, path


def test_every_page_ends_with_its_date_and_how_to_cite(open_page, base_url):
    page = open_page()
    for path in ALL_PAGES:
        page.goto(base_url + path)
        foot = page.locator(".masthead")
        date = foot.locator("time.built")
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", date.get_attribute("datetime") or ""), path
        assert date.inner_text().strip(), path
        assert foot.locator("a[href*='creativecommons.org/licenses/by/4.0']").count() == 1, path
