"""Small text rules shared by the stages: Vietnamese folding, and what an edited string became."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from briefing.config import DATE_LIMIT

# Tokens that end with a dot without ending the sentence ("TP. Hồ Chí Minh", "GS.TS. Nguyễn").
ABBREVIATIONS = frozenset(
    {
        "TP",
        "Tp",
        "GS",
        "PGS",
        "TS",
        "ThS",
        "Ths",
        "BS",
        "KS",
        "CN",
        "NXB",
        "TT",
        "Q",
        "P",
        "St",
        "Th",
        "Mr",
        "Mrs",
        "Ms",
        "Dr",
        "No",
        "v.v",
        "vs",
    }
)

# Words whose inner capital is part of the word, not a seam between two glued words.
CAMEL_WORDS = frozenset(
    {
        "iPhone", "iPad", "TikTok", "YouTube", "VinFast", "VinGroup", "PetroVietnam", "MobiFone",
        "VinaPhone", "McDonald", "PayPal", "LinkedIn", "WhatsApp", "OpenAI",
    }
)  # fmt: skip

_TONES = ("\u0300", "\u0301", "\u0309", "\u0303", "\u0323")  # huyền, sắc, hỏi, ngã, nặng
_PAIRS = ("oa", "oe", "uy")


def _tone_moves() -> dict[str, str]:
    """ "oà" → "òa", "uỳ" → "ùy", …: the two accepted tone placements, folded to one."""
    moves = {}
    for first, second in (tuple(pair) for pair in _PAIRS):
        for tone in _TONES:
            for a, b in ((first, second), (first.upper(), second), (first.upper(), second.upper())):
                late = unicodedata.normalize("NFC", a + b + tone)
                early = unicodedata.normalize("NFC", a + tone + b)
                moves[late] = early
    return moves


_MOVES = _tone_moves()


def fold_tone_placement(text: str) -> str:
    """Put the tone mark of "oa", "oe", "uy" on the first vowel, so "tuỳ" matches "tùy"."""
    text = unicodedata.normalize("NFC", text)
    for late, early in _MOVES.items():
        if late in text:
            text = text.replace(late, early)
    return text


def fold(text: str) -> str:
    """Case- and tone-placement-insensitive form for matching keywords and terms (accents kept)."""
    return fold_tone_placement(text).casefold()


# How alike an edited string must be to its old form to count as the same string, edited.
SIMILAR = 0.6


def closest(text: str, candidates: Iterable[str]) -> str | None:
    """The candidate that `text` most likely became when edited, or None if none is alike enough.

    The one rule for following an edit: the outline's references (place) and the translation
    memory (translate) both ask it, so they always agree on what a sentence became. Every
    character counts (no autojunk: long sentences repeat common letters), ties go to the
    first candidate in sorted order, so the answer never depends on the order given.
    """
    ordered = sorted(set(candidates))
    if not ordered:
        return None  # (a convert with nothing edited asks only this: it need not import difflib)
    import difflib  # here, not at the top: start-up time

    best, best_ratio = None, SIMILAR
    for candidate in ordered:
        matcher = difflib.SequenceMatcher(None, text, candidate, autojunk=False)
        if matcher.real_quick_ratio() <= best_ratio or matcher.quick_ratio() <= best_ratio:
            continue
        ratio = matcher.ratio()
        if ratio > best_ratio:
            best, best_ratio = candidate, ratio
    return best


# Vietnamese dictionary order: letters (digraphs count as one letter, after their first letter's
# words: "cu" before "cha"), then tones: ngang, huyền, hỏi, ngã, sắc, nặng.
_ALPHABET = tuple("a ă â b c ch d đ e ê g gh gi h i k kh l m n ng ngh nh o ô ơ p ph q r s t th tr u ư v x y".split(" "))
_LETTER = {letter: i for i, letter in enumerate(_ALPHABET)}
_TONE_ORDER = {"": 0, "\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def vi_sort_key(text: str) -> tuple:
    """A key that sorts Vietnamese words as a Vietnamese dictionary does."""
    letters, tones = [], []
    words = "".join(c if c.isalnum() or unicodedata.combining(c) else " " for c in fold(text)).split()
    for word in words:
        i = 0
        bases, word_tone = [], 0
        for char in unicodedata.normalize("NFD", word):
            if char in _TONE_ORDER:
                word_tone = _TONE_ORDER[char]
            else:
                bases.append(char)
        base = unicodedata.normalize("NFC", "".join(bases))
        while i < len(base):
            match = next((base[i : i + n] for n in (3, 2, 1) if base[i : i + n] in _LETTER), base[i])
            letters.append(_LETTER.get(match, len(_ALPHABET) + ord(match[0])))
            i += len(match)
        letters.append(-1)  # the space between words sorts before any letter
        tones.append(word_tone)
    return tuple(letters), tuple(tones)


def bare_name(name: str, text: str) -> str | None:
    """The words of `text` that write `name` with other marks ("Trần Hồng Hà" for a speaker typed
    "Tran Hong Ha"), or None."""
    target, size = plain_sort_key(name), len(name.split())
    words = [word.strip("“”\"'(),.:;") for word in text.split()]
    for i in range(len(words) - size + 1):
        found = " ".join(words[i : i + size])
        if plain_sort_key(found) == target:
            return found
    return None


# Verbs that report what someone said or thought ("X nhấn mạnh…", "X cho rằng…"), and the titles
# that open an attribution to a person ("Theo ông Tuấn, …").
SPEECH_VERBS = (
    "nói", "cho rằng", "cho biết", "nhấn mạnh", "khẳng định", "đề nghị", "yêu cầu", "phát biểu", "nêu",
    "chỉ ra", "chỉ đạo", "lưu ý", "bày tỏ", "đánh giá", "kiến nghị", "đề xuất", "chia sẻ", "nhận định",
    "cảnh báo", "giải thích", "trả lời", "phân tích", "gợi ý", "kêu gọi", "khuyến nghị", "tin rằng",
    "thông tin", "nhắc lại", "đặt vấn đề",
)  # fmt: skip
# Titles that, in a heading or a label, say whose words follow ("Phó Thủ tướng nói về…").
OFFICE_TITLES = (
    "ông", "bà", "thủ tướng", "phó thủ tướng", "bộ trưởng", "thứ trưởng", "chủ tịch", "phó chủ tịch",
    "giám đốc", "phó giám đốc", "bí thư", "tổng giám đốc",
)  # fmt: skip
PERSON_TITLES = (
    "ông", "bà", "anh", "chị", "gs", "pgs", "ts", "ths", "thủ tướng", "phó thủ tướng", "bộ trưởng",
    "thứ trưởng", "chủ tịch", "phó chủ tịch", "giám đốc", "phó giám đốc", "bí thư", "tổng giám đốc",
    "chuyên gia", "đại biểu",
)  # fmt: skip


def speaks(name: str, sentence: str) -> bool:
    """Does the sentence report `name`'s own words? The name comes before the sentence's first
    reporting verb ("Phó Thủ tướng Trần Hồng Hà nhấn mạnh…"), or the sentence opens by
    attributing it to them ("Theo Phó Thủ tướng Trần Hồng Hà, …"); and no attribution to someone
    else ("Theo ông Tuấn, …") comes first. A sentence that only mentions the person ("…như Phó
    Thủ tướng Trần Hồng Hà đã nêu", "theo chỉ đạo của Phó Thủ tướng…") does not."""
    folded, who = fold(sentence), fold(name)
    at = folded.find(who)
    if at < 0:
        return False
    # "Theo <title> …," at the start of a clause: whose words follow?
    for found in _ATTRIBUTION.finditer(folded):
        if found.start() > at:
            break
        comma = folded.find(",", found.end())
        clause = folded[found.start() : comma if comma >= 0 else len(folded)]  # "theo ông tuấn"
        return who in clause  # attributed to them, or to someone else before the name
    verb = _SPEECH.search(folded)
    return verb is not None and at < verb.start()


_SPEECH = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(fold(v)) for v in SPEECH_VERBS) + r")(?!\w)")
_ATTRIBUTION = re.compile(
    r"(?:^|[,;:.“\"(]\s*)theo\s+(?:" + "|".join(re.escape(fold(t)) for t in PERSON_TITLES) + r")(?!\w)"
)


