"""The page model: what every page of the briefing says, as plain data, for every output.

`compose` builds it once from the outline, the placement and the sources, in Vietnamese: each
string a reader sees is a `Msg` (with a note for translators), each statement knows the
source sentence it comes from (`Ref`). `localise` then fills every Msg for one language from
the translation memory, with its state (translated, missing, stale). Writers turn a localised
model into Markdown for the site (writers/markdown.py) or data for the print briefing
(writers/typst.py); they decide nothing about content, only how it looks in their format.
One node class per kind of block; `BLOCKS` lists them all, and each writer has one function per
kind (a test holds every writer to the whole list).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from briefing.config import SOURCE_LANG
from briefing.data import Node, field_names, node, replace
from briefing.figures import Basemap

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (convert's start-up time)
if TYPE_CHECKING:
    from typing import Any

OK = "ok"
MISSING = "missing"
FUZZY = "fuzzy"


@node(kw_only=False)
class Translation(Node):
    text: str  # the translation, or the Vietnamese when no usable one exists
    state: str  # OK, MISSING or FUZZY


@node
class Msg(Node):
    """One string readers see: its Vietnamese, and once localised, its text in the page's language.

    `into` fixes the language whatever the page's (the English column of a source page is
    English on the Vietnamese page too). Until `localise`, `text` is empty.
    """

    vi: str
    note: str = ""  # for translators: what the string is and where it is used
    occurrence: tuple[str, int] | None = None  # (source file, line) of a source sentence
    into: str | None = None
    args: tuple[tuple[str, Msg | str], ...] = ()  # what fills its {placeholders}, once localised
    text: str = ""
    state: str = OK

    @property
    def ok(self) -> bool:
        """Shown in the language asked for (a pending translation falls back to the Vietnamese)."""
        return self.state == OK


@node
class Ref(Node):
    """The source sentence a statement comes from: where its citation marker leads."""

    sid: str  # the sentence's id, its anchor on the source page
    source: str  # the source's slug
    label: str  # what the marker shows: "3", or "B3" (sentence 3 of source B) when there are several
    original: str  # the Vietnamese the statement renders: the sentence, or the verbatim excerpt
    title: Msg  # the marker's tooltip: which sentence of which source
    also: tuple[Ref, ...] = ()  # the same sentence in other sources (a reprint), cited beside it

    @property
    def key(self) -> str:
        """The sentence across the briefing (segment.Segment.key)."""
        return f"{self.source}#{self.sid}"


@node
class Statement(Node):
    """A source sentence, or a verbatim excerpt of one, with its citation."""

    text: Msg
    ref: Ref | None  # None where the next statement of the block carries the shared marker
    kind: Msg | None = None  # "Photo caption", "Related headline": what it is, if not body text
    elided: bool = False  # an excerpt shown on its own that starts inside its sentence
    cut: bool = False  # an excerpt shown as a line of its own (a key fact) that ends inside its sentence
    corrected: Msg | None = None  # what the scraped text read, where scraping damage was mended


@node
class Link(Node):
    page: str  # the target page's file ("plan", "sources/slug")
    anchor: str  # a section id or sentence id on it, or ""
    title: Msg


@node(kw_only=False)
class Labelled(Node):
    label: Msg | None
    statement: Statement


# -- blocks ---------------------------------------------------------------------------------


@node(kw_only=False)
class Prose(Node):
    """Editorial text: framing that adds no fact."""

    KIND = "prose"
    text: Msg
    aside: bool = False  # a reader's aid (how to read the citations), set apart in smaller type
    links: tuple[Link, ...] = ()  # pages the text names by their titles (linked; in print, with their pages)


@node(kw_only=False)
class Paragraphs(Node):
    KIND = "paragraphs"
    paragraphs: tuple[tuple[Statement, ...], ...]


@node(kw_only=False)
class Bullets(Node):
    KIND = "bullets"
    items: tuple[Statement, ...]


@node(kw_only=False)
class Excerpts(Node):
    """Labelled excerpts, one per line; a `stem` is the start each of them continues."""

    KIND = "excerpts"
    items: tuple[Labelled, ...]
    stem: Statement | None = None


@node
class Card(Node):
    label: Msg
    icon: str | None
    statement: Statement
    link: Link | None


@node(kw_only=False)
class Cards(Node):
    KIND = "cards"
    items: tuple[Card, ...]


@node(kw_only=False)
class Table(Node):
    KIND = "table"
    head: tuple[Msg, Msg]
    rows: tuple[Labelled, ...]


@node
class Note(Node):
    KIND = "note"
    style: str  # info, warning, …
    title: Msg
    text: Msg


@node
class Fact(Node):
    text: Msg
    cite: Msg  # the name of the outside source
    url: str


@node
class Context(Node):
    """Facts from outside the sources, marked as such, each with its citation."""

    KIND = "context"
    title: Msg
    note: Msg | None  # what the box is (outside the article); a box after another may omit it
    facts: tuple[Fact, ...]
    site_only: bool = False  # facts the print brief gives elsewhere (it has eight pages, not a repeat to spare)
    dates: bool = False  # a chronology: each fact opens with its date, then ": " (print draws a timeline)
    id: str = ""  # its anchor, as the outline names it ("" for one made from the Vietnamese title)


@node
class Citation(Node):
    """An outside source a reference entry rests on: its name, in the reader's language (an
    outlet's or agency's name is translated, the title of what it published is not), and its
    address ("" when it has none)."""

    cite: Msg
    url: str


@node
class Term(Node):
    vi: str
    en: str
    definition: Msg
    sources: tuple[Citation, ...]


@node(kw_only=False)
class Glossary(Node):
    KIND = "glossary"
    head: tuple[Msg, Msg, Msg, Msg]  # term, English, definition, sources
    terms: tuple[Term, ...]

    def ordered(self, lang: str) -> tuple[Term, ...]:
        """The terms as a page in `lang` lists them: by the Vietnamese term in Vietnamese
        dictionary order, or by the English term alphabetically."""
        from briefing.text import plain_sort_key, vi_sort_key

        if lang == SOURCE_LANG:
            return tuple(sorted(self.terms, key=lambda t: vi_sort_key(t.vi)))
        return tuple(sorted(self.terms, key=lambda t: plain_sort_key(t.en)))


@node(kw_only=False)
class StatusRow(Node):
    title: Msg
    link: Link | None
    sentences: tuple[Msg, ...]  # each sentence shown, in the target language (translated or not)

    def counts(self) -> tuple[int, int, int]:
        """Sentences shown, translated, pending (once localised)."""
        done = sum(1 for msg in self.sentences if msg.ok)
        return len(self.sentences), done, len(self.sentences) - done


@node(kw_only=False)
class Status(Node):
    KIND = "status"
    head: tuple[Msg, Msg, Msg, Msg]
    rows: tuple[StatusRow, ...]


@node(kw_only=False)
class Download(Node):
    """The PDF of the page's language (the print briefing has no use for it)."""

    KIND = "download"
    label: Msg


