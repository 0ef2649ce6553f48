"""The editing workflow on a scratch copy of the project: a second source, drift, atomic writes."""

from __future__ import annotations

import html
import os
import re
from pathlib import Path

import polib
import pytest

from briefing import project as project_mod
from briefing.config import Project
from briefing.ingest import decode, parse
from briefing.project import load_outline
from briefing.segment import segment
from briefing.translate import is_fuzzy
from briefing.writers.markdown import escape
from support import PROJECT, REPO, run_briefing, snapshot

FIXTURES = REPO / "tests" / "fixtures"
SECOND = FIXTURES / "second-article.txt"
SLUG = "lai-chau-tourism-investment"
SEED = "sources/lai-chau-plan-announcement/source.txt"


def second_segments():
    return segment(SLUG, parse(decode(SECOND.read_bytes(), "x"), "x"))


def add_second(project: Path) -> None:
    run = run_briefing(project, "add-source", str(SECOND), "--slug", SLUG)
    assert run.returncode == 0, run.stderr
    run = run_briefing(project, "convert")
    assert run.returncode == 0, run.stderr


def page(project: Path, name: str) -> str:
    return (project / "docs" / name).read_text(encoding="utf-8")


def _section(page_text: str, section: str) -> str:
    """The Markdown of one section of a page (from its heading to the next)."""
    return page_text.split(f"{{#{section}}}", 1)[1].split("\n## ", 1)[0]


def test_second_source_every_sentence_on_the_vietnamese_pages(project: Path):
    add_second(project)
    source_page = page(project, f"sources/{SLUG}.vi.md")
    for seg in second_segments():
        assert f'id="{seg.id}"' in source_page
    rare = page(project, "rare-earths.vi.md")
    pillars = page(project, "pillars.vi.md")
    own = f"from-{SLUG}"  # the part of a page that belongs to the new source
    for seg in second_segments():
        text = escape(seg.text)
        if seg.kind not in ("body", "caption"):
            continue
        if "đất hiếm" in seg.text:
            assert text in _section(rare, own), seg.text
        elif "du lịch" in seg.text or "Du khách" in seg.text:
            assert text in _section(pillars, own), seg.text
    assert escape("Về nông nghiệp, tỉnh mở rộng vùng chè và mắc ca hữu cơ.") in _section(pillars, own)
    # Never inside a section an editor wrote around the seed's statements.
    for name, sections in (("rare-earths.vi.md", ["deputy-pm"]), ("pillars.vi.md", ["services", "industry"])):
        for section in sections:
            assert all(escape(seg.text) not in _section(page(project, name), section) for seg in second_segments())
    # No rule matches these: they are on the source page only.
    for text in ("Tổng vốn đầu tư đăng ký đạt 168 nghìn tỷ đồng.",):
        assert escape(text) in source_page
        assert all(
            escape(text) not in page(project, p)
            for p in ("index.vi.md", "plan.vi.md", "pillars.vi.md", "rare-earths.vi.md")
        )


MISSING = re.compile(r"missing translation \(.*?\): “(.*)”$", re.MULTILINE)


def test_second_source_is_pending_in_english_until_translated(project: Path):
    pending = set(MISSING.findall(run_briefing(project, "check").stdout))  # (any the project has already)
    add_second(project)
    english = page(project, "rare-earths.en.md")
    assert "Translation pending" in english and '<span class="pending" lang="vi">' in english
    assert '!!! warning "Translation pending"' in english

    assert run_briefing(project, "check").returncode == 0  # translations pending: work, not a fault
    run = run_briefing(project, "check", "--complete")
    assert run.returncode == 1
    missing = set(MISSING.findall(run.stdout)) - pending
    # Every sentence of the new source is pending, and so is what add-source wrote of its kind.
    new_source = load_outline(Project(project)).new_source
    assert missing == ({seg.text for seg in second_segments()} | {new_source["kind"]}) - pending

    po_path = project / "translations" / "en.po"
    po = polib.pofile(str(po_path))
    for done in polib.pofile(str(FIXTURES / "second-article.en.po")):
        entry = po.find(done.msgid)
        entry.msgstr, entry.tcomment = done.msgstr, done.tcomment
    po.save(str(po_path))
    assert run_briefing(project, "convert").returncode == 0
    run = run_briefing(project, "check")
    assert run.returncode == 0, run.stdout
    english = page(project, "rare-earths.en.md")
    assert not any(f'<span class="pending" lang="vi">{escape(seg.text)}' in english for seg in second_segments())
    assert "“We will no longer sell raw rare earths,” he said." in english


