"""Stage 3, place: which sentence appears where.

The outline places sentences by id; rules (keywords) place the sentences of new sources that
the outline does not name; a sentence neither places still appears on its source's own page,
which always shows the whole source. Nothing is ever dropped.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from briefing.data import Node, node, replace
from briefing.errors import BriefingError
from briefing.outline import Block, Outline
from briefing.segment import BODY, CAPTION_TEXT, Segment
from briefing.text import fold
from briefing.translate import Memory

# Kinds of sentence that rules may place on topic pages: statements of the article itself.
_RULE_KINDS = (BODY, CAPTION_TEXT)
INTRO = ""  # the "section" id of a page's intro blocks


@node
class StaleRef(Node):
    """An outline reference to a sentence that was edited (`new` is what it became) or deleted."""

    where: str  # the outline file
    line: int
    old: str
    new: str | None

    @property
    def at(self) -> str:
        return f"{self.where}:{self.line}"

    def __str__(self) -> str:
        if self.new:
            return f"sentence {self.old} was edited and is now {self.new}: put {self.new} in its place"
        return f"sentence {self.old} was deleted from its source: remove it from the outline"


@node
class Placement(Node):
    outline: Outline  # the outline with stale references followed (edited) or dropped (deleted)
    by_rule: dict[tuple[str, str], tuple[str, ...]]  # (page, source slug) → ids that rules added
    cited_on: dict[str, tuple[tuple[str, str], ...]]  # id → (page, section) pairs that show it
    unplaced: tuple[str, ...]  # ids shown on their source page only
    stale: tuple[StaleRef, ...] = ()  # outline references to update (a `briefing check` failure)


def outline_refs(outline: Outline) -> Iterator[tuple[str, str, str, int, Block]]:
    """Every sentence reference in the outline: (id, page, section, line, block)."""
    for page, section, block in outline.blocks():
        for group in block.groups:
            for sid in group:
                yield sid, page.file, section, block.line, block
        for excerpt in block.excerpts:
            yield excerpt.of, page.file, section, excerpt.line, block
        for sid, line in _figure_refs(block):
            yield sid, page.file, section, line, block


def _figure_refs(block: Block) -> Iterator[tuple[str, int]]:
    if block.figure is None:
        return
    for mark in block.figure.marks:
        if mark.of:
            yield mark.of, mark.line


def place(outline: Outline, segments: list[Segment], memory: Memory | None = None) -> Placement:
    """Check the outline against the sentences and work out every sentence's pages.

    `memory` knows the ids the translation memory has seen, and their text. An outline id that no
    longer exists but is known there belongs to a sentence that was edited (the reference then
    follows it to the closest sentence now) or deleted (the reference is dropped); both are
    reported as stale so that `briefing check` fails until the outline is updated. An id never
    seen is a mistake in the outline and stops the run.
    """
    by_id = {seg.id: seg for seg in segments}
    outline, stale = _follow_edits(outline, by_id, memory or Memory({}, {}))
    cited: dict[str, list[tuple[str, str]]] = {}
    for sid, page, section, _line, _block in outline_refs(outline):
        cited.setdefault(sid, [])
        if (page, section) not in cited[sid]:
            cited[sid].append((page, section))
    _check_excerpts(outline, by_id)
    _check_links(outline)

    by_rule: dict[tuple[str, str], list[str]] = {}
    for seg in segments:
        if seg.id in cited or seg.kind not in _RULE_KINDS:
            continue
        page = _first_rule(outline, seg)
        if page:
            by_rule.setdefault((page, seg.source), []).append(seg.id)
            cited[seg.id] = [(page, rule_section(seg.source))]
    unplaced = tuple(seg.id for seg in segments if seg.id not in cited)
    return Placement(
        outline,
        {key: tuple(ids) for key, ids in by_rule.items()},
        {sid: tuple(where) for sid, where in cited.items()},
        unplaced,
        stale,
    )


def _follow_edits(
    outline: Outline, by_id: Mapping[str, Segment], memory: Memory
) -> tuple[Outline, tuple[StaleRef, ...]]:
    moves: dict[str, str | None] = {}
    stale = []
    for sid, _page, _section, line, _block in outline_refs(outline):
        if sid in by_id:
            continue
        if sid not in memory.ids:
            raise BriefingError(
                f"{outline.where}:{line}",
                f"sentence {sid} does not exist in any source.",
                "`briefing status --ids` lists every sentence with its id.",
            )
        if sid not in moves:
            became = memory.became(memory.ids[sid], [seg.text for seg in by_id.values()])
            moves[sid] = next((seg.id for seg in by_id.values() if seg.text == became), None)
        stale.append(StaleRef(outline.where, line, sid, moves[sid]))
    if not moves:
        return outline, ()

    def move(block: Block) -> Block:
        groups = tuple(
            g for g in (tuple(moves.get(i, i) for i in group if moves.get(i, i)) for group in block.groups) if g
        )
        excerpts = tuple(
            replace(e, of=moves.get(e.of, e.of))
            for e in block.excerpts
            if moves.get(e.of, e.of) and e.text in by_id[moves.get(e.of, e.of)].text
        )
        figure = block.figure
        if figure is not None:
            figure = replace(
                figure,
                marks=tuple(
                    replace(m, of=moves.get(m.of, m.of))
                    for m in figure.marks
                    if not m.of or (moves.get(m.of, m.of) and m.text in by_id[moves.get(m.of, m.of)].text)
                ),
            )
        return replace(block, groups=groups, excerpts=excerpts, figure=figure)

    def move_headline(page):
        if page.headline is None:
            return None
        moved = move(Block("excerpts", page.headline.line, excerpts=(page.headline,))).excerpts
        return moved[0] if moved else None

    pages = tuple(
        replace(
            page,
            headline=move_headline(page),
            intro=tuple(move(b) for b in page.intro),
            sections=tuple(replace(sec, blocks=tuple(move(b) for b in sec.blocks)) for sec in page.sections),
        )
        for page in outline.pages
    )
    return replace(outline, pages=pages), tuple(stale)


def _first_rule(outline: Outline, seg: Segment) -> str | None:
    text = fold(seg.text)
    for rule in outline.rules:
        if any(fold(keyword) in text for keyword in rule.keywords):
            return rule.page
    return None


def rule_section(slug: str) -> str:
    """The id of the part of a page that holds what rules placed there from one source."""
    return f"from-{slug}"


def _check_excerpts(outline: Outline, by_id: Mapping[str, Segment]) -> None:
    """An excerpt must be a verbatim piece of its sentence: that is what keeps it faithful.
    So must a figure's labels, and a timeline's years must be written in its marks' text."""
    for _page, _section, block in outline.blocks():
        pieces = [(e.of, e.text, e.line) for e in block.excerpts]
        if block.figure:
            pieces += [(m.of, m.text, m.line) for m in block.figure.marks if m.of]
            for mark in block.figure.marks:
                if mark.of:  # the mark's sentence states its years (its label may be one clause of it)
                    _check_years(outline.where, mark, by_id[mark.of].text)
        for sid, text, line in pieces:
            sentence = by_id[sid].text
            if text not in sentence:
                raise BriefingError(
                    f"{outline.where}:{line}",
                    f"the excerpt “{text}” is not a verbatim part of sentence {sid}.",
                    f"The sentence reads: “{sentence}”",
                )


