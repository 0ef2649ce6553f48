"""The site writer: a localised page model → Markdown pages for MkDocs and Material.

The only module that knows MkDocs, Material and pymdown syntax: front matter, admonitions,
grid cards, attribute lists, `markdown` divs, and the suffix layout of mkdocs-static-i18n
(`plan.vi.md`, `plan.en.md`). Every string from the model is escaped here, so that source and
translation text always reaches readers as text, never as markup, an include or a request.
"""

from __future__ import annotations

import html
import json
import posixpath
from collections.abc import Callable, Mapping

from briefing import figures
from briefing import model as m
from briefing.config import DOCS_DIR, GENERATED_MARKER, PDF_DIR, PDF_NAME, SOURCE_LANG, TARGET_LANG, source_page
from briefing.data import Node, node
from briefing.writers import figure_label, plain, shown

# Characters that Markdown, the HTML inside it or MkDocs plugins could read as syntax.
_ESCAPE_TABLE = str.maketrans({c: f"&#{ord(c)};" for c in "\\`*_{}[]()<>#+-!|~^=:$&\"'%"})
# What a reference page's search entries weigh against a topic page's (Material's `search.boost`).
REFERENCE_BOOST = 0.25
# Inside a link title only these matter: the quote that ends it, brackets that end the link.
_TITLE_TABLE = str.maketrans({c: f"&#{ord(c)};" for c in '\\"[]()<>&'})


def escape(text: str) -> str:
    """Text → Markdown that shows exactly that text."""
    return text.translate(_ESCAPE_TABLE)


def page_url(file: str) -> str:
    """A page's URL under its language root: pages are served as directories (plan/ for plan.md)."""
    if file == "index":
        return ""
    return (posixpath.dirname(file) if file.endswith("/index") else file) + "/"


@node(kw_only=False)
class Ctx(Node):
    """What every block of one page needs to know: where the page is, its language, the labels."""

    file: str
    lang: str
    labels: Mapping[str, m.Msg]

    def label(self, name: str) -> str:
        return self.plain(self.labels[name])

    def inline(self, msg: m.Msg, elided: bool = False) -> str:
        """A string as inline Markdown; one still waiting for its translation shows visibly."""
        return self.marked(msg, escape, elided)

    def html(self, msg: m.Msg) -> str:
        """A string inside raw HTML (which Markdown does not read)."""
        return self.marked(msg, html.escape)

    def marked(self, msg: m.Msg, esc: Callable[[str], str], elided: bool = False) -> str:
        """The one look of a pending translation on the site: the Vietnamese, marked, and a badge."""
        text = esc(shown(msg, elided))
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
        rel = posixpath.relpath(f"{target}.md", posixpath.dirname(self.file) or ".")
        return rel + (f"#{anchor}" if anchor else "")

    def raw_href(self, path: str) -> str:
        """`path` (under the language root) relative to this page's URL, for raw HTML, which
        MkDocs does not rewrite (the PDF link, links inside figures)."""
        rel = posixpath.relpath(path or ".", page_url(self.file).rstrip("/") or ".")
        if path == "" or path.endswith("/"):  # a directory: keep its trailing slash
            return "./" if rel == "." else rel + "/"
        return rel

    def sentence_href(self, ref: m.Ref) -> str:
        return f"{self.raw_href(page_url(source_page(ref.source)))}#{ref.sid}"

    def pdf_link(self, css: str) -> str:
        """This language's PDF (made beside the site, so not a page MkDocs knows)."""
        href = self.raw_href(f"{PDF_DIR}/{PDF_NAME.format(lang=self.lang)}")
        label = html.escape(self.label("pdf_download"))
        return f'<p class="{css}"><a href="{href}" type="application/pdf">{label}</a></p>'

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
        return f'\u2060<sup class="{css}">[[{ref.label}]]({target} "{title.translate(_TITLE_TABLE)}")</sup>'

    def kind(self, kind: m.Msg | None) -> str:
        return f'<span class="kind">{escape(self.plain(kind))}</span> ' if kind else ""

    def statement(self, statement: m.Statement) -> str:
        text = self.kind(statement.kind) + self.inline(statement.text, statement.elided)
        return text + self.corrected(statement.corrected) + self.cite(statement.ref)

    def corrected(self, note: m.Msg | None) -> str:
        """Scraping damage mended in the text: said beside it, with what the scrape read."""
        if note is None:
            return ""
        title = html.escape(self.plain(note))
        return f' <span class="corrected-badge" title="{title}">{escape(self.label("corrected"))}</span>'


def admonition(style: str, title: str, lines: list[str]) -> list[str]:
    title = title.replace('"', "&quot;")
    return [f'!!! {style} "{title}"', ""] + [f"    {line}" if line else "" for line in lines] + [""]


# -- one function per kind of block -------------------------------------------------------------


def prose(block: m.Prose, ctx: Ctx) -> list[str]:
    return [ctx.inline(block.text)]


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
    stem = [f"{ctx.statement(block.stem)}&#58;", ""] if block.stem else []
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
    items = [ctx.inline(block.note), ""]
    for fact in block.facts:
        name = ctx.inline(fact.cite)
        cited = f"[{name}]({fact.url})" if fact.url else name
        items.append(f"- {ctx.inline(fact.text)} ({cited})")
    return admonition("abstract", ctx.plain(block.title), items)


