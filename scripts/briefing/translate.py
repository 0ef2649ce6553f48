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

from briefing.data import Node, node
from briefing.errors import BriefingError
from briefing.model import FUZZY, MISSING, OK, Msg, Translation
from briefing.segment import sentence_hash
from briefing.text import closest

_PLACEHOLDER = re.compile(r"\{[a-z_]+\}")

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
        raise BriefingError(
            where, f"cannot read this PO file: {err}", f"Check it with: msgfmt --check -o /dev/null {where}"
        ) from None


def sync(old: polib.POFile, needed: Iterable[Msg], lang: str) -> polib.POFile:
    """The PO file the pages need (every Msg, in order), carrying over what `old` knows.
    Pure: `old` is not changed."""
    merged: dict[str, list[Msg]] = {}
    for msg in needed:
        if msg.vi.strip():  # msgid "" is the PO file's header, never a string to translate
            merged.setdefault(msg.vi, []).append(msg)

    current = {e.msgid: e for e in old if not e.obsolete}
    obsolete = {e.msgid: e for e in old if e.obsolete}
    # Retired strings: each may have become a new one (an edit). An untranslated sentence is a
    # donor too, so that the memory records the edit (a stale entry with its previous text), which
    # is how an outline reference to it follows the edit on the next run as on this one.
    unused = {
        msgid: e
        for msgid, e in {**obsolete, **current}.items()
        if msgid not in merged and (e.msgstr or (not e.obsolete and e.occurrences))
    }

    fresh = [msgid for msgid in merged if msgid not in current and msgid not in obsolete]
    sentences = {msgid for msgid, group in merged.items() if any(msg.occurrence for msg in group)}
    donors = _donors(unused, fresh, sentences)

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
        elif msgid in donors:
            donor = donors[msgid]
            del unused[donor.msgid]
            entry.msgstr = donor.msgstr
            entry.tcomment = donor.tcomment
            if not (is_fuzzy(donor) and donor.previous_msgid == msgid):
                entry.flags = ["fuzzy"]
                entry.previous_msgid = donor.msgid
            # else: an edit undone; the English was made for exactly this text, and stands.
        if _PLACEHOLDER.search(msgid) and msgid not in sentences:
            # An editorial string with {placeholders}: msgfmt --check holds translations to them.
            entry.flags = [*entry.flags, "python-brace-format"]
        entry.comment = "\n".join(dict.fromkeys(msg.note for msg in group if msg.note))
        entry.occurrences = [(file, str(line)) for file, line in sorted({m.occurrence for m in group if m.occurrence})]
        new.append(entry)
    for msgid in sorted(unused):
        gone = unused[msgid]
        if not gone.msgstr:
            continue  # nothing to keep of a string never translated
        entry = polib.POEntry(
            msgid=msgid, msgstr=gone.msgstr, obsolete=True, tcomment=gone.tcomment, comment=gone.comment
        )
        new.append(entry)
    return new


def _donors(unused: dict[str, polib.POEntry], fresh: list[str], sentences: set[str]) -> dict[str, polib.POEntry]:
    """New string → the retired entry it was edited from. Each retired string goes to the new
    string it most likely became (text.closest: the question `place` asks for the outline's
    references, over the same new sentences): a retired sentence (its entry says where in a
    source it stood) to a new sentence first, any other retired string (an excerpt, an editorial
    string) to another new string first. Retired sentences choose first: an excerpt that is most
    of its sentence would otherwise take the edited sentence, and the sentence the excerpt. And a
    string in use until now chooses before one retired earlier (obsolete), which may be an older
    form of it that reads as close."""
    donors: dict[str, polib.POEntry] = {}
    new_sentences = [msgid for msgid in fresh if msgid in sentences]
    others = [msgid for msgid in fresh if msgid not in sentences]

    def was_sentence(msgid: str) -> bool:
        return bool(unused[msgid].occurrences)

    for gone in sorted(unused, key=lambda msgid: (not was_sentence(msgid), unused[msgid].obsolete, msgid)):
        first, then = (new_sentences, others) if was_sentence(gone) else (others, new_sentences)
        became = closest(gone, [m for m in first if m not in donors]) or closest(
            gone, [m for m in then if m not in donors]
        )
        if became is not None:
            donors[became] = unused[gone]
    return donors


def is_fuzzy(entry: polib.POEntry) -> bool:
    """Stale: its English was made for an earlier form of the Vietnamese, and awaits review."""
    return "fuzzy" in entry.flags


def live(po: polib.POFile) -> list[polib.POEntry]:
    """The entries the site uses (not obsolete)."""
    return [entry for entry in po if not entry.obsolete]