@node
class Mark(Node):
    year: int
    until: int | None
    label: Msg
    ref: Ref | None  # the sentence it is an excerpt of; None for an outside fact
    url: str  # the outside fact's citation, if it has an address
    outside: bool
    elided: bool = False  # see Statement.elided


@node(kw_only=False)
class Basis(Node):
    """What the briefing draws on, from the data: its sources, and the pages with outside facts."""

    KIND = "basis"
    sources: Msg  # "… draws on {count} Vietnamese news articles"
    outside: Msg  # "Information from other sources … appears on these pages:"
    pages: tuple[Link, ...]  # the pages that carry facts from other sources


@node
class OutsideSource(Node):
    """A source outside the articles, once: its name as the citations give it, its address ("" for
    none), and the pages that cite it."""

    cite: Msg
    url: str
    pages: tuple[Link, ...]


@node
class OutsideSources(Node):
    """Every source outside the articles that the briefing cites, in the order a reader of the
    site first meets them, each with the pages that cite it: from the data."""

    KIND = "outside_sources"
    cited_in: Msg  # "Cited in"
    items: tuple[OutsideSource, ...]


@node
class ProvenanceRow(Node):
    link: Link  # the source's page
    outlet: str
    url: str
    file: str  # the file as received
    sha256: str  # of the file as received


