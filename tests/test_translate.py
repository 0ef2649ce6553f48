"""Stage 4: the PO translation memory keeps, stales and retires translations like msgmerge."""

import polib
import pytest

from briefing.model import FUZZY, MISSING, OK, Msg
from briefing.translate import history, is_fuzzy, lookup, parse_po, render_po, sync


def _po(*entries: polib.POEntry) -> polib.POFile:
    po = polib.POFile()
    for entry in entries:
        po.append(entry)
    return po


def _units(*texts):
    return [Msg(vi=t, note=f"s-{i:08x} · body") for i, t in enumerate(texts)]


OLD = _po(
    polib.POEntry(
        msgid="Lai Châu cần quản lý thật tốt đất hiếm.", msgstr="Lai Châu needs to manage rare earths very well."
    ),
    polib.POEntry(msgid="Ba trụ cột.", msgstr="Three pillars."),
    polib.POEntry(msgid="Câu bị xóa hẳn.", msgstr="A sentence deleted for good.", comment="s-0000000a · body"),
)


def test_unchanged_entries_keep_their_translation():
    new = sync(OLD, _units("Ba trụ cột."), "en")
    assert lookup(new)["Ba trụ cột."].state == OK


def test_edited_sentence_inherits_old_english_as_fuzzy():
    edited = "Lai Châu cần quản lý thật tốt nguồn đất hiếm."
    new = sync(OLD, _units(edited, "Ba trụ cột.", "Câu bị xóa hẳn."), "en")
    entry = new.find(edited)
    assert entry.msgstr == "Lai Châu needs to manage rare earths very well."
    assert entry.flags == ["fuzzy"] and entry.previous_msgid == "Lai Châu cần quản lý thật tốt đất hiếm."
    assert lookup(new)[edited].state == FUZZY
    # Exactly that one entry is stale; the old form is not also kept as obsolete.
    assert [e.msgid for e in new if is_fuzzy(e)] == [edited]
    assert [e for e in new if e.obsolete] == []


def test_deleted_sentence_becomes_obsolete_and_can_come_back():
    new = sync(OLD, _units("Ba trụ cột."), "en")
    obsolete = {e.msgid: e.msgstr for e in new if e.obsolete}
    assert obsolete["Câu bị xóa hẳn."] == "A sentence deleted for good."
    back = sync(new, _units("Ba trụ cột.", "Câu bị xóa hẳn."), "en")
    assert lookup(back)["Câu bị xóa hẳn."].state == OK


def test_new_unrelated_sentence_is_missing():
    new = sync(OLD, _units("Một câu hoàn toàn khác về du lịch biên giới."), "en")
    assert lookup(new)["Một câu hoàn toàn khác về du lịch biên giới."].state == MISSING


def test_rendered_po_round_trips_and_is_deterministic():
    new = sync(OLD, _units("Ba trụ cột.", "Câu mới."), "en")
    text = render_po(new)
    assert text == render_po(sync(parse_po(text, "x.po"), _units("Ba trụ cột.", "Câu mới."), "en"))
    assert 'msgid "Câu mới."\nmsgstr ""' in text and '"Language: en\\n"' in text


def test_the_memory_remembers_ids_of_obsolete_entries_once_written_and_read_back():
    from briefing.segment import sentence_hash

    new = parse_po(render_po(sync(OLD, _units("Ba trụ cột."), "en")), "en.po")
    assert "Câu bị xóa hẳn." in [e.msgid for e in new if e.obsolete]
    assert history(new).ids[sentence_hash("Câu bị xóa hẳn.")] == "Câu bị xóa hẳn."


def test_an_edit_undone_restores_the_reviewed_translation():
    original = "Lai Châu cần quản lý thật tốt đất hiếm."
    edited = sync(OLD, _units("Lai Châu cần quản lý thật tốt nguồn đất hiếm.", "Ba trụ cột."), "en")
    back = sync(edited, _units(original, "Ba trụ cột."), "en")
    assert lookup(back)[original].state == OK
    assert back.find(original).msgstr == "Lai Châu needs to manage rare earths very well."


