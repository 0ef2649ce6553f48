"""Stage 3, place: which sentence appears where.

The outline places sentences by id; rules (keywords) place the sentences of new sources that
the outline does not name; a sentence neither places still appears on its source's own page,
which always shows the whole source. Nothing is ever dropped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

from briefing.data import Node, node, replace
from briefing.errors import BriefingError
from briefing.outline import Cite, Excerpt, FigureBlock, Mark, Outline, Ref, refs
from briefing.segment import Segment, SegmentKind
from briefing.text import fold
from briefing.translate import History

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

# Kinds of sentence that rules may place on topic pages: statements of the article itself.
_RULE_KINDS = (SegmentKind.BODY, SegmentKind.CAPTION)
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


def outline_refs(outline: Outline) -> Iterator[tuple[str, str, str, int]]:
    """Every sentence reference in the outline: (id, page, section, line)."""
    for page in outline.pages:
        for section, part in page.parts():
            for ref in refs(part):
                assert ref.of is not None  # refs() yields a Mark only when it names a sentence
                yield ref.of, page.file, section, ref.line


def place(outline: Outline, segments: list[Segment], history: History | None = None) -> Placement:
    """Check the outline against the sentences and work out every sentence's pages.

    `history` knows the ids the translation memory has seen, and their text. An outline id that no
    longer exists but is known there belongs to a sentence that was edited (the reference then
    follows it to the closest sentence now) or deleted (the reference is dropped); both are
    reported as stale so that `briefing check` fails until the outline is updated. An id never
    seen is a mistake in the outline and stops the run.
    """
    by_id = {seg.id: seg for seg in segments}
    outline, stale = _follow_edits(outline, by_id, history or History(ids={}, edited={}))
    cited: dict[str, list[tuple[str, str]]] = {}
    for sid, page, section, _line in outline_refs(outline):
        cited.setdefault(sid, [])
        if (page, section) not in cited[sid]:
            cited[sid].append((page, section))
    _check_excerpts(outline, by_id)
    _check_links(outline)

    by_rule: dict[tuple[str, str], list[str]] = {}
    for seg in segments:
        if seg.id in cited or seg.kind not in _RULE_KINDS:
            continue
        target = _first_rule(outline, seg)
        if target:
            by_rule.setdefault((target, seg.source), []).append(seg.id)
            cited[seg.id] = [(target, rule_section(seg.source))]
    return Placement(
        outline=outline,
        by_rule={key: tuple(ids) for key, ids in by_rule.items()},
        cited_on={sid: tuple(where) for sid, where in cited.items()},
        unplaced=tuple(seg.id for seg in segments if seg.id not in cited),
        stale=stale,
    )


def _follow_edits(
    outline: Outline, by_id: Mapping[str, Segment], history: History
) -> tuple[Outline, tuple[StaleRef, ...]]:
    moves: dict[str, str | None] = {}
    stale = []
    for sid, _page, _section, line in outline_refs(outline):
        if sid in by_id:
            continue
        if sid not in history.ids:
            raise BriefingError(
                f"{outline.where}:{line}",
                f"sentence {sid} does not exist in any source.",
                "`briefing status --ids` lists every sentence with its id.",
            )
        if sid not in moves:
            became = history.became(history.ids[sid], [seg.text for seg in by_id.values()])
            moves[sid] = next((seg.id for seg in by_id.values() if seg.text == became), None)
        stale.append(StaleRef(where=outline.where, line=line, old=sid, new=moves[sid]))
    if not moves:
        return outline, ()

    def follow(ref: Ref) -> Ref | None:
        """The reference moved to what its sentence became; None where it was deleted, or where
        an excerpt is no longer a verbatim part of it."""
        assert ref.of is not None
        new = moves.get(ref.of, ref.of)
        if new is None:
            return None
        if isinstance(ref, Excerpt | Mark) and ref.text is not None and ref.text not in by_id[new].text:
            return None
        return replace(ref, of=new)

    return _map_refs(outline, follow), tuple(stale)


def _map_refs(item: Any, follow: Callable[[Ref], Ref | None]) -> Any:
    """`item` with each sentence reference in it replaced by `follow(ref)`; a reference that
    becomes None leaves its list (and a paragraph left empty leaves its block)."""
    if isinstance(item, Cite | Excerpt) or (isinstance(item, Mark) and item.of):
        return follow(item)
    if isinstance(item, tuple):
        mapped = (_map_refs(value, follow) for value in item)
        return tuple(value for value in mapped if value is not None and value != ())
    if isinstance(item, Node) and not isinstance(item, Mark):
        return replace(item, **{name: _map_refs(getattr(item, name), follow) for name in item.__fields__})
    return item


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
    for ref in refs(outline.pages):
        if isinstance(ref, Cite) or ref.text is None or ref.of is None:
            continue
        sentence = by_id[ref.of].text
        if isinstance(ref, Mark):  # the mark's sentence states its years (its label may be one clause of it)
            _check_years(outline.where, ref, sentence)
        if ref.text not in sentence:
            raise BriefingError(
                f"{outline.where}:{ref.line}",
                f"the excerpt “{ref.text}” is not a verbatim part of sentence {ref.of}.",
                f"The sentence reads: “{sentence}”",
            )


def _check_years(where: str, mark: Mark, text: str) -> None:
    """A timeline mark stands at years its sentence (or its context fact) states."""
    if not text:
        return
    for year in (mark.year, mark.until):
        if year is not None and str(year) not in text:
            raise BriefingError(f"{where}:{mark.line}", f"the mark at {year} does not say {year}: “{text}”.")


def check_figure_context(outline: Outline, context: Mapping[str, tuple[str, ...]]) -> None:
    """Timeline marks that show a source's outside context name a fact that exists and says the year."""
    for _page, _section, block in outline.blocks():
        if not isinstance(block, FigureBlock):
            continue
        for mark in block.figure.marks:
            if mark.context is None:
                continue
            slug, index = mark.context
            facts = context.get(slug, ())
            if not 0 <= index < len(facts):
                raise BriefingError(f"{outline.where}:{mark.line}", f"source '{slug}' has no context fact {index}.")
            _check_years(outline.where, mark, facts[index])


def _check_links(outline: Outline) -> None:
    files = {page.file for page in outline.pages}
    for ref in refs(outline.pages):
        if isinstance(ref, Excerpt) and ref.link and ref.link not in files:
            raise BriefingError(
                f"{outline.where}:{ref.line}",
                f"link to unknown page '{ref.link}'.",
                f"Pages are: {', '.join(sorted(files))}.",
            )
    for rule in outline.rules:
        if outline.page(rule.page) is None:
            raise BriefingError(
                f"{outline.where}:{rule.line}",
                f"rule targets page '{rule.page}', which is not a page of the outline.",
                f"Pages are: {', '.join(sorted(files))}.",
            )
