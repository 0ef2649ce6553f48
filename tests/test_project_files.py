"""Faults in the files an editor touches: each gets one clear error naming file and line.

Every case edits one file of a scratch project (replacing a piece of text), runs `briefing
convert`, and expects exit 3, the exact first line of the message, no traceback and no file
changed. `{line}` in a message is the line where the replacement text begins.
"""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

from support import run_briefing, snapshot

META = "sources/lai-chau-plan-announcement/meta.yml"
GLOSSARY = "translations/glossary.yml"
OUTLINE = "outline.yml"
PO = "translations/en.po"
MKDOCS = "mkdocs.yml"
BASEMAP = "maps/region.json"

# The seed's `known` list, as meta.yml writes it.
KNOWN = (
    "known:\n  - văn bản được lưu đúng nguyên văn, giống hệt tệp nhận được.\n"
    "  - Báo Đắk Nông đăng văn bản này, đúng từng chữ như bản lưu,"
    " tại địa chỉ web dẫn kèm tên báo ở trên.\n"
)
# The seed's meta.yml ends with this line.
LAST = "  - nội dung bức ảnh đi kèm chú thích trong bài.\n"
FAULTS = [
    # meta.yml
    # (context facts appended after the last line of the seed's meta.yml)
    (
        META,
        LAST,
        LAST + "context:\n  - text: Hội nghị.\n    citation: SGGP\n    url: https://example.org/a\n",
        "error: {file}:{line+3}: unknown key 'citation' in a context fact.",
    ),
    (
        META,
        LAST,
        LAST + "context:\n  - txt: Hội nghị.\n    cite: SGGP\n    url: https://example.org/a\n",
        "error: {file}:{line+2}: unknown key 'txt' in a context fact.",
    ),
    (META, "title: Lai Châu", "titel: Lai Châu", "error: {file}:{line}: unknown key 'titel' in a source's meta.yml."),
    (
        META,
        "known:\n  - văn bản",
        "knwon:\n  - văn bản",
        "error: {file}:{line}: unknown key 'knwon' in a source's meta.yml.",
    ),
    (
        META,
        KNOWN,
        "known: 5\n",
        "error: {file}:{line}: 'known' should be a list of texts.",
    ),
    (
        META,
        "unknown:\n  - ngày đăng bài",
        "unknown:\n  - 7\n  - ngày đăng bài",
        "error: {file}:{line}: each item of 'unknown' in a source's meta.yml should be non-empty text, not 7.",
    ),
    (
        META,
        "cite_as: A",
        "cite_as: NO",
        "error: {file}:{line}: 'cite_as' in a source's meta.yml should be non-empty text, not false.",
    ),
    (
        META,
        "sha256: 3abc",
        "sha256: 3ABC",
        "error: {file}:{line}: 'sha256' should be 64 lowercase hexadecimal digits (sha256sum prints it).",
    ),
    (
        META,
        LAST,
        LAST + "context: SGGP\nx_context:\n",
        "error: {file}:{line+2}: unknown key 'x_context' in a source's meta.yml.",
    ),
    (
        META,
        LAST,
        LAST + "context:\n  - text: Hội nghị.\n    cite:\n    url: https://example.org/a\n",
        "error: {file}:{line+3}: 'cite' in a context fact should be non-empty text, not empty.",
    ),
    (
        META,
        "title: Lai Châu tránh khai thác tuỳ tiện, xuất khẩu thô đất hiếm\n",
        "",
        "error: {file}:2: 'title' is missing in a source's meta.yml.",
    ),
    # glossary.yml
    (
        GLOSSARY,
        '  en: "provincial plan"',
        '  en: ["provincial plan"]',
        "error: {file}:{line}: 'en' in a glossary entry should be non-empty text, not a list.",
    ),
    (
        GLOSSARY,
        '  definition: "Quy hoạch cho toàn bộ',
        '  defintion: "Quy hoạch cho toàn bộ',
        "error: {file}:{line}: unknown key 'defintion' in a glossary entry.",
    ),
    (
        GLOSSARY,
        '- vi: "quy hoạch vùng"',
        '- vi: "quy hoạch tỉnh"',
        "error: {file}:{line}: “quy hoạch tỉnh” is listed twice (first at line {first}).",
    ),
    (
        GLOSSARY,
        '- vi: "quy hoạch tỉnh"\n  en: "provincial plan"\n',
        '- vi: "quy hoạch tỉnh"\n',
        "error: {file}:{line}: 'en' is missing in a glossary entry.",
    ),
    # outline.yml
    (
        OUTLINE,
        "  - file: plan\n    title:",
        "  - file: plan\n    titel:",
        "error: {file}:{line+1}: unknown key 'titel' in a page.",
    ),
    (OUTLINE, "  pending: Đang chờ dịch\n", "", "error: {file}:{labels}: labels lack pending."),
    (
        OUTLINE,
        "          site_only: true\n",
        "          site_only: yes please\n",
        "error: {file}:{line}: 'site_only' should be true or false, not 'yes please'.",
    ),
    (
        OUTLINE,
        "            - label: Ngày hội nghị\n              print_only: true\n",
        "            - label: Ngày hội nghị\n              print_only: true\n              site_only: true\n",
        "error: {file}:{line}: a key-facts row is `site_only` or `print_only`, not both: it would be nowhere.",
    ),
    (
        OUTLINE,
        "          - prose:\n              text: Các nguồn khác có đề cập một số điểm nêu trên; "
        "xem các phần Đất hiếm và Quy hoạch tỉnh.\n              links: [rare-earths, plan]\n",
        "          - prose:\n              text: Các nguồn khác có đề cập một số điểm nêu trên; "
        "xem các phần Đất hiếm và Quy hoạch tỉnh.\n              links: [rare-earth, plan]\n",
        "error: {file}:{line}: a prose block links to page 'rare-earth', which the outline does not define.",
    ),
    (
        OUTLINE,
        "          aside: true\n",
        "          aside: maybe\n",
        "error: {file}:{line}: 'aside' should be true or false, not 'maybe'.",
    ),
    (
        OUTLINE,
        "Ngày 7/12/2023: Quyết định số 1585",
        "Quyết định số 1585",
        "error: {file}:{line}: a fact of a box of dates ('dates: true') opens with its date, then ': ', "
        "not 'Quyết định số 1585/QĐ-TTg phê duyệt quy …'.",
    ),
    (
        OUTLINE,
        'diễn biến đầu năm 2026"\n          site_only',
        'diễn biến đầu năm 2026"\n          site_onyl',
        "error: {file}:{line+1}: unknown key 'site_onyl' in background.",
    ),
    (
        OUTLINE,
        "  pending: Đang chờ dịch\n",
        "  pending: Đang chờ dịch\n  pendng: x\n",
        "error: {file}:{line+1}: unknown key 'pendng' in labels.",
    ),
    (
        OUTLINE,
        "      - glossary: true",
        "      - glossary: 1",
        "error: {file}:{line}: 'glossary' takes no settings: write `- glossary: true`.",
    ),
    (
        OUTLINE,
        "              kind: bars",
        "              kind: columns",
        "error: {file}:{line}: unknown figure kind 'columns': timeline, bars or map.",
    ),
    (
        OUTLINE,
        "                - {label: Nga, value: 3.8}\n",
        "                - {label: Nga, value: '3.8'}\n",
        "error: {file}:{line}: 'value' should be a number, not '3.8'.",
    ),
    # en.po
    (
        PO,
        'msgid "Ảnh minh họa"',
        'msgid "Ảnh minh họa\\q"',
        "error: {file}:{line}: PO syntax error: invalid control sequence",
    ),
    (
        PO,
        'msgid "Ảnh minh họa"\nmsgstr "Illustrative photo"\n',
        'msgid "Ảnh minh họa"\nmsgstr "Illustrative photo"\n\nmsgid "Ảnh minh họa"\nmsgstr "Photo"\n',
        "error: {file}:{line+3}: PO syntax error: duplicate message definition...",
    ),
    # mkdocs.yml
    (
        MKDOCS,
        "  - index.md\n",
        "  - Home: index.md\n",
        "error: {file}:{line-1}: `nav` should list page files like `plan.md`, or sections of them like "
        "`- Nguồn: [sources/index.md, …]` (page titles come from each page's front matter, per language).",
    ),
    (
        MKDOCS,
        "  - plan.md\n",
        "",
        "error: {file}: nav does not list the pages the briefing has: add `- plan.md` to nav.",
    ),
    (
        MKDOCS,
        "        - locale: en",
        "        - locale: fr",
        "error: {file}:{i18n}: the i18n plugin's languages should be 'vi' and 'en', with 'vi' the default.",
    ),
    (
        MKDOCS,
        "\nplugins:\n",
        "\nplugins: 7\nnot_plugins:\n",
        "error: {file}:{line+1}: 'plugins' should be a list of plugins (names, or mappings of a name to its settings).",
    ),
    (
        MKDOCS,
        "        - locale: en",
        "        - locale: [en]",
        "error: {file}:{line}: 'locale' in an i18n language should be non-empty text, not a list.",
    ),
    (
        MKDOCS,
        "      languages:\n",
        "      languages: vi, en\n      not_languages:\n",
        "error: {file}:{line}: 'languages' should be a list of languages, each a mapping with locale (and default).",
    ),
    # maps/region.json (generated by scripts/basemap.py, but a file of the project all the same)
    (
        BASEMAP,
        '"about":',
        "about:",
        "error: {file}:{line}: not valid JSON: Expecting property name enclosed in double quotes.",
    ),
    (
        BASEMAP,
        '"borders": [',
        '"borders": 5, "x": [',
        "error: {file}:{line}: 'borders' should be a list of lines, lists of [lon, lat] points.",
    ),
    (
        BASEMAP,
        '"frame": [101.0,',
        '"frame": [',
        "error: {file}:{line}: 'frame' should be four numbers: west, south, east, north, in degrees.",
    ),
    (
        OUTLINE,
        "home: Vietnam",
        "home: Viet Nam",
        "error: {file}:{line}: the map's 'home' is 'Viet Nam': maps/region.json has China, Laos, Vietnam.",
    ),
]