def _check_years(where: str, mark, text: str) -> None:
    """A timeline mark stands at years its sentence (or its context fact) states."""
    if not text:
        return
    for year in (mark.year, mark.until):
        if year is not None and str(year) not in text:
            raise BriefingError(f"{where}:{mark.line}", f"the mark at {year} does not say {year}: “{text}”.")


def check_figure_context(outline: Outline, context: Mapping[str, tuple[str, ...]]) -> None:
    """Timeline marks that show a source's outside context name a fact that exists and says the year."""
    for _page, _section, block in outline.blocks():
        for mark in block.figure.marks if block.figure else ():
            if mark.context is None:
                continue
            slug, index = mark.context
            facts = context.get(slug, ())
            if not 0 <= index < len(facts):
                raise BriefingError(f"{outline.where}:{mark.line}", f"source '{slug}' has no context fact {index}.")
            _check_years(outline.where, mark, facts[index])


def _check_links(outline: Outline) -> None:
    files = {page.file for page in outline.pages}
    for _page, _section, block in outline.blocks():
        for excerpt in block.excerpts:
            if excerpt.link and excerpt.link not in files:
                raise BriefingError(
                    f"{outline.where}:{excerpt.line}",
                    f"link to unknown page '{excerpt.link}'.",
                    f"Pages are: {', '.join(sorted(files))}.",
                )
    for rule in outline.rules:
        if outline.page(rule.page) is None:
            raise BriefingError(
                f"{outline.where}:{rule.line}",
                f"rule targets page '{rule.page}', which is not a page of the outline.",
                f"Pages are: {', '.join(sorted(files))}.",
            )
