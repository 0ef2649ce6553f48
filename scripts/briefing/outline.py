"""The editorial outline (outline.yml): pages, sections, blocks, placement rules, labels.

Parsing keeps each item's line number so that every error can say `outline.yml:LINE`.
The Vietnamese strings here are editorial framing (titles, headings, labels, intros): they
must add no fact. Their English comes from the translation memory like everything else.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from briefing import yamlfile
from briefing.data import Node, node
from briefing.errors import BriefingError
from briefing.yamlfile import Keys

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SENTENCE_ID = re.compile(r"^s-[0-9a-f]{8}(-\d+)?$")
BLOCK_KINDS = (
    "prose",
    "sentences",
    "list",
    "excerpts",
    "cards",
    "table",
    "note",
    "context",
    "glossary",
    "status",
    "sources",
    "download",
    "figure",
)
FIGURE_KINDS = ("timeline",)
# Labels the pages need; the outline must define each (in Vietnamese).
REQUIRED_LABELS = (
    "source_page_title", "source_about", "source_known", "source_unknown",
    "context_title", "context_note", "related_headlines", "related_note", "full_text",
    "title", "caption", "credit", "headline", "original", "translation", "cited_on", "cite_title",
    "pending", "pending_notice", "glossary_term", "glossary_english", "glossary_definition", "glossary_sources",
    "status_page", "status_statements", "status_translated", "status_pending", "status_total",
    "rule_section", "rule_added", "page_sources",
    "pdf_download", "pdf_title", "pdf_subtitle", "pdf_contents", "pdf_language", "pdf_built", "pdf_source",
)  # fmt: skip
# What `briefing add-source` writes into a new source's meta.yml (Vietnamese, not shown as such).
NEW_SOURCE_LABELS = ("title_note", "title_note_body", "kind", "unknown")


@node
class Excerpt(Node):
    of: str  # sentence id
    text: str  # a verbatim piece of that sentence
    line: int
    label: str | None = None
    link: str | None = None  # a page file name
    icon: str | None = None
    stem: bool = False  # the start every following excerpt of the list continues ("Lai Châu cần:")


@node
class Mark(Node):
    """A mark on a timeline: a verbatim excerpt of a sentence, or a fact of a source's context."""

    year: int
    line: int
    until: int | None = None
    of: str | None = None  # sentence id, with `text` a verbatim part of it
    text: str | None = None
    context: tuple[str, int] | None = None  # (source slug, index of the fact in its meta.yml)


@node
class Figure(Node):
    kind: str  # "timeline"
    title: str  # editorial
    description: str  # editorial: what the figure shows, for screen readers and as caption
    marks: tuple[Mark, ...] = ()


@node
class Block(Node):
    kind: str
    line: int
    text: str | None = None  # prose, note text
    title: str | None = None  # note title
    style: str | None = None  # note style (admonition type)
    groups: tuple[tuple[str, ...], ...] = ()  # sentences: paragraphs of ids; list: one id each
    excerpts: tuple[Excerpt, ...] = ()  # excerpts, cards, table rows
    head: tuple[str, ...] = ()  # table head
    source: str | None = None  # context: the source slug
    figure: Figure | None = None


@node
class Section(Node):
    id: str
    heading: str
    line: int
    blocks: tuple[Block, ...]
    speaker: str = ""  # whose words the section holds (each of its sentences names them)
    source: str = ""  # the one source its statements come from


@node
class Page(Node):
    file: str  # docs path without language suffix and ".md", e.g. "plan"
    title: str  # in the navigation and the window title
    description: str
    line: int
    intro: tuple[Block, ...] = ()
    sections: tuple[Section, ...] = ()
    headline: Excerpt | None = None  # a statement shown as the page's heading instead of its title
    kicker: str = ""  # a short editorial line above the heading

    def blocks(self) -> Iterator[tuple[str, Block]]:
        """Every block of the page with its section id ("" for the intro), in reading order; the
        headline comes first, as a block of one excerpt."""
        if self.headline is not None:
            yield "", Block("excerpts", self.headline.line, excerpts=(self.headline,))
        for block in self.intro:
            yield "", block
        for section in self.sections:
            for block in section.blocks:
                yield section.id, block


