"""The editorial outline (outline.yml): pages, sections, blocks, placement rules, labels.

Parsing keeps each item's line number so that every error can say `outline.yml:LINE`.
The Vietnamese strings here are editorial framing (titles, headings, labels, intros): they
must add no fact. Their English comes from the translation memory like everything else.

Each kind of block is one class below: its KIND is its key in outline.yml, and its `read`
parses it. compose.py turns each into page-model blocks (model.py), which the writers write.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from briefing import yamlfile
from briefing.data import Node, node
from briefing.errors import BriefingError
from briefing.text import split_date
from briefing.yamlfile import Keys

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SENTENCE_ID = re.compile(r"^s-[0-9a-f]{8}(-\d+)?$")
FIGURE_KINDS = ("timeline", "bars", "map")
# Labels the pages need; the outline must define each (in Vietnamese).
REQUIRED_LABELS = (
    "source_page_title", "source_link", "source_about", "source_known", "source_unknown", "source_outlet",
    "provenance_source", "provenance_outlet", "provenance_file", "provenance_sha",
    "cite_statement", "cite_briefing", "publisher", "licence", "updated", "cite_link",
    "context_title", "context_note", "related_headlines", "related_note", "full_text",
    "title", "subheading", "caption", "credit", "headline", "original", "translation", "cited_on", "sentence_id",
    "cite_title", "cite_also", "corrected", "corrected_note", "outside", "outside_many", "headline_source",
    "cite_open",
    "basis_one", "basis_many", "basis_outside",
    "pending", "pending_notice", "glossary_term", "glossary_english", "glossary_definition", "glossary_sources",
    "status_source", "status_statements", "status_translated", "status_pending", "status_total",
    "rule_section", "rule_added", "page_sources",
    "pdf_download", "pdf_title", "pdf_subtitle", "pdf_contents", "pdf_kicker", "pdf_appendix", "pdf_built",
    "latest_outside",
    "pdf_source", "pdf_references", "pdf_version", "pdf_page", "pdf_pages", "pdf_timeline_key", "pdf_continued",
    "pdf_cover", "pdf_undated",
    "date", "month_1", "month_2", "month_3", "month_4", "month_5", "month_6",
    "month_7", "month_8", "month_9", "month_10", "month_11", "month_12",
)  # fmt: skip
# What `briefing add-source` writes into a new source's meta.yml (Vietnamese, not shown as such).
NEW_SOURCE_LABELS = ("title_note", "kind", "unknown")


# -- what blocks are made of ----------------------------------------------------------------------


@node(kw_only=False)
class Cite(Node):
    """A whole sentence, named by its id."""

    of: str
    line: int


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
class Outside(Node):
    """A fact from outside the sources, in the briefing's own words, with the page it comes from:
    shown only as marked outside context, its citation beside it."""

    text: str  # editorial
    cite: str  # the outside source's name ("Reuters, 13/3/2025")
    url: str
    line: int


Item = Excerpt | Outside  # a line of a key-facts row or a dateline: a verbatim excerpt, or an outside fact


@node
class Bar(Node):
    """A bar of a chart: a country's figure, from an outside source."""

    label: str  # editorial (a country's name)
    value: float
    line: int
    earlier: float | None = None  # the same figure in an earlier edition, drawn as a ghost


@node
class MapName(Node):
    """A name on a map where the editors put it (a country's), or a town's dot and name at its
    position, which an outside source gives (the map's `sources` cite it)."""

    label: str  # editorial
    lon: float
    lat: float
    line: int


@node
class MapArea(Node):
    """A box on a map (west, south, east, north, in degrees): an extent an outside source gives."""

    label: str  # editorial
    bounds: tuple[float, float, float, float]
    line: int


