"""Stage 5, compose: outline + placement + sentences → the page model (model.py), in Vietnamese.

Everything a page says is decided here, once, for every output: which statements, under which
headings, citing which sentence with which marker. `collect` then lists the strings the pages
need, which is what the translation memory must hold. Nothing here knows Markdown or Typst.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from briefing import model as m
from briefing.config import SOURCES_DIR, TARGET_LANG, source_page
from briefing.data import Node, field_names, node, replace
from briefing.glossary import Term
from briefing.outline import REQUIRED_LABELS, Block, Excerpt, Outline
from briefing.place import Placement, rule_section
from briefing.segment import CAPTION_TEXT, CREDIT, HEADLINE, TITLE_TEXT, Segment
from briefing.sources import SourceInfo


@node
class Corpus(Node):
    """Everything compose reads, already validated."""

    outline: Outline
    segments: tuple[Segment, ...]
    placement: Placement
    sources: tuple[SourceInfo, ...]
    glossary: tuple[Term, ...]
    nav: tuple[str, ...]  # page files in navigation order (from mkdocs.yml)

    @functools.cached_property
    def by_id(self) -> dict[str, Segment]:
        return {seg.id: seg for seg in self.segments}

    def segment(self, sid: str) -> Segment:
        return self.by_id[sid]

    def source(self, slug: str) -> SourceInfo:
        return next(info for info in self.sources if info.slug == slug)


def sentence_msg(seg: Segment) -> m.Msg:
    """A source sentence as a string to translate; its note tells translators its id and place."""
    return m.Msg(
        seg.text,
        f"{seg.id} · {seg.kind} [{seg.number}] of source {seg.source}",
        (f"{SOURCES_DIR}/{seg.source}/source.txt", seg.line),
    )


class _Composer:
    """Composes the pages of one corpus; holds only what every page shares (no per-page state)."""

    def __init__(self, corpus: Corpus):
        self.corpus = corpus
        self.labels = {name: m.Msg(corpus.outline.labels[name], f"label: {name}") for name in REQUIRED_LABELS}

    # -- strings ------------------------------------------------------------------------------

    def editorial(self, text: str, what: str, file: str) -> m.Msg:
        return m.Msg(text, f"{what} (editorial, page {file})")

    def page_title(self, file: str) -> m.Msg:
        page = self.corpus.outline.page(file)
        if page is not None:
            return m.Msg(page.title, f"title of page {file}")
        return self.source_title(file.removeprefix(SOURCES_DIR + "/"))

    def source_title(self, slug: str) -> m.Msg:
        return m.Msg(self.corpus.source(slug).title, f"title of source {slug}")

    def kind(self, seg: Segment) -> m.Msg | None:
        return self.labels[seg.kind] if seg.kind in (TITLE_TEXT, CAPTION_TEXT, CREDIT, HEADLINE) else None

    # -- statements ---------------------------------------------------------------------------

    def label(self, seg: Segment) -> str:
        """A sentence's number as citations show it: with several sources, with its source's
        letter ("B3"), so that on any page one label means one sentence."""
        letter = self.corpus.source(seg.source).cite_as if len(self.corpus.sources) > 1 else ""
        return f"{letter}{seg.number}"

    def ref(self, seg: Segment, original: str) -> m.Ref:
        title = m.Msg(
            self.corpus.outline.labels["cite_title"],
            "label: cite_title (tooltip of a citation marker)",
            args=(("n", self.label(seg)), ("title", self.source_title(seg.source))),
        )
        return m.Ref(seg.id, seg.source, self.label(seg), original, title)

    def sentence(self, sid: str) -> m.Statement:
        seg = self.corpus.segment(sid)
        return m.Statement(sentence_msg(seg), self.ref(seg, seg.text), self.kind(seg))

    def excerpt(self, item: Excerpt, alone: bool = False) -> m.Statement:
        """A verbatim part of a sentence. One that stands `alone` (a card, a timeline mark) and
        starts inside its sentence is shown elided ("…phấn đấu đưa…"): see model.shown."""
        seg = self.corpus.segment(item.of)
        text = m.Msg(item.text, f"excerpt of {seg.id} [{seg.number}]: a verbatim part of that sentence")
        return m.Statement(text, self.ref(seg, item.text), elided=alone and not seg.text.startswith(item.text))

    # -- pages --------------------------------------------------------------------------------

    def briefing(self) -> m.Briefing:
        pages = [self.topic_page(page) for page in self.corpus.outline.pages]
        pages += [self.source_page(info) for info in self.corpus.sources]
        order = {file: i for i, file in enumerate(self.corpus.nav)}
        pages.sort(key=lambda page: order.get(page.file, len(order)))
        return m.Briefing(
            tuple(sentence_msg(seg) for seg in self.corpus.segments), self.labels, tuple(pages), self.cover()
        )

    def topic_page(self, page) -> m.Page:
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
            file,
            m.Msg(page.title, f"title of page {file}"),
            m.Msg(page.description, f"description of page {file}"),
            tuple(self.block(block, file) for block in page.intro),
            tuple(sections),
            kicker=self.editorial(page.kicker, "kicker above the headline", file) if page.kicker else None,
            headline=self.excerpt(page.headline) if page.headline else None,
        )
        return replace(built, outro=self.page_sources(built))

    def rule_section(self, slug: str, added: tuple[str, ...], file: str) -> m.Section:
        heading = m.Msg(
            self.corpus.outline.labels["rule_section"],
            "label: rule_section (heading)",
            args=(("title", self.source_title(slug)),),
        )
        note = self.editorial(self.corpus.outline.labels["rule_added"], "label: rule_added", file)
        return m.Section(
            rule_section(slug), heading, (m.Prose(note), m.Paragraphs(tuple((self.sentence(sid),) for sid in added)))
        )

    def page_sources(self, page: m.Page) -> tuple[m.Block, ...]:
        """The sources a page's statements cite, in the order of the briefing's sources."""
        cited = {node.source for node in _refs(page)}
        entries = tuple(self.source_entry(info) for info in self.corpus.sources if info.slug in cited)
        return (m.PageSources(self.labels["page_sources"], entries),) if entries else ()

    def source_entry(self, info: SourceInfo, about: bool = False) -> m.SourceEntry:
        letter = info.cite_as if len(self.corpus.sources) > 1 else ""
        link = m.Link(source_page(info.slug), "", self.source_title(info.slug))
        return m.SourceEntry(letter, link, self.source_about(info) if about else None)

    def source_page(self, info: SourceInfo) -> m.Page:
        file = source_page(info.slug)
        segments = [seg for seg in self.corpus.segments if seg.source == info.slug]
        intro: list[m.Block] = [self.source_about(info)]
        context = self.context(info, file)
        if context is not None:
            intro.append(context)
        sections = []
        headlines = [seg for seg in segments if seg.kind == HEADLINE]
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
                (self.source_text([seg for seg in segments if seg.kind != HEADLINE]),),
            )
        )
        title = self.source_title(info.slug)
        return m.Page(file, title, title, tuple(intro), tuple(sections), kicker=self.labels["source_page_title"])

    def source_about(self, info: SourceInfo) -> m.SourceAbout:
        file = source_page(info.slug)
        return m.SourceAbout(
            self.labels["source_about"],
            self.editorial(info.title_note, "note on the source's title", file) if info.title_note else None,
            self.editorial(info.kind, "kind of source", file) if info.kind else None,
            info.received_as,
            info.sha256,
            self.labels["source_known"],
            self.labels["source_unknown"],
            tuple(self.editorial(k, "what is known of the source", file) for k in info.known),
            tuple(self.editorial(u, "what is not known of the source", file) for u in info.unknown),
        )

    def source_text(self, segments: list[Segment]) -> m.SourceText:
        rows = []
        previous = None
        for seg in segments:
            uses: dict[str, str] = {}
            for page, section in self.corpus.placement.cited_on.get(seg.id, ()):
                uses.setdefault(page, section)
            rows.append(
                m.SourceRow(
                    seg.id,
                    self.label(seg),
                    self.kind(seg),
                    seg.text,
                    m.Msg(seg.text, into=TARGET_LANG),
                    seg.block != previous,
                    tuple(m.Link(page, section, self.page_title(page)) for page, section in uses.items()),
                )
            )
            previous = seg.block
        return m.SourceText((self.labels["original"], self.labels["translation"]), self.labels["cited_on"], tuple(rows))

    def context(self, info: SourceInfo, file: str) -> m.Context | None:
        if not info.context:
            return None
        facts = tuple(
            m.Fact(
                self.editorial(fact.text, "context from outside the source", file),
                self.editorial(fact.cite, "name of a cited outside source", file),
                fact.url,
            )
            for fact in info.context
        )
        return m.Context(
            self.labels["context_title"],
            self.editorial(self.corpus.outline.labels["context_note"], "label: context_note", file),
            facts,
        )

    # -- blocks -------------------------------------------------------------------------------

    def block(self, block: Block, file: str) -> m.Block:
        return getattr(self, f"block_{block.kind}")(block, file)

    def block_prose(self, block: Block, file: str) -> m.Block:
        return m.Prose(self.editorial(block.text, "prose", file))

    def block_note(self, block: Block, file: str) -> m.Block:
        return m.Note(
            block.style, self.editorial(block.title, "note title", file), self.editorial(block.text, "note", file)
        )

    def block_sentences(self, block: Block, file: str) -> m.Block:
        return m.Paragraphs(tuple(tuple(self.sentence(sid) for sid in group) for group in block.groups))

    def block_list(self, block: Block, file: str) -> m.Block:
        return m.Bullets(tuple(self.sentence(group[0]) for group in block.groups))

    def block_excerpts(self, block: Block, file: str) -> m.Block:
        stems = [item for item in block.excerpts if item.stem]
        items = [self.labelled(item, "label", file) for item in block.excerpts if not item.stem]
        stem = self.excerpt(stems[0]) if stems else None
        # Statements of one list that cite one sentence share one marker, at the end of the list.
        statements = share_markers(
            [*([stem] if stem else []), *(item.statement for item in items)], lambda sid: self.corpus.segment(sid).text
        )
        if stem is not None:
            stem, statements = statements[0], statements[1:]
        items = [m.Labelled(item.label, statement) for item, statement in zip(items, statements, strict=True)]
        return m.Excerpts(tuple(items), stem)

    def labelled(self, item: Excerpt, what: str, file: str) -> m.Labelled:
        label = self.editorial(item.label, what, file) if item.label else None
        return m.Labelled(label, self.excerpt(item))

    def block_cards(self, block: Block, file: str) -> m.Block:
        return m.Cards(
            tuple(
                m.Card(
                    self.editorial(item.label or "", "card label", file),
                    item.icon,
                    self.excerpt(item, alone=True),
                    m.Link(item.link, "", self.page_title(item.link)) if item.link else None,
                )
                for item in block.excerpts
            )
        )

    def block_table(self, block: Block, file: str) -> m.Block:
        head = tuple(self.editorial(h, "table heading", file) for h in block.head)
        return m.Table(head, tuple(self.labelled(row, "table row label", file) for row in block.excerpts))

    def block_context(self, block: Block, file: str) -> m.Block:
        return self.context(self.corpus.source(block.source), file)

    def block_glossary(self, block: Block, file: str) -> m.Block:
        head = tuple(
            self.labels[k] for k in ("glossary_term", "glossary_english", "glossary_definition", "glossary_sources")
        )
        terms = tuple(
            m.Term(
                term.vi,
                term.en,
                self.editorial(term.definition, f"glossary definition of “{term.vi}”", file),
                term.sources,
            )
            for term in self.corpus.glossary
        )
        return m.Glossary(head, terms)

    def block_status(self, block: Block, file: str) -> m.Block:
        head = tuple(
            self.labels[k] for k in ("status_page", "status_statements", "status_translated", "status_pending")
        )
        rows = [
            m.StatusRow(
                self.page_title(page),
                m.Link(page, "", self.page_title(page)),
                tuple(m.Msg(seg.text, into=TARGET_LANG) for seg in shown),
            )
            for page, shown in shown_on_pages(self.corpus)
        ]
        rows.append(
            m.StatusRow(
                self.labels["status_total"],
                None,
                tuple(m.Msg(seg.text, into=TARGET_LANG) for seg in self.corpus.segments),
            )
        )
        return m.Status(head, tuple(rows))

    def block_figure(self, block: Block, file: str) -> m.Block:
        fig = block.figure
        where = f"figure on page {file}"
        title = m.Msg(fig.title, f"{where}: title (editorial)")
        description = m.Msg(fig.description, f"{where}: description for screen readers (editorial)")
        marks = []
        for mark in fig.marks:
            if mark.context:
                fact = self.corpus.source(mark.context[0]).context[mark.context[1]]
                label = m.Msg(fact.text, "context from outside the source (editorial)")
                marks.append(m.Mark(mark.year, mark.until, label, None, fact.url, True))
            else:
                excerpt = self.excerpt(Excerpt(mark.of, mark.text, mark.line), alone=True)
                marks.append(m.Mark(mark.year, mark.until, excerpt.text, excerpt.ref, "", False, excerpt.elided))
        return m.Timeline(title, description, self.labels["context_title"], tuple(marks))

    def block_download(self, block: Block, file: str) -> m.Block:
        return m.Download(self.labels["pdf_download"])

    def block_sources(self, block: Block, file: str) -> m.Block:
        return m.SourceList(tuple(self.source_entry(info, about=True) for info in self.corpus.sources))

    # -- print --------------------------------------------------------------------------------

    def cover(self) -> m.Cover:
        labels = self.labels
        sources = tuple(
            (self.source_about(info), self.context(info, source_page(info.slug))) for info in self.corpus.sources
        )
        return m.Cover(
            labels["pdf_title"],
            labels["pdf_subtitle"],
            labels["pdf_language"],
            labels["pdf_built"],
            labels["pdf_contents"],
            labels["pdf_source"],
            sources,
        )


def share_markers(statements: list[m.Statement], sentence: Callable[[str], str]) -> list[m.Statement]:
    """Consecutive statements citing the same sentence keep one marker, on the last of them; its
    tooltip then gives the whole sentence (`sentence(id)`), which the marker stands for."""
    out: list[m.Statement] = []
    shared = False
    for i, statement in enumerate(statements):
        following = statements[i + 1] if i + 1 < len(statements) else None
        if following is not None and statement.ref and following.ref and following.ref.sid == statement.ref.sid:
            out.append(replace(statement, ref=None))
            shared = True
            continue
        if shared and statement.ref is not None:
            statement = replace(statement, ref=replace(statement.ref, original=sentence(statement.ref.sid)))
        shared = False
        out.append(statement)
    return out


def _refs(node) -> list[m.Ref]:
    """Every citation in a piece of the model."""
    if isinstance(node, m.Ref):
        return [node]
    if isinstance(node, tuple):
        return [ref for item in node for ref in _refs(item)]
    if isinstance(node, Node) and not isinstance(node, m.Msg):
        return [ref for name in field_names(type(node)) for ref in _refs(getattr(node, name))]
    return []


def compose(corpus: Corpus) -> m.Briefing:
    """The whole briefing as a page model, in Vietnamese (localise it for each language)."""
    return _Composer(corpus).briefing()


def collect(briefing: m.Briefing) -> list[m.Msg]:
    """Every string the pages show, in reading order: what the translation memory must hold.
    Source sentences come first, so that the PO file reads like the sources."""
    return list(m.msgs(briefing))


def shown_on_pages(corpus: Corpus) -> list[tuple[str, list[Segment]]]:
    """(page, the sentences it shows) for each page in navigation order that shows any."""
    rows = []
    for file in corpus.nav:
        if file.startswith(SOURCES_DIR + "/"):
            shown = [seg for seg in corpus.segments if source_page(seg.source) == file]
        else:
            shown = [
                corpus.segment(sid)
                for sid, where in corpus.placement.cited_on.items()
                if any(page == file for page, _ in where)
            ]
        if shown:
            rows.append((file, shown))
    return rows