def _entry_content(e: polib.POEntry) -> tuple:
    """What an entry says, but for its comments (compared apart, as `_same_comment` says)."""
    return (
        e.msgid,
        e.msgstr,
        e.msgid_plural,
        tuple(sorted(e.msgstr_plural.items())),
        tuple(e.flags),
        tuple((f, str(n)) for f, n in e.occurrences),
        e.previous_msgid,
        bool(e.obsolete),
    )


def _same_comment(a: str | None, b: str | None) -> bool:
    """polib wraps long comments when it writes them (even inside a word, after a hyphen), so one
    read back differs from the one written only in its white space."""
    return a == b or "".join((a or "").split()) == "".join((b or "").split())


def _same(po: polib.POFile, old: polib.POFile) -> bool:
    """Whether two PO files say the same (not how they are wrapped): header, metadata (polib
    writes it in an order of its own: the mapping's order says nothing) and every entry."""
    if po.header != old.header or sorted(po.metadata.items()) != sorted(old.metadata.items()) or len(po) != len(old):
        return False
    return all(
        _entry_content(a) == _entry_content(b)
        and _same_comment(a.comment, b.comment)
        and _same_comment(a.tcomment, b.tcomment)
        for a, b in zip(po, old, strict=True)
    )


def render_po(po: polib.POFile, old: polib.POFile | None = None, old_text: str | None = None) -> str:
    """The PO file's text. When it says exactly what `old` (read from `old_text`) said, that text
    stands as it is: convert never rewraps a file it has nothing to change in."""
    if old is not None and old_text is not None and _same(po, old):
        return old_text
    text = _po_text(po)
    return text if text.endswith("\n") else text + "\n"


# Each entry's text as polib writes it, by everything polib writes of it: the preview converts
# on every save, in one process, and writing a changed PO file's ~1,000 entries anew (polib wraps
# every line) was a tenth of a rebuild, where a save changes one or two. Only the entries of the
# last file written are kept.
_entry_texts: dict[tuple, str] = {}


def _po_text(po: polib.POFile) -> str:
    """str(po), with each entry's text from _entry_texts where it was written before. The file's
    layout is polib's POFile.__unicode__ (tests/test_translate.py holds the two equal)."""
    global _entry_texts
    header = "".join(
        "#\n" if not line else f"#{line}\n" if line[:1] in (",", ":") else f"# {line}\n"
        for line in po.header.split("\n")
    )
    entries = [po.metadata_as_entry(), *(e for e in po if not e.obsolete), *po.obsolete_entries()]
    texts: dict[tuple, str] = {}
    parts = []
    for entry in entries:
        key = (
            entry.obsolete, entry.msgctxt, entry.msgid, entry.msgid_plural, tuple(sorted(entry.msgstr_plural.items())),
            entry.msgstr, entry.tcomment, entry.comment, tuple(entry.occurrences), tuple(entry.flags),
            entry.previous_msgctxt, entry.previous_msgid, entry.previous_msgid_plural, po.wrapwidth,
        )  # fmt: skip
        text = texts[key] = _entry_texts.get(key) or entry.__unicode__(po.wrapwidth)
        parts.append(text)
    _entry_texts = texts
    return header + "\n".join(parts)


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


@node
class History(Node):
    """What the translation memory remembers of earlier texts: every sentence id it has seen and
    the edits it recorded, with which `place` follows an outline reference to an edited sentence."""

    ids: dict[str, str]  # sentence id → the text it had: every string the memory knows, by its hash
    edited: dict[str, str]  # earlier text → the text it became, as stale (fuzzy) entries record
    # sentence id → the sources it was in (the entries' occurrences): where a citation led
    homes: dict[str, frozenset[str]] | None = None

    def became(self, text: str, sentences: Iterable[str]) -> str | None:
        """What an earlier sentence became: the edit the memory recorded, or else the closest of
        the sentences it has never seen (text.closest: `_donors` asks the same question)."""
        known = set(self.ids.values())
        return self.edited.get(text) or closest(text, [s for s in sentences if s not in known])


def history(po: polib.POFile) -> History:
    """A sentence's id is the hash of its text, so the memory's msgids (and the previous msgids
    of stale entries) say which ids existed. Comments cannot: gettext drops the extracted
    comments of obsolete entries when the file is written."""
    ids: dict[str, str] = {}
    for entry in po:
        for text in (entry.msgid, entry.previous_msgid):
            if text:
                ids.setdefault(sentence_hash(text), text)
    edited = {e.previous_msgid: e.msgid for e in po if not e.obsolete and is_fuzzy(e) and e.previous_msgid}
    homes: dict[str, set[str]] = {}
    for entry in po:
        for file, _line in entry.occurrences:  # "sources/SLUG/source.txt"
            parts = file.split("/")
            if len(parts) == 3 and parts[2] == "source.txt":
                homes.setdefault(sentence_hash(entry.msgid), set()).add(parts[1])
    return History(ids=ids, edited=edited, homes={sid: frozenset(slugs) for sid, slugs in homes.items()})


