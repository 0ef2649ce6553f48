"""The site writer: a localised page model → Markdown pages for MkDocs and Material.

The only module that knows MkDocs, Material and pymdown syntax: front matter, admonitions,
grid cards, attribute lists, `markdown` divs, and the suffix layout of mkdocs-static-i18n
(`plan.vi.md`, `plan.en.md`). Every string from the model is escaped here, so that source and
translation text always reaches readers as text, never as markup, an include or a request.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Callable, Mapping

from briefing import figures
from briefing import model as m
from briefing.config import DOCS_DIR, GENERATED_MARKER, PDF_DIR, PDF_NAME, SOURCE_LANG, TARGET_LANG, source_page
from briefing.data import Node, node, replace
from briefing.text import ascii_slug, escape_html, upper_first
from briefing.writers import (
    bar_chart_svg,
    figure_label,
    headword,
    link_parts,
    locator_svg,
    outside_index,
    outside_source,
    plain,
    printed_address,
    shown,
    titled_parts,
)


def _entities(chars: str) -> Callable[[str], str]:
    """Text → the same text with each of `chars` as a numeric character reference. A regular
    expression, not str.translate: translate is some three times slower on Vietnamese text
    (convert writes some 550 strings; README, "Performance")."""
    pattern = re.compile("[" + re.escape(chars) + "]")
    table = {c: f"&#{ord(c)};" for c in chars}
    return lambda text: pattern.sub(lambda found: table[found.group()], text)


# Characters that Markdown, the HTML inside it or MkDocs plugins could read as syntax.
_escape_syntax = _entities("\\`*_{}[]()<>#+-!|~^=:$&\"'%")
# What a reference page's search entries weigh against a topic page's (Material's `search.boost`).
REFERENCE_BOOST = 0.25
# Inside a link title only these matter: the quote that ends it, brackets that end the link.
_escape_title = _entities('\\"[]()<>&')


def escape(text: str) -> str:
    """Text → Markdown that shows exactly that text."""
    return _escape_syntax(text)


def page_url(file: str) -> str:
    """A page's URL under its language root: pages are served as directories (plan/ for plan.md)."""
    if file == "index":
        return ""
    return (posixpath.dirname(file) if file.endswith("/index") else file) + "/"


def relative(path: str, start: str) -> str:
    """`path` seen from the folder `start`, both under the docs' root ("a/b.md" from "c": "../a/b.md";
    "" is the root): posixpath.relpath without its trip to the file system (it makes both paths
    absolute from the working directory, which was most of what writing the links cost)."""
    to, base = [p for p in path.split("/") if p], [p for p in start.split("/") if p]
    common = 0
    while common < min(len(to), len(base)) and to[common] == base[common]:
        common += 1
    return "/".join([".."] * (len(base) - common) + to[common:]) or "."


