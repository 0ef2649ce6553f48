"""Stage 1, ingest: bytes of a scraped Vietnamese article → a Document of typed blocks.

The scraped shape (see sources/*/meta.yml for what is known of each file):
- the first line, if it ends with " |", holds the headlines of *related* articles, glued
  together with no separator ("…đất hiếmSớm tìm…");
- any later line ending with " |" is a photo caption, often closed by a credit ("Ảnh minh họa");
- every other non-blank line is a body paragraph.
"""

from __future__ import annotations

import re
import unicodedata

from briefing.data import Node, node
from briefing.errors import BriefingError
from briefing.text import ABBREVIATIONS

HEADLINES = "headlines"
PARAGRAPH = "paragraph"
CAPTION = "caption"

_BOM = "\ufeff"
# Unicode's control characters (category Cc) but for tab and line feed.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SCRAPE_SEPARATOR = "|"
# Words whose inner capital is part of the word, not a seam between two glued headlines.
_CAMEL_WORDS = frozenset(
    {
        "iPhone",
        "iPad",
        "TikTok",
        "YouTube",
        "VinFast",
        "VinGroup",
        "PetroVietnam",
        "MobiFone",
        "VinaPhone",
        "McDonald",
        "PayPal",
        "LinkedIn",
        "WhatsApp",
        "OpenAI",
    }
)


@node
class Block(Node):
    kind: str  # HEADLINES, PARAGRAPH or CAPTION
    text: str  # NFC, without the scraper's trailing " |"
    line: int  # 1-based line in the source file


@node
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


def parse(text: str, where: str) -> Document:
    """Recognise the headlines line, captions and body paragraphs of decoded text."""
    blocks: list[Block] = []
    for number, raw in enumerate(text.split("\n"), start=1):
        line = " ".join(raw.split())  # fold runs of spaces and tabs; the words stay verbatim
        if not line:
            continue
        if line.endswith(_SCRAPE_SEPARATOR):
            body = line.removesuffix(_SCRAPE_SEPARATOR).rstrip()
            if not body:
                continue  # a bare separator carries no text
            kind = HEADLINES if not blocks else CAPTION
            blocks.append(Block(kind, body, number))
        else:
            blocks.append(Block(PARAGRAPH, line, number))
    if not any(block.kind == PARAGRAPH for block in blocks):
        what = "no text at all" if not blocks else "no body paragraph, only headlines or captions"
        raise BriefingError(
            where,
            f"this source has {what}.",
            "A source is the article's text: body paragraphs, one per line.",
        )
    return Document(where, tuple(blocks))


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
        if i - word_start < 2 or word in _CAMEL_WORDS or word in ABBREVIATIONS:
            continue
        parts.append(text[start:i].strip())
        start = i
    parts.append(text[start:].strip())
    return [part for part in parts if part]