def test_an_edit_that_would_drop_an_excerpt_stops_convert_until_the_outline_follows(project: Path):
    """Editing the key sentence so that two excerpts of it are no longer verbatim: convert writes
    nothing and names each excerpt, its page and the fix; once the outline follows, the edit
    stales exactly that sentence's English."""
    source = project / SEED
    before = polib.pofile(str(project / "translations" / "en.po"))
    # The sentence, and each excerpt of it the outline quotes that holds the edited words.
    # (an excerpt quoted in two places is one entry of the memory)
    lines = (project / "outline.yml").read_text("utf-8").splitlines()
    quoting = 1 + len({line.strip() for line in lines if "quản lý thật tốt" in line})
    old = "Lai Châu cần quản lý thật tốt"
    source.write_text(
        source.read_text(encoding="utf-8").replace(old, "Lai Châu cần quản lý thật chặt"), encoding="utf-8"
    )
    untouched = snapshot(project)
    run = run_briefing(project, "convert")
    assert run.returncode == 3 and snapshot(project) == untouched
    errors = [line.split(": ", 2)[2] for line in run.stderr.splitlines() if line.startswith("error:")]
    # Each says which statement would leave (or re-point) on which page, and the fix.
    assert any(e.startswith("the excerpt “quản lý thật tốt” would leave page 'rare-earths'") for e in errors) or any(
        e.startswith("“quản lý thật tốt” on page 'rare-earths'") for e in errors
    ), run.stderr
    assert all("page '" in e for e in errors) and run.stderr.count("  Put ") == len(errors)

    outline = project / "outline.yml"
    outline.write_text(outline.read_text(encoding="utf-8").replace("quản lý thật tốt", "quản lý thật chặt"), "utf-8")
    run = run_briefing(project, "convert")
    renamed = run.returncode == 3
    if renamed:  # a reprint in another source still has the old sentence: name the new id
        new = re.search(r"Put (s-[0-9a-f]{8}) in its place", run.stderr).group(1)
        outline.write_text(outline.read_text(encoding="utf-8").replace("s-03315082", new), "utf-8")
        run = run_briefing(project, "convert")
    else:
        assert "warning: outline.yml:" in run.stderr and "was edited and is now" in run.stderr
    assert run.returncode == 0, run.stderr

    after = polib.pofile(str(project / "translations" / "en.po"))
    # The sentence, and the excerpts of it the outline now quotes as it reads, wait for their
    # English: stale, carrying the old English to review (or missing, where a reprint in another
    # source still holds the old sentence, and keeps its English).
    changed = [e for e in after if "quản lý thật chặt" in e.msgid]
    assert len(changed) == quoting and all(is_fuzzy(e) or not e.msgstr for e in changed)
    assert all("thật tốt" in e.previous_msgid for e in changed if is_fuzzy(e))
    unchanged = {e.msgid: e.msgstr for e in before if "quản lý thật tốt" not in e.msgid and "s-03315082" not in e.msgid}
    assert all(after.find(msgid, include_obsolete_entries=True).msgstr == msgstr for msgid, msgstr in unchanged.items())

    english = page(project, "rare-earths.en.md")
    assert '!!! warning "Translation pending"' in english
    assert "quản lý thật chặt" in english
    run = run_briefing(project, "check")
    assert run.returncode == 0  # an edit to translate and ids to update: work to do
    pending = re.findall(r"(?:stale|missing) translation.*: “(.*)”$", run.stdout, re.MULTILINE)
    assert len([text for text in pending if "quản lý thật chặt" in text]) == quoting
    # An outline still naming the old id is work for the editor, until the id is updated.
    assert ("FAIL outline names current sentences" in run.stdout) != renamed


