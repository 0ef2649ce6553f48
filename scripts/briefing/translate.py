"""Stage 4, translate: the gettext PO translation memory (Vietnamese msgid → English msgstr).

`sync` does what msgmerge does, deterministically and without msgmerge's line wrapping
quirks: entries the site still needs keep their translation; a string that is new but close
to one that went away (an edited sentence) inherits the old English *as fuzzy*, so it is
never reused silently; entries no longer needed become obsolete (#~), and are revived if the
string comes back.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import polib

from briefing.errors import BriefingError
from briefing.model import FUZZY, MISSING, OK, Msg, Translation
from briefing.segment import sentence_hash
from briefing.text import closest

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


def parse_po(text: str, where: str) -> polib.POFile:
    try:
        return polib.pofile(text, wrapwidth=78, encoding="utf-8")
    except (OSError, ValueError) as err:
        raise BriefingError(where, f"cannot read this PO file: {err}",
                            f"Check it with: msgfmt --check -o /dev/null {where}") from None


def sync(old: polib.POFile, needed: Iterable[Msg], lang: str) -> polib.POFile:
    """The PO file the pages need (every Msg, in order), carrying over what `old` knows.
    Pure: `old` is not changed."""
    merged: dict[str, list[Msg]] = {}
    for msg in needed:
        if msg.vi.strip():  # msgid "" is the PO file's header, never a string to translate
            merged.setdefault(msg.vi, []).append(msg)

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
            if is_fuzzy(known):
                entry.flags = ["fuzzy"]
                entry.previous_msgid = known.previous_msgid
        else:
            became = closest(msgid, unused)
            donor = unused.get(became) if became is not None else None
            if donor is not None:
                del unused[donor.msgid]
                entry.msgstr = donor.msgstr
                entry.tcomment = donor.tcomment
                if not (is_fuzzy(donor) and donor.previous_msgid == msgid):
                    entry.flags = ["fuzzy"]
                    entry.previous_msgid = donor.msgid
                # else: an edit undone; the English was made for exactly this text, and stands.
        entry.comment = "\n".join(dict.fromkeys(msg.note for msg in group if msg.note))
        entry.occurrences = sorted({msg.occurrence for msg in group if msg.occurrence})
        new.append(entry)
    for msgid in sorted(unused):
        gone = unused[msgid]
        entry = polib.POEntry(msgid=msgid, msgstr=gone.msgstr, obsolete=True, tcomment=gone.tcomment,
                              comment=gone.comment)
        new.append(entry)
    return new


def is_fuzzy(entry: polib.POEntry) -> bool:
    """Stale: its English was made for an earlier form of the Vietnamese, and awaits review."""
    return "fuzzy" in entry.flags


def live(po: polib.POFile) -> list[polib.POEntry]:
    """The entries the site uses (not obsolete)."""
    return [entry for entry in po if not entry.obsolete]


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
        elif is_fuzzy(entry):
            table[entry.msgid] = Translation(entry.msgid, FUZZY)
        else:
            table[entry.msgid] = Translation(entry.msgstr, OK)
    return table


def ids_seen(po: polib.POFile) -> dict[str, str]:
    """Sentence id → the text it had, from the ids in the entries' comments (live or obsolete)."""
    seen = {}
    for entry in po:
        for sid in _ID_COMMENT.findall(entry.comment or ""):
            seen.setdefault(sid, entry.msgid)
        if entry.previous_msgid:  # a stale entry still knows the id its sentence had before
            seen.setdefault(sentence_hash(entry.previous_msgid), entry.previous_msgid)
    return seen