@node
class Ctx(Node):
    """What every block of one page needs to know: where the page is, its language, the labels."""

    file: str
    lang: str
    labels: Mapping[str, m.Msg]
    cite_page: str = ""  # the page that says how to cite the briefing (its masthead links there)
    # Each outside source's number and name (writers.outside_index).
    outside: Mapping[str, tuple[int, m.Msg]] | None = None
    depth: int = 2  # the level of a heading a block writes: under the page's title, or a section's
    latest: str = ""  # "Latest news report from other sources: February 2026" (model.Cover.latest), or none

    def label(self, name: str) -> str:
        return self.plain(self.labels[name])

    def inline(self, msg: m.Msg, elided: bool = False, cut: bool = False) -> str:
        """A string as inline Markdown; one still waiting for its translation shows visibly."""
        return self.marked(msg, escape, elided, cut)

    def html(self, msg: m.Msg) -> str:
        """A string inside raw HTML (which Markdown does not read)."""
        return self.marked(msg, escape_html)

    def marked(self, msg: m.Msg, esc: Callable[[str], str], elided: bool = False, cut: bool = False) -> str:
        """The one look of a pending translation on the site: the Vietnamese, marked, and a badge."""
        text = esc(shown(msg, elided, cut))
        if msg.ok:
            return text
        return f'<span class="pending" lang="{SOURCE_LANG}">{text}</span> {self.badge(esc)}'

    def badge(self, esc: Callable[[str], str] = escape) -> str:
        return f'<span class="pending-badge">{esc(self.labels["pending"].text)}</span>'

    def plain(self, msg: m.Msg) -> str:
        """A string for plain-text places (front matter, link titles, labels)."""
        return plain(msg, self.labels)

    def link(self, target: str, anchor: str = "") -> str:
        """Relative Markdown link from this page to another page's file (MkDocs checks and rewrites it)."""
        rel = relative(f"{target}.md", posixpath.dirname(self.file))
        return rel + (f"#{anchor}" if anchor else "")

    def raw_href(self, path: str) -> str:
        """`path` (under the language root) relative to this page's URL, for raw HTML, which
        MkDocs does not rewrite (the PDF link, links inside figures)."""
        rel = relative(path, page_url(self.file))
        if path == "" or path.endswith("/"):  # a directory: keep its trailing slash
            return "./" if rel == "." else rel + "/"
        return rel

    def sentence_href(self, ref: m.Ref) -> str:
        return f"{self.raw_href(page_url(source_page(ref.source)))}#{ref.sid}"

    def pdf_link(self, css: str) -> str:
        """This language's PDF (made beside the site, so not a page MkDocs knows)."""
        href = self.raw_href(f"{PDF_DIR}/{PDF_NAME.format(lang=self.lang)}")
        label = escape_html(self.label("pdf_download"))
        return f'<p class="{css}"><a href="{href}" type="application/pdf">{label}</a></p>'

    def built_date(self) -> str:
        """The build's date, in this language: written into the page where it is served
        (overrides/hooks/pipeline.py fills the element from its pattern), as the pages in docs/
        do not change with the day they are built."""
        months = "|".join(self.label(f"month_{n}") for n in range(1, 13))
        return (
            f'<time class="built" data-pattern="{escape_html(self.label("date"))}" '
            f'data-months="{escape_html(months)}"></time>'
        )

    def masthead(self) -> str:
        """The foot of every page: who publishes the briefing, its licence, its date, how to cite it."""
        licence = "".join(
            f"[{escape(piece)}]({url})" if url else escape(piece) for piece, url in link_parts(self.label("licence"))
        )
        parts = [
            escape(self.label("publisher")),
            licence,
            f"{escape(self.label('updated'))}: {self.built_date()}",
            *([escape(self.latest)] if self.latest else []),
        ]
        if self.cite_page:
            parts.append(f"[{escape(self.label('cite_link'))}]({self.link(*self.cite_page.split('#'))})")
        # What briefing.js's citation popover links with: "See sentence {n} in the source text".
        go = escape_html(self.label("cite_open"))
        return f'<div class="masthead" data-search-exclude="" data-cite-open="{go}" markdown>{" · ".join(parts)}</div>'

    def cite(self, ref: m.Ref | None) -> str:
        """The provenance marker of a statement: [n] → the sentence on its source page. On
        target-language pages its tooltip shows the Vietnamese the statement translates."""
        if ref is None:
            return ""
        if self.lang == SOURCE_LANG:
            title = ref.title.text
        else:
            title = f"{self.labels['original'].text}: {ref.original}"
        # A word joiner before it: the marker never wraps alone onto a line of its own. The same
        # sentence in other sources (a reprint) is cited beside it, titled as such.
        return self.marker(ref, title, "cite") + "".join(
            self.marker(also, also.title.text, "cite cite-also") for also in ref.also
        )

    def marker(self, ref: m.Ref, title: str, css: str) -> str:
        target = self.link(source_page(ref.source), ref.sid)
        return f'\u2060<sup class="{css}">[[{ref.label}]]({target} "{_escape_title(title)}")</sup>'

    def fact(self, fact: m.Fact) -> str:
        """A fact from outside the sources, inline: its text, tinted, then its source tag."""
        return f'<span class="outside">{self.html(fact.text)}</span> {self.source_tag(fact)}'

    def source_tag(self, fact: m.Fact | m.Citation) -> str:
        """Where a fact from outside the sources comes from, marked as such, with the source's
        number in the list of outside sources ("[other source 4: Reuters]", the number and name the
        PDFs give it too), the name linked to the source."""
        number, name = outside_source(self.outside, fact)
        cite = escape_html(self.plain(name))
        cite = f'<a href="{escape_html(fact.url)}">{cite}</a>' if fact.url else cite
        label = escape_html(self.label("outside")) + (f" {number}" if number else "")
        return f'<span class="outside-cite">[{label}: {cite}]</span>'

    def item(self, item: m.Statement | m.Fact) -> str:
        return self.fact(item) if isinstance(item, m.Fact) else self.statement(item)

    def kind(self, kind: m.Msg | None) -> str:
        return f'<span class="kind">{escape(self.plain(kind))}</span> ' if kind else ""

    def statement(self, statement: m.Statement, end: str = "") -> str:
        """A statement, its mark of mended damage and its citation; `end`, punctuation the
        briefing adds after it (an introducing colon), goes before the citation, as a note's
        marker follows the punctuation."""
        text = self.kind(statement.kind) + self.inline(statement.text, statement.elided, statement.cut) + end
        return text + self.corrected(statement.corrected) + self.cite(statement.ref)

    def corrected(self, note: m.Msg | None) -> str:
        """Scraping damage mended in the text: said beside it, with what the scrape read."""
        if note is None:
            return ""
        title = escape_html(self.plain(note))
        return f' <span class="corrected-badge" title="{title}">{escape(self.label("corrected"))}</span>'