def glossary(block: m.Glossary, ctx: Ctx) -> list[str]:
    """A definition list: each term, its English, its definition and where they come from. One
    markup for every width: CSS sets it as a table on a wide screen, as a list on a phone."""
    term_head, en_head, definition_head, sources_head = (html.escape(ctx.plain(h)) for h in block.head)
    out = ['<dl class="glossary">']
    for term in block.ordered(ctx.lang):
        # The entry's headword is in the page's language, the other term under it.
        vi = f'<span class="gl-label">{term_head}</span> {html.escape(term.vi)}'
        en = f'<span class="gl-label">{en_head}</span> {html.escape(term.en)}'
        first, second = ((SOURCE_LANG, vi), (TARGET_LANG, en))[:: 1 if ctx.lang == SOURCE_LANG else -1]
        out += [
            '<div class="gl-entry">',
            f'<dt lang="{first[0]}">{first[1]}</dt>',
            f'<dd class="gl-en" lang="{second[0]}">{second[1]}</dd>',
            f'<dd class="gl-def"><span class="gl-label">{definition_head}</span> {ctx.html(term.definition)}</dd>',
        ]
        if term.sources:
            links = "; ".join(_source_link(source) for source in term.sources)
            out.append(f'<dd class="gl-src"><span class="gl-label gl-src-label">{sources_head}:</span> {links}</dd>')
        out.append("</div>")
    return [*out, "</dl>"]


def _source_link(source: str) -> str:
    """ "Title: https://…" → a link on the title; anything else as text."""
    title, _, url = source.rpartition(": ")
    if title and url.startswith(("https://", "http://")) and " " not in url:
        return f'<a href="{html.escape(url)}">{html.escape(title)}</a>'
    return html.escape(source)


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
        about = entry.about
        if about is not None:
            facts = (
                ([ctx.inline(about.kind)] if about.kind else [])
                + [f"{ctx.plain(about.known_label)}: {ctx.inline(k)}" for k in about.known]
                + [f"{ctx.plain(about.unknown_label)}: {ctx.inline(u)}" for u in about.unknown]
            )
            out += [f"    - {fact}" for fact in facts]
    return out


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
    return f'<figure class="diagram">{svg}<figcaption>{html.escape(caption)}</figcaption></figure>'


def source_about(block: m.SourceAbout, ctx: Ctx) -> list[str]:
    lines = [ctx.inline(block.title_note), ""] if block.title_note else []
    lines += [f"- {ctx.inline(block.kind)}"] if block.kind else []
    lines += [f"- {escape(block.file)} · SHA-256 `{block.sha256}`"] if block.file else []
    lines += [f"- {ctx.plain(block.known_label)}: {ctx.inline(k)}" for k in block.known]
    lines += [f"- {ctx.plain(block.unknown_label)}: {ctx.inline(u)}" for u in block.unknown]
    return admonition("info", ctx.plain(block.title), lines)


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
        if row.uses:
            uses = ", ".join(
                f"[{escape(ctx.plain(link.title))}]({ctx.link(link.page, link.anchor)})" for link in row.uses
            )
            lines.append(f'<div class="bi-use" markdown>{escape(ctx.plain(block.cited_on))}: {uses}</div>')
        lines += ["</div>", ""]
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
    m.Status: status,
    m.SourceList: source_list,
    m.PageSources: page_sources,
    m.Download: download,
    m.Timeline: timeline,
    m.SourceAbout: source_about,
    m.SourceText: source_text,
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
    if page.headline is not None:  # a statement as the heading; the title stays in the nav and tab
        title, heading = ctx.plain(page.title), ctx.statement(page.headline)
        if page.kicker is not None:
            # Not searched: the page's own entry in the index is its description (overrides/hooks/search.py).
            above = [f'<p class="kicker" data-search-exclude>{html.escape(ctx.plain(page.kicker))}</p>', ""]
    elif page.kicker is not None:
        title = f"{ctx.plain(page.kicker)}: {ctx.plain(page.title)}"
        heading = escape(title)
    else:
        title, heading = ctx.plain(page.title), ctx.inline(page.title)
    # Themes print front-matter values into HTML as they are: escape them here.
    front = [
        "---",
        f"title: {json.dumps(html.escape(title), ensure_ascii=False)}",
        f"description: {json.dumps(html.escape(ctx.plain(page.description)), ensure_ascii=False)}",
        # Material's search ranks a reference page after the topic pages that match as well.
        *(["search:", f"  boost: {REFERENCE_BOOST}"] if page.reference else []),
        "---",
        GENERATED_MARKER,
        "",
    ]
    body = blocks(page.intro, ctx)
    for section in page.sections:
        body += [f"## {ctx.inline(section.heading)} {{#{section.id}}}", "", *blocks(section.blocks, ctx)]
    body += blocks(page.outro, ctx)
    notice = []
    if lang != SOURCE_LANG and m.pending(page):
        notice = admonition("warning", ctx.label("pending"), [escape(ctx.label("pending_notice"))])
    # Every page ends with a quiet link to the PDF, but for one that offers it as a button.
    offers_pdf = any(isinstance(b, m.Download) for b in (*page.intro, *(b for s in page.sections for b in s.blocks)))
    end = [] if offers_pdf else ["", ctx.pdf_link("pdf-link")]
    text = "\n".join([*front, *above, f"# {heading}", "", *notice, *body, *end])
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text.rstrip("\n") + "\n"


def write(briefing: m.Briefing, lang: str) -> dict[str, str]:
    """Every page of a briefing localised into `lang`: {"docs/plan.en.md": markdown, …}."""
    return {f"{DOCS_DIR}/{p.file}.{lang}.md": page(p, Ctx(p.file, lang, briefing.labels)) for p in briefing.pages}
