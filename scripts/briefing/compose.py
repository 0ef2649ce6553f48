"""Stage 5, compose: outline + placement + sentences → the page model (model.py), in Vietnamese.

Everything a page says is decided here, once, for every output: which statements, under which
headings, citing which sentence with which marker. `collect` then lists the strings the pages
need, which is what the translation memory must hold. Nothing here knows Markdown or Typst.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from briefing import model as m
from briefing import outline as o
from briefing.config import SOURCES_DIR, TARGET_LANG, source_page
from briefing.data import Node, node, replace
from briefing.figures import Basemap
from briefing.glossary import Term, source_parts
from briefing.place import Placement, resolver, rule_section
from briefing.segment import Segment
from briefing.segment import SegmentKind as K
from briefing.sources import SourceInfo

# A date in the name of an outside source ("VNA, 27/2/2026"): day, month, year.
CITED_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")

# Segments that say what they are beside their text ("Photo caption", "Related headline").
_LABELLED_KINDS = (K.TITLE, K.SUBHEADING, K.CAPTION, K.CREDIT, K.HEADLINE)


@node
class Corpus(Node):
    """Everything compose reads, already validated."""

    outline: o.Outline
    segments: tuple[Segment, ...]
    placement: Placement
    sources: tuple[SourceInfo, ...]
    glossary: tuple[Term, ...]
    nav: tuple[str, ...]  # page files in navigation order (from mkdocs.yml)
    basemaps: dict[str, Basemap]  # each map's land and borders, by the path the outline names

    @functools.cached_property
    def by_key(self) -> dict[str, Segment]:
        return {seg.key: seg for seg in self.segments}

    @functools.cached_property
    def _by_id(self) -> dict[str, Segment]:
        return resolver(self.segments)

    @functools.cached_property
    def by_text(self) -> dict[str, tuple[Segment, ...]]:
        """Each sentence's text → every source's copy of it (more than one: a reprint)."""
        found: dict[str, list[Segment]] = {}
        for seg in self.segments:
            found.setdefault(seg.text, []).append(seg)
        return {text: tuple(segs) for text, segs in found.items()}

    @functools.cached_property
    def by_source(self) -> dict[str, tuple[Segment, ...]]:
        """Each source's sentences, in reading order."""
        found: dict[str, list[Segment]] = {info.slug: [] for info in self.sources}
        for seg in self.segments:
            found[seg.source].append(seg)
        return {slug: tuple(segs) for slug, segs in found.items()}

    @functools.cached_property
    def _infos(self) -> dict[str, SourceInfo]:
        return {info.slug: info for info in self.sources}

    def resolve(self, sid: str) -> Segment:
        """The sentence an outline id names (a reprinted sentence: the earliest source's)."""
        return self._by_id[sid]

    def source(self, slug: str) -> SourceInfo:
        return self._infos[slug]


def sentence_msg(seg: Segment) -> m.Msg:
    """A source sentence as a string to translate; its note tells translators its id and place."""
    return m.Msg(
        vi=seg.text,
        note=f"{seg.id} · {seg.kind} [{seg.number}] of source {seg.source}",
        occurrence=(f"{SOURCES_DIR}/{seg.source}/source.txt", seg.line),
    )