def test_deleting_a_sentence_removes_it_and_obsoletes_its_entry(project: Path):
    gone = (
        "Bảo vệ vững chắc chủ quyền biên giới quốc gia, giữ vững an ninh chính trị, bảo đảm trật tự, an toàn xã hội. "
    )
    source = project / SEED
    assert gone in source.read_text(encoding="utf-8")
    source.write_text(source.read_text(encoding="utf-8").replace(gone, ""), encoding="utf-8")
    run = run_briefing(project, "convert")
    # The plan page shows it: convert names what would leave the page, and writes nothing.
    assert run.returncode == 3
    assert run.stderr.startswith("error: outline.yml:")
    assert "sentence s-d10c9dde would leave page 'plan': sentence s-d10c9dde was deleted from its source." in run.stderr
    outline = project / "outline.yml"
    outline.write_text(outline.read_text(encoding="utf-8").replace(", s-d10c9dde", ""), encoding="utf-8")
    run = run_briefing(project, "convert")
    assert run.returncode == 0, run.stderr
    for name in ("plan.vi.md", "sources/lai-chau-plan-announcement.vi.md"):
        assert "Bảo vệ vững chắc" not in page(project, name)
    po = polib.pofile(str(project / "translations" / "en.po"))
    was = {e.msgid for e in polib.pofile(str(REPO / "translations" / "en.po")) if e.obsolete}
    assert [e.msgid for e in po if e.obsolete and e.msgid not in was] == [gone.strip()]


def test_convert_twice_writes_nothing_the_second_time(project: Path):
    add_second(project)
    stamps = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in (project / "docs").rglob("*.md")}
    stamps[project / "translations" / "en.po"] = (
        (project / "translations" / "en.po").stat().st_mtime_ns,
        (project / "translations" / "en.po").read_bytes(),
    )
    run = run_briefing(project, "convert")
    assert run.stdout.strip() == "0 file(s) changed."
    assert {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in stamps} == stamps


# A sentence the outline shows whole (on the pillars page): an edit to it is followed.
WHOLE = "Về kinh tế dịch vụ, tập trung vào phát triển du lịch"


def test_a_failure_half_way_through_writing_leaves_every_file(project: Path, monkeypatch):
    source = project / SEED
    source.write_text(
        source.read_text(encoding="utf-8").replace(WHOLE, WHOLE.replace("tập trung vào", "tập trung cho")),
        encoding="utf-8",
    )
    before = snapshot(project)
    p = Project(project)
    changes = project_mod.plan_changes(p, project_mod.generate(p).files)
    assert len(changes) > 3
    real_replace, calls = os.replace, []

    def failing_replace(src, dst):
        calls.append(dst)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(project_mod.os, "replace", failing_replace)
    with pytest.raises(OSError):
        project_mod.apply_changes(changes)
    assert snapshot(project) == before


def test_a_clean_copy_builds_the_same_bytes(tmp_path: Path, built_site: Path):
    """Same input, same bytes: a second build of a fresh copy equals the session's build, file for
    file (pages, search indexes, sitemap, PDFs), and leaves docs/ as committed."""
    import os
    import subprocess
    import sys

    from support import copy_project

    copy = copy_project(PROJECT, tmp_path / "again")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1764028800"}
    env.pop("SITE_URL", None)
    run = subprocess.run([sys.executable, "-m", "briefing", "build"], cwd=copy, capture_output=True, text=True, env=env)
    assert run.returncode == 0, run.stderr
    assert snapshot(copy / "docs") == snapshot(PROJECT / "docs")
    again, first = snapshot(copy / "site"), snapshot(built_site)
    assert again.keys() == first.keys()
    assert [name for name in first if first[name] != again[name]] == []
    assert any(name.endswith(".pdf") for name in first)


def _convert_once_then_clean(project: Path) -> None:
    run = run_briefing(project, "convert")
    assert run.returncode == 0, run.stderr
    check = run_briefing(project, "convert", "--check")
    assert check.returncode == 0, check.stderr


