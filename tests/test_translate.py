"""Stage 4: the PO translation memory keeps, stales and retires translations like msgmerge."""

import polib

from briefing.model import FUZZY, MISSING, OK, Msg
from briefing.translate import ids_seen, lookup, parse_po, render_po, sync


def _po(*entries: polib.POEntry) -> polib.POFile:
    po = polib.POFile()
    for entry in entries:
        po.append(entry)
    return po


def _units(*texts):
    return [Msg(t, f"s-{i:08x} · body") for i, t in enumerate(texts)]


OLD = _po(
    polib.POEntry(msgid="Lai Châu cần quản lý thật tốt đất hiếm.", msgstr="Lai Châu needs to manage rare earths very well."),
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
    assert [e.msgid for e in new if "fuzzy" in e.flags] == [edited]
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


def test_ids_seen_remembers_ids_of_obsolete_entries():
    new = sync(OLD, _units("Ba trụ cột."), "en")
    assert ids_seen(new)["s-0000000a"] == "Câu bị xóa hẳn."


def test_an_edit_undone_restores_the_reviewed_translation():
    original = "Lai Châu cần quản lý thật tốt đất hiếm."
    edited = sync(OLD, _units("Lai Châu cần quản lý thật tốt nguồn đất hiếm.", "Ba trụ cột."), "en")
    back = sync(edited, _units(original, "Ba trụ cột."), "en")
    assert lookup(back)[original].state == OK
    assert back.find(original).msgstr == "Lai Châu needs to manage rare earths very well."
