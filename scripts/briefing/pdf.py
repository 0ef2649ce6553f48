"""Export: each language's built site → one briefing PDF (WeasyPrint, tagged PDF/UA-1).

It reads the HTML that `mkdocs build` wrote, takes each page's article in navigation order,
gives every id a page prefix so the pages can share one document (citations then jump to the
sentence in the PDF's own source section), and adds a cover and a table of contents with page
numbers. It depends on no MkDocs plugin, only on Material's article markup. Fonts are the
site's own; the fetcher refuses anything but `file:` and `data:` URLs, so producing a PDF makes
no request to any other host.
"""

from __future__ import annotations

import datetime
import posixpath
import re
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from lxml import html as lxml_html

from briefing.config import LANGS, PDF_DIR, PDF_NAME, SOURCE_LANG, Project
from briefing.errors import BriefingError
from briefing.render import page_url

STYLESHEET = Path(__file__).with_name("pdf.css")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")


@dataclass(frozen=True)
class Cover:
    title: str
    subtitle: str
    sources: tuple[str, ...]
    language: str
    built_label: str
    built: str
    contents: str
    source_label: str


def page_key(file: str) -> str:
    return file.replace("/", "-")


def extract(html_text: str, file: str, files: list[str], site_root: Path) -> tuple[str, str]:
    """(title, article HTML) of one built page, ids prefixed and links pointed inside the PDF."""
    tree = lxml_html.fromstring(html_text)
    article = tree.find_class("md-content__inner")
    if not article:
        raise BriefingError(file, "no article in the built page (is this a Material for MkDocs build?)")
    article = article[0]
    for junk in article.xpath('.//a[contains(@class, "headerlink")] | .//*[contains(@class, "pdf-link")]'
                              ' | .//*[contains(@class, "pdf-download")]'):
        junk.getparent().remove(junk)
    key = page_key(file)
    urls = {page_url(f): page_key(f) for f in files}
    for element in article.iter():
        for attribute in ("id", "aria-labelledby"):  # ids, and the references to them
            if element.get(attribute):
                element.set(attribute, " ".join(f"{key}--{name}" for name in element.get(attribute).split()))
        href = element.get("href")
        if href is not None:
            element.set("href", _inside(href, page_url(file), urls))
        src = element.get("src")
        if src is not None and not urlsplit(src).scheme:
            target = posixpath.normpath(posixpath.join(page_url(file), src))
            element.set("src", (site_root / target).as_uri())
    title = article.findtext(".//h1") or file
    return title.strip(), lxml_html.tostring(article, encoding="unicode")


def _inside(href: str, here: str, urls: dict[str, str]) -> str:
    """A link of the site → the same place in the PDF (pages and anchors); others unchanged."""
    parts = urlsplit(href)
    if parts.scheme or href.startswith("//"):
        return href
    target = posixpath.normpath(posixpath.join(here, parts.path)) if parts.path else here.rstrip("/")
    target = "" if target in (".", "") else target.strip("/") + "/"
    key = urls.get(target)
    if key is None:
        return href
    return f"#{key}--{parts.fragment}" if parts.fragment else f"#page-{key}"


def compose(lang: str, cover: Cover, pages: list[tuple[str, str, str]], fonts_css: str) -> str:
    """The whole PDF as one HTML document: cover, contents, then every page."""
    toc = "\n".join(f'<li><a href="#page-{key}">{_text(title)}</a></li>' for key, title, _ in pages)
    body = "\n".join(f'<section class="page" id="page-{key}">{article}</section>' for key, _, article in pages)
    sources = "".join(f"<p>{_text(source)}</p>" for source in cover.sources)
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<title>{_text(cover.title)}</title>
<meta name="description" content="{_text(cover.subtitle)}">
<style>{fonts_css}</style>
</head>
<body>
<section class="cover">
<p class="cover-language">{_text(cover.language)}</p>
<h1 class="cover-title">{_text(cover.title)}</h1>
<p class="cover-subtitle">{_text(cover.subtitle)}</p>
<div class="cover-sources"><p class="cover-label">{_text(cover.source_label)}</p>{sources}</div>
<p class="cover-built">{_text(cover.built_label)}: {_text(cover.built)}</p>
</section>
<nav class="toc"><h1 class="toc-title">{_text(cover.contents)}</h1><ol>{toc}</ol></nav>
{body}
</body>
</html>
"""


def _text(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def build_date(epoch: int, lang: str) -> str:
    day = datetime.datetime.fromtimestamp(epoch, tz=datetime.timezone.utc).date()
    return f"{day.day}/{day.month}/{day.year}" if lang == SOURCE_LANG else f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


# The only URL schemes the PDF may load: the site's own files, and inline data.
LOCAL_SCHEMES = ("file", "data")


def local_only_fetcher():
    """WeasyPrint's fetcher, refusing every scheme but `file:` and `data:`: no other host."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols=LOCAL_SCHEMES)