def admonition(style: str, title: str, lines: list[str]) -> list[str]:
    title = title.replace('"', "&quot;")
    return [f'!!! {style} "{title}"', ""] + [f"    {line}" if line else "" for line in lines] + [""]


# -- one function per kind of block -------------------------------------------------------------


def prose(block: m.Prose, ctx: Ctx) -> list[str]:
    """Editorial text; a page it names by its title (`links`), the title a link to the page
    ("see Rare earths and Provincial plan": analyst and wire editor, round 70). A title the
    text does not hold as it is (a translation that words it otherwise) stays plain text."""
    if block.links and block.text.ok:
        parts = titled_parts(shown(block.text), block.links, ctx.labels)
        text = "".join(
            f"[{escape(piece)}]({ctx.link(link.page, link.anchor)})" if link else escape(piece) for piece, link in parts
        )
    else:
        text = ctx.inline(block.text)
    return [text + ("\n{ .aside }" if block.aside else "")]


def paragraphs(block: m.Paragraphs, ctx: Ctx) -> list[str]:
    out = []
    for group in block.paragraphs:
        out += [" ".join(ctx.statement(s) for s in group), ""]
    return out


def bullets(block: m.Bullets, ctx: Ctx) -> list[str]:
    return [f"- {ctx.statement(s)}" for s in block.items]


def _labelled(item: m.Labelled, ctx: Ctx) -> str:
    label = f"**{ctx.inline(item.label)}:** " if item.label else ""
    return label + ctx.statement(item.statement)


def excerpts(block: m.Excerpts, ctx: Ctx) -> list[str]:
    stem = [ctx.statement(block.stem, end="&#58;"), ""] if block.stem else []
    return stem + [f"- {_labelled(item, ctx)}" for item in block.items]


def cards(block: m.Cards, ctx: Ctx) -> list[str]:
    out = ['<div class="grid cards" markdown>', ""]
    for card in block.items:
        icon = f":{card.icon}:{{ .lg .middle }} " if card.icon else ""
        out += [
            f"-   {icon}**{ctx.inline(card.label)}**",
            "",
            "    ---",
            "",
            f"    {ctx.statement(card.statement)}",
            "",
        ]
        if card.link:
            out += [
                f"    [:octicons-arrow-right-24: {escape(ctx.plain(card.link.title))}]({ctx.link(card.link.page)})",
                "",
            ]
    return [*out, "</div>"]