# PO texts and whether gettext accepts them; the lexer must agree with msgfmt on every one.
HEAD = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
SYNTAX = [
    ('msgid "a"\nmsgstr "b"\n', None),
    ('#. note\n#: f.txt:3\n#, fuzzy\n#| msgid "x"\nmsgid "a"\n"b"\nmsgstr ""\n"c"\n', None),
    ('msgctxt "k"\nmsgid "a"\nmsgstr "b"\n\nmsgctxt "j"\nmsgid "a"\nmsgstr "b"\n', None),
    ('msgid "a"\nmsgid_plural "as"\nmsgstr[0] "b"\nmsgstr[1] "bs"\n', None),
    ('msgid "a"\nmsgstr "b"\n\n#~ msgid "old"\n#~ msgstr "cũ"\n', None),
    ('msgid "tab\\tquote\\"back\\\\"\nmsgstr "x"\n', None),
    ('msgid oops\nmsgstr "b"\n', 5),
    ('msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n', 9),
    ('msgid "a\nmsgstr "b"\n', 5),
    ('msgstr "b"\n', 5),
    ('msgid "a"\n"b\n', 6),
    ('msgid "a"\n\nmsgstr "b"\n', None),
    ('msgid "a"\n\nmsgid "b"\nmsgstr "c"\n', 7),
    ('msgid "a"\nmsgstr "b"\nmsgstr "c"\n', 7),
]


@pytest.mark.parametrize("body, line", SYNTAX)
def test_po_syntax_lexer_agrees_with_msgfmt(body, line):
    import shutil
    import subprocess

    from briefing.translate import syntax_error

    text = HEAD + body
    assert syntax_error(text) == line
    run = subprocess.run([shutil.which("msgfmt"), "-o", "/dev/null", "-"], input=text.encode(), capture_output=True)
    assert (run.returncode == 0) == (line is None), run.stderr


def test_the_project_po_files_are_valid_po():
    from briefing.translate import syntax_error
    from support import REPO

    for path in [REPO / "translations" / "en.po", *REPO.glob("tests/**/*.po")]:
        assert syntax_error(path.read_text(encoding="utf-8")) is None, path


def test_an_excerpt_that_is_most_of_its_sentence_keeps_its_own_edit():
    """The sentence and an excerpt of nearly all of it are edited alike: each new string is
    staled from its own old form, so the memory's record of the sentence's edit (how outline
    references follow it) names the old sentence, not the excerpt."""
    sentence = "Tại hội nghị, Phó Thủ tướng nói Lai Châu cần quản lý thật tốt đất hiếm và chế biến sâu."
    excerpt = "Lai Châu cần quản lý thật tốt đất hiếm và chế biến sâu"
    old = _po(
        polib.POEntry(msgid=sentence, msgstr="At the conference …", occurrences=[("src/source.txt", "2")]),
        polib.POEntry(msgid=excerpt, msgstr="Lai Châu needed to manage …"),
    )
    new_sentence, new_excerpt = (text.replace("thật tốt", "thật chặt") for text in (sentence, excerpt))
    units = [Msg(vi=new_sentence, note="s-00000001 · body", occurrence=("src/source.txt", 2)), Msg(vi=new_excerpt)]
    new = sync(old, units, "en")
    assert new.find(new_sentence).previous_msgid == sentence
    assert new.find(new_excerpt).previous_msgid == excerpt


def test_a_string_in_use_until_now_is_the_donor_before_an_older_retired_form():
    """An editorial string edited again: its English comes from the form in use until now, not
    from an older form kept as obsolete (which may read like the new one as closely)."""
    older, current = "Quy hoạch được phê duyệt năm 2023", "Quy hoạch được phê duyệt năm 2023, có phạm vi toàn tỉnh."
    old = _po(
        polib.POEntry(msgid=older, msgstr="The plan was approved in 2023.", obsolete=True),
        polib.POEntry(msgid=current, msgstr="The plan, approved in 2023, covers the whole province."),
    )
    edited = current.replace("toàn tỉnh", "toàn bộ tỉnh")
    new = sync(old, [Msg(vi=edited)], "en")
    assert new.find(edited).previous_msgid == current
    assert new.find(edited).msgstr == "The plan, approved in 2023, covers the whole province."


# -- the quick reader (translate.read_plain) reads as polib reads ------------------------------------