@node(kw_only=False)
class Provenance(Node):
    """For editors and the curious: each source as received (file, SHA-256) and where it was
    published. Kept off the topic pages and the PDF cover."""

    KIND = "provenance"
    head: tuple[Msg, Msg, Msg, Msg]  # source, published by, file as received, SHA-256
    rows: tuple[ProvenanceRow, ...]


@node
class Quote(Node):
    """A pull quote: an excerpt and who said it; `print_only` keeps it off the site."""

    KIND = "quote"
    statement: Statement
    by: Msg
    print_only: bool = False


@node(kw_only=False)
class CiteHow(Node):
    """How to cite: a statement by its sentence (an example from the briefing itself), and the
    briefing as a whole (its date and address filled in where the page is made)."""

    KIND = "cite_how"
    statement: Msg  # with {label}, {id}, {title} filled
    briefing: Msg  # with {publisher} and {title} filled; {date} left for the writer
    example: Link  # the example sentence


@node()
class KeyFactRow(Node):
    label: Msg
    items: tuple[Statement | Fact, ...]  # verbatim excerpts, cited; outside facts, marked and cited
    site_only: bool = False  # a row the print brief gives elsewhere (the cover's chart)
    print_only: bool = False  # a row the site's page gives elsewhere (its lede), the cover not


@node()
class KeyFacts(Node):
    """The facts a reader needs first, in labelled rows; above them, the bottom line (editorial)."""

    KIND = "key_facts"
    title: Msg
    rows: tuple[KeyFactRow, ...]
    note: Msg | None = None
    site_only: bool = False  # facts the print brief gives elsewhere (as Context's)


@node(kw_only=False)
class Dateline(Node):
    """Where and when, in one line of excerpts and outside facts."""

    KIND = "dateline"
    items: tuple[Statement | Fact, ...]


@node(kw_only=False)
class Points(Node):
    """Editorial points, under a title or under their section's heading alone: framing that adds
    no fact."""

    KIND = "points"
    title: Msg | None
    items: tuple[Msg, ...]


@node(kw_only=False)
class Preview(Node):
    link: Link  # the page, by its title
    description: Msg  # what it holds (the page's own description)


@node(kw_only=False)
class Previews(Node):
    KIND = "previews"
    items: tuple[Preview, ...]


@node(kw_only=False)
class Bar(Node):
    label: Msg
    value: float
    earlier: float | None  # the same figure in an earlier edition (drawn as a ghost)


@node
class BarChart(Node):
    """Figures from an outside source, as bars: marked as outside context, with their source."""

    KIND = "bar_chart"
    title: Msg
    description: Msg  # for screen readers, and the caption
    unit: Msg
    bars: tuple[Bar, ...]
    source: Fact  # the source line: its text, and the outside source cited
    earlier: Msg  # what a ghost bar is (the legend)
    earlier_source: Fact | None = None  # the ghost bars' source line, when another source gives them

    def source_lines(self) -> tuple[Fact, ...]:
        """The lines under the chart that say where its figures come from, in order."""
        return (self.source, self.earlier_source) if self.earlier_source else (self.source,)


@node(kw_only=False)
class MapName(Node):
    """A name on a map at (lon, lat): a country's, or a town's beside its dot."""

    label: Msg
    lon: float
    lat: float


@node(kw_only=False)
class MapArea(Node):
    """A box on a map (west, south, east, north, in degrees), its label over its north-west corner."""

    label: Msg
    bounds: tuple[float, float, float, float]