def test_one_convert_is_enough_after_deleting_and_restoring_a_sentence(project: Path):
    source = project / SEED
    original = source.read_text(encoding="utf-8")
    gone = " Ảnh minh họa"  # the photo credit: on its source page only
    before = snapshot(project)
    source.write_text(original.replace(gone, ""), encoding="utf-8")
    _convert_once_then_clean(project)
    source.write_text(original, encoding="utf-8")
    _convert_once_then_clean(project)
    assert snapshot(project) == before  # the restored sentence has its reviewed English back


def test_one_convert_is_enough_after_an_edit_and_its_undo(project: Path):
    source = project / SEED
    original = source.read_text(encoding="utf-8")
    before = snapshot(project)
    source.write_text(original.replace(WHOLE, WHOLE.replace("tập trung vào", "tập trung cho")), encoding="utf-8")
    _convert_once_then_clean(project)
    source.write_text(original, encoding="utf-8")
    _convert_once_then_clean(project)
    assert snapshot(project) == before


def _pages_with_outside_facts(project: Path, lang: str) -> set[str]:
    """The pages whose Markdown marks a fact from another source (inline, or a box of them)."""
    found = set()
    for path in (project / "docs").rglob(f"*.{lang}.md"):
        text = path.read_text(encoding="utf-8")
        if 'class="outside"' in text or "outside-box" in text or "gl-src" in text:
            found.add(path.relative_to(project / "docs").as_posix().removesuffix(f".{lang}.md"))
    return found


def test_what_the_briefing_says_of_itself_follows_its_data(project: Path):
    """About says how many sources the briefing draws on and which pages carry outside facts,
    from the data: a second source changes the count, and the pages listed are the pages that
    mark such facts (no more, no fewer)."""
    import polib as _polib

    def basis(lang: str) -> str:
        about = page(project, f"about.{lang}.md")
        return next(
            line for line in about.splitlines() if "bài báo tiếng Việt" in line or "Vietnamese news article" in line
        )

    def said(count: int) -> tuple[str, str]:
        if count == 1:
            return (
                "Bản tóm lược dựa trên một bài báo tiếng Việt",
                "The briefing is based on one Vietnamese news article",
            )
        return (
            f"Bản tóm lược dựa trên {count} bài báo tiếng Việt",
            f"The briefing is based on {count} Vietnamese news articles",
        )

    count = len(project_mod.load_sources(Project(project)))
    assert basis("vi").startswith(said(count)[0])
    assert basis("en").startswith(said(count)[1])
    for lang in ("vi", "en"):
        listed = set(re.findall(r"\]\(([^)#]+)\.md\)", basis(lang)))
        assert listed == _pages_with_outside_facts(project, lang), lang
    add_second(project)
    assert basis("vi").startswith(said(count + 1)[0])
    assert basis("en").startswith(said(count + 1)[1])
    # The example of how to cite names a sentence and an id that exist, in both languages.
    po = _polib.pofile(str(project / "translations" / "en.po"))
    assert po.find(
        "Bản tóm lược dựa trên {count} bài báo tiếng Việt; toàn văn từng bài và bản dịch có trong phần Văn bản nguồn."
    ).msgstr
    for lang in ("vi", "en"):
        about = page(project, f"about.{lang}.md")
        example = re.search(r"\[(s-[0-9a-f]{8})\]\(sources/([a-z0-9-]+)\.md#\1\)", about)
        assert example, lang
        assert f'id="{example.group(1)}"' in page(project, f"sources/{example.group(2)}.{lang}.md")