def fonts_css(project: Project) -> str:
    """The site's @font-face rules for WeasyPrint: font files as file: URLs, and each subset as
    a family of its own ("Be Vietnam Pro vietnamese", …) without unicode-range. Under one family,
    Pango takes a subset that claims the range and lacks the glyph ("Hồng" printed as "H ng");
    pdf.css lists the subset families in order, and each letter comes from the one that has it."""
    assets = project.docs.resolve() / "assets"
    css = (assets / "fonts.css").read_text(encoding="utf-8")
    rules = []
    for rule in re.findall(r"@font-face \{.*?\}", css, re.DOTALL):
        file = re.search(r'url\("(fonts/[^"]+)"\)', rule).group(1)
        subset = re.match(r"fonts/be-vietnam-pro-(.+)-\d{3}-(?:normal|italic)\.woff2$", file).group(1)
        rule = re.sub(r"\s*unicode-range:[^;]*;", "", rule)
        rule = rule.replace('font-family: "Be Vietnam Pro";', f'font-family: "Be Vietnam Pro {subset}";')
        rules.append(rule.replace(f'url("{file}")', f'url("{(assets / file).as_uri()}")'))
    return "\n".join(rules)


def render_pdf(html_text: str, target: Path, base: Path) -> None:
    """Write one PDF (a separate function so that languages can render in parallel processes)."""
    from weasyprint import CSS, HTML

    target.parent.mkdir(parents=True, exist_ok=True)
    fetcher = local_only_fetcher()
    document = HTML(string=html_text, base_url=base.as_uri() + "/", url_fetcher=fetcher)
    document.write_pdf(target, stylesheets=[CSS(filename=str(STYLESHEET), url_fetcher=fetcher)],
                       pdf_variant="pdf/ua-1")


def pdf_path(project: Project, lang: str) -> Path:
    root = project.site if lang == SOURCE_LANG else project.site / lang
    return root / PDF_DIR / PDF_NAME.format(lang=lang)


def documents(project: Project, nav: tuple[str, ...], covers: dict[str, Cover]) -> dict[str, str]:
    """lang → the HTML of its PDF, from the built site."""
    out = {}
    for lang in LANGS:
        root = project.site if lang == SOURCE_LANG else project.site / lang
        pages = []
        for file in nav:
            path = root / page_url(file) / "index.html"
            if not path.exists():
                raise BriefingError(project.rel(path), "missing: build the site first (`briefing build`).")
            title, article = extract(path.read_text(encoding="utf-8"), file, list(nav), root)
            pages.append((page_key(file), title, article))
        out[lang] = compose(lang, covers[lang], pages, fonts_css(project))
    return out


def export(project: Project, nav: tuple[str, ...], covers: dict[str, Cover]) -> list[Path]:
    """Write both PDFs, the two languages in parallel."""
    docs = documents(project, nav, covers)
    targets = {lang: pdf_path(project, lang) for lang in docs}
    with ProcessPoolExecutor(max_workers=len(docs)) as pool:
        for future in [pool.submit(render_pdf, docs[lang], targets[lang], project.site) for lang in docs]:
            future.result()
    return list(targets.values())