def key_facts(block: m.KeyFacts, ctx: Ctx) -> list[str]:
    """A box of labelled rows; a row may hold several excerpts and outside facts, then a bullet
    each (as in print), so that a reader sees where one ends and the next begins."""
    # (Its title is not a heading: as a section of the search index of its own, a short, dense
    # summary outranked the page that explains, and without it the Overview's first section did:
    # "raw exports" led to the Overview, not to Rare earths. The table of contents lists the
    # page's sections and its boxes of outside facts.)
    out = [
        '<div class="key-facts" markdown>',
        "",
        f'<p class="key-facts-title">{escape_html(ctx.plain(block.title))}</p>',
        "",
    ]
    if block.note:
        out += [f'<p class="key-facts-note" markdown>{ctx.inline(block.note)}</p>', ""]
    for row in block.rows:
        if row.print_only:
            continue
        label = f"- **{ctx.inline(row.label)}:**"
        if len(row.items) == 1:
            out.append(f"{label} {ctx.item(row.items[0])}")
        else:
            out += [label, *(f"    - {ctx.item(item)}" for item in row.items)]
    return [*out, "", "</div>"]


def dateline(block: m.Dateline, ctx: Ctx) -> list[str]:
    """When and where, then how recent the outside information is (the month of the latest
    dated source outside the articles): the page's date is not the briefing's, nor the build's."""
    line = f'<p class="dateline" markdown>{" ".join(ctx.item(item) for item in block.items)}</p>'
    if not ctx.latest:
        return [line]
    return [line, "", f'<p class="currency">{escape_html(ctx.latest)}</p>']


def points(block: m.Points, ctx: Ctx) -> list[str]:
    # An empty title: the box without a title bar (the section's heading names it).
    title = ctx.plain(block.title) if block.title else ""
    return admonition("question not-said", title, [f"- {ctx.inline(item)}" for item in block.items])


def previews(block: m.Previews, ctx: Ctx) -> list[str]:
    """Each page as a card: its title, linked, and what it holds."""
    out = ['<div class="grid cards previews" markdown>', ""]
    for item in block.items:
        out += [
            f"-   **[{escape(ctx.plain(item.link.title))}]({ctx.link(item.link.page)})**",
            "",
            f"    {ctx.inline(item.description)}",
            "",
        ]
    return [*out, "</div>"]


def bar_chart(block: m.BarChart, ctx: Ctx) -> list[str]:
    """The chart, its title under it as a reader sees it (its description is the drawing's
    text alternative), and where its figures come from."""
    svg = bar_chart_svg(block, ctx.labels, ctx.lang)
    title = f'<figcaption class="fig-title">{escape_html(ctx.plain(block.title))}</figcaption>'
    source = "".join(f'<p class="fig-source">{ctx.fact(fact)}</p>' for fact in block.source_lines())
    return [f'<figure class="diagram diagram-wide">{title}{svg}{source}</figure>']


def locator_map(block: m.LocatorMap, ctx: Ctx) -> list[str]:
    """The map, its title above it, and where its borders and positions come from, a line each,
    then what it leaves out."""
    svg = locator_svg(block, ctx.labels)
    title = f'<figcaption class="fig-title">{escape_html(ctx.plain(block.title))}</figcaption>'
    sources = "".join(f'<p class="fig-source">{ctx.fact(fact)}</p>' for fact in block.sources)
    note = f'<p class="fig-note">{ctx.inline(block.note)}</p>' if block.note else ""
    return [f'<figure class="diagram diagram-wide">{title}{svg}{sources}{note}</figure>']


def basis(block: m.Basis, ctx: Ctx) -> list[str]:
    pages = ", ".join(f"[{escape(ctx.plain(link.title))}]({ctx.link(link.page)})" for link in block.pages)
    outside = [f"{ctx.inline(block.outside)} {pages}."] if block.pages else []
    return [" ".join([ctx.inline(block.sources), *outside])]


def table(block: m.Table, ctx: Ctx) -> list[str]:
    head = [ctx.inline(h) for h in block.head]
    out = [f"| {head[0]} | {head[1]} |", "| --- | --- |"]
    for row in block.rows:
        label = ctx.inline(row.label) if row.label else ""
        out.append(f"| {label} | {ctx.statement(row.statement)} |")
    return out