@node
class Figure(Node):
    kind: str  # "timeline", "bars" or "map"
    title: str  # editorial
    description: str  # editorial: what the figure shows, for screen readers and as caption
    marks: tuple[Mark, ...] = ()
    bars: tuple[Bar, ...] = ()
    unit: str = ""  # editorial: what the bars count ("triệu tấn")
    legend: str = ""  # editorial: what a ghost bar is
    source: Outside | None = None  # where a chart's figures come from (its text: the source line)
    earlier_source: Outside | None = None  # where its ghost bars' earlier figures come from, if elsewhere
    basemap: str = ""  # a map's land and borders: a file of the project (maps/region.json)
    home: str = ""  # the country a map lights (a name in its basemap)…
    home_line: int = 0  # … and the line it is on (the basemap is read later: project.load_basemaps)
    names: tuple[MapName, ...] = ()  # countries' names on a map
    places: tuple[MapName, ...] = ()  # towns on a map
    area: MapArea | None = None
    sources: tuple[Outside, ...] = ()  # a map's source lines: where its borders and positions come from
    note: str = ""  # editorial: what a map leaves out, and why


# -- blocks: one class per kind ---------------------------------------------------------------------


@node()
class Prose(Node):
    """Editorial text: a string, or {text, aside: true} for a reader's aid set apart from the
    text in smaller type (how to read the citations), so that it does not read as argument."""

    KIND = "prose"
    line: int
    text: str
    aside: bool = False
    # `links: [rare-earths, about#outside-sources]`: pages the text names by their titles, each
    # title then a link to its page, or to a section of it, and in print followed by its page
    # (in either language, where the text has the title as it is).
    links: tuple[str, ...] = ()

    @classmethod
    def read(cls, block: Keys) -> Prose:
        if isinstance(block.data.get(cls.KIND), dict):
            data = block.node(cls.KIND, "a prose block").only("text", "aside", "links")
            links = tuple(str(page) for page in data.items("links", "page files", required=False))
            return cls(line=block.line, text=data.text("text"), aside=data.flag("aside"), links=links)
        return cls(line=block.line, text=block.text(cls.KIND))


@node
class Note(Node):
    """An editorial box: a title and a text."""

    KIND = "note"
    line: int
    title: str
    text: str
    style: str = "note"  # the admonition type

    @classmethod
    def read(cls, block: Keys) -> Note:
        note = block.node(cls.KIND, "a note").only("title", "text", "style")
        return cls(
            line=block.line,
            title=note.text("title"),
            text=note.text("text"),
            style=note.optional_text("style", "note"),
        )


@node(kw_only=False)
class Sentences(Node):
    """Whole sentences, in paragraphs: `[[a, b], c]` is a paragraph of two, then one of one."""

    KIND = "sentences"
    line: int
    groups: tuple[tuple[Cite, ...], ...]

    @classmethod
    def read(cls, block: Keys) -> Sentences:
        return cls(block.line, tuple(_cites(entry, block) for entry in block.items(cls.KIND, "sentence ids")))


@node(kw_only=False)
class List(Node):
    """Whole sentences as a bulleted list."""

    KIND = "list"
    line: int
    items: tuple[Cite, ...]

    @classmethod
    def read(cls, block: Keys) -> List:
        return cls(block.line, tuple(_cite(v, block) for v in block.items(cls.KIND, "sentence ids")))


@node(kw_only=False)
class ExcerptList(Node):
    """A list of verbatim excerpts (the kinds below say how they are shown)."""

    line: int
    items: tuple[Excerpt, ...]

    @classmethod
    def read(cls, block: Keys) -> ExcerptList:
        kind = getattr(cls, "KIND", "")
        return cls(block.line, tuple(_excerpt(e, block) for e in block.items(kind, "excerpts")))


@node(kw_only=False)
class Excerpts(ExcerptList):
    """Excerpts one per line, each with an optional label; a `stem` excerpt is the start every
    other one continues."""

    KIND = "excerpts"


@node(kw_only=False)
class Cards(ExcerptList):
    """Excerpts as cards, each with a label, an icon and a link to the page that says more."""

    KIND = "cards"


