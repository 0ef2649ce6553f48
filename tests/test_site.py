"""The built site (real `mkdocs build --strict`): pages, sentences, links, switcher, privacy."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from urllib.parse import urlsplit

from briefing import outline, translate
from briefing.config import source_page
from htmlpage import read
from support import PAGES, REPO


def test_output_files_of_both_languages(built_site: Path):
    html = sorted(p.relative_to(built_site).as_posix() for p in built_site.rglob("*.html"))
    expected = sorted(
        ["404.html", "en/404.html"] + [f"{p}index.html" for p in PAGES] + [f"en/{p}index.html" for p in PAGES]
    )
    assert html == expected


def _page(built_site: Path, lang: str, file: str) -> Path:
    path = "" if file == "index" else file.removesuffix("/index") + "/"
    return built_site / ("en/" if lang == "en" else "") / path / "index.html"


def test_every_sentence_on_both_sites(built_site: Path, result):
    """The source page shows every sentence and its English; topic pages show what they place.
    (A stale translation is not shown: the sentence waits, marked, in Vietnamese.)"""
    english = {e.msgid: "" if translate.is_fuzzy(e) else e.msgstr for e in result.po}
    shown: dict[str, list[str]] = {}
    for page in result.corpus.outline.pages:
        for _section, part in page.parts():
            for ref in outline.refs(part):
                if isinstance(ref, outline.Cite):  # a whole sentence
                    shown.setdefault(ref.of, []).append(page.file)
    for block_excerpt_page, text in _excerpts(result.corpus.outline):
        assert text in read(_page(built_site, "vi", block_excerpt_page)).text
        assert english[text] in read(_page(built_site, "en", block_excerpt_page)).text
    for seg in result.corpus.segments:
        for file in [source_page(seg.source), *shown.get(seg.id, [])]:
            assert seg.text in read(_page(built_site, "vi", file)).text, (file, seg.id)
            assert english[seg.text] in read(_page(built_site, "en", file)).text, (file, seg.id)


def _excerpts(briefing_outline):
    """Every excerpt the site shows (a pull quote for print only is the PDF's)."""
    for page in briefing_outline.pages:
        for _section, part in page.parts():
            if isinstance(part, outline.Quote) and part.print_only:
                continue
            for ref in outline.refs(part):
                if isinstance(ref, outline.Excerpt):
                    yield page.file, ref.text


def test_topic_statements_cite_their_sentence(built_site: Path, result):
    """Each statement on a topic page is followed by a link to its sentence's anchor."""
    for key, where in result.corpus.placement.cited_on.items():
        seg = result.corpus.by_key[key]
        for page, _ in where:
            for lang in ("vi", "en"):
                hrefs = [a.get("href", "") for tag, a in read(_page(built_site, lang, page)).tags if tag == "a"]
                assert any(h.endswith(f"sources/{seg.source}/#{seg.id}") for h in hrefs), (lang, page, key)


def _internal_links(built_site: Path):
    for path in sorted(built_site.rglob("*.html")):
        base = path.relative_to(built_site).as_posix()
        for tag, attrs in read(path).tags:
            href = attrs.get("href") if tag == "a" else None
            if not href or urlsplit(href).scheme or href.startswith(("//", "mailto:")):
                continue
            yield base, href


def test_every_internal_link_and_anchor_resolves(built_site: Path):
    broken = []
    for base, href in _internal_links(built_site):
        target, _, anchor = href.partition("#")
        if base == "404.html":
            continue  # served at any depth; its links are absolute to the site root
        here = "" if target.startswith("/") else posixpath.dirname(base)
        resolved = posixpath.normpath(posixpath.join(here, target.lstrip("/") or posixpath.basename(base)))
        file = built_site / resolved
        if file.is_dir():
            file = file / "index.html"
        if not file.exists() or (anchor and anchor not in read(file).ids):
            broken.append((base, href))
    assert broken == []


def test_links_are_written_relative_as_posixpath_would():
    """writers.markdown.relative is posixpath.relpath without the file system: the same answer
    for pages and folders at every depth (the site today is two deep; a link checker sees only it)."""
    from briefing.writers.markdown import relative

    paths = ["", "a/", "a.md", "a/b.md", "a/b/c.md", "a/x/", "b/c.md", "pdf/brief.pdf"]
    starts = ["", "a", "a/", "a/b", "a/b/c/", "b", "c/d"]
    for path in paths:
        for start in starts:
            assert relative(path, start) == posixpath.relpath(path or ".", start.rstrip("/") or "."), (path, start)


def test_language_switcher_goes_to_the_counterpart(built_site: Path):
    for page in PAGES:
        for lang, other, other_prefix in (("vi", "en", "en/"), ("en", "vi", "")):
            path = built_site / ("en/" if lang == "en" else "") / page / "index.html"
            links = [
                a["href"]
                for tag, a in read(path).tags
                if tag == "a" and a.get("hreflang") == other and "lang-switch__link" in a.get("class", "")
            ]
            assert len(links) == 1, (lang, page)
            here = "" if links[0].startswith("/") else posixpath.dirname(path.relative_to(built_site).as_posix())
            resolved = posixpath.normpath(posixpath.join(here, links[0].lstrip("/")))
            assert resolved == posixpath.normpath(other_prefix + page or "."), (lang, page, links[0])


def test_a_page_and_its_counterpart_share_their_anchors(built_site: Path):
    """The language switch takes the reader's #fragment along (briefing.js): every place a link
    can lead to (a sentence, a section, a box of outside facts, a glossary term, a figure) has
    the same id in both languages. Only the page's own title, the top of the page, may differ."""
    kept = 0
    for page in PAGES:
        ids = {}
        for lang in ("vi", "en"):
            html = read(built_site / ("en/" if lang == "en" else "") / page / "index.html")
            titles = {a["id"] for tag, a in html.tags if tag == "h1" and "id" in a}
            ids[lang] = {i for i in html.ids - titles if not i.startswith("__")}  # "__": Material's own
        assert ids["vi"] == ids["en"], (page, sorted(ids["vi"] ^ ids["en"]))
        kept += len(ids["vi"])
    assert kept > 40  # the pages have places to keep (sentences, boxes, terms), not only titles


_LOADS = {("script", "src"), ("img", "src"), ("source", "src"), ("iframe", "src"), ("link", "href")}


def test_no_resource_comes_from_another_host(built_site: Path):
    """Scripts, styles, fonts, icons and images all come from the site itself."""
    remote = []
    for path in sorted(built_site.rglob("*.html")):
        for tag, attrs in read(path).tags:
            for attr in ("src", "href", "srcset"):
                url = attrs.get(attr, "")
                is_load = (tag, attr) in _LOADS and not (
                    tag == "link" and attrs.get("rel") in ("canonical", "alternate")
                )
                if is_load and (urlsplit(url).scheme or url.startswith("//")):
                    remote.append((path.name, tag, url))
    for css in built_site.rglob("*.css"):
        for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", css.read_text(encoding="utf-8")):
            if urlsplit(url).scheme in ("http", "https") or url.startswith("//"):
                remote.append((css.name, "url()", url))
    assert remote == []


def test_every_page_defers_its_scripts_briefing_js_first(built_site: Path):
    """The page is painted before its scripts run (overrides/main.html): every page's scripts from
    files are deferred, and briefing.js, which Material's bundle relies on (its sitemap requests),
    comes first, so it runs first."""
    for path in sorted(built_site.rglob("*.html")):
        scripts = [attrs for tag, attrs in read(path).tags if tag == "script" and attrs.get("src")]
        names = [posixpath.basename(attrs["src"]) for attrs in scripts]
        assert names[0] == "briefing.js" and names[1].startswith("bundle."), (path, names)
        assert all("defer" in attrs for attrs in scripts), (path, scripts)


SITE_URL = "https://lai-chau-briefing.example.org/"


def test_hreflang_links_are_absolute_with_x_default(built_site: Path):
    for page in PAGES:
        for prefix in ("", "en/"):
            links = {
                a["hreflang"]: a["href"]
                for tag, a in read(built_site / prefix / page / "index.html").tags
                if tag == "link" and a.get("rel") == "alternate" and "hreflang" in a
            }
            assert links == {"vi": SITE_URL + page, "en": SITE_URL + "en/" + page, "x-default": SITE_URL + page}


def test_sitemap_lists_each_page_once_per_language(built_site: Path):
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    locs = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert sorted(locs) == sorted([SITE_URL + p for p in PAGES] + [SITE_URL + "en/" + p for p in PAGES])


def test_a_404_page_in_each_language(built_site: Path):
    vi, en = read(built_site / "404.html"), read(built_site / "en" / "404.html")
    assert ("html", {"lang": "vi", "class": "no-js"}) in vi.tags and "Không tìm thấy trang" in vi.text
    assert ("html", {"lang": "en", "class": "no-js"}) in en.tags and "Page not found" in en.text
    assert '"base": "/en/"' in (built_site / "en" / "404.html").read_text(encoding="utf-8")
    # The browser tab names the page, in the page's language, as on every other page.
    titles = [
        re.search(r"<title>([^<]*)</title>", (built_site / f).read_text(encoding="utf-8"))[1]
        for f in ("404.html", "en/404.html")
    ]
    assert titles == [
        "Không tìm thấy trang - Lai Châu: đất hiếm và quy hoạch tỉnh",
        "Page not found - Lai Châu: rare earths and the provincial plan",
    ]


def test_each_language_has_its_own_search_index(built_site: Path, result):
    import json

    for prefix, lang in (("", "vi"), ("en/", "en")):
        index = json.loads((built_site / prefix / "search" / "search_index.json").read_text(encoding="utf-8"))
        locations = [doc["location"] for doc in index["docs"]]
        assert locations and not any(loc.startswith("en/") for loc in locations)
        assert "vi" in index["config"]["lang"] and lang in index["config"]["lang"]
    vi = (built_site / "search" / "search_index.json").read_text(encoding="utf-8")
    en = (built_site / "en" / "search" / "search_index.json").read_text(encoding="utf-8")
    # Each page's title, in its language, is in that language's index only.
    titles = {e.msgid: e.msgstr for e in result.po if e.msgstr}
    for page in result.corpus.outline.pages:
        title_vi, title_en = page.title, titles[page.title]
        if title_vi != title_en:
            assert f'"title":"{title_vi}"' in vi and f'"title":"{title_vi}"' not in en, page.file
            assert f'"title":"{title_en}"' in en and f'"title":"{title_en}"' not in vi, page.file


def test_the_link_beside_each_heading_is_titled_in_the_page_s_language(built_site: Path):
    titles = {}
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")  # per language: the top, then English
    titles[""] = re.search(r"^  permalink_title: (.+)$", config, re.M).group(1)
    titles["en/"] = re.search(r"^            permalink_title: (.+)$", config, re.M).group(1)
    assert titles[""] != titles["en/"]
    for prefix, title in titles.items():
        page = (built_site / prefix / "plan" / "index.html").read_text(encoding="utf-8")
        links = re.findall(r'class="headerlink"[^>]*title="([^"]*)"', page)
        assert links and set(links) == {title}, (prefix, set(links))


def _citation(site: Path, lang: str) -> str:
    """The "cite the whole briefing" paragraph of About, as HTML."""
    page = (site / ("en/" if lang == "en" else "") / "about" / "index.html").read_text(encoding="utf-8")
    found = re.search(r'<p class="cite-briefing">(.*?)</p>', page, re.S)
    assert found, f"{lang}: About has no citation of the briefing"
    return found.group(1)


def test_the_citation_never_gives_a_placeholder_address(built_site: Path):
    """Built for mkdocs.yml's placeholder (an example.org address), the citation ends with its
    date: a reader who copies it must not copy an address that leads nowhere."""
    for lang in ("vi", "en"):
        citation = _citation(built_site, lang)
        assert "example.org" not in citation and "site-url" not in citation, citation
        assert re.search(r'<time class="built" datetime="[\d-]+">[^<]+</time>\.$', citation), citation
