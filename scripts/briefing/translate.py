"""Stage 4, translate: the gettext PO translation memory (Vietnamese msgid → English msgstr).

`sync` does what msgmerge does, deterministically and without msgmerge's line wrapping
quirks: entries the site still needs keep their translation; a string that is new but close
to one that went away (an edited sentence) inherits the old English *as fuzzy*, so it is
never reused silently; entries no longer needed become obsolete (#~), and are revived if the
string comes back.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

import polib

from briefing.errors import BriefingError
from briefing.segment import sentence_hash

OK = "ok"
MISSING = "missing"
FUZZY = "fuzzy"
# How alike an edited string must be to its old form to inherit the old English (as fuzzy).
FUZZY_CUTOFF = 0.6
_ID_COMMENT = re.compile(r"\bs-[0-9a-f]{8}(?:-\d+)?\b")

PO_HEADER_COMMENT = (
    "Translation memory of the Lai Châu briefing: Vietnamese (msgid) → English (msgstr).\n"
    "Edit with Poedit or Weblate, then run `briefing convert`. Entries are added, marked fuzzy\n"
    "(stale) and made obsolete by `briefing convert`; never reuse a fuzzy entry unreviewed."
)

# Fields Poedit and Weblate maintain; these are only the first values, kept once the file has its own.
HEADER_DEFAULTS = {
    "PO-Revision-Date": "2026-11-25 00:00+0000",
    "Last-Translator": "Lai Châu briefing translators",
    "Language-Team": "English",
}
# Fields the pipeline owns.
HEADER = {
    "Project-Id-Version": "lai-chau-briefing",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
    "Plural-Forms": "nplurals=2; plural=(n != 1);",
}


@dataclass(frozen=True)
class Unit:
    """A Vietnamese string the site needs in every language."""

    msgid: str
    comment: str  # for translators: what it is and where it is used
    occurrence: tuple[str, int] | None = None  # (source file, line) for source sentences


@dataclass(frozen=True)
class Translation:
    text: str  # the English, or the Vietnamese when no usable English exists
    state: str  # OK, MISSING or FUZZY


def parse_po(text: str, where: str) -> polib.POFile:
    try:
        return polib.pofile(text, wrapwidth=78, encoding="utf-8")
    except (OSError, ValueError) as err:
        raise BriefingError(where, f"cannot read this PO file: {err}",
                            f"Check it with: msgfmt --check -o /dev/null {where}") from None


def sync(old: polib.POFile, units: list[Unit], lang: str) -> polib.POFile:
    """The PO file the units need, carrying over what `old` knows. Pure: `old` is not changed."""
    merged: dict[str, list[Unit]] = {}
    for unit in units:
        merged.setdefault(unit.msgid, []).append(unit)

    current = {e.msgid: e for e in old if not e.obsolete}
    obsolete = {e.msgid: e for e in old if e.obsolete}
    unused = {msgid: e for msgid, e in {**obsolete, **current}.items() if msgid not in merged and e.msgstr}

    new = polib.POFile(wrapwidth=78)
    new.header = old.header or PO_HEADER_COMMENT
    new.metadata = {**HEADER_DEFAULTS, **old.metadata, **HEADER, "Language": lang}
    for msgid, group in merged.items():
        known = current.get(msgid) or obsolete.get(msgid)
        entry = polib.POEntry(msgid=msgid)
        if known is not None:
            entry.msgstr = known.msgstr
            entry.tcomment = known.tcomment
            if "fuzzy" in known.flags:
                entry.flags = ["fuzzy"]
                entry.previous_msgid = known.previous_msgid
        else:
            donor = _closest(msgid, unused)
            if donor is not None:
                del unused[donor.msgid]
                entry.msgstr = donor.msgstr
                entry.tcomment = donor.tcomment
                if not ("fuzzy" in donor.flags and donor.previous_msgid == msgid):
                    entry.flags = ["fuzzy"]
                    entry.previous_msgid = donor.msgid
                # else: an edit undone; the English was made for exactly this text, and stands.
        entry.comment = "\n".join(dict.fromkeys(u.comment for u in group))
        entry.occurrences = sorted({u.occurrence for u in group if u.occurrence})
        new.append(entry)
    for msgid in sorted(unused):
        gone = unused[msgid]
        entry = polib.POEntry(msgid=msgid, msgstr=gone.msgstr, obsolete=True, tcomment=gone.tcomment,
                              comment=gone.comment)
        new.append(entry)
    return new


def _closest(msgid: str, candidates: dict[str, polib.POEntry]) -> polib.POEntry | None:
    best, best_ratio = None, FUZZY_CUTOFF
    for text in sorted(candidates):
        matcher = difflib.SequenceMatcher(None, msgid, text, autojunk=False)
        if matcher.real_quick_ratio() < best_ratio or matcher.quick_ratio() < best_ratio:
            continue
        ratio = matcher.ratio()
        if ratio > best_ratio:
            best, best_ratio = candidates[text], ratio
    return best


def render_po(po: polib.POFile) -> str:
    text = str(po)
    return text if text.endswith("\n") else text + "\n"


def lookup(po: polib.POFile) -> dict[str, Translation]:
    """msgid → Translation for every live entry; what is absent is MISSING to the caller."""
    table = {}
    for entry in po:
        if entry.obsolete:
            continue
        if not entry.msgstr:
            table[entry.msgid] = Translation(entry.msgid, MISSING)
        elif "fuzzy" in entry.flags:
            table[entry.msgid] = Translation(entry.msgid, FUZZY)
        else:
            table[entry.msgid] = Translation(entry.msgstr, OK)
    return table


def translate(table: dict[str, Translation], msgid: str) -> Translation:
    return table.get(msgid) or Translation(msgid, MISSING)


def ids_seen(po: polib.POFile) -> dict[str, str]:
    """Sentence id → the text it had, from the ids in the entries' comments (live or obsolete)."""
    seen = {}
    for entry in po:
        for sid in _ID_COMMENT.findall(entry.comment or ""):
            seen.setdefault(sid, entry.msgid)
        if entry.previous_msgid:  # a stale entry still knows the id its sentence had before
            seen.setdefault(sentence_hash(entry.previous_msgid), entry.previous_msgid)
    return seen