@node(kw_only=False)
class Table(Node):
    """A table of two columns: a label and an excerpt."""

    KIND = "table"
    line: int
    head: tuple[str, ...]
    rows: tuple[Excerpt, ...]

    @classmethod
    def read(cls, block: Keys) -> Table:
        table = block.node(cls.KIND, "a table").only("head", "rows")
        head = table.texts("head", required=True)
        if len(head) != 2:
            raise table.fail("a table has exactly two headings: the label and the excerpt.")
        return cls(block.line, head, tuple(_excerpt(e, block) for e in table.items("rows", "rows")))


@node(kw_only=False)
class Context(Node):
    """A source's outside context (its meta.yml `context`), marked as such."""

    KIND = "context"
    line: int
    source: str  # the source slug

    @classmethod
    def read(cls, block: Keys) -> Context:
        return cls(block.line, block.text(cls.KIND))


@node(kw_only=False)
class FigureBlock(Node):
    KIND = "figure"
    line: int
    figure: Figure

    @classmethod
    def read(cls, block: Keys) -> FigureBlock:
        return cls(block.line, _figure(block.node(cls.KIND, "a figure")))


@node()
class KeyFactRow(Node):
    label: str  # editorial: "Ai", "Khi nào"
    items: tuple[Item, ...]
    line: int
    site_only: bool = False  # `site_only: true`: not on the PDF's cover, which gives it elsewhere
    print_only: bool = False  # `print_only: true`: on the cover only, as the site's page gives it above


@node()
class KeyFacts(Node):
    """The facts a reader needs first, one labelled row each: each a verbatim excerpt or a cited
    outside fact; above them, optionally, the bottom line in the editors' words (framing that adds
    no fact: what the article reports, and what it does not)."""

    KIND = "key_facts"
    line: int
    title: str
    rows: tuple[KeyFactRow, ...]
    note: str = ""  # "" for none
    site_only: bool = False  # `site_only: true`: not in print, which gives these facts elsewhere

    @classmethod
    def read(cls, block: Keys) -> KeyFacts:
        box = block.node(cls.KIND, "key facts").only("title", "note", "rows", "site_only")
        rows = []
        for raw in box.items("rows", "rows, each with label and items"):
            row = Keys(raw, block.where, "a key-facts row", box.line).only("label", "items", "site_only", "print_only")
            items = tuple(_item(item, row) for item in row.items("items", "excerpts or outside facts"))
            if row.flag("site_only") and row.flag("print_only"):
                raise BriefingError(
                    row.at, "a key-facts row is `site_only` or `print_only`, not both: it would be nowhere."
                )
            rows.append(
                KeyFactRow(
                    label=row.text("label"),
                    items=items,
                    line=row.line,
                    site_only=row.flag("site_only"),
                    print_only=row.flag("print_only"),
                )
            )
        return cls(
            line=block.line,
            title=box.text("title"),
            rows=tuple(rows),
            note=box.optional_text("note"),
            site_only=box.flag("site_only"),
        )


@node(kw_only=False)
class Dateline(Node):
    """Where and when, in one line: excerpts and outside facts (the year the article leaves out)."""

    KIND = "dateline"
    line: int
    items: tuple[Item, ...]

    @classmethod
    def read(cls, block: Keys) -> Dateline:
        return cls(block.line, tuple(_item(item, block) for item in block.items(cls.KIND, "items")))


@node(kw_only=False)
class Points(Node):
    """Editorial points ("What the article does not say"): framing, no fact. Their box has a
    title unless the section's heading already says what they are ("" for none)."""

    KIND = "points"
    line: int
    title: str
    items: tuple[str, ...]

    @classmethod
    def read(cls, block: Keys) -> Points:
        points = block.node(cls.KIND, "points").only("title", "items")
        return cls(block.line, points.optional_text("title"), points.texts("items", required=True))