@node
class Rule(Node):
    """Sentences of new sources that name a keyword go on `page`, in a part of the page that
    belongs to their source (never into a section an editor wrote around other statements)."""

    page: str
    keywords: tuple[str, ...]
    line: int


@node
class Outline(Node):
    where: str
    labels: dict[str, str]
    pages: tuple[Page, ...]
    rules: tuple[Rule, ...]
    new_source: dict[str, str]

    def page(self, file: str) -> Page | None:
        return next((page for page in self.pages if page.file == file), None)

    def blocks(self) -> Iterator[tuple[Page, str, Block]]:
        """Every block of every page: (page, section id or "" for the intro, block)."""
        for page in self.pages:
            for section, block in page.blocks():
                yield page, section, block


def parse(text: str, where: str) -> Outline:
    """Parse outline.yml's text; every problem is a BriefingError naming where:line."""
    top = Keys(yamlfile.load(text, where), where, "the outline").only("labels", "new_source", "pages", "rules")
    labels = _labels(top.node("labels", "labels"), REQUIRED_LABELS)
    new_source = _labels(top.node("new_source", "new_source"), NEW_SOURCE_LABELS)
    pages = tuple(_page(item, where) for item in top.items("pages", "pages"))
    files = [page.file for page in pages]
    for page in pages:
        if files.count(page.file) > 1:
            raise BriefingError(f"{where}:{page.line}", f"page '{page.file}' is defined twice.")
    rules = tuple(_rule(item, where) for item in top.items("rules", "rules", required=False))
    return Outline(where, labels, pages, rules, new_source)


def _labels(node: Keys, names: tuple[str, ...]) -> dict[str, str]:
    missing = [name for name in names if not node.has(name)]
    if missing:
        raise node.fail(f"{node.what} lack {', '.join(missing)}.")
    node.only(*names)
    return {name: node.text(name) for name in names}


def _page(item, where: str) -> Page:
    page = Keys(item, where, "a page").only("file", "title", "description", "headline", "kicker", "intro", "sections")
    file = page.text("file")
    if not all(SLUG.match(part) for part in file.split("/")):
        raise page.fail(f"page file '{file}' is not a slug path like 'rare-earths'.", key="file")
    sections = []
    for raw in page.items("sections", "sections", required=False):
        sec = Keys(raw, where, "a section", page.line).only("id", "heading", "blocks", "speaker", "source")
        sec_id = sec.text("id")
        if not SLUG.match(sec_id):
            raise sec.fail(f"section id '{sec_id}' is not a slug.", key="id")
        blocks = tuple(_block(b, where, sec.line) for b in sec.items("blocks", "blocks", required=False))
        sections.append(
            Section(
                sec_id, sec.text("heading"), sec.line, blocks, sec.optional_text("speaker"), sec.optional_text("source")
            )
        )
    ids = [s.id for s in sections]
    for sec in sections:
        if ids.count(sec.id) > 1:
            raise BriefingError(f"{where}:{sec.line}", f"section id '{sec.id}' is used twice on page '{file}'.")
    intro = tuple(_block(b, where, page.line) for b in page.items("intro", "blocks", required=False))
    headline = _excerpt(page.data["headline"], where, page.line) if page.has("headline") else None
    return Page(
        file,
        page.text("title"),
        page.text("description"),
        page.line,
        intro,
        tuple(sections),
        headline,
        page.optional_text("kicker"),
    )


