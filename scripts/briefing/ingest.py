"""Stage 1, ingest: bytes of a scraped Vietnamese article → a Document of typed blocks.

The scraped shapes (see sources/*/meta.yml for what is known of each file):
- the first line is one of three things (FIRST_LINE): the article's own title (a short line
  with no closing full stop and no " |"); the headlines of *related* articles, ending with
  " |" and often glued together with no separator ("…đất hiếmSớm tìm…"); or body text. An
  editor can say which in meta.yml (`first_line`) when the guess is wrong;
- any later line ending with " |" is a photo caption, often closed by a credit ("Ảnh minh
  họa", "Ảnh: TTXVN", "(Ảnh: Minh Anh)");
- every other non-blank line is a body paragraph.
"""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum

from briefing.data import Node, node
from briefing.errors import BriefingError
from briefing.text import ABBREVIATIONS, CAMEL_WORDS


class BlockKind(StrEnum):
    """What a line of a source is (segment.SegmentKind says what each of its sentences is)."""

    TITLE = "title"  # the article's own headline
    HEADLINES = "headlines"  # headlines of related articles
    SUBHEADING = "subheading"  # a heading inside the article ("Tiềm năng lớn")
    PARAGRAPH = "paragraph"
    CAPTION = "caption"


# What the first line of a source may be: its title, related headlines, a subheading, or body text.
FIRST_LINE = {
    "title": BlockKind.TITLE,
    "related": BlockKind.HEADLINES,
    "subheading": BlockKind.SUBHEADING,
    "text": BlockKind.PARAGRAPH,
}
# A title is a headline's length; a longer first line is body text (a lead, a sapo).
TITLE_MAX = 150
# A subheading inside the article is shorter still, and ends no sentence.
_SUBHEADING_MAX = 100
_TERMINATORS = ".!?…"

_BOM = "\ufeff"
# Unicode's control characters (category Cc) but for tab and line feed.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SCRAPE_SEPARATOR = "|"


@node(kw_only=False)
class Block(Node):
    kind: BlockKind
    text: str  # NFC, without the scraper's trailing " |"
    line: int  # 1-based line in the source file


@node(kw_only=False)
class Document(Node):
    where: str  # the file, as named in messages
    blocks: tuple[Block, ...]