@node
class Background(Node):
    """Facts from other sources, in the briefing's words, each cited: a box marked as such."""

    KIND = "background"
    line: int
    title: str
    note: str  # "" for none: a box that follows another on the same page need not repeat it
    facts: tuple[Outside, ...]
    site_only: bool = False  # `site_only: true`: not in print, which gives these facts elsewhere
    dates: bool = False  # `dates: true`: a chronology, each fact "DATE: what happened"
    # `id: dong-pao`: the box's anchor, the same in both languages and readable in either (a
    # link to it is shared); "" for one made from the Vietnamese title.
    id: str = ""

    @classmethod
    def read(cls, block: Keys) -> Background:
        box = block.node(cls.KIND, "background").only("title", "note", "facts", "site_only", "dates", "id")
        box_id = box.optional_text("id")
        if box_id and not SLUG.match(box_id):
            raise box.fail(f"a box's id '{box_id}' is not a slug like 'dong-pao'.", key="id")
        facts = tuple(_outside(item, box) for item in box.items("facts", "facts, each with text, cite and url"))
        dates = box.flag("dates")
        for fact in facts if dates else ():
            # Print sets the date apart, in the timeline's first column: it must be found.
            if split_date(fact.text) is None:
                start = fact.text[: fact.text.rfind(" ", 0, 40)]
                raise BriefingError(
                    f"{box.where}:{fact.line}",
                    f"a fact of a box of dates ('dates: true') opens with its date, then ': ', not '{start} …'.",
                    "For example: 'Ngày 7/12/2023: Quyết định số 1585/QĐ-TTg phê duyệt quy hoạch tỉnh.'",
                )
        return cls(
            line=block.line,
            title=box.text("title"),
            note=box.optional_text("note"),
            facts=facts,
            site_only=box.flag("site_only"),
            dates=dates,
            id=box_id,
        )


@node(kw_only=False)
class Previews(Node):
    """Links to other pages, each with its title and description (editorial)."""

    KIND = "previews"
    line: int
    pages: tuple[str, ...]

    @classmethod
    def read(cls, block: Keys) -> Previews:
        return cls(block.line, block.texts(cls.KIND, required=True))


@node(kw_only=False)
class Generated(Node):
    """A block made from data, not from the outline: it takes no settings (`- glossary: true`)."""

    line: int

    @classmethod
    def read(cls, block: Keys) -> Generated:
        kind = getattr(cls, "KIND", "")
        if block.data[kind] is not True:
            raise block.fail(f"'{kind}' takes no settings: write `- {kind}: true`.")
        return cls(block.line)


@node(kw_only=False)
class Glossary(Generated):
    KIND = "glossary"


@node(kw_only=False)
class Status(Generated):
    KIND = "status"


@node(kw_only=False)
class SourceList(Generated):
    KIND = "sources"


@node(kw_only=False)
class OutsideSources(Generated):
    KIND = "outside_sources"


@node(kw_only=False)
class Download(Generated):
    KIND = "download"


@node(kw_only=False)
class Basis(Generated):
    """What the briefing draws on, said from the data: how many sources, and which pages carry
    facts from other sources (so that the claim stays true as sources are added)."""

    KIND = "basis"


@node
class Quote(Node):
    """A pull quote: a verbatim excerpt of a sentence that reports a speaker's words, with who
    they are (`by`, editorial: "Phó Thủ tướng Trần Hồng Hà"). `speaker` is the name as the source
    writes it, which the sentence must report (checks). `print` keeps it to the PDF, where it
    breaks up a page of text; on the site the same words already stand in full nearby."""

    KIND = "quote"
    line: int
    excerpt: Excerpt
    speaker: str
    by: str
    print_only: bool = False

    @classmethod
    def read(cls, block: Keys) -> Quote:
        data = block.node(cls.KIND, "a quote").only("of", "text", "speaker", "by", "print")
        excerpt = Excerpt(of=_id(data.data.get("of"), data), text=data.text("text"), line=data.line)
        return cls(
            line=block.line,
            excerpt=excerpt,
            speaker=data.text("speaker"),
            by=data.text("by"),
            print_only=data.flag("print"),
        )


