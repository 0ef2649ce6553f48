"""Stage 5, render: placed sentences + translations → Markdown pages for one language.

Pages are plain Markdown for MkDocs with mkdocs-static-i18n's suffix layout (`plan.vi.md`,
`plan.en.md`). Every string a page shows goes through a `Catalog`, which both answers with the
translation and records what was asked: the strings the PO file must hold are exactly the
strings the pages use. Source text is escaped so that it always reaches the reader as text,
never as markup, an include or a request.
"""

from __future__ import annotations

import functools
import html
import json
import posixpath
from dataclasses import dataclass, field

from briefing import figures
from briefing.config import GENERATED_MARKER, PDF_DIR, PDF_NAME, SOURCE_LANG
from briefing.outline import REQUIRED_LABELS, Block, Excerpt, Outline, Page
from briefing.place import Placement
from briefing.segment import CAPTION_TEXT, CREDIT, HEADLINE, Segment
from briefing.translate import MISSING, OK, Translation, Unit

SOURCES_DIR = "sources"
# Characters that Markdown, the HTML inside it or MkDocs plugins could read as syntax.
_ESCAPES = {c: f"&#{ord(c)};" for c in "\\`*_{}[]()<>#+-!|~^=:$&\"'%"}
_ESCAPE_TABLE = str.maketrans(_ESCAPES)
# Inside a link title only these matter: the quote that ends it, brackets that end the link.
_TITLE_TABLE = str.maketrans({c: f"&#{ord(c)};" for c in '\\"[]()<>&'})


@dataclass(frozen=True)
class SourceInfo:
    """What sources/<slug>/meta.yml says of one source (Vietnamese strings)."""

    slug: str
    title: str
    title_note: str
    kind: str
    received_as: str
    sha256: str
    known: tuple[str, ...]
    unknown: tuple[str, ...]
    context: tuple[tuple[str, str, str], ...]  # (text, citation, url or "")


@dataclass(frozen=True)
class GlossaryEntry:
    vi: str
    en: tuple[str, ...]  # accepted English forms; the first is the one shown
    definition: str
    line: int


@dataclass
class Catalog:
    """Translates for one language and records every string asked, in order."""

    lang: str
    table: dict[str, Translation]  # target-language translations (also used on source pages)
    asked: dict[str, Unit] = field(default_factory=dict)

    def __call__(self, msgid: str, comment: str, occurrence: tuple[str, int] | None = None) -> Translation:
        if not msgid.strip():  # nothing to translate; and msgid "" is the PO file's header
            return Translation(msgid, OK)
        self.asked.setdefault(msgid, Unit(msgid, comment, occurrence))
        if self.lang == SOURCE_LANG:
            return Translation(msgid, OK)
        return self.target(msgid)

    def target(self, msgid: str) -> Translation:
        """The translation into the target language, whatever language this catalog writes."""
        return self.table.get(msgid) or Translation(msgid, MISSING)


@dataclass(frozen=True)
class Corpus:
    """Everything the renderer reads, already validated."""

    outline: Outline
    segments: tuple[Segment, ...]
    placement: Placement
    sources: tuple[SourceInfo, ...]
    glossary: tuple[GlossaryEntry, ...]
    nav: tuple[str, ...]  # page files in navigation order (from mkdocs.yml)

    @functools.cached_property
    def _by_id(self) -> dict[str, Segment]:
        return {seg.id: seg for seg in self.segments}

    def segment(self, sid: str) -> Segment:
        return self._by_id[sid]


def escape(text: str) -> str:
    """Text → Markdown that shows exactly that text."""
    return text.translate(_ESCAPE_TABLE)


def source_page(slug: str) -> str:
    return f"{SOURCES_DIR}/{slug}"


def page_url(file: str) -> str:
    """A page's URL under its language root: pages are served as directories (plan/ for plan.md)."""
    if file == "index":
        return ""
    return (posixpath.dirname(file) if file.endswith("/index") else file) + "/"


def segment_comment(seg: Segment) -> str:
    return f"{seg.id} · {seg.kind} [{seg.number}] of source {seg.source}"


def segment_occurrence(seg: Segment) -> tuple[str, int]:
    return (f"sources/{seg.source}/source.txt", seg.line)


