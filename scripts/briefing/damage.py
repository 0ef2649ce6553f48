"""Scraping damage: where a scraper glued words together, found in a source's text.

Scraped articles lose spaces where the page had a line break or a tag: "Công tyCổ phần",
"Thôngbáo", "Việt Namchỉ", "Xe(Phong", "Uyên).Trong". Each suspect joint is reported with its
place and a suggested reading, for an editor to correct in meta.yml (`corrections`), which keeps
source.txt verbatim and marks the sentences it mends. A joint the editor confirms as written is
recorded the same way, with the reading equal to the text.
"""

from __future__ import annotations

import re
import unicodedata

from briefing.data import Node, node
from briefing.errors import BriefingError
from briefing.sources import Correction
from briefing.text import ABBREVIATIONS, CAMEL_WORDS

# A Vietnamese syllable, its tone marks removed: an onset, one to three vowels, a final.
_SYLLABLE = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnpqrstvx])?"
    r"[aăâeêioôơuưy]{1,3}"
    r"(?:ng|nh|ch|[cmnpt])?"
)
_TONES = dict.fromkeys(map(ord, "\u0300\u0301\u0303\u0309\u0323"))
_WORD = re.compile(r"[^\W\d_]+")
_CLOSERS = ")]”"
_ENDS = ".!?…"


def is_syllable(word: str) -> bool:
    """Is `word` one Vietnamese syllable (in any case, with any tone mark)?"""
    plain = unicodedata.normalize("NFC", unicodedata.normalize("NFD", word.lower()).translate(_TONES))
    return _SYLLABLE.fullmatch(plain) is not None


@node
class Joint(Node):
    """A place where two words may have been glued together by the scraper."""

    line: int  # 1-based line of the source text
    column: int  # 1-based column of the joint (the first character after it)
    found: str  # the text around the joint, as it is
    reading: str  # the same with a space at the joint

    def __str__(self) -> str:
        return f"“{self.found}”, perhaps “{self.reading}”"


def suspect_joints(text: str, skip: frozenset[int] = frozenset()) -> list[Joint]:
    """Every suspect joint of a source's text, in reading order, but on the lines in `skip` (the
    related headlines, which the scraper glues by design and ingest splits)."""
    found: list[Joint] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if number in skip:
            continue
        cuts = {cut for cut in range(1, len(line)) if _glued(line, cut)}
        for word in _WORD.finditer(line):
            cut = _glued_syllables(word.group())
            if cut:
                cuts.add(word.start() + cut)
        for cut in sorted(cuts):
            start = line.rfind(" ", 0, cut) + 1
            end = line.find(" ", cut)
            end = len(line) if end < 0 else end
            piece = line[start:end]
            found.append(
                Joint(
                    line=number,
                    column=cut + 1,
                    found=piece,
                    reading=piece[: cut - start] + " " + piece[cut - start :],
                )
            )
    return found


def _glued(line: str, cut: int) -> bool:
    """Is there a missing space before line[cut]? Three shapes: a lower-case letter, then a
    capitalised word ("tyCổ"); a word, then a bracket ("Xe(Phong"); the end of a sentence, then
    a capitalised word ("Uyên).Trong", "xong.Sau")."""
    before, here = line[cut - 1], line[cut]
    after = line[cut + 1] if cut + 1 < len(line) else ""
    if before.islower() and here.isupper() and after.islower():
        return not _known_word(line, cut)
    if before.isalpha() and here == "(":
        return True
    return sentence_glued(line, cut)


def sentence_glued(line: str, cut: int) -> bool:
    """Does a sentence end just before line[cut], its space lost ("Uyên).Trong", "xong.Sau")?
    The next word is capitalised; the sentence ends in a lower-case letter or a bracket, then a
    terminator: "TP.HCM" and "GS.Nguyễn" are abbreviations, "4.266" a number; a number may end a
    sentence ("ngày 5/3.Theo")."""
    if not (line[cut : cut + 1].isupper() and line[cut + 1 : cut + 2].islower()):
        return False
    end = cut
    while end > 0 and line[end - 1] in _CLOSERS:
        end -= 1
    if end == 0 or line[end - 1] not in _ENDS:
        return False  # "(Phong" after a bracket alone: not a sentence's end
    stop = end - 1
    while stop > 0 and line[stop - 1] in _ENDS:
        stop -= 1
    # A sentence ends in a word, a bracket or a number ("ngày 5/3.Theo đó": a date, then the next).
    ends_word = stop > 0 and (line[stop - 1].islower() or line[stop - 1].isdigit() or line[stop - 1] in _CLOSERS)
    return ends_word and not _abbreviation_before(line, stop)


def mend(text: str, corrections: tuple[Correction, ...], where: str) -> str:
    """The text with each correction made (every place it reads `scraped`). A correction whose
    text is not there is an error naming its line in meta.yml."""
    for fix in corrections:
        if fix.scraped not in text:
            raise BriefingError(
                f"{where}:{fix.line}",
                f"the correction of “{fix.scraped}” finds no such text in source.txt.",
                "Copy `scraped` from source.txt exactly, or remove the correction.",
            )
        text = text.replace(fix.scraped, fix.read)
    return text


def covered(joint: Joint, line: str, corrections: tuple[Correction, ...]) -> bool:
    """Has an editor corrected (or confirmed) the text around a joint?"""
    cut = joint.column - 1
    for fix in corrections:
        start = line.find(fix.scraped)
        while start >= 0:
            if start < cut < start + len(fix.scraped):
                return True
            start = line.find(fix.scraped, start + 1)
    return False


def _known_word(line: str, cut: int) -> bool:
    """A word written with a capital inside ("iPhone", "TikTok") or an abbreviation."""
    start = cut
    while start > 0 and line[start - 1].isalpha():
        start -= 1
    end = cut
    while end < len(line) and line[end].isalpha():
        end += 1
    word = line[start:end]
    return word in CAMEL_WORDS or word in ABBREVIATIONS or cut - start < 2


def _abbreviation_before(line: str, dot: int) -> bool:
    """A dot that ends an abbreviation ("TP.HCM", "GS.Nguyễn"), not a sentence."""
    start = dot
    while start > 0 and line[start - 1].isalpha():
        start -= 1
    return line[start:dot] in ABBREVIATIONS


def _glued_syllables(word: str) -> int | None:
    """Where a word that is no Vietnamese syllable splits into two that are ("Thôngbáo" → 5),
    or None. A word of another language rarely splits into two Vietnamese syllables."""
    if len(word) < 4 or is_syllable(word):
        return None
    for cut in range(1, len(word)):
        if word[cut].isupper():
            return None  # a capital inside: the camel-case rule's to judge
        if is_syllable(word[:cut]) and is_syllable(word[cut:]):
            return cut
    return None