@node(kw_only=False)
class Provenance(Generated):
    """Each source as received (file name, SHA-256) and where it was published: the About page."""

    KIND = "provenance"


@node(kw_only=False)
class CiteHow(Generated):
    """How to cite a statement (with an example from the briefing) and the whole briefing."""

    KIND = "cite_how"


Block = (
    Prose
    | Note
    | Sentences
    | List
    | ExcerptList
    | Table
    | Context
    | FigureBlock
    | KeyFacts
    | Dateline
    | Points
    | Background
    | Previews
    | Generated
    | Quote
)
# Every kind of block, by its key in outline.yml.
BLOCKS: dict[str, type[Block]] = {
    cls.KIND: cls
    for cls in (
        Prose,
        Note,
        Sentences,
        List,
        Excerpts,
        Cards,
        Table,
        Context,
        Glossary,
        Status,
        SourceList,
        OutsideSources,
        Download,
        Basis,
        Provenance,
        CiteHow,
        Quote,
        FigureBlock,
        KeyFacts,
        Dateline,
        Points,
        Background,
        Previews,
    )
}


# -- pages --------------------------------------------------------------------------------------------


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

    def parts(self) -> Iterator[tuple[str, Excerpt | Block]]:
        """What the page shows, with its section id ("" for the top of the page), in reading
        order: the headline, the intro's blocks, then each section's."""
        if self.headline is not None:
            yield "", self.headline
        for block in self.intro:
            yield "", block
        for section in self.sections:
            for block in section.blocks:
                yield section.id, block

    def blocks(self) -> Iterator[tuple[str, Block]]:
        """Every block of the page with its section id ("" for the intro), in reading order."""
        for section, part in self.parts():
            if not isinstance(part, Excerpt):
                yield section, part


@node(kw_only=False)
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


Ref = Cite | Excerpt | Mark  # what names a sentence (a Mark only when it has `of`)


def refs(item: object) -> Iterator[Ref]:
    """Every sentence reference in a piece of the outline, in reading order."""
    if isinstance(item, Cite | Excerpt) or (isinstance(item, Mark) and item.of):
        yield item
    elif isinstance(item, tuple):
        for value in item:
            yield from refs(value)
    elif isinstance(item, Node) and not isinstance(item, Mark):
        for name in item.__fields__:
            yield from refs(getattr(item, name))


def outside_facts(item: object) -> Iterator[Outside]:
    """Every fact from outside the sources in a piece of the outline, in reading order."""
    if isinstance(item, Outside):
        yield item
    elif isinstance(item, tuple):
        for value in item:
            yield from outside_facts(value)
    elif isinstance(item, Node):
        for name in item.__fields__:
            yield from outside_facts(getattr(item, name))


# -- parsing ----------------------------------------------------------------------------------------


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
        for _section, block in page.blocks():
            for target in block.links if isinstance(block, Prose) else ():
                if target.partition("#")[0] not in files:
                    raise BriefingError(
                        f"{where}:{block.line}",
                        f"a prose block links to page '{target}', which the outline does not define.",
                    )
    rules = tuple(_rule(item, where) for item in top.items("rules", "rules", required=False))
    return Outline(where=where, labels=labels, pages=pages, rules=rules, new_source=new_source)


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
    sections: list[Section] = []
    for raw in page.items("sections", "sections", required=False):
        sec = Keys(raw, where, "a section", page.line).only("id", "heading", "blocks", "speaker", "source")
        sec_id = sec.text("id")
        if not SLUG.match(sec_id):
            raise sec.fail(f"section id '{sec_id}' is not a slug.", key="id")
        sections.append(
            Section(
                id=sec_id,
                heading=sec.text("heading"),
                line=sec.line,
                blocks=tuple(_block(b, where, sec.line) for b in sec.items("blocks", "blocks", required=False)),
                speaker=sec.optional_text("speaker"),
                source=sec.optional_text("source"),
            )
        )
    ids = [s.id for s in sections]
    for section in sections:
        if ids.count(section.id) > 1:
            raise BriefingError(f"{where}:{section.line}", f"section id '{section.id}' is used twice on page '{file}'.")
    return Page(
        file=file,
        title=page.text("title"),
        description=page.text("description"),
        line=page.line,
        intro=tuple(_block(b, where, page.line) for b in page.items("intro", "blocks", required=False)),
        sections=tuple(sections),
        headline=_excerpt(page.data["headline"], page) if page.has("headline") else None,
        kicker=page.optional_text("kicker"),
    )