def decode(data: bytes, where: str) -> str:
    """Bytes → NFC text with LF line ends; anything that is not UTF-8 text is refused."""
    if b"\x00" in data:
        offset = data.index(b"\x00")
        line = data[:offset].count(b"\n") + 1
        raise BriefingError(
            f"{where}:{line}",
            f"this looks like binary data, not text (NUL byte at byte offset {offset}).",
            "Sources are plain UTF-8 text files: paste the article into a text editor and save it as UTF-8.",
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise BriefingError(
            f"{where}:{line}",
            f"not valid UTF-8 (byte 0x{data[err.start]:02X} at byte offset {err.start}).",
            "If it was saved as Vietnamese Windows text, convert it first: "
            f"iconv -f WINDOWS-1258 -t UTF-8 '{where}' > converted.txt",
        ) from None
    text = text.removeprefix(_BOM).replace("\r\n", "\n").replace("\r", "\n")
    control = _CONTROL.search(text)
    if control:
        raise BriefingError(
            f"{where}:{text.count(chr(10), 0, control.start()) + 1}",
            f"control character U+{ord(control.group()):04X} in the text.",
            "Remove it; sources hold plain text only.",
        )
    return unicodedata.normalize("NFC", text)


def parse(text: str, where: str, first_line: str | None = None) -> Document:
    """Recognise the title or related headlines, captions and body paragraphs of decoded text.

    `first_line` ("title", "related" or "text", as meta.yml says) overrides the guess for the
    first line: see first_line_kind."""
    blocks: list[Block] = []
    lines = [(number, " ".join(raw.split())) for number, raw in enumerate(text.split("\n"), start=1)]
    lines = [(number, line) for number, line in lines if line.removesuffix(_SCRAPE_SEPARATOR).strip()]
    for index, (number, line) in enumerate(lines):  # runs of spaces and tabs folded; the words verbatim
        captioned = line.endswith(_SCRAPE_SEPARATOR)
        body = line.removesuffix(_SCRAPE_SEPARATOR).rstrip() if captioned else line
        if not blocks:
            kind = FIRST_LINE[first_line] if first_line else first_line_kind(line)
        elif captioned:
            kind = BlockKind.CAPTION
        elif _is_subheading(body) and 0 < index < len(lines) - 1:
            kind = BlockKind.SUBHEADING  # (the last line, short and unpunctuated, is a byline or a credit)
        else:
            kind = BlockKind.PARAGRAPH
        blocks.append(Block(kind, body, number))
    if not any(block.kind == BlockKind.PARAGRAPH for block in blocks):
        what = "no text at all" if not blocks else "no body paragraph, only headlines or captions"
        raise BriefingError(
            where,
            f"this source has {what}.",
            "A source is the article's text: body paragraphs, one per line.",
        )
    return Document(where, tuple(blocks))


def first_line_kind(line: str) -> BlockKind:
    """The likely kind of a source's first line: related headlines end with the scraper's " |";
    the article's title is short and does not end a sentence, or is one question or exclamation
    ("Đất hiếm Lai Châu: cơ hội nào?"); anything else is body text. A subheading cannot be told
    from a title by its shape: the editor says so (`first_line: subheading`)."""
    if line.endswith(_SCRAPE_SEPARATOR):
        return BlockKind.HEADLINES
    if len(line) <= TITLE_MAX and line[-1] not in _TERMINATORS:
        return BlockKind.TITLE
    if len(line) <= TITLE_MAX and line[-1] in "?!" and not any(c in line[:-1] for c in _TERMINATORS):
        return BlockKind.TITLE
    return BlockKind.PARAGRAPH


def _is_subheading(line: str) -> bool:
    """A heading inside the article: a short line that ends no sentence and starts with a capital.
    A line that quotes someone ("Ông Hùng cho biết: “…”") or holds a sentence's end inside is a
    paragraph, however short."""
    if len(line) > _SUBHEADING_MAX or not line[:1].isupper() or line[-1] in _TERMINATORS + ':;,”"»)’':
        return False
    return not any(mark in line for mark in ("“", '"', "«")) and not re.search(r"[.!?…]\s", line)


def split_glued_headlines(text: str) -> list[str]:
    """Split headlines the scraper glued together ("…đất hiếmSớm tìm…").

    A seam is a lowercase letter directly followed by a capital that starts a word: a capital
    then lowercase ("hiếmSớm"), or capitals then a dot ("lịchGS.TS."). The word around it must
    have at least two letters before the seam and not be a known word with an inner capital:
    "ThS.", "TP.HCM", "iPhone" and "TikTok" stay whole.
    """
    parts: list[str] = []
    start = 0
    for i in range(1, len(text) - 1):
        if not (text[i - 1].islower() and text[i].isupper()):
            continue
        caps_end = i
        while caps_end < len(text) and text[caps_end].isupper():
            caps_end += 1
        follower = text[caps_end] if caps_end < len(text) else ""
        if not ((caps_end == i + 1 and follower.islower()) or follower == "."):
            continue
        word_start = i
        while word_start > 0 and text[word_start - 1].isalpha():
            word_start -= 1
        word_end = i
        while word_end < len(text) and text[word_end].isalpha():
            word_end += 1
        word = text[word_start:word_end]
        if i - word_start < 2 or word in CAMEL_WORDS or word in ABBREVIATIONS:
            continue
        parts.append(text[start:i].strip())
        start = i
    parts.append(text[start:].strip())
    return [part for part in parts if part]