# -- syntax ----------------------------------------------------------------------------------------

# A PO line is blank, a comment, a keyword with a C string, or a continuation string. Obsolete
# entries ("#~ ") have the same lines behind their prefix.
_STRING = r'"(?:[^"\\]|\\[\\"abfnrtv?\']|\\[0-7]{1,3}|\\x[0-9A-Fa-f]+)*"'
_KEYWORD_LINE = re.compile(rf"(msgctxt|msgid|msgid_plural|msgstr|msgstr\[\d+\])\s+{_STRING}\s*")
_CONTINUATION = re.compile(rf"{_STRING}\s*")
# What may follow what within an entry (a keyword's continuation lines are checked apart).
_NEXT = {
    None: {"msgctxt", "msgid"},
    "msgctxt": {"msgid"},
    "msgid": {"msgid_plural", "msgstr"},
    "msgid_plural": {"msgstr[]"},
    "msgstr": set(),
    "msgstr[]": {"msgstr[]"},
}


def syntax_error(text: str) -> int | None:
    """The line of the first PO syntax error, or None: a strict reading of the grammar that
    gettext's msgfmt enforces (polib is lenient: `msgid oops` silently becomes "op"), including
    a message defined twice. Fast enough to run on every convert."""
    state: dict[bool, str | None] = {False: None, True: None}  # per section: live, obsolete
    seen: set[tuple[bool, ...] | tuple[object, ...]] = set()
    current: dict[bool, list[str]] = {False: [], True: []}  # msgctxt, msgid being read
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.rstrip("\r")
        obsolete = line.startswith("#~")
        if obsolete:
            line = line[2:].lstrip()
            if line.startswith("|") or not line:  # a previous msgid of an obsolete entry, or nothing
                continue
        elif not line.strip() or line.startswith("#"):
            continue  # gettext reads on across blank lines and comments
        line = line.strip()
        if _CONTINUATION.fullmatch(line):
            if state[obsolete] is None:
                return number
            if state[obsolete] in ("msgctxt", "msgid"):
                current[obsolete][-1] += line
            continue
        found = _KEYWORD_LINE.fullmatch(line)
        if not found:
            return number
        keyword = "msgstr[]" if found.group(1).startswith("msgstr[") else found.group(1)
        previous = state[obsolete]
        if previous in ("msgstr", "msgstr[]") and keyword in ("msgctxt", "msgid"):
            previous = None  # a new entry right after the last one's msgstr
        if keyword not in _NEXT[previous]:
            return number
        if keyword in ("msgctxt", "msgid"):
            if previous is None:
                current[obsolete] = []
            current[obsolete].append(line)
        if keyword in ("msgstr", "msgstr[]") and previous in ("msgid", "msgid_plural"):
            key = (obsolete, *(current[obsolete] + [""])[:2])
            if key in seen:
                return number
            seen.add(key)
        state[obsolete] = keyword
    return None


# -- reading ---------------------------------------------------------------------------------------


class _Unusual(Exception):
    """A form `read_plain` leaves to the full reading (syntax_error, then polib)."""


def read_plain(text: str) -> polib.POFile | None:
    """The PO file as polib.pofile reads it, when it has only the forms convert writes (a header
    of "# " lines, entries with "# ", "#.", "#:", "#," and "#| msgid" comments, msgid and msgstr
    with continuation lines, obsolete "#~" entries), each message once; None for anything else
    (a plural, a context, a syntax error, a message twice …), which the caller reads the full way.

    Why: polib's line-by-line state machine and the strict syntax check before it were the
    largest part of reading the project, about 40 ms of a `briefing convert` of some 250 ms
    (README, "Performance"). This is one pass that does both for the forms above, about four
    times faster, and gives the same entries, field for field (tests/test_translate.py holds it
    to polib on every PO file of the project and its tests, and on each form).
    """
    try:
        return _read_plain(text)
    except _Unusual:
        return None


