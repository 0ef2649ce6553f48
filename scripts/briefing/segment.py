"""Stage 2, segment: Documents → sentences (Segments) with stable ids.

An id is a hash of the sentence's own text, so adding or editing any *other* sentence never
changes it. Editing the sentence itself gives it a new id; the translation memory then carries
its old English over as fuzzy (stale), and the outline names the new id (see `place`).
"""

from __future__ import annotations

import hashlib
import re
from enum import StrEnum

from briefing.damage import sentence_glued
from briefing.data import Node, node, replace
from briefing.ingest import BlockKind, Document, split_glued_headlines
from briefing.sources import Correction
from briefing.text import ABBREVIATIONS


class SegmentKind(StrEnum):
    """What a sentence is (its value names its label in outline.yml: "caption" → "Chú thích ảnh")."""

    TITLE = "title"  # the article's own headline
    HEADLINE = "headline"  # headline of a related article (not this article's content)
    SUBHEADING = "subheading"  # a heading inside the article
    BODY = "body"
    CAPTION = "caption"
    CREDIT = "credit"  # photo credit closing a caption ("Ảnh minh họa", "Ảnh: TTXVN")


_TERMINATORS = ".!?…"
_CLOSERS = '”"’)]»'
_OPENERS = '“"‘([«'
# Quotation marks that open and close a quotation (straight quotes are told apart by position).
_QUOTE_OPEN, _QUOTE_CLOSE = "“«", "”»"
# A photo credit closing a caption: "Ảnh minh họa", "Ảnh: TTXVN", "(Ảnh: Minh Anh)".
_CREDIT = re.compile(r"(?:^|(?<=\s))(\(?Ảnh(?:\s+minh\s+h(?:ọa|oạ))?(?:\s*:\s*[^()]+?)?\)?)$")


@node
class Segment(Node):
    id: str  # stable anchor, e.g. "s-1a2b3c4d"
    source: str  # the source's slug
    kind: SegmentKind
    text: str  # NFC Vietnamese, verbatim from the source
    line: int  # 1-based line in the source file
    block: int  # 0-based index of the block (paragraph, caption, headlines) it belongs to
    number: int  # 1-based position in the source, shown to readers as [n]
    corrected: tuple[str, ...] = ()  # scraping damage mended in it: the text as scraped (meta.yml)

    @property
    def key(self) -> str:
        """The sentence across the briefing: its id is unique within its source only."""
        return f"{self.source}#{self.id}"


def split_sentences(text: str, quotes: bool = True) -> list[str]:
    """Split one paragraph into sentences, Vietnamese news conventions in mind.

    A sentence ends at . ! ? or … (possibly followed by closing quotes or brackets), then
    white space, then something that can start a sentence: a capital, a digit or an opening
    quote. Dots inside numbers ("4.266"), after abbreviations ("TP.", "GS.TS.") and after
    single initials do not end a sentence; "…” ông nói." does not either (lowercase next).
    A quotation is never cut: `TS. Bình nói: “A. B.”` is one unit, so that the words are
    never placed apart from their speaker (if a paragraph leaves a quotation open, its
    sentences are split as if there were no quotation marks).
    """
    sentences: list[str] = []
    start = 0
    i = 0
    n = len(text)
    depth = 0  # quotations open at position i
    while i < n:
        if quotes:
            depth = _quote_depth(text, i, depth)
        if text[i] not in _TERMINATORS:
            i += 1
            continue
        end = i
        while end < n and text[end] in _TERMINATORS:
            end += 1
        while end < n and text[end] in _CLOSERS:
            if quotes:
                depth = _quote_depth(text, end, depth)
            end += 1
        gap = end
        while gap < n and text[gap].isspace():
            gap += 1
        starts_sentence = gap < n and (text[gap].isupper() or text[gap].isdigit() or text[gap] in _OPENERS)
        spaced = gap > end and starts_sentence and not _is_abbreviation(text, i, end)
        # A scraper may have lost the space after a sentence ("Uyên).Trong"): still its end.
        if depth == 0 and (spaced or (gap == end and sentence_glued(text, end))):
            sentences.append(text[start:end].strip())
            start = gap
        i = gap if gap > i else i + 1
    tail = text[start:].strip()
    if tail:
        sentences.append(tail)
    if quotes and depth > 0:  # a quotation left open: its marks cannot be trusted
        return split_sentences(text, quotes=False)
    return sentences