def _block(item, where: str, parent: int) -> Block:
    data = Keys(item, where, "a block", parent)
    kinds = data.keys()
    if len(kinds) != 1 or kinds[0] not in BLOCKS:
        raise data.fail(f"a block has exactly one of the keys {', '.join(BLOCKS)}; found {', '.join(kinds) or 'none'}.")
    return BLOCKS[kinds[0]].read(data)


def _figure(data: Keys) -> Figure:
    kind = data.data.get("kind")
    if kind == "map":
        return _map(data)
    data.only("kind", "title", "description", "marks", "bars", "unit", "legend", "source", "earlier_source")
    kind = data.text("kind")
    if kind not in FIGURE_KINDS:
        kinds = f"{', '.join(FIGURE_KINDS[:-1])} or {FIGURE_KINDS[-1]}"
        raise data.fail(f"unknown figure kind '{kind}': {kinds}.", key="kind")
    title, description = data.text("title"), data.text("description")
    if kind == "bars":
        bars = []
        for raw in data.items("bars", "bars, each with label and value"):
            bar = Keys(raw, data.where, "a bar", data.line).only("label", "value", "earlier")
            value, earlier = _number(bar, "value"), _number(bar, "earlier")
            assert value is not None  # (a bar's value is required: _number says so)
            bars.append(Bar(label=bar.text("label"), value=value, line=bar.line, earlier=earlier))
        return Figure(
            kind=kind,
            title=title,
            description=description,
            bars=tuple(bars),
            unit=data.text("unit"),
            legend=data.optional_text("legend"),
            source=_outside(data.data.get("source"), data),
            earlier_source=_outside(data.data["earlier_source"], data) if data.has("earlier_source") else None,
        )
    marks = []
    for raw in data.items("marks", "marks"):
        mark = Keys(raw, data.where, "a mark", data.line).only("year", "until", "of", "text", "context")
        year, until = mark.integer("year"), mark.integer("until")
        if year is None:
            raise mark.fail("a mark's year is missing.")
        context = None
        if mark.has("context"):
            ctx = mark.node("context", "a mark's context").only("source", "fact")
            context = (ctx.text("source"), ctx.integer("fact", 0) or 0)
        elif mark.has("of"):
            _id(mark.data["of"], mark)
        else:
            raise mark.fail("a mark comes from a sentence (of, text) or a context fact.")
        marks.append(
            Mark(
                year=year,
                line=mark.line,
                until=until,
                of=mark.data.get("of"),
                text=mark.text("text") if mark.has("of") else None,
                context=context,
            )
        )
    return Figure(kind=kind, title=title, description=description, marks=tuple(marks))