class PageWriter:
    """Renders the pages of one language; `pending` counts untranslated statements per page."""

    def __init__(self, corpus: Corpus, catalog: Catalog):
        self.corpus = corpus
        self.t = catalog
        self.lang = catalog.lang
        self.labels = corpus.outline.labels
        self.file = ""
        self.pending = 0

    # -- small pieces ---------------------------------------------------------------------

    def label(self, name: str) -> Translation:
        return self.t(self.labels[name], f"label: {name}")

    def inline(self, tr: Translation) -> str:
        """A translated string as inline Markdown; an unusable translation shows visibly."""
        if tr.state == OK:
            return escape(tr.text)
        self.pending += 1
        badge = escape(self.label("pending").text)
        return f'<span class="pending" lang="{SOURCE_LANG}">{escape(tr.text)}</span> <span class="pending-badge">{badge}</span>'

    def plain(self, tr: Translation) -> str:
        """A translated string for plain-text places (front matter, link titles)."""
        return tr.text if tr.state == OK else f"{tr.text} [{self.label('pending').text}]"

    def link(self, target: str, anchor: str = "") -> str:
        """Relative Markdown link target from the current page to another page's file."""
        rel = posixpath.relpath(f"{target}.md", posixpath.dirname(self.file) or ".")
        return rel + (f"#{anchor}" if anchor else "")

    def raw_href(self, path: str) -> str:
        """`path` (under the language root) relative to this page's URL, for raw HTML, which
        MkDocs does not rewrite (the PDF link, links inside figures)."""
        rel = posixpath.relpath(path or ".", page_url(self.file).rstrip("/") or ".")
        if path == "" or path.endswith("/"):  # a directory: keep its trailing slash
            return "./" if rel == "." else rel + "/"
        return rel

    def pdf_href(self) -> str:
        """This language's PDF (made after the site, so not a page MkDocs knows)."""
        return self.raw_href(f"{PDF_DIR}/{PDF_NAME.format(lang=self.lang)}")

    def sentence_href(self, seg: Segment) -> str:
        return f"{self.raw_href(page_url(source_page(seg.source)))}#{seg.id}"

    def pdf_link(self, css: str) -> str:
        label = html.escape(self.plain(self.label("pdf_download")))
        return f'<p class="{css}"><a href="{self.pdf_href()}" type="application/pdf">{label}</a></p>'

    def say(self, seg: Segment) -> Translation:
        return self.t(seg.text, segment_comment(seg), segment_occurrence(seg))

    def cite(self, seg: Segment, original: str | None = None) -> str:
        """The provenance link of a statement: [n] → the sentence on its source page.

        On target-language pages its tooltip shows the Vietnamese `original` (the sentence, or
        the verbatim excerpt the statement translates)."""
        if self.lang == SOURCE_LANG:
            title = f"{self.label('sentence').text} {seg.number} · {seg.id}"
        else:
            title = f"{self.label('original').text}: {original or seg.text}"
        title = title.translate(_TITLE_TABLE)
        target = self.link(source_page(seg.source), seg.id)
        return f'<sup class="cite">[[{seg.number}]]({target} "{title}")</sup>'

    def kind_label(self, seg: Segment) -> str:
        """"Photo caption", "Related headline"…: what a segment is, when it is not body text."""
        if seg.kind not in (CAPTION_TEXT, CREDIT, HEADLINE):
            return ""
        return f'<span class="kind">{escape(self.plain(self.label(seg.kind)))}</span> '

    def statement(self, seg: Segment) -> str:
        return self.kind_label(seg) + self.inline(self.say(seg)) + self.cite(seg)

    def say_excerpt(self, seg: Segment, text: str) -> Translation:
        return self.t(text, f"excerpt of {seg.id} [{seg.number}]: a verbatim part of that sentence")

    def excerpt(self, item: Excerpt) -> str:
        seg = self.corpus.segment(item.of)
        return self.inline(self.say_excerpt(seg, item.text)) + self.cite(seg, item.text)

    def editorial(self, text: str, what: str) -> str:
        return self.inline(self.t(text, f"{what} (editorial, page {self.file or 'all'})"))

    def page_title(self, file: str) -> Translation:
        page = self.corpus.outline.page(file)
        if page is not None:
            return self.t(page.title, f"title of page {file}")
        return self.t(self.source_info(file.removeprefix(SOURCES_DIR + "/")).title, f"title of {file}")

    def source_info(self, slug: str) -> SourceInfo:
        return next(info for info in self.corpus.sources if info.slug == slug)

    # -- pages ------------------------------------------------------------------------------

    def topic_page(self, page: Page) -> str:
        self.file, self.pending = page.file, 0
        body = [f"# {self.inline(self.t(page.title, f'title of page {page.file}'))}", ""]
        body += self.blocks(page.intro)
        for section in page.sections:
            heading = self.editorial(section.heading, "heading")
            body += [f"## {heading} {{#{section.id}}}", ""]
            body += self.blocks(section.blocks)
            added = self.corpus.placement.by_rule.get((page.file, section.id), ())
            if added:
                body += [f'<p class="rule-note">{self.editorial(self.labels["rule_added"], "label: rule_added")}</p>', ""]
                body += [self.statement(self.corpus.segment(sid)) + "\n" for sid in added]
        return self.document(self.t(page.title, f"title of page {page.file}"),
                             self.t(page.description, f"description of page {page.file}"), body)

    def source_page(self, info: SourceInfo) -> str:
        self.file, self.pending = source_page(info.slug), 0
        segments = [seg for seg in self.corpus.segments if seg.source == info.slug]
        title = self.t(info.title, f"title of source {info.slug}")
        heading = f"{self.plain(self.label('source_page_title'))}: {self.plain(title)}"
        body = [f"# {escape(heading)}", ""]
        about = [self.editorial(info.title_note, "note on the source's title"), ""] if info.title_note else []
        about += [f"- {self.editorial(info.kind, 'kind of source')}"] if info.kind else []
        about += [f"- {escape(info.received_as)} · SHA-256 `{info.sha256}`"] if info.received_as else []
        about += [f"- {self.plain(self.label('source_known'))}: {self.editorial(k, 'what is known of the source')}" for k in info.known]
        about += [f"- {self.plain(self.label('source_unknown'))}: {self.editorial(u, 'what is not known of the source')}" for u in info.unknown]
        body += self.admonition("info", self.plain(self.label("source_about")), about)
        body += self.context(info)
        headlines = [seg for seg in segments if seg.kind == HEADLINE]
        if headlines:
            body += [f"## {self.inline(self.label('related_headlines'))} {{#related}}", ""]
            body += [self.inline(self.label("related_note")), ""]
            body += self.bilingual(headlines)
        body += [f"## {self.inline(self.label('full_text'))} {{#full-text}}", ""]
        body += self.bilingual([seg for seg in segments if seg.kind != HEADLINE])
        description = self.t(info.title, f"title of source {info.slug}")
        return self.document(Translation(heading, title.state), description, body)

    def bilingual(self, segments: list[Segment]) -> list[str]:
        """Source sentences with their English side by side, each row the sentence's anchor."""
        vi_head = escape(self.plain(self.label("original")))
        en_head = escape(self.plain(self.label("translation")))
        lines = ['<div class="bilingual" markdown>', "",
                 f'<div class="bi-head" aria-hidden="true"><span>{vi_head}</span><span>{en_head}</span></div>', ""]
        previous_block = None
        for seg in segments:
            self.say(seg)
            english = self.t.target(seg.text)
            first = " bi-first" if seg.block != previous_block else ""
            previous_block = seg.block
            first_use: dict[str, str] = {}
            for page, section in self.corpus.placement.cited_on.get(seg.id, ()):
                first_use.setdefault(page, section)
            uses = ", ".join(
                f"[{escape(self.plain(self.page_title(page)))}]({self.link(page, section)})"
                for page, section in first_use.items()
            )
            lines += [
                f'<div class="bi-row{first}" id="{seg.id}" markdown>',
                f'<div class="bi-num" markdown>[{seg.number}](#{seg.id})</div>',
                f'<div class="bi-vi" lang="{SOURCE_LANG}" markdown>{self.kind_label(seg)}{escape(seg.text)}</div>',
                f'<div class="bi-en" lang="en" markdown>{self.english_cell(english)}</div>',
            ]
            if uses:
                lines.append(f'<div class="bi-use" markdown>{escape(self.plain(self.label("cited_on")))}: {uses}</div>')
            lines += ["</div>", ""]
        return lines + ["</div>", ""]

    def english_cell(self, tr: Translation) -> str:
        if tr.state == OK:
            return escape(tr.text)
        if self.lang != SOURCE_LANG:
            self.pending += 1
        badge = self.label("pending").text
        return f'<span class="pending-badge">{escape(badge)}</span>'

    # -- blocks -----------------------------------------------------------------------------

    def blocks(self, blocks: tuple[Block, ...]) -> list[str]:
        out: list[str] = []
        for block in blocks:
            out += getattr(self, f"block_{block.kind}")(block) + [""]
        return out

    def block_prose(self, block: Block) -> list[str]:
        return [self.editorial(block.text, "prose")]

    def block_note(self, block: Block) -> list[str]:
        title = self.plain(self.t(block.title, f"note title (editorial, page {self.file})"))
        return self.admonition(block.style, title, [self.editorial(block.text, "note")])

    def block_sentences(self, block: Block) -> list[str]:
        out = []
        for group in block.groups:
            out += [" ".join(self.statement(self.corpus.segment(sid)) for sid in group), ""]
        return out

    def block_list(self, block: Block) -> list[str]:
        return [f"- {self.statement(self.corpus.segment(group[0]))}" for group in block.groups]

    def block_excerpts(self, block: Block) -> list[str]:
        out = []
        for item in block.excerpts:
            label = f"**{self.editorial(item.label, 'label')}:** " if item.label else ""
            out.append(f"- {label}{self.excerpt(item)}")
        return out

    def block_cards(self, block: Block) -> list[str]:
        out = ['<div class="grid cards" markdown>', ""]
        for item in block.excerpts:
            icon = f":{item.icon}:{{ .lg .middle }} " if item.icon else ""
            out += [f"-   {icon}**{self.editorial(item.label or '', 'card label')}**", "", "    ---", "",
                    f"    {self.excerpt(item)}", ""]
            if item.link:
                title = escape(self.plain(self.page_title(item.link)))
                out += [f"    [:octicons-arrow-right-24: {title}]({self.link(item.link)})", ""]
        return out + ["</div>"]

    def block_table(self, block: Block) -> list[str]:
        head = [self.editorial(h, "table heading") for h in block.head]
        out = [f"| {head[0]} | {head[1]} |", "| --- | --- |"]
        for row in block.excerpts:
            out.append(f"| {self.editorial(row.label or '', 'table row label')} | {self.excerpt(row)} |")
        return out

    def block_context(self, block: Block) -> list[str]:
        return self.context(self.source_info(block.source))

    def context(self, info: SourceInfo) -> list[str]:
        """Facts from outside the source, marked as such, each with its citation."""
        if not info.context:
            return []
        items = [self.editorial(self.labels["context_note"], "label: context_note"), ""]
        for text, citation, url in info.context:
            name = self.editorial(citation, "name of a cited outside source")
            cited = name if not url else f"[{name}]({url})"
            items.append(f"- {self.editorial(text, 'context from outside the source')} ({cited})")
        return self.admonition("abstract", self.plain(self.label("context_title")), items)

    def block_glossary(self, block: Block) -> list[str]:
        heads = [escape(self.plain(self.label(k))) for k in ("glossary_term", "glossary_english", "glossary_definition")]
        out = [f"| {' | '.join(heads)} |", "| --- | --- | --- |"]
        for entry in self.corpus.glossary:
            definition = self.editorial(entry.definition, f"glossary definition of “{entry.vi}”")
            out.append(f'| <span lang="vi">{escape(entry.vi)}</span> | <span lang="en">{escape(entry.en[0])}</span> | {definition} |')
        return out

    def block_status(self, block: Block) -> list[str]:
        heads = [escape(self.plain(self.label(k))) for k in ("status_page", "status_statements", "status_translated", "status_pending")]
        out = [f"| {' | '.join(heads)} |", "| --- | ---: | ---: | ---: |"]
        rows = statement_counts(self.corpus, self.t)
        for file, total, done in rows:
            title = escape(self.plain(self.page_title(file)))
            out.append(f"| [{title}]({self.link(file)}) | {total} | {done} | {total - done} |")
        total = len(self.corpus.segments)
        done = sum(1 for seg in self.corpus.segments if self.t.target(seg.text).state == OK)
        out.append(f"| {escape(self.plain(self.label('status_total')))} | {total} | {done} | {total - done} |")
        return out

    def block_figure(self, block: Block) -> list[str]:
        fig = block.figure
        where = f"figure on page {self.file}"
        title = self.plain(self.t(fig.title, f"{where}: title (editorial)"))
        description = self.plain(self.t(fig.description, f"{where}: description for screen readers (editorial)"))
        fig_id = f"figure-{fig.kind}"
        if fig.kind == "timeline":
            marks = []
            for mark in fig.marks:
                if mark.context:
                    info = self.source_info(mark.context[0])
                    text, citation, url = info.context[mark.context[1]]
                    tr = self.t(text, "context from outside the source (editorial)")
                    marks.append((mark.year, mark.until, self.figure_label(tr, url or None), True))
                else:
                    seg = self.corpus.segment(mark.of)
                    label = self.figure_label(self.say_excerpt(seg, mark.text), self.sentence_href(seg))
                    marks.append((mark.year, mark.until, label, False))
            svg = figures.timeline(fig_id, title, description, marks, self.plain(self.label("context_title")))
        else:
            columns = []
            for pillar in fig.pillars:
                seg = self.corpus.segment(pillar.of)
                heading = self.figure_label(self.t(pillar.label, f"{where}: pillar name (editorial)"),
                                            self.sentence_href(seg))
                items = [self.figure_label(self.say_excerpt(seg, item), self.sentence_href(seg)) for item in pillar.items]
                columns.append((heading, items))
            svg = figures.pillars(fig_id, title, description, title, columns)
        caption = html.escape(description)
        return [f'<figure class="diagram">{svg}<figcaption>{caption}</figcaption></figure>']

    def figure_label(self, tr: Translation, href: str | None) -> figures.Label:
        if tr.state != OK and self.lang != SOURCE_LANG:
            self.pending += 1
            return figures.Label(self.plain(tr), href, SOURCE_LANG)
        return figures.Label(tr.text, href)

    def block_download(self, block: Block) -> list[str]:
        return [self.pdf_link("pdf-download")]

    def block_sources(self, block: Block) -> list[str]:
        return [f"- [{escape(self.plain(self.page_title(source_page(info.slug))))}]({self.link(source_page(info.slug))})"
                for info in self.corpus.sources]

    # -- framing ----------------------------------------------------------------------------

    def admonition(self, style: str, title: str, lines: list[str]) -> list[str]:
        title = title.replace('"', "&quot;")
        return [f'!!! {style} "{title}"', ""] + [f"    {line}" if line else "" for line in lines] + [""]

    def document(self, title: Translation, description: Translation, body: list[str]) -> str:
        # Themes print front-matter values into HTML as they are: escape them here.
        front = ["---", f"title: {json.dumps(html.escape(self.plain(title)), ensure_ascii=False)}",
                 f"description: {json.dumps(html.escape(self.plain(description)), ensure_ascii=False)}", "---",
                 GENERATED_MARKER, ""]
        notice = []
        if self.pending and self.lang != SOURCE_LANG:
            notice = self.admonition("warning", self.plain(self.label("pending")),
                                     [escape(self.plain(self.label("pending_notice")))])
        head, rest = body[:2], body[2:]
        text = "\n".join(front + head + notice + rest + ["", self.pdf_link("pdf-link")])
        while "\n\n\n" in text:
            text = text.replace("\n\n\n", "\n\n")
        return text.rstrip("\n") + "\n"