class _Composer:
    """Composes the pages of one corpus; holds only what every page shares (no per-page state)."""

    def __init__(self, corpus: Corpus):
        self.corpus = corpus
        self.labels = {name: m.Msg(vi=corpus.outline.labels[name], note=f"label: {name}") for name in o.REQUIRED_LABELS}

    # -- strings ------------------------------------------------------------------------------

    def editorial(self, text: str, what: str, file: str) -> m.Msg:
        return m.Msg(vi=text, note=f"{what} (editorial, page {file})")

    def page_title(self, file: str) -> m.Msg:
        page = self.corpus.outline.page(file)
        if page is not None:
            return m.Msg(vi=page.title, note=f"title of page {file}")
        return self.source_title(file.removeprefix(SOURCES_DIR + "/"))

    def source_title(self, slug: str) -> m.Msg:
        return m.Msg(vi=self.corpus.source(slug).title, note=f"title of source {slug}")

    def kind(self, seg: Segment) -> m.Msg | None:
        return self.labels[seg.kind] if seg.kind in _LABELLED_KINDS else None

    def link(self, page: str, anchor: str = "") -> m.Link:
        return m.Link(page=page, anchor=anchor, title=self.page_title(page))

    def basis_link(self, page: str) -> m.Link:
        """A link to a page in a list of pages: a source's page says it is one ("Source text: “…”")."""
        if self.corpus.outline.page(page) is not None:
            return self.link(page)
        slug = page.removeprefix(SOURCES_DIR + "/")
        title = m.Msg(
            vi=self.corpus.outline.labels["source_link"],
            note="label: source_link (a source's page in a list of pages)",
            args=(("title", self.source_title(slug)),),
        )
        return m.Link(page=page, anchor="", title=title)

    # -- statements ---------------------------------------------------------------------------

    def label(self, seg: Segment) -> str:
        """A sentence's number as citations show it: with several sources, with its source's
        letter ("B3"), so that on any page one label means one sentence."""
        letter = self.corpus.source(seg.source).cite_as if len(self.corpus.sources) > 1 else ""
        return f"{letter}{seg.number}"

    def ref(self, seg: Segment, original: str, label: str = "cite_title") -> m.Ref:
        title = m.Msg(
            vi=self.corpus.outline.labels[label],
            note=f"label: {label} (tooltip of a citation marker)",
            args=(("n", self.label(seg)), ("title", self.source_title(seg.source))),
        )
        # A reprint: the same sentence in other sources is cited beside it ("also published in").
        also = tuple(
            self.ref(other, other.text, "cite_also")
            for other in self.corpus.by_text[seg.text]
            if other.source != seg.source and label == "cite_title"
        )
        return m.Ref(sid=seg.id, source=seg.source, label=self.label(seg), original=original, title=title, also=also)

    def sentence(self, seg: Segment) -> m.Statement:
        return m.Statement(
            text=sentence_msg(seg), ref=self.ref(seg, seg.text), kind=self.kind(seg), corrected=self.corrected(seg)
        )

    def corrected(self, seg: Segment) -> m.Msg | None:
        """What the scraped text read where the sentence mends scraping damage."""
        if not seg.corrected:
            return None
        scraped = ", ".join(f"“{text}”" for text in seg.corrected)
        return m.Msg(
            vi=self.corpus.outline.labels["corrected_note"], note="label: corrected_note", args=(("scraped", scraped),)
        )

    def excerpt(self, item: o.Excerpt | o.Mark, alone: bool = False, line: bool = False) -> m.Statement:
        """A verbatim part of a sentence. One that stands `alone` (a card, a timeline mark, a key
        fact) and starts inside its sentence is shown elided ("…phấn đấu đưa…"); one that is a
        `line` of its own (a key fact, after its label) and ends inside its sentence closes with
        "…": see model.shown."""
        assert item.of is not None and item.text is not None  # a Mark here is one from a sentence
        seg = self.corpus.resolve(item.of)
        text = m.Msg(vi=item.text, note=f"excerpt of {seg.id} [{seg.number}]: a verbatim part of that sentence")
        mended = self.corpus.source(seg.source).corrections
        return m.Statement(
            text=text,
            ref=self.ref(seg, item.text),
            elided=alone and not seg.text.startswith(item.text),
            cut=line and not seg.text.rstrip(" .!?…").endswith(item.text.rstrip(" .!?…")),
            # corrected if it holds a mended reading
            corrected=self.corrected(seg) if any(f.read in item.text for f in mended if f.mends) else None,
        )

    # -- pages --------------------------------------------------------------------------------

    def briefing(self) -> m.Briefing:
        pages = [self.topic_page(page) for page in self.corpus.outline.pages]
        pages += [self.source_page(info) for info in self.corpus.sources]
        order = {file: i for i, file in enumerate(page_order(self.corpus))}
        pages.sort(key=lambda page: order.get(page.file, len(order)))
        pages = self.with_basis(pages)
        return m.Briefing(
            sentences=tuple(sentence_msg(seg) for seg in self.corpus.segments),
            labels=self.labels,
            pages=tuple(pages),
            cover=self.cover(self.latest_outside(pages)),
        )

    def latest_outside(self, pages: list[m.Page]) -> m.Msg | None:
        """The month of the latest dated source outside the articles, from the names its
        citations give ("VNA, 27/2/2026"): the label latest_outside, filled. None if no name
        carries a date."""
        dates = [
            (int(year), int(month))
            for node in m.nodes(tuple(pages))
            if isinstance(node, (m.Fact, m.Citation))
            for _day, month, year in CITED_DATE.findall(node.cite.vi)
        ]
        if not dates:
            return None
        year, month = max(dates)
        return replace(
            self.labels["latest_outside"], args=(("month", self.labels[f"month_{month}"]), ("year", str(year)))
        )

    def topic_page(self, page: o.Page) -> m.Page:
        file = page.file
        sections = [
            m.Section(
                section.id,
                self.editorial(section.heading, "heading", file),
                tuple(self.block(block, file) for block in section.blocks),
            )
            for section in page.sections
        ]
        # What rules placed here comes under its own source's heading, after the editor's sections:
        # never inside a section written around other statements.
        for (target, slug), added in self.corpus.placement.by_rule.items():
            if target == file:
                sections.append(self.rule_section(slug, added, file))
        built = m.Page(
            file=file,
            title=m.Msg(vi=page.title, note=f"title of page {file}"),
            description=m.Msg(vi=page.description, note=f"description of page {file}"),
            intro=tuple(self.block(block, file) for block in page.intro),
            sections=tuple(sections),
            kicker=self.editorial(page.kicker, "kicker above the headline", file) if page.kicker else None,
            headline=self.excerpt(page.headline) if page.headline else None,
            speaker=(
                self.editorial(page.headline.label, "who said the words of the headline", file)
                if page.headline and page.headline.label
                else None
            ),
            reference=any(isinstance(block, o.Glossary | o.SourceList) for _, block in page.blocks()),
        )
        return replace(built, outro=self.page_sources(built))

    def with_basis(self, pages: list[m.Page]) -> list[m.Page]:
        """The pages, with the blocks that speak of the whole briefing filled in from what it now
        is: Basis (the number of its sources, and the pages that carry facts from other sources)
        and OutsideSources (every outside source cited, with the pages that cite it)."""
        outside = tuple(
            self.basis_link(page.file)
            for page in pages
            if any(isinstance(node, m.Fact) or (isinstance(node, m.Term) and node.sources) for node in m.nodes(page))
        )
        count = len(self.corpus.sources)
        sources = m.Msg(
            vi=self.corpus.outline.labels["basis_one" if count == 1 else "basis_many"],
            note="label: basis (what the briefing draws on)",
            args=(("count", str(count)),),
        )
        basis = m.Basis(sources, self.labels["basis_outside"], outside)
        cited = self.outside_sources(pages)

        def fill(block: m.Block) -> m.Block:
            if isinstance(block, m.Basis):
                return basis
            return cited if isinstance(block, m.OutsideSources) else block

        return [
            replace(
                page,
                intro=tuple(map(fill, page.intro)),
                sections=tuple(replace(s, blocks=tuple(map(fill, s.blocks))) for s in page.sections),
            )
            for page in pages
        ]

    def outside_sources(self, pages: list[m.Page]) -> m.OutsideSources:
        """Every outside source the pages cite (facts, figures' source lines, glossary entries),
        once each by its address (by its name when it has none), in reading order, with the pages
        that cite it."""
        found: dict[str, tuple[m.Msg, str, list[str]]] = {}
        for page in pages:
            for item in m.nodes(page):
                if isinstance(item, m.Fact | m.Citation):
                    where = found.setdefault(item.url or item.cite.vi, (item.cite, item.url, []))[2]
                    if page.file not in where:
                        where.append(page.file)
        items = tuple(
            m.OutsideSource(cite=cite, url=url, pages=tuple(self.basis_link(file) for file in where))
            for cite, url, where in found.values()
        )
        return m.OutsideSources(cited_in=self.labels["cited_on"], items=items)

    def rule_section(self, slug: str, added: tuple[str, ...], file: str) -> m.Section:
        heading = m.Msg(
            vi=self.corpus.outline.labels["rule_section"],
            note="label: rule_section (heading)",
            args=(("title", self.source_title(slug)),),
        )
        note = self.editorial(self.corpus.outline.labels["rule_added"], "label: rule_added", file)
        return m.Section(
            rule_section(slug),
            heading,
            (m.Prose(note), m.Paragraphs(tuple((self.sentence(self.corpus.by_key[key]),) for key in added))),
        )

    def page_sources(self, page: m.Page) -> tuple[m.Block, ...]:
        """The sources a page's statements cite, in the order of the briefing's sources."""
        cited = {node.source for node in m.nodes(page) if isinstance(node, m.Ref)}
        entries = tuple(self.source_entry(info) for info in self.corpus.sources if info.slug in cited)
        return (m.PageSources(self.labels["page_sources"], entries),) if entries else ()

    def source_entry(self, info: SourceInfo, about: bool = False) -> m.SourceEntry:
        letter = info.cite_as if len(self.corpus.sources) > 1 else ""
        link = m.Link(page=source_page(info.slug), anchor="", title=self.source_title(info.slug))
        return m.SourceEntry(letter, link, self.source_about(info) if about else None)

    def source_page(self, info: SourceInfo) -> m.Page:
        file = source_page(info.slug)
        segments = self.corpus.by_source[info.slug]
        intro: list[m.Block] = [self.source_about(info)]
        context = self.context(info, file)
        if context is not None:
            intro.append(context)
        sections = []
        headlines = [seg for seg in segments if seg.kind == K.HEADLINE]
        if headlines:
            sections.append(
                m.Section(
                    "related",
                    self.labels["related_headlines"],
                    (m.Prose(self.labels["related_note"]), self.source_text(headlines)),
                )
            )
        sections.append(
            m.Section(
                "full-text",
                self.labels["full_text"],
                (self.source_text([seg for seg in segments if seg.kind != K.HEADLINE]),),
            )
        )
        title = self.source_title(info.slug)
        return m.Page(
            file=file,
            title=title,
            description=title,
            intro=tuple(intro),
            sections=tuple(sections),
            kicker=self.labels["source_page_title"],
            reference=True,
        )

    def source_about(self, info: SourceInfo) -> m.SourceAbout:
        file = source_page(info.slug)
        return m.SourceAbout(
            title=self.labels["source_about"],
            title_note=self.editorial(info.title_note, "note on the source's title", file) if info.title_note else None,
            kind=self.editorial(info.kind, "kind of source", file) if info.kind else None,
            outlet=info.outlet,
            url=info.url,
            published=info.published,
            outlet_label=self.labels["source_outlet"],
            known_label=self.labels["source_known"],
            unknown_label=self.labels["source_unknown"],
            known=tuple(self.editorial(k, "what is known of the source", file) for k in info.known),
            unknown=tuple(self.editorial(u, "what is not known of the source", file) for u in info.unknown),
        )

    def source_text(self, segments: list[Segment]) -> m.SourceText:
        rows = []
        previous = None
        for seg in segments:
            uses: dict[str, str] = {}
            for page, section in self.corpus.placement.cited_on.get(seg.key, ()):
                uses.setdefault(page, section)
            rows.append(
                m.SourceRow(
                    sid=seg.id,
                    label=self.label(seg),
                    kind=self.kind(seg),
                    vi=seg.text,
                    en=m.Msg(vi=seg.text, into=TARGET_LANG),
                    first=seg.block != previous,
                    uses=tuple(self.link(page, section) for page, section in uses.items()),
                    corrected=self.corrected(seg),
                )
            )
            previous = seg.block
        return m.SourceText((self.labels["original"], self.labels["translation"]), self.labels["cited_on"], tuple(rows))

    def context(self, info: SourceInfo, file: str) -> m.Context | None:
        if not info.context:
            return None
        facts = tuple(
            m.Fact(
                text=self.editorial(fact.text, "context from outside the source", file),
                cite=self.editorial(fact.cite, "name of a cited outside source", file),
                url=fact.url,
            )
            for fact in info.context
        )
        return m.Context(
            title=self.labels["context_title"],
            note=self.editorial(self.corpus.outline.labels["context_note"], "label: context_note", file),
            facts=facts,
        )

    # -- blocks: one case per kind of outline block -------------------------------------------

    def block(self, block: o.Block, file: str) -> m.Block:
        match block:
            case o.Prose():
                links = tuple(self.link(*target.split("#", 1)) for target in block.links)
                return m.Prose(self.editorial(block.text, "prose", file), block.aside, links)
            case o.Note():
                return m.Note(
                    style=block.style,
                    title=self.editorial(block.title, "note title", file),
                    text=self.editorial(block.text, "note", file),
                )
            case o.Sentences():
                groups = block.groups
                return m.Paragraphs(tuple(tuple(self.sentence(self.corpus.resolve(c.of)) for c in g) for g in groups))
            case o.List():
                return m.Bullets(tuple(self.sentence(self.corpus.resolve(c.of)) for c in block.items))
            case o.Excerpts():
                return self.excerpts(block, file)
            case o.Cards():
                return self.cards(block, file)
            case o.Table():
                head = tuple(self.editorial(h, "table heading", file) for h in block.head)
                return m.Table(
                    (head[0], head[1]), tuple(self.labelled(row, "table row label", file) for row in block.rows)
                )
            case o.Context():
                context = self.context(self.corpus.source(block.source), file)
                if context is None:
                    raise ValueError(f"source '{block.source}' has no context")  # load_corpus checks it first
                return context
            case o.Glossary():
                return self.glossary(file)
            case o.Status():
                return self.status()
            case o.FigureBlock():
                return self.figure(block.figure, file)
            case o.Download():
                return m.Download(self.labels["pdf_download"])
            case o.Basis():  # said once every page is composed: see with_basis
                return m.Basis(self.labels["basis_one"], self.labels["basis_outside"], ())
            case o.OutsideSources():  # listed once every page is composed: see with_basis
                return m.OutsideSources(cited_in=self.labels["cited_on"], items=())
            case o.Provenance():
                return self.provenance()
            case o.CiteHow():
                return self.cite_how()
            case o.Quote():
                return m.Quote(
                    statement=self.excerpt(block.excerpt, alone=True),
                    by=self.editorial(block.by, "who said the words of a pull quote", file),
                    print_only=block.print_only,
                )
            case o.SourceList():
                return m.SourceList(tuple(self.source_entry(info, about=True) for info in self.corpus.sources))
            case o.KeyFacts():
                rows = tuple(
                    m.KeyFactRow(
                        label=self.editorial(row.label, "key-facts label", file),
                        items=self.items(row.items, file),
                        site_only=row.site_only,
                        print_only=row.print_only,
                    )
                    for row in block.rows
                )
                note = self.editorial(block.note, "key facts' bottom line (editorial)", file) if block.note else None
                named = self.editorial(block.title, "key-facts title", file)
                return m.KeyFacts(title=named, rows=rows, note=note, site_only=block.site_only)
            case o.Dateline():
                return m.Dateline(self.items(block.items, file))
            case o.Points():
                items = tuple(self.editorial(item, "point (editorial)", file) for item in block.items)
                title = self.editorial(block.title, "points title", file) if block.title else None
                return m.Points(title, items)
            case o.Background():
                return m.Context(
                    title=self.editorial(block.title, "background title", file),
                    note=self.editorial(block.note, "background note", file) if block.note else None,
                    facts=tuple(self.outside(fact, file) for fact in block.facts),
                    site_only=block.site_only,
                    dates=block.dates,
                    id=block.id,
                )
            case o.Previews():
                return m.Previews(
                    tuple(
                        m.Preview(
                            self.link(page), m.Msg(vi=self._page(page).description, note=f"description of page {page}")
                        )
                        for page in block.pages
                    )
                )
        raise TypeError(f"no composer for outline block {type(block).__name__}")

    def items(self, items: tuple[o.Item, ...], file: str) -> tuple[m.Statement | m.Fact, ...]:
        """Excerpts (cited) and outside facts (marked, cited), in the order given."""
        return tuple(
            self.outside(item, file) if isinstance(item, o.Outside) else self.excerpt(item, alone=True, line=True)
            for item in items
        )

    def outside(self, fact: o.Outside, file: str) -> m.Fact:
        return m.Fact(
            text=self.editorial(fact.text, "fact from an outside source", file),
            cite=self.editorial(fact.cite, "name of a cited outside source", file),
            url=fact.url,
        )

    def _page(self, file: str) -> o.Page:
        page = self.corpus.outline.page(file)
        if page is None:
            raise ValueError(f"no page '{file}'")  # place checks every link first
        return page

    def excerpts(self, block: o.Excerpts, file: str) -> m.Excerpts:
        stems = [item for item in block.items if item.stem]
        items = [self.labelled(item, "label", file) for item in block.items if not item.stem]
        stem = self.excerpt(stems[0], alone=True) if stems else None  # it starts mid-sentence: "…"
        # Statements of one list that cite one sentence share one marker: on its lead-in, which
        # the reader meets first, or else at the end of the list.
        statements = share_markers(
            [*([stem] if stem else []), *(item.statement for item in items)],
            lambda ref: self.corpus.by_key[f"{ref.source}#{ref.sid}"].text,
            first=stem is not None,
        )
        if stem is not None:
            stem, statements = statements[0], statements[1:]
        return m.Excerpts(
            tuple(m.Labelled(item.label, statement) for item, statement in zip(items, statements, strict=True)), stem
        )

    def labelled(self, item: o.Excerpt, what: str, file: str) -> m.Labelled:
        label = self.editorial(item.label, what, file) if item.label else None
        return m.Labelled(label, self.excerpt(item))

    def cards(self, block: o.Cards, file: str) -> m.Cards:
        return m.Cards(
            tuple(
                m.Card(
                    label=self.editorial(item.label or "", "card label", file),
                    icon=item.icon,
                    statement=self.excerpt(item, alone=True),
                    link=self.link(item.link) if item.link else None,
                )
                for item in block.items
            )
        )

    def glossary(self, file: str) -> m.Glossary:
        labels = self.labels
        terms = tuple(
            m.Term(
                vi=term.vi,
                en=term.en,
                definition=self.editorial(term.definition, f"glossary definition of “{term.vi}”", file),
                sources=tuple(
                    m.Citation(cite=self.editorial(title, f"a source of the glossary entry “{term.vi}”", file), url=url)
                    for title, url in map(source_parts, term.sources)
                ),
            )
            for term in self.corpus.glossary
            if term.reader
        )
        head = (labels["glossary_term"], labels["glossary_english"], labels["glossary_definition"])
        return m.Glossary((*head, labels["glossary_sources"]), terms)

    def provenance(self) -> m.Provenance:
        labels = self.labels
        head = (
            labels["provenance_source"],
            labels["provenance_outlet"],
            labels["provenance_file"],
            labels["provenance_sha"],
        )
        rows = tuple(
            m.ProvenanceRow(
                link=m.Link(page=source_page(info.slug), anchor="", title=self.source_title(info.slug)),
                outlet=info.outlet,
                url=info.url,
                file=info.received_as,
                sha256=info.sha256,
            )
            for info in self.corpus.sources
        )
        return m.Provenance(head, rows)

    def cite_how(self) -> m.CiteHow:
        """How to cite, with the first sentence the briefing cites as the example (so that the
        example always names a sentence and an id that exist)."""
        cited = self.corpus.placement.cited_on
        seg = next((s for s in self.corpus.segments if s.key in cited), self.corpus.segments[0])
        labels = self.corpus.outline.labels
        statement = m.Msg(
            vi=labels["cite_statement"],
            note="label: cite_statement (how to cite a statement; {label} and {id} name a real sentence)",
            args=(("label", self.label(seg)), ("id", seg.id), ("title", self.source_title(seg.source))),
        )
        briefing = m.Msg(
            vi=labels["cite_briefing"],
            note="label: cite_briefing (how to cite the briefing; {date} is the build's date)",
            args=(
                ("publisher", self.labels["publisher"]),
                ("title", self.labels["pdf_title"]),
                ("date", "{date}"),
                ("url", "{url}"),
            ),
        )
        example = m.Link(page=source_page(seg.source), anchor=seg.id, title=self.source_title(seg.source))
        return m.CiteHow(statement, briefing, example)

    def status(self, per_page: bool = False) -> m.Status:
        """The translation of each source's sentences (or, per_page, of each page's), and the
        total: per source, the rows add up to it."""
        labels = self.labels
        shown = (
            shown_on_pages(self.corpus)
            if per_page
            else [(source_page(info.slug), list(self.corpus.by_source[info.slug])) for info in self.corpus.sources]
        )
        rows = [
            m.StatusRow(
                self.page_title(page),
                self.link(page),
                tuple(m.Msg(vi=seg.text, into=TARGET_LANG) for seg in segments),
            )
            for page, segments in shown
        ]
        rows.append(
            m.StatusRow(
                labels["status_total"],
                None,
                tuple(m.Msg(vi=seg.text, into=TARGET_LANG) for seg in self.corpus.segments),
            )
        )
        head = (labels["status_source"], labels["status_statements"], labels["status_translated"])
        return m.Status((*head, labels["status_pending"]), tuple(rows))

    def figure(self, fig: o.Figure, file: str) -> m.Block:
        if fig.kind == "map":
            return self.locator_map(fig, file)
        return self.bar_chart(fig, file) if fig.kind == "bars" else self.timeline(fig, file)

    def locator_map(self, fig: o.Figure, file: str) -> m.LocatorMap:
        where = f"map on page {file}"

        def name(item: o.MapName, what: str) -> m.MapName:
            return m.MapName(m.Msg(vi=item.label, note=f"{where}: {what} (editorial)"), item.lon, item.lat)

        area = fig.area
        area_label = m.Msg(vi=area.label, note=f"{where}: an area's label (editorial)") if area else None
        return m.LocatorMap(
            title=m.Msg(vi=fig.title, note=f"{where}: title (editorial)"),
            description=m.Msg(vi=fig.description, note=f"{where}: description for screen readers (editorial)"),
            basemap=self.corpus.basemaps[fig.basemap],
            home=fig.home,
            names=tuple(name(item, "a country's name") for item in fig.names),
            places=tuple(name(item, "a town's name") for item in fig.places),
            area=m.MapArea(area_label, area.bounds) if area and area_label else None,
            sources=tuple(self.outside(fact, file) for fact in fig.sources),
            note=m.Msg(vi=fig.note, note=f"{where}: what it leaves out (editorial)") if fig.note else None,
        )

    def bar_chart(self, fig: o.Figure, file: str) -> m.BarChart:
        where = f"figure on page {file}"
        assert fig.source is not None  # (outline.py requires a chart's source)
        return m.BarChart(
            title=m.Msg(vi=fig.title, note=f"{where}: title (editorial)"),
            description=m.Msg(vi=fig.description, note=f"{where}: description for screen readers (editorial)"),
            unit=m.Msg(vi=fig.unit, note=f"{where}: unit (editorial)"),
            bars=tuple(
                m.Bar(m.Msg(vi=bar.label, note=f"{where}: bar label (editorial)"), bar.value, bar.earlier)
                for bar in fig.bars
            ),
            source=self.outside(fig.source, file),
            earlier=m.Msg(vi=fig.legend, note=f"{where}: legend (editorial)"),
            earlier_source=self.outside(fig.earlier_source, file) if fig.earlier_source else None,
        )

    def timeline(self, fig: o.Figure, file: str) -> m.Timeline:
        where = f"figure on page {file}"
        marks = []
        for mark in fig.marks:
            if mark.context:
                fact = self.corpus.source(mark.context[0]).context[mark.context[1]]
                label = m.Msg(vi=fact.text, note="context from outside the source (editorial)")
                marks.append(
                    m.Mark(year=mark.year, until=mark.until, label=label, ref=None, url=fact.url, outside=True)
                )
            else:
                excerpt = self.excerpt(mark, alone=True)
                marks.append(
                    m.Mark(
                        year=mark.year,
                        until=mark.until,
                        label=excerpt.text,
                        ref=excerpt.ref,
                        url="",
                        outside=False,
                        elided=excerpt.elided,
                    )
                )
        return m.Timeline(
            title=m.Msg(vi=fig.title, note=f"{where}: title (editorial)"),
            description=m.Msg(vi=fig.description, note=f"{where}: description for screen readers (editorial)"),
            legend=self.labels["context_title"],
            marks=tuple(marks),
        )

    # -- print --------------------------------------------------------------------------------

    def cover(self, latest: m.Msg | None) -> m.Cover:
        labels = self.labels
        return m.Cover(
            title=labels["pdf_title"],
            subtitle=labels["pdf_subtitle"],
            kicker=labels["pdf_kicker"],
            updated=labels["pdf_built"],
            latest=latest,
            contents=labels["pdf_contents"],
            appendix=labels["pdf_appendix"],
            based_on=labels["pdf_source"],
            publisher=labels["publisher"],
            licence=labels["licence"],
            sources=tuple(self.source_entry(info, about=True) for info in self.corpus.sources),
        )