def _quote_depth(text: str, i: int, depth: int) -> int:
    """The number of open quotations after the character at i."""
    char = text[i]
    if char in _QUOTE_OPEN:
        return depth + 1
    if char in _QUOTE_CLOSE:
        return max(depth - 1, 0)
    if char == '"':  # opens after a space, a bracket or the start; closes after a word
        opening = i == 0 or text[i - 1].isspace() or text[i - 1] in "([:"
        return depth + 1 if opening else max(depth - 1, 0)
    return depth


def _is_abbreviation(text: str, dot: int, end: int) -> bool:
    """Is the single dot at `dot` the end of an abbreviation or an initial, not of a sentence?"""
    if text[dot] != "." or end - dot != 1:
        return False
    word_start = dot
    while word_start > 0 and not text[word_start - 1].isspace():
        word_start -= 1
    token = text[word_start:dot].lstrip(_OPENERS)
    last = token.rsplit(".", 1)[-1] if "." in token and not token.startswith("v.") else token
    return last in ABBREVIATIONS or (len(last) == 1 and last.isupper())


def split_caption(text: str) -> list[tuple[SegmentKind, str]]:
    """A caption → (kind, text) pairs: its sentences, and a closing credit if it has one."""
    found = _CREDIT.search(text)
    body = text[: found.start()].strip() if found else text
    if not found or not body:
        return [(SegmentKind.CAPTION, part) for part in split_sentences(text)]
    return [(SegmentKind.CAPTION, part) for part in split_sentences(body)] + [(SegmentKind.CREDIT, found.group(1))]


def sentence_hash(text: str) -> str:
    return "s-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]


def segment(slug: str, document: Document) -> list[Segment]:
    """Split every block of one source into numbered segments (ids not yet deduplicated)."""
    pieces: list[tuple[SegmentKind, str, int, int]] = []
    for index, block in enumerate(document.blocks):
        found: list[tuple[SegmentKind, str]]
        if block.kind == BlockKind.TITLE:
            found = [(SegmentKind.TITLE, block.text)]
        elif block.kind == BlockKind.SUBHEADING:
            found = [(SegmentKind.SUBHEADING, block.text)]
        elif block.kind == BlockKind.HEADLINES:
            found = [(SegmentKind.HEADLINE, part) for part in split_glued_headlines(block.text)]
        elif block.kind == BlockKind.CAPTION:
            found = split_caption(block.text)
        else:
            found = [(SegmentKind.BODY, part) for part in split_sentences(block.text)]
        pieces += [(kind, part, block.line, index) for kind, part in found]
    return [
        Segment(id=sentence_hash(text), source=slug, kind=kind, text=text, line=line, block=index, number=number)
        for number, (kind, text, line, index) in enumerate(pieces, start=1)
    ]


def mark_corrected(segments: list[Segment], text: str, corrections: tuple[Correction, ...]) -> list[Segment]:
    """Each sentence with the scraping damage mended in it (the text as scraped), if any: what the
    briefing shows is then not verbatim, and says so."""
    lines = text.split("\n")
    marked = []
    for seg in segments:
        mended = tuple(
            fix.scraped
            for fix in corrections
            if fix.mends and fix.read in seg.text and fix.scraped in lines[seg.line - 1]
        )
        marked.append(replace(seg, corrected=mended) if mended else seg)
    return marked


def assign_ids(segments: list[Segment]) -> list[Segment]:
    """Make ids unique within each source: a sentence repeated in its source gets "-2", "-3" in
    reading order. Another source holding the same sentence (a reprint) keeps the plain id on its
    own page, so that adding a source never changes an anchor that is already published."""
    seen: dict[tuple[str, str], int] = {}
    result = []
    for seg in segments:
        count = seen.get((seg.source, seg.id), 0) + 1
        seen[(seg.source, seg.id)] = count
        result.append(seg if count == 1 else replace(seg, id=f"{seg.id}-{count}"))
    return result