def test_an_untranslated_sentence_the_outline_cites_can_be_edited_twice_over(project: Path):
    """An outline reference to a sentence not yet translated follows an edit of it on every run,
    not only the first: the memory records the edit (a stale entry with its previous text) even
    with no English to carry over."""
    add_second(project)
    sentence = "Về nông nghiệp, tỉnh mở rộng vùng chè và mắc ca hữu cơ."
    sid = next(seg.id for seg in second_segments() if seg.text == sentence)
    outline = project / "outline.yml"
    text = outline.read_text(encoding="utf-8")
    anchor = "          - sentences: [s-e0727bcd]\n"
    assert anchor in text
    outline.write_text(text.replace(anchor, anchor + f"          - sentences: [{sid}]\n"), encoding="utf-8")
    assert run_briefing(project, "convert").returncode == 0
    source = project / "sources" / SLUG / "source.txt"
    source.write_text(source.read_text(encoding="utf-8").replace("vùng chè", "vùng chè Shan tuyết"), "utf-8")
    for _ in range(2):
        run = run_briefing(project, "convert")
        assert run.returncode == 0, run.stderr
        assert escape("vùng chè Shan tuyết") in page(project, "pillars.vi.md")
    run = run_briefing(project, "check")
    assert run.returncode == 0, run.stdout
    assert "FAIL outline names current sentences" in run.stdout and sid in run.stdout
    po = polib.pofile(str(project / "translations" / "en.po"))
    edited = next(e for e in po if "Shan tuyết" in e.msgid)
    assert is_fuzzy(edited) and edited.previous_msgid == sentence and edited.msgstr == ""


def test_a_source_gone_from_sources_stops_convert_until_it_is_withdrawn(project: Path):
    """A source folder moved or deleted by mistake would take its statements off every page:
    convert stops, naming it; `--withdraw` says it was meant, and the next runs are clean."""
    add_second(project)
    import shutil

    shutil.move(project / "sources" / SLUG, project.parent / "moved-away")
    before = snapshot(project)
    run = run_briefing(project, "convert")
    assert run.returncode == 3, run.stderr
    assert f"error: sources/{SLUG}: source '{SLUG}' is gone from sources/" in run.stderr
    assert f"`briefing convert --withdraw {SLUG}`" in run.stderr
    assert snapshot(project) == before
    run = run_briefing(project, "convert", "--withdraw", SLUG)
    assert run.returncode == 0, run.stderr
    assert not (project / "docs" / "sources" / f"{SLUG}.vi.md").exists()
    for _ in range(2):
        run = run_briefing(project, "convert")
        assert run.returncode == 0, run.stderr


def test_the_list_of_outside_sources_follows_the_pages(project: Path):
    """About lists every outside source the pages cite, once, with the pages that cite it, from
    the data: a fact added on another page with a new source is listed with that page."""

    def listed(lang: str) -> dict[str, list[str]]:
        text = page(project, f"about.{lang}.md")
        found = re.findall(r"^1\. \*\*.+?\*\*: \[[^\]]*\]\((\S+?)\)\. [^:]+: (.+)\.$", text, re.MULTILINE)
        return {url: re.findall(r"\]\(([^)#]+)\.md\)", pages) for url, pages in found}

    def cited(lang: str) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for path in sorted((project / "docs").rglob(f"*.{lang}.md")):
            name = path.relative_to(project / "docs").as_posix().removesuffix(f".{lang}.md")
            if name == "about":
                continue
            text = html.unescape(path.read_text(encoding="utf-8"))
            for url in re.findall(r'(?:\]\(|href=")(https?://[^)"\s]+)', text):
                if name not in out.setdefault(url, []):
                    out[url].append(name)
        return out

    before = listed("vi")
    assert len(before) > 10 and before == listed("en")
    # Every address listed is cited on the pages it names.
    pages = cited("vi")
    for url, where in before.items():
        assert set(where) <= set(pages.get(url, [])), (url, where)
    outline = project / "outline.yml"
    text = outline.read_text(encoding="utf-8")
    anchor = "      - sentences: [s-88a97d38]\n"  # the pillars page's intro
    assert anchor in text
    added = (
        "      - background:\n"
        "          title: Thông tin thêm\n"
        "          facts:\n"
        "            - text: Một thông tin thử.\n"
        "              cite: Nguồn thử\n"
        "              url: https://example.org/nguon-thu\n"
    )
    outline.write_text(text.replace(anchor, anchor + added), encoding="utf-8")
    run = run_briefing(project, "convert")
    assert run.returncode == 0, run.stderr
    after = listed("vi")
    assert after["https://example.org/nguon-thu"] == ["pillars"]
    assert {url: where for url, where in after.items() if url in before} == before


