"""Bad and awkward input: each case works, or fails with one clear message and changes nothing.

The sources are files in tests/corpus/ (the over-long line is generated here instead of being
committed). A failure must name the file (and line or byte offset), exit non-zero, print no
traceback, and leave docs/, sources/ and the PO file byte-identical.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import polib
import pytest
import yaml

from briefing.writers.markdown import escape
from htmlpage import read
from support import REPO, run_briefing, snapshot

CORPUS = REPO / "tests" / "corpus"
SLUG = "new-source"
TITLE = "Bài thử"  # the corpus texts have no title line: the editor gives one

# file → the error message's exact first line ({path} is the file given to add-source).
REFUSED = {
    "windows-1258.txt": "error: {path}:1: not valid UTF-8 (byte 0xD0 at byte offset 26).",
    "binary.txt": "error: {path}:3: this looks like binary data, not text (NUL byte at byte offset 8).",
    "empty.txt": "error: {path}: this source has no text at all.",
    "whitespace.txt": "error: {path}: this source has no text at all.",
}
ACCEPTED = ("bom.txt", "crlf.txt", "nfd.txt", "markup.txt")


def test_the_corpus_is_complete():
    assert sorted(p.name for p in CORPUS.iterdir()) == sorted([*REFUSED, *ACCEPTED])


def unchanged_after(project: Path, *args: str):
    before = snapshot(project)
    run = run_briefing(project, *args)
    assert snapshot(project) == before, "a failing command changed files"
    assert "Traceback" not in run.stderr + run.stdout
    return run


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_refused_sources(project: Path, name: str):
    path = CORPUS / name
    run = unchanged_after(project, "add-source", str(path), "--slug", SLUG)
    assert run.returncode == 3
    assert run.stderr.splitlines()[0] == REFUSED[name].format(path=path)


def test_windows_1258_gets_the_iconv_command(project: Path):
    path = CORPUS / "windows-1258.txt"
    run = unchanged_after(project, "add-source", str(path), "--slug", SLUG)
    assert run.stderr.splitlines()[1] == (
        f"  If it was saved as Vietnamese Windows text, convert it first: "
        f"iconv -f WINDOWS-1258 -t UTF-8 '{path}' > converted.txt"
    )


@pytest.mark.parametrize("name", ACCEPTED)
def test_accepted_sources_are_stored_as_nfc_utf8_and_shown(project: Path, name: str):
    run = run_briefing(project, "add-source", str(CORPUS / name), "--slug", SLUG, "--title", TITLE)
    assert run.returncode == 0, run.stderr
    stored = (project / "sources" / SLUG / "source.txt").read_bytes()
    text = stored.decode("utf-8")
    assert not stored.startswith(b"\xef\xbb\xbf") and b"\r" not in stored
    assert text == unicodedata.normalize("NFC", text)
    assert run_briefing(project, "convert").returncode == 0
    page = (project / "docs" / "sources" / f"{SLUG}.vi.md").read_text(encoding="utf-8")
    for line in text.splitlines():
        words = line.removesuffix(" |").split()[:3]
        assert escape(" ".join(words)) in page, line


def test_an_extremely_long_line_works(project: Path, tmp_path: Path):
    sentences = [f"Câu thứ {n} nói về du lịch Lai Châu." for n in range(1, 5001)]
    path = tmp_path / "long.txt"
    path.write_text(" ".join(sentences) + "\n", encoding="utf-8")
    assert len(path.read_bytes()) > 150_000
    assert run_briefing(project, "add-source", str(path), "--slug", SLUG, "--title", TITLE).returncode == 0
    assert run_briefing(project, "convert").returncode == 0
    page = (project / "docs" / "sources" / f"{SLUG}.vi.md").read_text(encoding="utf-8")
    assert page.count('class="bi-row') == 5000 and escape(sentences[-1]) in page


def test_markup_in_a_source_stays_text_on_the_built_site(project: Path):
    assert (
        run_briefing(project, "add-source", str(CORPUS / "markup.txt"), "--slug", SLUG, "--title", TITLE).returncode
        == 0
    )
    run = run_briefing(project, "build")
    assert run.returncode == 0, run.stderr
    built = project / "site" / "sources" / SLUG / "index.html"
    raw, page = built.read_text(encoding="utf-8"), read(built)
    for literal in (
        '<script>alert("x")</script>',
        "<img src=x onerror=alert(1)>",
        "[bấm vào](javascript:alert(1))",
        "![x](https://evil.example/x.png)",
        "{{ config.site_name }}",
        '{% include "x.html" %}',
        '--8<-- "/etc/passwd"',
        '<div markdown="1">**đậm**</div>',
    ):
        assert literal in page.text, literal
    assert not [a for tag, a in page.tags if tag == "img" and "evil" in a.get("src", "")]
    assert not [a for tag, a in page.tags if tag == "a" and a.get("href", "").startswith("javascript")]
    assert "<script>alert" not in raw and "<img src=x" not in raw and "<strong>đậm</strong>" not in raw
    assert "root:x:0" not in raw and "Lai Châu: Quy hoạch 2021–2030 và" not in raw


def test_outline_naming_a_missing_sentence(project: Path):
    outline = project / "outline.yml"
    text = outline.read_text(encoding="utf-8")
    outline.write_text(text.replace("sentences: [s-015b9afc]", "sentences: [s-deadbeef]"), encoding="utf-8")
    line = text.splitlines().index("          - sentences: [s-015b9afc]") + 1
    run = unchanged_after(project, "convert")
    assert run.returncode == 3
    assert run.stderr.splitlines() == [
        f"error: outline.yml:{line}: sentence s-deadbeef does not exist in any source.",
        "  `briefing status --ids` lists every sentence with its id.",
    ]


def test_a_box_id_that_is_not_a_slug(project: Path):
    """A box's anchor goes into every page's address bar: a slug, or a clear error at its line."""
    outline = project / "outline.yml"
    text = outline.read_text(encoding="utf-8")
    outline.write_text(text.replace("id: dong-pao\n", "id: Mỏ Đông Pao\n", 1), encoding="utf-8")
    line = text.splitlines().index("              id: dong-pao") + 1
    run = unchanged_after(project, "convert")
    assert run.returncode == 3
    assert run.stderr.splitlines()[0] == (
        f"error: outline.yml:{line}: a box's id 'Mỏ Đông Pao' is not a slug like 'dong-pao'."
    )


def test_po_file_with_a_syntax_error(project: Path):
    po = project / "translations" / "en.po"
    text = po.read_text(encoding="utf-8")
    po.write_text(text + "\nmsgid oops\n", encoding="utf-8")
    line = len(text.splitlines()) + 2
    run = unchanged_after(project, "convert")
    assert run.returncode == 3
    assert run.stderr.splitlines()[0] == f'error: translations/en.po:{line}: PO syntax error: keyword "oops" unknown'


def test_translation_that_drops_a_number(project: Path):
    path = project / "translations" / "en.po"
    po = polib.pofile(str(path))
    entry = po.find(
        "Đến năm 2050, Lai Châu là tỉnh phát triển xanh, bền vững, văn minh, giàu bản sắc văn hóa, "
        "phát triển toàn diện; kết cấu hạ tầng nông thôn được hiện đại hóa, đạt đầy đủ các tiêu chí "
        "của nông thôn mới."
    )
    entry.msgstr = entry.msgstr.replace("By 2050, ", "In future, ")
    po.save(str(path))
    assert run_briefing(project, "convert").returncode == 0
    assert run_briefing(project, "check").returncode == 0  # a translator's work, not a fault…
    run = run_briefing(project, "check", "--complete")
    assert run.returncode == 1  # …that a finished edition may not have
    failures = [line for line in run.stdout.splitlines() if "pofilter" in line and "FAIL" not in line]
    assert len(failures) == 1
    assert (
        "translations/en.po:" in failures[0] and "pofilter numbers: Different numbers in “Đến năm 2050" in failures[0]
    )


def test_a_source_with_a_minimal_meta_file(project: Path, tmp_path: Path):
    """meta.yml needs only a title (and, beside another source, a citation letter); missing optional
    fields must not reach the PO file."""
    assert (
        run_briefing(project, "add-source", str(CORPUS / "bom.txt"), "--slug", SLUG, "--title", TITLE).returncode == 0
    )
    # With a second source, its citation letter is needed too (the one add-source gave it).
    meta = project / "sources" / SLUG / "meta.yml"
    letter = yaml.safe_load(meta.read_text(encoding="utf-8"))["cite_as"]
    meta.write_text(f"title: Chỉ có tiêu đề\ncite_as: {letter}\n", encoding="utf-8")
    run = run_briefing(project, "convert")
    assert run.returncode == 0, run.stderr
    po = polib.pofile(str(project / "translations" / "en.po"))
    assert [e for e in po if e.msgid == ""] == []


@pytest.mark.parametrize(
    "name, text, message",
    [
        (
            "translations/glossary.yml",
            "- vi: đất hiếm\n  en: [rare earth\n",
            "error: translations/glossary.yml:3: not valid YAML:",
        ),
        (
            "translations/glossary.yml",
            "đất hiếm: rare earth\n",
            "error: translations/glossary.yml: the glossary is a list of entries",
        ),
        (
            "sources/lai-chau-plan-announcement/meta.yml",
            "title: [x\n",
            "error: sources/lai-chau-plan-announcement/meta.yml:2: not valid YAML:",
        ),
        ("mkdocs.yml", "nav: [index.md\n", "error: mkdocs.yml:2: not valid YAML:"),
    ],
)
def test_broken_yaml_files(project: Path, name: str, text: str, message: str):
    (project / name).write_text(text, encoding="utf-8")
    run = unchanged_after(project, "convert")
    assert run.returncode == 3 and run.stderr.startswith(message), run.stderr