def plain_sort_key(text: str) -> str:
    """A key that sorts English (and names with diacritics) alphabetically, marks ignored."""
    decomposed = unicodedata.normalize("NFD", text.casefold().replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def ascii_slug(text: str) -> str:
    """Text as lowercase ASCII words joined by hyphens ("quy hoạch tỉnh" → "quy-hoach-tinh")."""
    return re.sub(r"[^a-z0-9]+", "-", plain_sort_key(text)).strip("-")


# Openings of a sentence that lean on the one before ("Mỏ này…", "Theo đó…"): placed alone on a
# topic page, such a sentence would lose what it refers to.
ANAPHORS = (
    "mỏ này", "dự án này", "công ty này", "doanh nghiệp này", "đơn vị này", "nhà máy này",
    "tỉnh này", "khu vực này", "vùng này", "điều này", "việc này", "đây là", "đó là",
    "theo đó", "trong đó", "ngoài ra", "bên cạnh đó", "đồng thời", "cũng theo", "tại đây", "nơi đây",
)  # fmt: skip
# …and words that refer back only when no name follows ("Công ty cho biết", not "Công ty Cổ phần X").
BARE_ANAPHORS = ("công ty", "doanh nghiệp", "ông", "bà", "họ")


def opens_with_anaphor(sentence: str) -> bool:
    """Does the sentence open by referring back ("Mỏ này có…", "Ông cho biết…")?"""
    words = sentence.split()
    folded = [fold(word.strip("“”\"'(),:;")) for word in words]
    for phrase in ANAPHORS:
        if folded[: len(phrase.split())] == phrase.split():
            return True
    for phrase in BARE_ANAPHORS:
        n = len(phrase.split())
        if folded[:n] == phrase.split() and len(words) > n and words[n][:1].islower():
            return True
    return False


def escape_html(text: str) -> str:
    """`html.escape(text)`, without importing `html` (its entity tables cost convert's start-up
    more than every escape it makes)."""
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#x27;")
    )


def upper_first(text: str) -> str:
    """Text with its first letter a capital, the rest as written ("the Đông Pao mine" → "The Đông
    Pao mine"; str.capitalize would lower the rest)."""
    return text[:1].upper() + text[1:]


def split_date(text: str) -> tuple[str, str] | None:
    """A fact of a box of dates as its date and the rest ("Ngày 7/12/2023: Quyết định…" →
    "Ngày 7/12/2023", "Quyết định…"), or None when it does not open with a date and ": "."""
    date, colon, rest = text.partition(": ")
    return (date, rest) if colon and len(date) <= DATE_LIMIT else None