def _map(data: Keys) -> Figure:
    """A locator map: its basemap (a file), the country it lights, countries' names, towns, an
    area, and the outside sources of its borders and positions (at least one)."""
    data.only("kind", "title", "description", "basemap", "home", "names", "places", "area", "sources", "note")
    basemap = data.text("basemap")
    if not re.fullmatch(r"[a-z0-9-]+/[a-z0-9-]+\.json", basemap):
        raise data.fail(f"'basemap' is '{basemap}': a JSON file of the project, as maps/region.json.", key="basemap")

    def name(raw, what: str) -> MapName:
        item = Keys(raw, data.where, what, data.line).only("label", "lon", "lat")
        lon, lat = _number(item, "lon"), _number(item, "lat")
        if lon is None or lat is None or not (-180 <= lon <= 180 and -90 <= lat <= 90):
            raise item.fail(f"{what} needs 'lon' and 'lat', in degrees (east and north positive).")
        return MapName(label=item.text("label"), lon=lon, lat=lat, line=item.line)

    area = None
    if data.has("area"):
        box = data.node("area", "a map's area").only("label", "west", "south", "east", "north")
        bounds = tuple(_number(box, key) for key in ("west", "south", "east", "north"))
        if None in bounds or not (bounds[0] < bounds[2] and bounds[1] < bounds[3]):  # type: ignore[operator]
            raise box.fail("a map's area needs 'west' < 'east' and 'south' < 'north', in degrees.")
        area = MapArea(label=box.text("label"), bounds=bounds, line=box.line)  # type: ignore[arg-type]
    sources = tuple(_outside(raw, data) for raw in data.items("sources", "outside facts (text, cite, url)"))
    if not sources:
        raise data.fail("a map cites where its borders and positions come from: 'sources' is empty.", key="sources")
    return Figure(
        kind="map",
        title=data.text("title"),
        description=data.text("description"),
        basemap=basemap,
        home=data.text("home"),
        home_line=data.line_of("home"),
        names=tuple(name(raw, "a map's name") for raw in data.items("names", "names", required=False)),
        places=tuple(name(raw, "a map's place") for raw in data.items("places", "places", required=False)),
        area=area,
        sources=sources,
        note=data.optional_text("note"),
    )


def _number(keys: Keys, key: str) -> float | None:
    value = keys.data.get(key)
    if value is None and key != "value":
        return None
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise keys.fail(f"'{key}' should be a number, not {value!r}.", key=key)
    return float(value)


def _outside(item, parent: Keys) -> Outside:
    """An outside fact: its text in the briefing's words, the source's name and its address."""
    data = Keys(item, parent.where, "an outside fact", parent.line).only("outside", "text", "cite", "url")
    url = data.text("url")
    if not url.startswith(("https://", "http://")):
        raise data.fail(f"'url' is '{url}': the address of the page the fact comes from.", key="url")
    text = data.text("outside") if data.has("outside") else data.text("text")
    return Outside(text=text, cite=data.text("cite"), url=url, line=data.line)


def _item(item, parent: Keys) -> Item:
    """A line of a key-facts row or a dateline: an excerpt (of, text) or an outside fact (outside,
    cite, url)."""
    if isinstance(item, dict) and "outside" in item:
        return _outside(item, parent)
    return _excerpt(item, parent)


def _excerpt(item, parent: Keys) -> Excerpt:
    data = Keys(item, parent.where, "an excerpt", parent.line).only("of", "text", "label", "link", "icon", "stem")
    return Excerpt(
        of=_id(data.data.get("of"), data),
        text=data.text("text"),
        line=data.line,
        label=data.optional_text("label") or None,
        link=data.optional_text("link") or None,
        icon=data.optional_text("icon") or None,
        stem=data.flag("stem"),
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


def _cites(entry, block: Keys) -> tuple[Cite, ...]:
    if isinstance(entry, list):
        return tuple(_cite(v, block) for v in entry)
    return (_cite(entry, block),)


def _cite(value, block: Keys) -> Cite:
    return Cite(_id(value, block), block.line)


def _id(value, keys: Keys) -> str:
    if not isinstance(value, str) or not SENTENCE_ID.match(value):
        raise BriefingError(
            keys.at,
            f"'{value}' is not a sentence id like 's-1a2b3c4d'.",
            "`briefing status --ids` lists every sentence with its id.",
        )
    return value