def note(block: m.Note, ctx: Ctx) -> list[str]:
    return admonition(block.style, ctx.plain(block.title), [ctx.inline(block.text)])


def context(block: m.Context, ctx: Ctx) -> list[str]:
    """Facts from other sources, boxed. The box's title is a heading (in the admonition title's
    style), so that the page's table of contents lists each box: on a phone it is the way
    around a page of several. (The contents name it without the "From outside the article: "
    every box's title starts with.) Its anchor is the same in both languages (the language switch
    takes the reader's #fragment along): the outline's `id`, or one made from the Vietnamese
    short title."""
    title = ctx.plain(block.title)
    prefix = ctx.label("context_title") + ": "
    short = upper_first(title.removeprefix(prefix))
    anchor = block.id or ascii_slug(block.title.vi.removeprefix(ctx.labels["context_title"].vi + ": "))
    attributes = f'#{anchor} .admonition-title data-toc-label="{escape_html(short)}"'
    heading = f"{'#' * ctx.depth} {escape(title)} {{: {attributes} }}"
    items = [heading, ""] + ([ctx.inline(block.note), ""] if block.note else [])
    for fact in block.facts:
        items.append(f"- {ctx.inline(fact.text)} {ctx.source_tag(fact)}")
    return admonition("abstract outside-box", "", items)


def glossary(block: m.Glossary, ctx: Ctx) -> list[str]:
    """Each term under its own heading, so that search finds it as one entry and a link can
    point at it; then its rendering in the other language, its definition and its sources (left
    out of the search index: they are titles of other texts)."""
    term_head, en_head, _, _ = (escape_html(ctx.plain(h)) for h in block.head)
    out: list[str] = []
    for term in block.ordered(ctx.lang):
        head, other = headword(term, ctx.lang)
        other_lang, other_head = (TARGET_LANG, en_head) if ctx.lang == SOURCE_LANG else (SOURCE_LANG, term_head)
        out += [
            f"{'#' * ctx.depth} {escape_html(head)} {{#{term_anchor(term.vi)} lang={ctx.lang} }}",
            "",
            f'<p class="gl-other"><span class="gl-label">{other_head}:</span> '
            f'<span lang="{other_lang}">{escape_html(other)}</span></p>',
            "",
            f'<p class="gl-def" markdown>{ctx.html(term.definition)}</p>',
            "",
        ]
        if term.sources:
            # Each source as the tags name one: a definition rests on sources outside the article.
            # In the order of their numbers, as the PDF gives them (a source not in the list last).
            last = float("inf")
            ordered = sorted(term.sources, key=lambda source: outside_source(ctx.outside, source)[0] or last)
            tags = " ".join(ctx.source_tag(source) for source in ordered)
            out += [
                f'<p class="gl-src" data-search-exclude>{tags}</p>',
                "",
            ]
    return out


def term_anchor(vi: str) -> str:
    """A glossary term's anchor: the Vietnamese term in ASCII, the same in both languages."""
    return "term-" + ascii_slug(vi)


def status(block: m.Status, ctx: Ctx) -> list[str]:
    """A table of counts. Its numbers are right-aligned by CSS (.status-table), not by Markdown's
    `---:`, which would write style attributes that the served CSP would have to allow."""
    out = ['<div class="status-table" markdown>', ""]
    out += [f"| {' | '.join(escape(ctx.plain(h)) for h in block.head)} |", "| --- | --- | --- | --- |"]
    for row in block.rows:
        title = escape(ctx.plain(row.title))
        if row.link:
            title = f"[{title}]({ctx.link(row.link.page)})"
        out.append(f"| {title} | {' | '.join(map(str, row.counts()))} |")
    return [*out, "", "</div>"]


def _source_entry(entry: m.SourceEntry, ctx: Ctx) -> str:
    letter = f"**{entry.letter}** · " if entry.letter else ""
    return f"{letter}[{escape(ctx.plain(entry.link.title))}]({ctx.link(entry.link.page)})"


