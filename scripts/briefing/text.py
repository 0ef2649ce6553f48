"""Small text helpers shared by the stages: Vietnamese folding for matching."""

from __future__ import annotations

import unicodedata

# Tokens that end with a dot without ending the sentence ("TP. Hồ Chí Minh", "GS.TS. Nguyễn").
ABBREVIATIONS = frozenset(
    {"TP", "Tp", "GS", "PGS", "TS", "ThS", "Ths", "BS", "KS", "CN", "NXB", "TT", "Q", "P",
     "St", "Th", "Mr", "Mrs", "Ms", "Dr", "No", "v.v", "vs"}
)

_TONES = ("\u0300", "\u0301", "\u0309", "\u0303", "\u0323")  # huyền, sắc, hỏi, ngã, nặng
_PAIRS = ("oa", "oe", "uy")


def _tone_moves() -> dict[str, str]:
    """"oà" → "òa", "uỳ" → "ùy", …: the two accepted tone placements, folded to one."""
    moves = {}
    for first, second in _PAIRS:
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
