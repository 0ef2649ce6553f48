"""Stage 3, place: which sentence appears where.

The outline places sentences by id; rules (keywords) place the sentences of new sources that
the outline does not name; a sentence neither places still appears on its source's own page,
which always shows the whole source. Nothing is ever dropped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping

from briefing.data import Node, node, replace
from briefing.errors import BriefingError, Faults
from briefing.outline import Cite, Excerpt, FigureBlock, Mark, Outline, Ref, refs
from briefing.segment import Segment, SegmentKind
from briefing.text import fold, opens_with_anaphor
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
class Placed(Node):
    """Why a rule put a sentence on a topic page: for the editor who reviews rule placements."""

    page: str
    rule_line: int  # the rule's line in the outline
    keyword: str  # the keyword it matched, or "" where the sentence follows the one before it
    follows: str = ""  # the key of the sentence it follows (it opens by referring back to it)


@node
class Placement(Node):
    outline: Outline  # the outline with references to edited sentences followed
    by_rule: dict[tuple[str, str], tuple[str, ...]]  # (page, source slug) → keys that rules added
    cited_on: dict[str, tuple[tuple[str, str], ...]]  # key → (page, section) pairs that show it
    unplaced: tuple[str, ...]  # keys shown on their source page only
    stale: tuple[StaleRef, ...] = ()  # outline references to update (work for an editor)
    placed: dict[str, Placed] | None = None  # key → why a rule placed it
    # keys of sentences that open by referring back to one that is not beside them on a page
    adrift: tuple[str, ...] = ()


def outline_refs(outline: Outline) -> Iterator[tuple[str, str, str, int]]:
    """Every sentence reference in the outline: (id, page, section, line)."""
    for page in outline.pages:
        for section, part in page.parts():
            for ref in refs(part):
                assert ref.of is not None  # refs() yields a Mark only when it names a sentence
                yield ref.of, page.file, section, ref.line


def resolver(segments: Iterable[Segment]) -> dict[str, Segment]:
    """Sentence id → the sentence an outline id names. Ids are unique within a source; where
    several sources hold the same sentence (a reprint), the id names the earliest source's, the
    sources coming in the order of their citation letters: a new source never takes over what
    the briefing cites."""
    by_id: dict[str, Segment] = {}
    for seg in segments:
        by_id.setdefault(seg.id, seg)
    return by_id


def place(outline: Outline, segments: list[Segment], history: History | None = None) -> Placement:
    """Check the outline against the sentences and work out every sentence's pages.

    `segments` come source by source in the order of their citation letters. `history` knows the
    ids the translation memory has seen, and their text. An outline id that no longer exists but
    is known there belongs to a sentence that was edited: the reference follows it to the closest
    sentence now, and is reported as stale, for the editor to update. A reference that cannot
    follow — its sentence was deleted, or an excerpt is no longer a verbatim part of what the
    sentence became — would take a statement off a page: that stops the run, naming each. An id
    never seen is a mistake in the outline and stops the run too.
    """
    by_id = resolver(segments)
    outline, stale = _follow_edits(outline, segments, by_id, history or History(ids={}, edited={}))
    cited: dict[str, list[tuple[str, str]]] = {}
    for sid, page, section, _line in outline_refs(outline):
        where = cited.setdefault(by_id[sid].key, [])
        if (page, section) not in where:
            where.append((page, section))
    _check_excerpts(outline, by_id)
    _check_links(outline)

    by_rule: dict[tuple[str, str], list[str]] = {}
    placed: dict[str, Placed] = {}
    adrift = []
    # A reprinted sentence is shown where its earliest source's is, cited beside it: never twice.
    shown_texts = {by_id[sid].text for sid, _page, _section, _line in outline_refs(outline)}
    previous: Segment | None = None
    for seg in segments:
        before, previous = previous, seg
        if seg.key in cited or seg.kind not in _RULE_KINDS or seg.text in shown_texts:
            continue
        leans = opens_with_anaphor(seg.text)
        follows = before if leans and before and before.source == seg.source and before.key in placed else None
        if follows is not None:  # beside the sentence it refers back to, on its page
            why = replace(placed[follows.key], keyword="", follows=follows.key)
        else:
            found = _first_rule(outline, seg)
            if found is None:
                continue
            why = found
            if leans:
                adrift.append(seg.key)
        placed[seg.key] = why
        shown_texts.add(seg.text)
        by_rule.setdefault((why.page, seg.source), []).append(seg.key)
        cited[seg.key] = [(why.page, rule_section(seg.source))]
    return Placement(
        outline=outline,
        by_rule={key: tuple(keys) for key, keys in by_rule.items()},
        cited_on={key: tuple(where) for key, where in cited.items()},
        unplaced=tuple(seg.key for seg in segments if seg.key not in cited),
        stale=stale,
        placed=placed,
        adrift=tuple(adrift),
    )


def _follow_edits(
    outline: Outline, segments: list[Segment], by_id: Mapping[str, Segment], history: History
) -> tuple[Outline, tuple[StaleRef, ...]]:
    moves: dict[str, str | None] = {}
    stale = []
    for sid, _page, _section, line in outline_refs(outline):
        if sid in by_id and not _moved_away(sid, by_id, history):
            continue
        if sid not in history.ids:
            raise BriefingError(
                f"{outline.where}:{line}",
                f"sentence {sid} does not exist in any source.",
                "`briefing status --ids` lists every sentence with its id.",
            )
        if sid not in moves:
            # Followed within the source it was cited from: a reprint elsewhere never takes over.
            home = _home(sid, by_id, history)
            candidates = [seg for seg in segments if home is None or seg.source == home]
            became = history.became(history.ids[sid], [seg.text for seg in candidates])
            moves[sid] = next((seg.id for seg in candidates if seg.text == became), None)
        stale.append(StaleRef(where=outline.where, line=line, old=sid, new=moves[sid]))
    if not moves:
        return outline, ()

    lost: list[BriefingError] = []

    def follow(ref: Ref) -> Ref | None:
        """The reference moved to what its sentence became; where it cannot be, the statement
        it makes would leave its page: that is recorded as lost."""
        assert ref.of is not None
        new = moves.get(ref.of, ref.of)
        what = f"“{ref.text}”" if isinstance(ref, Excerpt | Mark) and ref.text else f"sentence {ref.of}"
        if new is None:
            lost.append(
                BriefingError(
                    f"{outline.where}:{ref.line}",
                    f"{what} would leave {_page_of(outline, ref)}: sentence {ref.of} was deleted from its source.",
                    "Remove the reference from outline.yml, or restore the sentence.",
                )
            )
            return None
        if ref.of in by_id and new != ref.of:
            # Edited where it was cited from, while a reprint elsewhere still has the old text:
            # left as it is, the id would lead there next time. The editor names the new one.
            lost.append(
                BriefingError(
                    f"{outline.where}:{ref.line}",
                    f"{what} on {_page_of(outline, ref)}: source '{by_id[new].source}' edited sentence {ref.of} "
                    f"into {new}, and source '{by_id[ref.of].source}' still has the old one, which would be cited "
                    "instead.",
                    f"Put {new} in its place (its text now reads: “{by_id[new].text}”).",
                )
            )
            return None
        if isinstance(ref, Excerpt | Mark) and ref.text is not None and ref.text not in by_id[new].text:
            lost.append(
                BriefingError(
                    f"{outline.where}:{ref.line}",
                    f"the excerpt {what} would leave {_page_of(outline, ref)}: sentence {ref.of} was edited "
                    f"into {new}, which no longer holds it verbatim.",
                    f"Put `of: {new}` and write the excerpt as the sentence now reads: “{by_id[new].text}”",
                )
            )
            return None
        return replace(ref, of=new)

    followed = _map_refs(outline, follow)
    if lost:
        raise Faults(lost)
    return followed, tuple(stale)


def _home(sid: str, by_id: Mapping[str, Segment], history: History) -> str | None:
    """The source an outline id was cited from, as the memory recorded it (None: not known)."""
    homes = (history.homes or {}).get(sid, frozenset())
    current = {seg.source for seg in by_id.values()}
    earlier = [home for home in homes if home in current]
    return min(earlier, key=lambda slug: _order(by_id, slug)) if earlier else None


def _order(by_id: Mapping[str, Segment], slug: str) -> int:
    return next((i for i, seg in enumerate(by_id.values()) if seg.source == slug), len(by_id))


def _moved_away(sid: str, by_id: Mapping[str, Segment], history: History) -> bool:
    """Would the id now lead to another source than the one it was cited from? (Its sentence
    was edited there, and a reprint in another source still has the old text.)"""
    home = _home(sid, by_id, history)
    return home is not None and by_id[sid].source != home


def _page_of(outline: Outline, ref: Ref) -> str:
    """Which page a reference is on, as a reader knows it."""
    for page in outline.pages:
        for _section, part in page.parts():
            if any(found is ref for found in refs(part)):
                return f"page '{page.file}'"
    return "its page"


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


def _first_rule(outline: Outline, seg: Segment) -> Placed | None:
    """The first rule with a keyword the sentence says as a common word: a keyword inside a
    proper name ("Công nghiệp" in a company's name) is not what the sentence is about."""
    for rule in outline.rules:
        for keyword in rule.keywords:
            if said(keyword, seg.text):
                return Placed(page=rule.page, rule_line=rule.line, keyword=keyword)
    return None


def said(keyword: str, sentence: str) -> bool:
    """Does the sentence say the keyword, as a common word? Folded for case and tone-mark
    placement; an occurrence that starts with a capital inside the sentence is part of a name
    (keywords that are names themselves, "Đông Pao", match as written)."""
    folded, key = fold(sentence), fold(keyword)
    start = folded.find(key)
    while start >= 0:
        inside_name = start > 0 and sentence[start : start + 1].isupper() and not keyword[:1].isupper()
        before, after = folded[start - 1 : start], folded[start + len(key) : start + len(key) + 1]
        whole = not (before.isalnum() or after.isalnum())
        if whole and not inside_name:
            return True
        start = folded.find(key, start + 1)
    return False


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