def test_the_boxes_name_the_month_of_the_latest_report_they_cite():
    """The boxes of outside facts, and the key facts' "Since the conference", say when the latest
    report the editors found dates from ("cập nhật đến tháng 2/2026", "February 2026"): that is
    the month of the latest dated source the outline cites, so the claim cannot stay behind when
    a newer fact comes in."""
    import calendar
    import datetime

    import yaml

    dates: list[datetime.date] = []
    notes: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("cite"), str):
                for d, m, y in re.findall(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b", node["cite"]):
                    dates.append(datetime.date(int(y), int(m), int(d)))
            # (the label latest_outside, "… cập nhật đến {month} năm {year}", is filled from the data)
            notes.extend(
                v for v in node.values() if isinstance(v, str) and "cập nhật đến" in v.lower() and "{" not in v
            )
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(yaml.safe_load((REPO / "outline.yml").read_text(encoding="utf-8")))
    latest = max(dates)
    assert notes and len(dates) > 10, "no note claims a latest report: this test tests nothing"
    english = {e.msgid: e.msgstr for e in polib.pofile(str(REPO / "translations" / "en.po"))}
    for note in notes:
        # (by its month, "tháng 2/2026", or its day, "ngày 27/2/2026")
        said = (f"tháng {latest.month}/{latest.year}", f"ngày {latest.day}/{latest.month}/{latest.year}")
        assert any(form in note for form in said), (latest, note)
        assert f"{calendar.month_name[latest.month]} {latest.year}" in english[note], english[note]


def test_the_latest_report_line_follows_a_newer_source(project: Path):
    """Under the dateline and on the PDF's cover, "Latest news report from other sources: February 2026"
    is made from the dates in the sources' names: a fact from a newer report moves it, in both
    languages, with nothing else to edit."""

    def line(lang: str) -> str:
        found = re.search(r'<p class="currency">([^<]*)</p>', (project / "docs" / f"index.{lang}.md").read_text())
        assert found, lang
        # (What follows the month, when the editors last searched, is a date they keep by hand.)
        return html.unescape(found.group(1)).split(";")[0]

    assert line("vi") == "Tin gần nhất từ các nguồn khác: tháng 3/2026"
    assert line("en") == "Latest news report from other sources: March 2026"
    outline = project / "outline.yml"
    text = outline.read_text(encoding="utf-8")
    anchor = "              cite: TTXVN, 27/2/2026\n"
    assert anchor in text
    start = text.index(anchor) + len(anchor)
    end = text.index("\n", start) + 1  # the fact's url line
    fact = "            - text: Một tin mới hơn.\n              cite: TTXVN, 15/3/2027\n              url: https://example.org/tin-moi\n"
    outline.write_text(text[:end] + fact + text[end:], encoding="utf-8")
    run = run_briefing(project, "convert")
    assert run.returncode == 0, run.stderr
    assert line("vi") == "Tin gần nhất từ các nguồn khác: tháng 3/2027"
    assert line("en") == "Latest news report from other sources: March 2027"


def test_a_page_a_prose_block_names_is_a_link_to_it_in_both_languages():
    """`links:` of a prose block: the page's title in the text, in either language, is a link
    (a translation that words the title otherwise would leave it plain: this test says so)."""
    import yaml

    outline = yaml.safe_load((REPO / "outline.yml").read_text(encoding="utf-8"))
    english = {e.msgid: e.msgstr for e in polib.pofile(str(REPO / "translations" / "en.po"))}
    titles = {page["file"]: page["title"] for page in outline["pages"]}
    checked = 0
    for page in outline["pages"]:
        blocks = [*page.get("intro", []), *(b for s in page.get("sections", []) for b in s.get("blocks", []))]
        for block in blocks:
            prose = block.get("prose") if isinstance(block, dict) else None
            for target in prose.get("links", []) if isinstance(prose, dict) else []:
                title = titles[target.partition("#")[0]]
                for lang, shown in (("vi", title), ("en", english[title])):
                    text = (REPO / "docs" / f"{page['file']}.{lang}.md").read_text(encoding="utf-8")
                    assert f"[{shown}](" in text, (page["file"], lang, shown)
                checked += 1
    assert checked, "no prose block links a page: this test has nothing to hold"