def _block(item, where: str, parent: int) -> Block:
    data = Keys(item, where, "a block", parent)
    line = data.line
    kinds = data.keys()
    if len(kinds) != 1 or kinds[0] not in BLOCK_KINDS:
        raise data.fail(
            f"a block has exactly one of the keys {', '.join(BLOCK_KINDS)}; found {', '.join(kinds) or 'none'}."
        )
    kind = kinds[0]
    value = data.data[kind]
    if kind == "prose":
        return Block(kind, line, text=data.text("prose"))
    if kind == "note":
        note = data.node("note", "a note").only("title", "text", "style")
        return Block(
            kind, line, text=note.text("text"), title=note.text("title"), style=note.optional_text("style", "note")
        )
    if kind == "sentences":
        groups = tuple(_ids(entry, where, line) for entry in data.items(kind, "sentence ids"))
        return Block(kind, line, groups=groups)
    if kind == "list":
        return Block(kind, line, groups=tuple((_id(v, where, line),) for v in data.items(kind, "sentence ids")))
    if kind in ("excerpts", "cards"):
        return Block(kind, line, excerpts=tuple(_excerpt(e, where, line) for e in data.items(kind, "excerpts")))
    if kind == "table":
        table = data.node("table", "a table").only("head", "rows")
        head = table.texts("head", required=True)
        if len(head) != 2:
            raise table.fail("a table has exactly two headings: the label and the excerpt.")
        rows = tuple(_excerpt(e, where, line) for e in table.items("rows", "rows"))
        return Block(kind, line, head=head, excerpts=rows)
    if kind == "context":
        return Block(kind, line, source=data.text("context"))
    if kind == "figure":
        return Block(kind, line, figure=_figure(data.node("figure", "a figure")))
    if value is not True:  # glossary, status, sources, download: generated from data
        raise data.fail(f"'{kind}' takes no settings: write `- {kind}: true`.")
    return Block(kind, line)


def _figure(data: Keys) -> Figure:
    data.only("kind", "title", "description", "marks")
    kind = data.text("kind")
    if kind not in FIGURE_KINDS:
        raise data.fail(f"unknown figure kind '{kind}': {' or '.join(FIGURE_KINDS)}.", key="kind")
    title, description = data.text("title"), data.text("description")
    marks = []
    for raw in data.items("marks", "marks"):
        mark = Keys(raw, data.where, "a mark", data.line).only("year", "until", "of", "text", "context")
        year, until = mark.integer("year"), mark.integer("until")
        if year is None:
            raise mark.fail("a mark's year is missing.")
        context = None
        if mark.has("context"):
            ctx = mark.node("context", "a mark's context").only("source", "fact")
            context = (ctx.text("source"), ctx.integer("fact", 0))
        elif mark.has("of"):
            _id(mark.data["of"], data.where, mark.line)
        else:
            raise mark.fail("a mark comes from a sentence (of, text) or a context fact.")
        text = mark.text("text") if mark.has("of") else None
        marks.append(Mark(year, mark.line, until, mark.data.get("of"), text, context))
    return Figure(kind, title, description, marks=tuple(marks))


def _excerpt(item, where: str, parent: int) -> Excerpt:
    data = Keys(item, where, "an excerpt", parent).only("of", "text", "label", "link", "icon", "stem")
    return Excerpt(
        _id(data.data.get("of"), where, data.line),
        data.text("text"),
        data.line,
        data.optional_text("label") or None,
        data.optional_text("link") or None,
        data.optional_text("icon") or None,
        data.flag("stem"),
    )


def _rule(item, where: str) -> Rule:
    data = Keys(item, where, "a rule")
    if data.has("section"):
        raise data.fail(
            "a rule places sentences on a page, not in a section: remove 'section'.",
            "Sentences placed by a rule appear under their source's own heading on the page; "
            "to put one in a section, name its id in that section's blocks.",
            key="section",
        )
    data.only("page", "keywords")
    return Rule(data.text("page"), data.texts("keywords", required=True), data.line)


def _ids(entry, where: str, line: int) -> tuple[str, ...]:
    if isinstance(entry, list):
        return tuple(_id(v, where, line) for v in entry)
    return (_id(entry, where, line),)


def _id(value, where: str, line: int) -> str:
    if not isinstance(value, str) or not SENTENCE_ID.match(value):
        raise BriefingError(
            f"{where}:{line}",
            f"'{value}' is not a sentence id like 's-1a2b3c4d'.",
            "`briefing status --ids` lists every sentence with its id.",
        )
    return value