@node
class LocatorMap(Node):
    """Where a place lies: land and borders (a basemap), names, towns and an area, each position
    from an outside source that the map's source lines cite (marked as outside context)."""

    KIND = "locator_map"
    title: Msg
    description: Msg  # for screen readers
    basemap: Basemap
    home: str  # the country lit (a basemap's name)
    names: tuple[MapName, ...]
    places: tuple[MapName, ...]
    area: MapArea | None
    sources: tuple[Fact, ...]
    note: Msg | None  # what the map leaves out, and why (editorial)


@node
class Timeline(Node):
    KIND = "timeline"
    title: Msg
    description: Msg  # for screen readers, and the caption
    legend: Msg  # what a hollow mark means
    marks: tuple[Mark, ...]


@node
class SourceAbout(Node):
    """What is known of a source."""

    KIND = "source_about"
    title: Msg
    title_note: Msg | None
    kind: Msg | None
    outlet: str  # who published it, as meta.yml names it ("" when not known)
    url: str  # where ("" when not known)
    published: str  # when, as the outlet gives it ("" when not known)
    outlet_label: Msg
    known_label: Msg
    unknown_label: Msg
    known: tuple[Msg, ...]
    unknown: tuple[Msg, ...]


@node(kw_only=False)
class SourceEntry(Node):
    letter: str  # its citation letter, when the briefing has several sources
    link: Link
    about: SourceAbout | None = None  # what is known of it (on the Sources page)


@node(kw_only=False)
class SourceList(Node):
    """The sources, each with its citation letter; on the Sources page, with what is known of each."""

    KIND = "source_list"
    items: tuple[SourceEntry, ...]


@node(kw_only=False)
class PageSources(Node):
    """What a page draws on: every source its statements cite."""

    KIND = "page_sources"
    label: Msg
    items: tuple[SourceEntry, ...]


@node
class SourceRow(Node):
    sid: str
    label: str  # its number, as citations show it ("3", "B3")
    kind: Msg | None
    vi: str  # the sentence, verbatim
    en: Msg  # its translation (into the target language on every page)
    first: bool  # the first sentence of its paragraph, caption or headline line
    uses: tuple[Link, ...]  # where the briefing cites it
    corrected: Msg | None = None  # what the scraped text read, where scraping damage was mended


@node(kw_only=False)
class SourceText(Node):
    """A source's sentences, each beside its translation and anchored by its id."""

    KIND = "source_text"
    head: tuple[Msg, Msg]
    cited_on: Msg
    rows: tuple[SourceRow, ...]


# Every kind of block a page may hold. Each has its KIND: the name the print template knows it
# by (print/briefing.typ, `blocks`); each writer has one function per kind.
Block = (
    PageSources
    | Prose
    | Paragraphs
    | Bullets
    | Excerpts
    | Cards
    | Table
    | Note
    | Context
    | Glossary
    | Status
    | SourceList
    | OutsideSources
    | Download
    | Timeline
    | SourceAbout
    | SourceText
    | KeyFacts
    | Dateline
    | Points
    | Previews
    | BarChart
    | LocatorMap
    | Basis
    | Provenance
    | CiteHow
    | Quote
)
BLOCKS: tuple[type[Block], ...] = Block.__args__


@node(kw_only=False)
class Section(Node):
    id: str
    heading: Msg
    blocks: tuple[Block, ...]


@node
class Page(Node):
    file: str  # docs path without language and ".md": "plan", "sources/lai-chau-plan-announcement"
    title: Msg
    description: Msg
    intro: tuple[Block, ...]
    sections: tuple[Section, ...]
    kicker: Msg | None = None  # shown before the title ("Source text: …"), or above the headline
    outro: tuple[Block, ...] = ()  # after the sections: which sources the page draws on
    headline: Statement | None = None  # a statement shown as the page's heading (the title stays in the nav)
    speaker: Msg | None = None  # whose words the headline quotes (said before them)
    # A reference page (the glossary, the sources): it defines, lists or reprints what the topic
    # pages say, so search ranks it after them (the site writer sets its search boost).
    reference: bool = False