def _line(text: str, piece: str) -> int:
    return text[: text.index(piece)].count("\n") + 1


@pytest.mark.parametrize("name, old, new, message", FAULTS, ids=[f"{f[0]}:{f[2][:30]}" for f in FAULTS])
def test_a_fault_is_one_clear_error_and_changes_nothing(project: Path, name: str, old: str, new: str, message: str):
    path = project / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1, f"{old!r} is not in {name}"
    changed = text.replace(old, new, 1)
    path.write_text(changed, encoding="utf-8")
    line = _line(text, old)  # where the replacement begins
    where = {"file": name, "line": line, "line-1": line - 1, "line+1": line + 1, "line+2": line + 2, "line+3": line + 3}
    if "{first}" in message:
        where["first"] = _line(text, '- vi: "quy hoạch tỉnh"')
    if "{labels}" in message:
        where["labels"] = _line(text, "labels:\n") + 1
    if "{i18n}" in message:
        where["i18n"] = _line(changed, "  - i18n:") + 1
    before = snapshot(project)
    run = run_briefing(project, "convert")
    assert run.returncode == 3, run.stderr
    assert "Traceback" not in run.stderr + run.stdout
    expected = message.format(**where)
    first = run.stderr.splitlines()[0]
    if expected.endswith("..."):
        assert first.startswith(expected.removesuffix("...")), first
    else:
        assert first == expected
    assert snapshot(project) == before


def test_known_written_as_one_string_is_one_item(project: Path):
    """A list where one string is natural takes the string as one item (not one per character)."""
    path = project / META
    text = path.read_text(encoding="utf-8")
    one = "known: văn bản được lưu đúng nguyên văn, giống hệt tệp nhận được.\n"
    path.write_text(
        text.replace(
            KNOWN,
            one,
        ),
        encoding="utf-8",
    )
    run = run_briefing(project, "convert")
    assert run.returncode == 0, run.stderr
    po = polib.pofile(str(project / PO))
    assert [e.msgid for e in po if len(e.msgid) == 1] == []
    assert po.find("văn bản được lưu đúng nguyên văn, giống hệt tệp nhận được.") is not None