# Forms beyond SYNTAX's: what convert writes and what an editor's tool may leave.
FORMS = [
    # A header of comments, one of them empty; an entry of every comment a written file has.
    "# Memory.\n#\n# Second line.\n" + HEAD + "# checked: numbers\n#. s-1 · body\n#: a/source.txt:3 b/source.txt:12\n"
    '#, fuzzy, python-brace-format\n#| msgid "old "\n#| "text"\nmsgid ""\n"new "\n"text"\nmsgstr "Văn bản"\n',
    # An entry right after the one before, without a blank line or comments; "##" and "#" comments.
    HEAD + 'msgid "a"\nmsgstr "b"\nmsgid "c"\nmsgstr "d"\n##double\n#\n# after an empty one\nmsgid "e"\nmsgstr ""\n',
    # Occurrences without a line, or with a colon of their own; escapes polib undoes and one it keeps.
    HEAD + '#: README nowhere: :12 c:d:7\nmsgid "x\\ny\\t\\"q\\"\\\\"\nmsgstr "\\a bell"\n',
    # Obsolete entries with their comments, and trailing comments (polib drops them).
    HEAD + 'msgid "a"\nmsgstr "b"\n\n# kept\n#. s-2 · body\n#~ msgid ""\n#~ "gone "\n#~ "sentence"\n'
    '#~ msgstr "Đã bỏ"\n\n# tail\n',
    # No header; no newline at the end.
    'msgid "a"\nmsgstr "b"',
    # Forms left to polib: CR line ends, a trailing space, a BOM, a line separator inside a string,
    # a flag line with no space, a comment inside an entry, a msgid twice, a plural.
    HEAD.replace("\n", "\r\n") + 'msgid "a"\r\nmsgstr "b"\r\n',
    HEAD + 'msgid "a" \nmsgstr "b"\n',
    "\ufeff" + HEAD + 'msgid "a"\nmsgstr "b"\n',
    HEAD + 'msgid "a\u2028b"\nmsgstr "c"\n',
    HEAD + '#,fuzzy\nmsgid "a"\nmsgstr "b"\n',
    HEAD + 'msgid "a"\n# between\nmsgstr "b"\n',
    HEAD + 'msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n',
]


def _as_read(po: polib.POFile) -> tuple:
    """Everything a POFile holds, its entries' every field included, and its text."""
    return (vars(po), [vars(e) for e in po], str(po))


def _po_texts() -> list[tuple[str, str]]:
    from support import REPO

    files = [REPO / "translations" / "en.po", *sorted(REPO.glob("tests/**/*.po"))]
    return [
        *((path.relative_to(REPO).as_posix(), path.read_text(encoding="utf-8")) for path in files),
        *((f"SYNTAX[{i}]", HEAD + body) for i, (body, _line) in enumerate(SYNTAX)),
        *((f"FORMS[{i}]", text) for i, text in enumerate(FORMS)),
    ]


PO_TEXTS = _po_texts()


@pytest.mark.parametrize("name, text", PO_TEXTS, ids=[name for name, _ in PO_TEXTS])
def test_the_quick_reader_reads_what_polib_reads_or_leaves_it_to_polib(name, text):
    """What read_plain reads, it reads as polib.pofile does, every field of every entry (the
    line an entry starts on included: checks report it), and only files the grammar accepts;
    the rest it declines, for syntax_error and polib to read as before."""
    from briefing.translate import read_plain, syntax_error

    quick = read_plain(text)
    if quick is not None:
        assert syntax_error(text) is None
        assert _as_read(quick) == _as_read(polib.pofile(text, wrapwidth=78, encoding="utf-8"))


def test_the_quick_reader_reads_every_file_convert_writes():
    """The project's memory, the tests' memories and what `render_po` writes, with every kind of
    entry sync makes (fuzzy with its previous text, obsolete), take the quick way: declined, the
    memory would still be read right, by polib, but some 30 ms slower on every command."""
    from briefing.translate import read_plain
    from support import REPO

    written = render_po(sync(OLD, _units("Lai Châu cần quản lý thật tốt nguồn đất hiếm.", "Ba trụ cột.", "Mới."), "en"))
    assert "#| msgid" in written and "#~ msgid" in written and "#, fuzzy" in written
    memories = [REPO / "translations" / "en.po", *REPO.glob("tests/**/*.po")]
    for text in [written, *(path.read_text(encoding="utf-8") for path in memories)]:
        assert read_plain(text) is not None
    for i in range(5):  # FORMS' first five are plain forms
        assert read_plain(FORMS[i]) is not None, i


def _read_by_polib(text: str) -> bool:
    try:
        polib.pofile(text, wrapwidth=78, encoding="utf-8")
    except (OSError, KeyError):
        return False
    return True


POLIB_READS = [(name, text) for name, text in PO_TEXTS if _read_by_polib(text)]


@pytest.mark.parametrize("name, text", POLIB_READS, ids=[name for name, _ in POLIB_READS])
def test_the_po_file_is_written_as_polib_writes_it(name, text):
    """render_po keeps each entry's text for the next save (translate._po_text): the file is
    polib's, byte for byte, written afresh, written again, and after an entry changes."""
    from briefing.translate import _po_text

    po = polib.pofile(text, wrapwidth=78, encoding="utf-8")
    assert _po_text(po) == str(po)
    assert _po_text(po) == str(po)
    entries = list(po)
    if entries:
        entries[0].msgstr += " (edited)"
        entries[-1].flags = [*entries[-1].flags, "fuzzy"]
    po.append(polib.POEntry(msgid="Mới.", msgstr="New.", occurrences=[("a/source.txt", "3")]))
    assert _po_text(po) == str(po)