@node
class Cover(Node):
    """The print briefing's first page."""

    title: Msg
    subtitle: Msg
    kicker: Msg  # what kind of document this is ("Policy brief")
    updated: Msg  # what the date printed is
    # "Latest news report from other sources: February 2026" (None: no dated outside source). The
    # brief's own date says when it was made, not how recent what it reports is.
    latest: Msg | None
    contents: Msg
    appendix: Msg  # the heading of the appendices (glossary, sources)
    based_on: Msg
    publisher: Msg
    licence: Msg  # may hold a link written as Markdown
    sources: tuple[SourceEntry, ...]  # each named, with its outlet


@node
class Briefing(Node):
    """The whole briefing: the strings every page needs, the pages in navigation order, the cover."""

    sentences: tuple[Msg, ...]  # every source sentence, in reading order (the PO file follows them)
    labels: Mapping[str, Msg]
    pages: tuple[Page, ...]
    cover: Cover

    def page(self, file: str) -> Page:
        return next(page for page in self.pages if page.file == file)


# -- walking the model ------------------------------------------------------------------------


def msgs(node: Any) -> Iterator[Msg]:
    """Every Msg in a piece of the model, in reading order."""
    if isinstance(node, Msg):
        yield node
        for _name, value in node.args:
            yield from msgs(value)
    elif isinstance(node, (tuple, list)):
        for item in node:
            yield from msgs(item)
    elif isinstance(node, dict):  # the model's mappings are dicts (checking the Mapping ABC costs more)
        for item in node.values():
            yield from msgs(item)
    elif isinstance(node, Node):
        for name in field_names(type(node)):
            yield from msgs(getattr(node, name))


def nodes(item: Any) -> Iterator[Node]:
    """Every node in a piece of the model, in reading order (strings, Msg included, are leaves)."""
    stack = [item]
    while stack:
        item = stack.pop()
        if isinstance(item, tuple):
            stack.extend(reversed(item))
        elif isinstance(item, Node) and not isinstance(item, Msg):
            yield item
            stack.extend(reversed([getattr(item, name) for name in item.__fields__]))


def localise(node: Any, lang: str, table: Mapping[str, Translation]) -> Any:
    """The same piece of the model with every Msg in `lang`: the Vietnamese as written, or the
    translation from `table` (Vietnamese msgid → target-language Translation) with its state."""
    if isinstance(node, Msg):
        if (node.into or lang) == SOURCE_LANG:
            found = Translation(node.vi, OK)
        else:
            found = table.get(node.vi) or Translation(node.vi, MISSING)
        if not node.args:
            return replace(node, text=found.text, state=found.state)
        args = tuple((name, localise(value, lang, table)) for name, value in node.args)
        return replace(node, text=fill(found.text, args), state=found.state, args=args)
    if isinstance(node, tuple):
        return tuple(localise(item, lang, table) for item in node)
    if isinstance(node, dict):
        return {key: localise(item, lang, table) for key, item in node.items()}
    if isinstance(node, Node):
        changed = {}
        for name in field_names(type(node)):
            value = getattr(node, name)
            if isinstance(value, (tuple, dict, Node)):
                changed[name] = localise(value, lang, table)
        return replace(node, **changed) if changed else node
    return node


def shown(text: str, elided: bool, cut: bool = False) -> str:
    """What a statement shows: an excerpt that starts inside its sentence and stands on its own
    opens with an ellipsis, as a quotation cut at its start does ("…phấn đấu đưa Lai Châu…",
    "…Lai Châu cần…": a capital, a name's, does not say the sentence starts there); one that is
    `cut` before its sentence ends closes with one; its words stay verbatim."""
    text = f"…{text}" if elided else text
    return f"{text}…" if cut else text


def fill(text: str, args: tuple[tuple[str, Msg | str], ...]) -> str:
    """`text` with each {name} replaced by its argument (a translation that lost a placeholder
    shows without it; `msgfmt --check` reports it, the entry being python-brace-format)."""
    for name, value in args:
        text = text.replace("{" + name + "}", value.text if isinstance(value, Msg) else value)
    return text


def pending(node: Any) -> int:
    """How many strings of a localised piece of the model wait for their translation."""
    return sum(1 for msg in msgs(node) if not msg.ok)