def statement_counts(corpus: Corpus, catalog: Catalog) -> list[tuple[str, int, int]]:
    """(page, statements shown, statements translated) for each page, in navigation order."""
    rows = []
    for file in corpus.nav:
        if file.startswith(SOURCES_DIR + "/"):
            shown = [seg for seg in corpus.segments if source_page(seg.source) == file]
        else:
            shown = [corpus.segment(sid) for sid, where in corpus.placement.cited_on.items()
                     if any(page == file for page, _ in where)]
        if not shown:
            continue
        done = sum(1 for seg in shown if catalog.target(seg.text).state == OK)
        rows.append((file, len(shown), done))
    return rows


def render(corpus: Corpus, catalog: Catalog) -> dict[str, str]:
    """All pages of one language: {"plan.en.md": markdown, …}."""
    writer = PageWriter(corpus, catalog)
    # Source sentences first, in reading order, so the PO file follows the sources; then every
    # label, since some (the pending notice) appear only on pages of the target language.
    for seg in corpus.segments:
        writer.say(seg)
    for name in REQUIRED_LABELS:
        writer.label(name)
    pages = {}
    for page in corpus.outline.pages:
        pages[f"{page.file}.{catalog.lang}.md"] = writer.topic_page(page)
    for info in corpus.sources:
        pages[f"{source_page(info.slug)}.{catalog.lang}.md"] = writer.source_page(info)
    return pages