def share_markers(
    statements: list[m.Statement], sentence: Callable[[m.Ref], str], first: bool = False
) -> list[m.Statement]:
    """Consecutive statements citing the same sentence keep one marker, on the last of them (or,
    `first`, on the first: a list's lead-in); its tooltip then gives the whole sentence
    (`sentence(ref)`), which the marker stands for."""
    if first:
        return share_markers(statements[::-1], sentence)[::-1]
    out: list[m.Statement] = []
    shared = False
    for i, statement in enumerate(statements):
        following = statements[i + 1] if i + 1 < len(statements) else None
        if following is not None and statement.ref and following.ref and following.ref.key == statement.ref.key:
            out.append(replace(statement, ref=None))
            shared = True
            continue
        if shared and statement.ref is not None:
            statement = replace(statement, ref=replace(statement.ref, original=sentence(statement.ref)))
        shared = False
        out.append(statement)
    return out


def compose(corpus: Corpus) -> m.Briefing:
    """The whole briefing as a page model, in Vietnamese (localise it for each language)."""
    return _Composer(corpus).briefing()


def status(corpus: Corpus, per_page: bool = False) -> m.Status:
    """The translation status of every source (or every page that shows sentences), and in all."""
    return _Composer(corpus).status(per_page)


def collect(briefing: m.Briefing) -> list[m.Msg]:
    """Every string the pages show, in reading order: what the translation memory must hold.
    Source sentences come first, so that the PO file reads like the sources."""
    return list(m.msgs(briefing))


def shown_on_pages(corpus: Corpus) -> list[tuple[str, list[Segment]]]:
    """(page, the sentences it shows) for each page in reading order that shows any."""
    on_page: dict[str, list[Segment]] = {}
    for key, where in corpus.placement.cited_on.items():
        for page in dict.fromkeys(page for page, _ in where):
            on_page.setdefault(page, []).append(corpus.by_key[key])
    for info in corpus.sources:
        on_page[source_page(info.slug)] = list(corpus.by_source[info.slug])
    return [(file, on_page[file]) for file in page_order(corpus) if on_page.get(file)]


def page_order(corpus: Corpus) -> list[str]:
    """Every page in reading order: the outline's pages in the order of mkdocs.yml's nav, each
    source's page after the sources' index page, in the order of their letters."""
    sources = [source_page(info.slug) for info in corpus.sources]
    order: list[str] = []
    for file in corpus.nav:
        if file in sources:
            continue  # listed in nav or not, a source's page stands in its letter's place
        order.append(file)
        if file == f"{SOURCES_DIR}/index":
            order += sources
    return order + [file for file in sources if file not in order]
