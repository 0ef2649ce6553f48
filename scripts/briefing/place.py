"""Stage 3, place: which sentence appears where.

The outline places sentences by id; rules (keywords) place the sentences of new sources that
the outline does not name; a sentence neither places still appears on its source's own page,
which always shows the whole source. Nothing is ever dropped.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from briefing.errors import BriefingError
from briefing.outline import Block, Outline
from briefing.segment import BODY, CAPTION_TEXT, Segment
from briefing.text import fold

# Kinds of sentence that rules may place on topic pages: statements of the article itself.
_RULE_KINDS = (BODY, CAPTION_TEXT)
INTRO = ""  # the "section" id of a page's intro blocks


@dataclass(frozen=True)
class Placement:
    by_rule: dict[tuple[str, str], tuple[str, ...]]  # (page, section) → ids that rules added
    cited_on: dict[str, tuple[tuple[str, str], ...]]  # id → (page, section) pairs that show it
    unplaced: tuple[str, ...]  # ids shown on their source page only


def outline_refs(outline: Outline) -> Iterator[tuple[str, str, str, int, Block]]:
    """Every sentence reference in the outline: (id, page, section, line, block)."""
    for page in outline.pages:
        sections = [(INTRO, page.intro)] + [(s.id, s.blocks) for s in page.sections]
        for section, blocks in sections:
            for block in blocks:
                for group in block.groups:
                    for sid in group:
                        yield sid, page.file, section, block.line, block
                for excerpt in block.excerpts:
                    yield excerpt.of, page.file, section, excerpt.line, block


def place(outline: Outline, segments: list[Segment], previous: Mapping[str, str] | None = None) -> Placement:
    """Check the outline against the sentences and work out every sentence's pages.

    `previous` maps ids the translation memory has seen to their text, so that an id that no
    longer exists (its sentence was edited) can be answered with the id of what it became.
    """
    by_id = {seg.id: seg for seg in segments}
    cited: dict[str, list[tuple[str, str]]] = {}
    for sid, page, section, line, block in outline_refs(outline):
        if sid not in by_id:
            raise BriefingError(f"{outline.where}:{line}", f"sentence {sid} does not exist in any source.",
                                _suggest(sid, segments, previous or {}))
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
            by_rule.setdefault(target, []).append(seg.id)
            cited[seg.id] = [target]
    unplaced = tuple(seg.id for seg in segments if seg.id not in cited)
    return Placement(
        {key: tuple(ids) for key, ids in by_rule.items()},
        {sid: tuple(where) for sid, where in cited.items()},
        unplaced,
    )


def _first_rule(outline: Outline, seg: Segment) -> tuple[str, str] | None:
    text = fold(seg.text)
    for rule in outline.rules:
        if any(fold(keyword) in text for keyword in rule.keywords):
            return rule.page, rule.section
    return None


def _check_excerpts(outline: Outline, by_id: Mapping[str, Segment]) -> None:
    """An excerpt must be a verbatim piece of its sentence: that is what keeps it faithful."""
    for page in outline.pages:
        for block in [*page.intro, *(b for s in page.sections for b in s.blocks)]:
            for excerpt in block.excerpts:
                sentence = by_id[excerpt.of].text
                if excerpt.text not in sentence:
                    raise BriefingError(
                        f"{outline.where}:{excerpt.line}",
                        f"the excerpt “{excerpt.text}” is not a verbatim part of sentence {excerpt.of}.",
                        f"The sentence reads: “{sentence}”",
                    )


def _check_links(outline: Outline) -> None:
    files = {page.file for page in outline.pages}
    for page in outline.pages:
        for block in [*page.intro, *(b for s in page.sections for b in s.blocks)]:
            for excerpt in block.excerpts:
                if excerpt.link and excerpt.link not in files:
                    raise BriefingError(f"{outline.where}:{excerpt.line}", f"link to unknown page '{excerpt.link}'.",
                                        f"Pages are: {', '.join(sorted(files))}.")
    for rule in outline.rules:
        target = outline.page(rule.page)
        if target is None or rule.section not in {s.id for s in target.sections}:
            raise BriefingError(f"{outline.where}:{rule.line}",
                                f"rule targets '{rule.page}#{rule.section}', which is not a section of the outline.")


def _suggest(sid: str, segments: list[Segment], previous: Mapping[str, str]) -> str:
    old = previous.get(sid)
    if old is None:
        return "`briefing status --ids` lists every sentence with its id."
    texts = {seg.text: seg.id for seg in segments}
    close = difflib.get_close_matches(old, list(texts), n=1, cutoff=0.5)
    if not close:
        return f"It read “{old}”, and no sentence now is close to it: remove it from the outline."
    return (f"It read “{old}”; it was probably edited into {texts[close[0]]} “{close[0]}”. "
            f"Put {texts[close[0]]} in its place.")