def source_list(block: m.SourceList, ctx: Ctx) -> list[str]:
    out = []
    for entry in block.items:
        out.append(f"- {_source_entry(entry, ctx)}")
        if entry.about is not None:
            out += [f"    - {fact}" for fact in _about_facts(entry.about, ctx)]
    return out


def outside_sources(block: m.OutsideSources, ctx: Ctx) -> list[str]:
    """A numbered list (writers.outside_index: the numbers the tags and the PDFs give): each
    source's name, its address as a reader types it (linked), and the pages that cite it."""
    # (In a box of its own class: search leaves the list out, as it does citations, overrides/hooks/search.py.)
    out = ['<div class="outside-sources" markdown>', ""]
    for item in block.items:
        name = f"**{ctx.inline(item.cite)}**"
        address = f": [{escape(printed_address(item.url))}]({item.url})" if item.url else ""
        pages = ", ".join(f"[{escape(ctx.plain(link.title))}]({ctx.link(link.page)})" for link in item.pages)
        out.append(f"1. {name}{address}. {escape(ctx.plain(block.cited_in))}: {pages}.")
    return [*out, "", "</div>"]


def page_sources(block: m.PageSources, ctx: Ctx) -> list[str]:
    entries = "; ".join(_source_entry(entry, ctx) for entry in block.items)
    return [f'<p class="page-sources" markdown>{escape(ctx.plain(block.label))}: {entries}</p>']


def download(block: m.Download, ctx: Ctx) -> list[str]:
    return [ctx.pdf_link("pdf-download")]


def timeline(block: m.Timeline, ctx: Ctx) -> list[str]:
    marks = []
    for mark in block.marks:
        href = ctx.sentence_href(mark.ref) if mark.ref else (mark.url or None)
        marks.append((mark.year, mark.until, figure_label(mark.label, ctx.labels, href, mark.elided), mark.outside))
    svg = figures.timeline(
        "figure-timeline", ctx.plain(block.title), ctx.plain(block.description), marks, ctx.plain(block.legend)
    )
    return [_figure(svg, ctx.plain(block.description))]


def _figure(svg: str, caption: str) -> str:
    return f'<figure class="diagram">{svg}<figcaption>{escape_html(caption)}</figcaption></figure>'


def source_about(block: m.SourceAbout, ctx: Ctx) -> list[str]:
    lines = [ctx.inline(block.title_note), ""] if block.title_note else []
    lines += [f"- {fact}" for fact in _about_facts(block, ctx)]
    return admonition("info", ctx.plain(block.title), lines)


def _about_facts(about: m.SourceAbout, ctx: Ctx) -> list[str]:
    """What is known of a source, a line each: its kind, where it was published, what is known
    and what is not (on its own page, and under its name in the list of sources)."""
    facts = [ctx.inline(about.kind)] if about.kind else []
    if about.outlet:
        outlet = f"[{escape(about.outlet)}]({about.url})" if about.url else escape(about.outlet)
        published = f", {escape(about.published)}" if about.published else ""
        facts.append(f"{ctx.plain(about.outlet_label)}: {outlet}{published}")
    facts += [f"{ctx.plain(about.known_label)}: {ctx.inline(k)}" for k in about.known]
    return facts + [f"{ctx.plain(about.unknown_label)}: {ctx.inline(u)}" for u in about.unknown]


def provenance(block: m.Provenance, ctx: Ctx) -> list[str]:
    """Each source as received, a list item each (a four-column table would not fit a phone),
    left out of search (file names and hashes)."""
    _, outlet_head, file_head, sha_head = (escape(ctx.plain(h)) for h in block.head)
    lines = ['<div class="provenance" data-search-exclude="" markdown>', ""]
    for row in block.rows:
        outlet = f"[{escape(row.outlet)}]({row.url})" if row.outlet and row.url else escape(row.outlet or "–")
        lines += [
            f"- [{escape(ctx.plain(row.link.title))}]({ctx.link(row.link.page)})",
            f"    - {outlet_head}: {outlet}",
            f"    - {file_head}: {escape(row.file)}",
            f'    - {sha_head}: <code class="sha">{row.sha256}</code>',
        ]
    return [*lines, "", "</div>", ""]