def _quoted(line: str, start: int) -> str:
    """The value of the C string that runs from `start` to the end of the line, unescaped as
    polib unescapes it; a string msgfmt would refuse, or a line with more after it, is unusual."""
    if len(line) - start < 2 or line[start] != '"' or line[-1] != '"':
        raise _Unusual
    inner = line[start + 1 : -1]
    if "\\" in inner:
        if not _CONTINUATION.fullmatch(line, start):  # (the line ends at the quote: no space after it)
            raise _Unusual
        return polib.unescape(inner)
    if '"' in inner:
        raise _Unusual
    return inner


_OTHER_BREAKS = re.compile("[\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def _read_plain(text: str) -> polib.POFile:
    # States, as polib names them: "st" before the header's msgid, "he" in the header's comments,
    # "c" in an entry's comments, "mi" after a msgid, "ms" after a msgstr, "pm" after "#| msgid".
    po = polib.POFile(wrapwidth=78, encoding="utf-8")
    entries: list[polib.POEntry] = []
    entry = polib.POEntry(linenum=0)
    state, field = "st", ""  # field: what a continuation line adds to
    seen: set[tuple[bool, str]] = set()
    if _OTHER_BREAKS.search(text):
        raise _Unusual  # polib would break lines there too (str.splitlines)
    for number, line in enumerate(text.split("\n"), start=1):
        if not line:
            continue
        if line[-1] in " \t\r":
            raise _Unusual  # polib strips it; msgfmt may not
        obsolete = False
        if line.startswith("#~ "):
            obsolete, line = True, line[3:]
            if not line.startswith(('"', "msgid ", "msgstr ")):
                raise _Unusual
        if line[0] == '"':
            if not field or obsolete != entry.obsolete:
                raise _Unusual
            setattr(entry, field, getattr(entry, field) + _quoted(line, 0))
            continue
        if line[0] == "#":
            if line.startswith('#| "'):
                if field != "previous_msgid":
                    raise _Unusual
                entry.previous_msgid = (entry.previous_msgid or "") + _quoted(line, 3)
                continue
            if state in ("mi", "pm"):
                raise _Unusual  # a comment inside an entry
            if state == "ms":
                entries.append(entry)
                entry, state = polib.POEntry(linenum=number), "c"
            kind = line[:3]
            if line == "#" or line.startswith(("# ", "##")):
                if state in ("st", "he"):
                    po.header += ("\n" if po.header else "") + line[2:]
                    state = "he"
                    continue
                comment = line.lstrip("#")
                entry.tcomment += ("\n" if entry.tcomment else "") + (comment[1:] if comment[:1] == " " else comment)
            elif state in ("st", "he"):
                raise _Unusual  # another comment of the header
            elif kind == "#. ":
                entry.comment += ("\n" if entry.comment else "") + line[3:]
            elif kind == "#: ":
                for occurrence in line[3:].split():
                    file, colon, at = occurrence.rpartition(":")
                    entry.occurrences.append((file, at) if colon and at.isdigit() else (occurrence, ""))
            elif kind == "#, ":
                entry.flags += [flag.strip() for flag in line[3:].split(",")]
            elif line.startswith('#| msgid "'):
                entry.previous_msgid = _quoted(line, 9)
                state, field = "pm", "previous_msgid"
                continue
            else:
                raise _Unusual
            state, field = "c", ""
        elif line.startswith("msgid "):
            if state == "mi":
                raise _Unusual
            if state == "ms":
                entries.append(entry)
                entry = polib.POEntry(linenum=number)
            entry.obsolete = obsolete
            entry.msgid = _quoted(line, 6)
            state, field = "mi", "msgid"
        elif line.startswith("msgstr "):
            if state != "mi" or obsolete != entry.obsolete:
                raise _Unusual
            if (obsolete, entry.msgid) in seen:
                raise _Unusual  # a message twice: syntax_error says where
            seen.add((obsolete, entry.msgid))
            entry.msgstr = _quoted(line, 7)
            state, field = "ms", "msgstr"
        else:
            raise _Unusual
    if state == "ms":
        entries.append(entry)
    elif state in ("mi", "pm", "st"):
        raise _Unusual  # a msgid without msgstr; a file without a header
    # (Trailing comments are dropped, as polib drops them.)
    header = next((e for e in entries if e.msgid == "" and not e.obsolete), None)
    if header is not None:
        entries.remove(header)
        po.metadata_is_fuzzy = header.flags  # type: ignore[assignment]  # what polib itself stores there
        key = None
        for msg in header.msgstr.splitlines():  # as polib reads the metadata
            try:
                key, val = msg.split(":", 1)
                po.metadata[key] = val.strip()
            except (ValueError, KeyError):
                if key is not None:
                    po.metadata[key] += "\n" + msg.strip()
    po.extend(entries)
    return po