def quote(block: m.Quote, ctx: Ctx) -> list[str]:
    """A pull quote (none on the site when it is for print only): the words, then who said them."""
    if block.print_only:
        return []
    return [f"> {ctx.statement(block.statement)}", ">", f"> — {ctx.inline(block.by)}", ""]


def cite_how(block: m.CiteHow, ctx: Ctx) -> list[str]:
    """How to cite a statement (its example linked to its sentence) and the whole briefing,
    dated with the build and addressed with the site's own address (filled where it is served)."""
    sid = block.example.anchor
    example = f"[{sid}]({ctx.link(block.example.page, sid)})"  # the id in the text, a link to its sentence
    statement = escape(ctx.plain(block.statement)).replace(escape(sid), example, 1)
    # The date and the site's address are filled where the page is served (overrides/hooks/pipeline.py).
    briefing = escape(ctx.plain(block.briefing)).replace(escape("{date}"), ctx.built_date())
    # The hook writes ", ADDRESS" there, or nothing for an address kept for examples.
    briefing = briefing.replace(escape("{url}"), '<span class="site-url"></span>')
    return [statement, "", f'<p class="cite-briefing">{briefing}</p>', ""]


def source_text(block: m.SourceText, ctx: Ctx) -> list[str]:
    """Source sentences with their translation side by side, each row the sentence's anchor."""
    vi_head, en_head = (escape(ctx.plain(h)) for h in block.head)
    lines = [
        '<div class="bilingual" markdown>',
        "",
        f'<div class="bi-head" aria-hidden="true"><span>{vi_head}</span><span>{en_head}</span></div>',
        "",
    ]
    for row in block.rows:
        english = escape(row.en.text) if row.en.ok else ctx.badge()
        lines += [
            f'<div class="bi-row{" bi-first" if row.first else ""}" id="{row.sid}" markdown>',
            f'<div class="bi-num" markdown>[{row.label}](#{row.sid})</div>',
            f'<div class="bi-vi" lang="{SOURCE_LANG}" markdown>{ctx.kind(row.kind)}{escape(row.vi)}'
            + (f'<span class="bi-fix">{ctx.inline(row.corrected)}</span>' if row.corrected else "")
            + "</div>",
            f'<div class="bi-en" lang="{TARGET_LANG}" markdown>{english}</div>',
        ]
        # The sentence's id, what a citation names (About, "How to cite"), then where it is cited,
        # as on paper.
        use = f"{escape(ctx.label('sentence_id'))} <code>{row.sid}</code>"
        if row.uses:
            uses = ", ".join(
                f"[{escape(ctx.plain(link.title))}]({ctx.link(link.page, link.anchor)})" for link in row.uses
            )
            use += f" · {escape(ctx.plain(block.cited_on))}: {uses}"
        lines += [f'<div class="bi-use" markdown>{use}</div>', "</div>", ""]
    return [*lines, "</div>", ""]


WRITERS: dict[type, Callable[..., list[str]]] = {
    m.Prose: prose,
    m.Paragraphs: paragraphs,
    m.Bullets: bullets,
    m.Excerpts: excerpts,
    m.Cards: cards,
    m.Table: table,
    m.Note: note,
    m.Context: context,
    m.Glossary: glossary,
    m.Provenance: provenance,
    m.CiteHow: cite_how,
    m.Quote: quote,
    m.Status: status,
    m.SourceList: source_list,
    m.OutsideSources: outside_sources,
    m.PageSources: page_sources,
    m.Download: download,
    m.Timeline: timeline,
    m.SourceAbout: source_about,
    m.SourceText: source_text,
    m.KeyFacts: key_facts,
    m.Dateline: dateline,
    m.Points: points,
    m.Previews: previews,
    m.BarChart: bar_chart,
    m.LocatorMap: locator_map,
    m.Basis: basis,
}


# -- pages ----------------------------------------------------------------------------------------


def blocks(items: tuple[m.Block, ...], ctx: Ctx) -> list[str]:
    out: list[str] = []
    for block in items:
        out += [*WRITERS[type(block)](block, ctx), ""]
    return out


def page(page: m.Page, ctx: Ctx) -> str:
    """One page of one language, as Markdown with front matter."""
    lang = ctx.lang
    above = []
    below: list[str] = []
    if page.headline is not None:  # a statement as the heading; the title stays in the nav and tab
        title = ctx.plain(page.title)
        quoted = ctx.inline(page.headline.text, page.headline.elided)
        # Words quoted as the heading say whose they are; their citation stands under the heading.
        heading = f"{ctx.inline(page.speaker)}: “{quoted}”" if page.speaker else quoted
        if page.headline.ref is not None:
            ref = page.headline.ref
            # The note's last phrase ("…, sentence 4 in the Source text") the link to the sentence:
            # a whole sentence underlined under the headline read as its subtitle (analyst, round 69).
            note = ctx.label("headline_source")
            comma = note.rfind(", ", 0, note.find("{n}"))
            cut = comma + 2 if comma >= 0 else 0  # without a comma, the whole note
            linked = note[cut:].replace("{n}", ref.label)
            source = f"{escape(note[:cut])}[{escape(linked)}]({ctx.link(source_page(ref.source), ref.sid)})"
            below = [f'<p class="headline-source" markdown>{source}</p>', ""]
        if page.kicker is not None:
            # Not searched: the page's own entry in the index is its description (overrides/hooks/search.py).
            above = [f'<p class="kicker" data-search-exclude>{escape_html(ctx.plain(page.kicker))}</p>', ""]
    elif page.kicker is not None:
        title = f"{ctx.plain(page.kicker)}: {ctx.plain(page.title)}"
        heading = escape(title)
    else:
        title, heading = ctx.plain(page.title), ctx.inline(page.title)
    # Themes print front-matter values into HTML as they are: escape them here.
    front = [
        "---",
        f"title: {json.dumps(escape_html(title), ensure_ascii=False)}",
        f"description: {json.dumps(escape_html(ctx.plain(page.description)), ensure_ascii=False)}",
        # Material's search ranks a reference page after the topic pages that match as well.
        *(["search:", f"  boost: {REFERENCE_BOOST}"] if page.reference else []),
        "---",
        GENERATED_MARKER,
        "",
    ]
    body = blocks(page.intro, ctx)
    for section in page.sections:
        body += [
            f"## {ctx.inline(section.heading)} {{#{section.id}}}",
            "",
            *blocks(section.blocks, replace(ctx, depth=3)),
        ]
    body += blocks(page.outro, ctx)
    notice = []
    if lang != SOURCE_LANG and m.pending(page):
        notice = admonition("warning", ctx.label("pending"), [escape(ctx.label("pending_notice"))])
    # Every page ends with a quiet link to the PDF, but for one that offers it as a button.
    offers_pdf = any(isinstance(b, m.Download) for b in (*page.intro, *(b for s in page.sections for b in s.blocks)))
    end = ([] if offers_pdf else ["", ctx.pdf_link("pdf-link")]) + ["", ctx.masthead()]
    text = "\n".join([*front, *above, f"# {heading}", "", *below, *notice, *body, *end])
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text.rstrip("\n") + "\n"


def write(briefing: m.Briefing, lang: str) -> dict[str, str]:
    """Every page of a briefing localised into `lang`: {"docs/plan.en.md": markdown, …}."""
    outside = outside_index(briefing)
    cite_page = next(
        (
            f"{p.file}#{section.id}"
            for p in briefing.pages
            for section in p.sections
            if any(isinstance(block, m.CiteHow) for block in section.blocks)
        ),
        "",
    )
    return {
        f"{DOCS_DIR}/{p.file}.{lang}.md": page(
            p,
            Ctx(
                file=p.file,
                lang=lang,
                labels=briefing.labels,
                cite_page=cite_page,
                outside=outside,
                latest=plain(briefing.cover.latest, briefing.labels) if briefing.cover.latest else "",
            ),
        )
        for p in briefing.pages
    }
