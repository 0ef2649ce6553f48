"""The `briefing` command on the real project: gates pass, bad input is refused cleanly."""

import contextlib
import os
import time
from pathlib import Path

import pytest

from briefing.checks import FAULTS, WORK
from support import REPO, hook, run_briefing, snapshot

SEED_DIR = "sources/lai-chau-plan-announcement"


def test_a_bare_command_reads_as_argparse_reads_it():
    """A command given alone skips argparse (cli.bare): it gets what argparse would give it, every
    option at its default; a command with arguments, or one that needs them, is left to argparse."""
    from briefing.cli import COMMANDS, bare, build_parser

    parser = build_parser()
    alone = [name for name in COMMANDS if bare([name]) is not None]
    assert {"convert", "pdf", "build", "check", "status", "serve"} <= set(alone)
    for name in alone:
        assert vars(bare([name])) == vars(parser.parse_args([name])), name
    assert bare(["add-source"]) is None and bare(["convert", "--check"]) is None and bare(["--help"]) is None


def test_committed_pages_are_what_convert_makes():
    run = run_briefing(REPO, "convert", "--check")
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "All generated files are up to date."


def test_the_committed_briefing_has_no_fault():
    """No fault, whatever work remains (translations pending are work, not a fault): the gates
    of both severities are each reported, by name."""
    run = run_briefing(REPO, "check")
    assert run.returncode == 0, run.stdout
    faults = run.stdout.split("Work to do:")[0]
    assert "FAIL" not in faults and faults.count("ok  ") == len(FAULTS) + 2
    assert all(name in run.stdout for name, _gate in WORK)


def test_the_command_line_says_all_that_main_says_and_exits_with_its_code(project: Path, capsys):
    """The `briefing` script and `python -m briefing` end their process as soon as main() returns
    (cli.run): what main() printed is all there, written to a pipe (where Python buffers it,
    unless PYTHONUNBUFFERED is set, as it may be in a developer's shell), and the exit code is
    main()'s, for a command that succeeds and for one that fails."""
    import subprocess
    import sys

    from briefing.cli import main

    page = project / "docs" / "plan.en.md"
    page.write_text(page.read_text(encoding="utf-8") + "edited by hand\n", encoding="utf-8")
    env = {key: value for key, value in os.environ.items() if key != "PYTHONUNBUFFERED"}
    script = Path(sys.executable).with_name("briefing")
    for args, code in ((["status"], 0), (["convert", "--check"], 1)):
        with contextlib.chdir(project):
            assert main(args) == code
        said = capsys.readouterr()
        assert said.out or said.err
        for command in ([sys.executable, "-m", "briefing"], [str(script)]):
            run = subprocess.run([*command, *args], cwd=project, capture_output=True, text=True, env=env)
            assert (run.returncode, run.stdout, run.stderr) == (code, said.out, said.err), (command, args)


def test_convert_check_names_a_stale_page(project: Path):
    page = project / "docs" / "plan.en.md"
    page.write_text(page.read_text(encoding="utf-8") + "edited by hand\n", encoding="utf-8")
    run = run_briefing(project, "convert", "--check")
    assert run.returncode == 1
    assert "docs/plan.en.md: out of date" in run.stderr
    run = run_briefing(project, "convert")
    assert run.returncode == 0 and "wrote docs/plan.en.md" in run.stdout
    assert run_briefing(project, "convert").stdout.strip() == "0 file(s) changed."


def _unchanged_after(project: Path, *args: str):
    before = snapshot(project)
    run = run_briefing(project, *args)
    assert snapshot(project) == before
    assert "Traceback" not in run.stderr
    return run


@pytest.mark.parametrize(
    "name, data, message",
    [
        (
            "cp1258.txt",
            "Lai Châu tránh khai thác.\n".encode("cp1258", errors="replace"),
            "cp1258.txt:1: not valid UTF-8",
        ),
        ("empty.txt", b"", "empty.txt: this source has no text at all."),
        ("blank.txt", b" \n\t\n", "blank.txt: this source has no text at all."),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00", "binary.txt:3: this looks like binary data"),
    ],
)
def test_bad_new_source_is_refused_and_nothing_changes(project: Path, tmp_path: Path, name, data, message):
    path = tmp_path / name
    path.write_bytes(data)
    run = _unchanged_after(project, "add-source", str(path), "--slug", "new-article")
    assert run.returncode == 3
    assert run.stderr.startswith(f"error: {tmp_path}/{message}")


def test_bad_committed_source_stops_convert_and_leaves_docs(project: Path):
    source = project / SEED_DIR / "source.txt"
    source.write_bytes(source.read_bytes() + "\nĐà Lạt\n".encode("cp1258", errors="replace"))
    run = _unchanged_after(project, "convert")
    assert run.returncode == 3
    assert run.stderr.startswith(f"error: {SEED_DIR}/source.txt:11: not valid UTF-8")


@pytest.mark.parametrize(
    "args, message",
    [
        (["--slug", "Bad Slug"], "error: Bad Slug: a slug is lowercase ASCII letters"),
        (["--slug", "lai-chau-plan-announcement"], f"error: {SEED_DIR}: a source with this slug already exists."),
        (["--slug", "index"], "error: index: 'index' is the name of the Sources page, not a source's."),
    ],
)
def test_add_source_refuses_bad_slugs(project: Path, args, message):
    fixture = REPO / "tests" / "fixtures" / "second-article.txt"
    run = _unchanged_after(project, "add-source", str(fixture), *args)
    assert run.returncode == 2 and run.stderr.startswith(message)


def test_add_source_refuses_a_missing_file(project: Path):
    run = _unchanged_after(project, "add-source", "no/such.txt", "--slug", "x")
    assert run.returncode == 2 and run.stderr.startswith("error: no/such.txt: no such file.")


def test_status_reports_pages_and_ids():
    run = run_briefing(REPO, "status", "--ids")
    assert run.returncode == 0
    assert "translations/en.po:" in run.stdout and "0 missing, 0 stale" in run.stdout
    assert "s-03315082  lai-chau-plan-announcement:2 [3] body" in run.stdout


@contextlib.contextmanager
def preview(project: Path, *extra: str):
    """`briefing serve` on a free port, running until the block ends; yields (process, base URL,
    its log file)."""
    import os
    import signal
    import socket
    import subprocess
    import sys

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    log = project / "serve.log"
    with log.open("w", encoding="utf-8") as out:
        serve = subprocess.Popen(
            [sys.executable, "-m", "briefing", "serve", "--dev-addr", f"127.0.0.1:{port}", *extra],
            cwd=project,
            env=env,
            start_new_session=True,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        base = f"http://127.0.0.1:{port}/"
        wait_for_page(base, "", 60)
        yield serve, base, log
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(serve.pid, signal.SIGKILL)


def wait_for_page(url: str, text: str, timeout: float) -> str:
    """The page at url once it holds `text` (the preview rebuilds in the background)."""
    import urllib.request

    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                page = response.read().decode("utf-8")
                if text in page:
                    return page
        except OSError:
            pass
        assert time.monotonic() < deadline, f"{url} did not show {text!r} within {timeout} s"
        time.sleep(0.1)


@pytest.mark.parametrize("signum", ["SIGTERM", "SIGINT"])
def test_serve_stops_with_its_preview_server_on_a_signal(project: Path, signum: str):
    """`briefing serve` runs `mkdocs serve` as a child; stopping it (Ctrl-C, or SIGTERM from a
    service manager or `kill`) stops the child too: nothing is left listening."""
    import os
    import signal
    import urllib.request

    with preview(project, "--no-livereload") as (serve, base, _log):
        os.kill(serve.pid, getattr(signal, signum))
        assert serve.wait(timeout=20) == 0
        time.sleep(0.5)
        with pytest.raises(ProcessLookupError):
            os.killpg(serve.pid, 0)  # no process of its group is left
        with pytest.raises(OSError):
            urllib.request.urlopen(base, timeout=1)


def test_the_preview_converts_each_save_and_keeps_the_last_good_pages_on_bad_input(project: Path):
    """A saved source shows on the preview without a command; a broken outline.yml is reported
    with its line, and the preview keeps serving the pages it had until the outline is mended."""
    source = project / "sources" / "lai-chau-plan-announcement" / "source.txt"
    outline = project / "outline.yml"
    page = "sources/lai-chau-plan-announcement/"
    with preview(project) as (_serve, base, log):
        text = source.read_text(encoding="utf-8")
        source.write_text(text.replace("Ảnh minh họa |", "Ảnh minh họa số 2 |"), encoding="utf-8")
        wait_for_page(base + page, "Ảnh minh họa số 2", 30)
        assert "Ảnh minh họa số 2" in (project / "docs" / f"{page.rstrip('/')}.vi.md").read_text(encoding="utf-8")
        # One build for the save: none for the pages and the PO file its convert wrote (the
        # preview would have seen them within a second of the build, and built again).
        time.sleep(1.5)
        assert log.read_text(encoding="utf-8").count("Detected file changes") == 1

        good = outline.read_text(encoding="utf-8")
        outline.write_text(good.replace("pages:\n", "pages:\n  - [\n", 1), encoding="utf-8")
        source.write_text(text.replace("Ảnh minh họa |", "Ảnh minh họa số 3 |"), encoding="utf-8")
        deadline = time.monotonic() + 30
        while "outline.yml:" not in log.read_text(encoding="utf-8"):
            assert time.monotonic() < deadline, log.read_text(encoding="utf-8")
            time.sleep(0.2)
        assert "not valid YAML" in log.read_text(encoding="utf-8")
        assert "Ảnh minh họa số 2" in wait_for_page(base + page, "Ảnh minh họa", 10)

        outline.write_text(good, encoding="utf-8")
        wait_for_page(base + page, "Ảnh minh họa số 3", 30)
    assert "Traceback" not in log.read_text(encoding="utf-8")


def test_the_preview_polls_for_saves_more_often_than_mkdocs_and_watches_all_it_did(tmp_path: Path):
    """The preview's server (MkDocs' own) gets an observer that polls every POLL_SECONDS, and it
    still watches everything MkDocs had it watch, and the briefing's inputs: this holds what
    overrides/hooks/pipeline.py assumes of MkDocs' server, so that an upgrade that changes it
    fails here, not by a preview that stops updating."""
    from mkdocs.config import load_config
    from mkdocs.livereload import LiveReloadServer

    pipeline = hook("pipeline")
    config = load_config(str(REPO / "mkdocs.yml"))
    project = [REPO / "sources", REPO / "outline.yml", REPO / "translations"]

    def server(*extra: Path) -> LiveReloadServer:
        made = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
        for path in (config.docs_dir, config.config_file_path, *extra):  # as mkdocs serve does
            made.watch(str(path))
        return made

    def watched(server: LiveReloadServer) -> set[tuple[str, bool]]:
        return {(emitter.watch.path, emitter.watch.is_recursive) for emitter in server.observer.emitters}

    mkdocs_own, ours = server(*project), server()
    default = ours.observer.timeout
    pipeline.on_serve(ours, config=config, builder=None)
    assert default > pipeline.POLL_SECONDS == ours.observer.timeout
    assert watched(ours) == watched(mkdocs_own) and len(ours.observer.emitters) == 5
    assert all(emitter.timeout == pipeline.POLL_SECONDS for emitter in ours.observer.emitters)


def test_the_preview_does_not_rebuild_for_what_its_own_convert_wrote(tmp_path: Path):
    """The build that ran convert has read what convert wrote: a change to a file as convert left
    it (or to its temporary file, before or after its rename) is not passed on to MkDocs; anyone
    else's is."""
    from watchdog.events import DirModifiedEvent, FileCreatedEvent, FileModifiedEvent, FileMovedEvent

    pipeline = hook("pipeline")
    page, po, gone, other = (tmp_path / name for name in ("page.md", "en.po", "old.md", "notes.md"))
    page.write_text("new page", encoding="utf-8")
    po.write_text("msgid", encoding="utf-8")
    other.write_text("mine", encoding="utf-8")
    pipeline._written.update({str(page): b"new page", str(po): b"msgid", str(gone): None})
    temporary = tmp_path / ".page.md.k3j_x9.tmp"  # apply_changes' temporary, renamed to page.md
    assert not pipeline._passes(FileModifiedEvent(str(page)))
    assert not pipeline._passes(FileMovedEvent(str(temporary), str(page)))
    assert not pipeline._passes(FileCreatedEvent(str(temporary)))
    assert not pipeline._passes(FileModifiedEvent(str(gone)))
    assert pipeline._passes(FileModifiedEvent(str(other)))  # not convert's
    assert pipeline._passes(FileMovedEvent(str(other), str(page)))  # one file of two is not
    assert pipeline._passes(DirModifiedEvent(str(tmp_path)))  # MkDocs' own handler decides
    po.write_text("msgid edited", encoding="utf-8")  # an editor saved it since
    assert pipeline._passes(FileModifiedEvent(str(po)))
    gone.write_text("back", encoding="utf-8")
    assert pipeline._passes(FileCreatedEvent(str(gone)))
    temporary.write_text("being written", encoding="utf-8")  # seen before its rename: still convert's
    assert not pipeline._passes(FileCreatedEvent(str(temporary)))
    assert pipeline._passes(FileCreatedEvent(str(tmp_path / ".notes.md.k3j_x9.tmp")))  # not a file it wrote


def test_the_preview_lists_the_theme_once_and_copies_what_mkdocs_copies():
    """In a preview the theme's files are listed once, without what MkDocs never copies (hidden
    files and folders: Material's icons), and every rebuild copies the same theme files as
    MkDocs alone would."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import Files

    def copied(config) -> list[str]:
        files = Files([])
        files.add_files_from_theme(config.theme.get_env(), config)
        return [file.src_uri for file in files]

    plain = load_config(str(REPO / "mkdocs.yml"))
    pipeline = hook("pipeline")
    listings = []
    for _rebuild in range(2):
        config = load_config(str(REPO / "mkdocs.yml"))
        pipeline._list_theme_once(config.theme)
        assert copied(config) == copied(plain) and len(copied(plain)) > 20
        listings.append(config.theme.get_env().loader.list_templates())
    everything = plain.theme.get_env().loader.list_templates()
    assert listings[0] == listings[1] and len(listings[0]) < len(everything) / 10 and len(pipeline._theme_files) == 1
    assert set(listings[0]) == {name for name in everything if not any(p.startswith(".") for p in name.split("/"))}


def test_the_preview_renders_again_only_the_pages_that_changed(project: Path, tmp_path: Path, monkeypatch):
    """In a preview, a page's HTML is made from its Markdown again only when the Markdown (or
    anything else it is made from) changed: after a save, the rebuild converts only the pages that
    convert rewrote, and the site it builds is the one a plain build makes, byte for byte."""
    import subprocess
    import sys

    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.structure.pages import Page

    # MkDocs' own rendering, counted (the preview's patch wraps it; both are undone after the test).
    converted: list[str] = []
    render = Page.render
    monkeypatch.setattr(Page, "render", lambda page, *args: converted.append(page.markdown) or render(page, *args))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764028800")
    monkeypatch.chdir(project)
    served = tmp_path / "served"

    def rebuild() -> list[str]:
        converted.clear()
        build(load_config(str(project / "mkdocs.yml"), site_dir=str(served)))
        return list(converted)

    load_config(str(project / "mkdocs.yml")).plugins.on_startup(command="serve", dirty=False)
    pages = sorted(project.joinpath("docs").rglob("*.md"))
    assert len(rebuild()) == len(pages)  # the first build makes every page
    assert rebuild() == []  # nothing changed, nothing made again
    source = project / "sources" / "lai-chau-plan-announcement" / "source.txt"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("Ảnh minh họa |", "Ảnh minh họa số 2 |"), encoding="utf-8")
    before = {page: page.read_bytes() for page in pages}
    made = rebuild()
    rewritten = [page for page in pages if page.read_bytes() != before[page]]
    assert 0 < len(made) == len(rewritten) < len(pages) and any("Ảnh minh họa số 2" in text for text in made)

    plain = tmp_path / "plain"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(plain)], cwd=project, env=env)
    assert run.returncode == 0
    ours, theirs = snapshot(served), snapshot(plain)
    assert theirs.pop("nginx-build.conf") and ours == theirs  # (the nginx rules: `mkdocs build` only)


def test_the_preview_renders_a_page_that_warns_every_time(caplog):
    """A page whose rendering logs (a broken link) is not kept: each rebuild renders it, and says so."""
    import logging
    from types import SimpleNamespace

    pipeline = hook("pipeline")
    config = SimpleNamespace(markdown_extensions=[], mdx_configs={}, use_directory_urls=True, validation={})
    file = SimpleNamespace(src_uri="a.md", url="a/", inclusion=SimpleNamespace(name="INCLUDED"))
    files = [file]

    class Page:
        rendered = 0

        def __init__(self, markdown: str):
            self.markdown, self.file = markdown, file

        def render(self, config, files) -> None:
            Page.rendered += 1
            if "broken" in self.markdown:
                logging.getLogger("mkdocs.structure.pages").warning("Doc file 'a.md' contains a broken link")
            self.content, self.toc, self._title_from_render = f"<p>{self.markdown}</p>", [], None
            self.present_anchor_ids, self.links_to_anchors = set(), {}

    pipeline._render_once(Page)
    for _ in range(2):
        Page("fine").render(config, files)
    assert Page.rendered == 1
    with caplog.at_level(logging.INFO, logger="mkdocs"):
        for _ in range(2):
            Page("broken").render(config, files)
    assert Page.rendered == 3 and caplog.text.count("contains a broken link") == 2
    page = Page("fine")
    page.render(config, files)
    assert Page.rendered == 4 and page.content == "<p>fine</p>"  # the broken page's render replaced it


def test_a_section_that_names_its_speaker_holds_only_their_words(project: Path):
    """The rare-earth guidance section holds the Deputy Prime Minister's sentences; a sentence
    of the plan moved into it (which does not name him) fails `briefing check`, naming the line."""
    outline = project / "outline.yml"
    text = outline.read_text(encoding="utf-8")
    assert "speaker: Trần Hồng Hà" in text
    run = run_briefing(project, "check")
    assert "ok   sections hold only their speaker's or source's words" in run.stdout
    guidance = text.index("      - id: guidance\n        speaker: Trần Hồng Hà\n")
    changed = text[:guidance] + text[guidance:].replace("[s-015b9afc]", "[s-015b9afc, s-5c891dce]", 1)
    outline.write_text(changed, encoding="utf-8")
    before = snapshot(project)
    line = changed[: changed.index("[s-015b9afc, s-5c891dce]")].count("\n") + 1
    fault = (
        f"outline.yml:{line}: sentence s-5c891dce does not report Trần Hồng Hà's words (it must name them "
        "before its first reporting verb, as in “Trần Hồng Hà nhấn mạnh…”), but section 'guidance' of page "
        "'plan' holds only theirs: move it to a section of its own"
    )
    # A misattribution is never published: convert, check and build all stop, naming it.
    for command in ("convert", "check", "build"):
        run = run_briefing(project, command)
        assert (run.returncode, run.stderr) == (3, f"error: {fault}\n"), command
    assert snapshot(project) == before


def _add_article(project: Path, text: str, slug: str) -> None:
    article = project / f"{slug}.txt"
    article.write_text(text, encoding="utf-8")
    run = run_briefing(project, "add-source", str(article), "--slug", slug, "--title", "Hội thảo đất hiếm")
    assert run.returncode == 0, run.stderr
    article.unlink()


def test_a_sentence_that_only_mentions_the_speaker_is_not_their_words(project: Path):
    """Someone else's sentence that mentions the Deputy Prime Minister ("…như Phó Thủ tướng Trần
    Hồng Hà đã nêu") does not go under his heading: nothing is published."""
    said = "TS. Nguyễn Văn Tuấn cho rằng, như Phó Thủ tướng Trần Hồng Hà đã nêu, cần có cơ chế cho doanh nghiệp."
    _add_article(project, f"Hội thảo đất hiếm\n{said}\n", "hoi-thao")
    run = run_briefing(project, "convert")
    assert run.returncode == 0, run.stderr
    from briefing.ingest import decode, parse
    from briefing.segment import segment as split

    sid = next(s.id for s in split("hoi-thao", parse(decode(f"x\n{said}\n".encode(), "x"), "x")) if s.text == said)
    outline = project / "outline.yml"
    text = outline.read_text(encoding="utf-8")
    outline.write_text(text.replace("[s-015b9afc]", f"[s-015b9afc, {sid}]", 1), encoding="utf-8")
    before = snapshot(project)
    for command in ("convert", "check", "build"):
        run = run_briefing(project, command)
        assert run.returncode == 3 and f"sentence {sid} does not report Trần Hồng Hà's words" in run.stderr, command
    assert snapshot(project) == before


def test_a_heading_that_names_a_speaker_must_say_whose_words_it_holds(project: Path):
    """A heading over statements that names an office ("Ý kiến của Phó Thủ tướng") tells readers
    whose words follow: without `speaker`, nothing holds its sentences to it, so it is a fault."""
    outline = project / "outline.yml"
    text = outline.read_text(encoding="utf-8")
    old = "      - id: guidance\n        speaker: Trần Hồng Hà\n"
    assert old in text
    outline.write_text(text.replace(old, "      - id: guidance\n"), encoding="utf-8")
    before = snapshot(project)
    run = run_briefing(project, "convert")
    assert run.returncode == 3
    assert "section 'guidance' of page 'plan' is headed or labelled" in run.stderr
    assert "add `speaker: <the name as the source writes it>`" in run.stderr
    assert snapshot(project) == before


def test_the_build_date_is_the_last_content_commit_else_the_newest_content_file(project: Path, monkeypatch):
    """The date the pages and PDFs print: outside git (an exported copy), when the newest content
    file was written, not 1 January 1970; in git, the last commit to the content, whatever the
    files' times; SOURCE_DATE_EPOCH over both."""
    import subprocess

    from briefing.cli import build_epoch
    from briefing.config import Project

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    old, new, committed = 1_700_000_000, 1_767_225_600, 1_735_689_600  # 2023, 2026, 2025
    for path in project.rglob("*"):
        os.utime(path, (old, old))
    os.utime(project / "translations" / "en.po", (new, new))
    assert build_epoch(Project(project)) == new
    (project / "mkdocs.yml").touch()  # not content: the date does not move
    assert build_epoch(Project(project)) == new

    git = {**os.environ, "GIT_AUTHOR_DATE": f"@{committed}", "GIT_COMMITTER_DATE": f"@{committed}"}
    for args in (["init", "-q"], ["add", "-A"], ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "x"]):
        subprocess.run(["git", *args], cwd=project, env=git, check=True)
    assert build_epoch(Project(project)) == committed
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764028800")
    assert build_epoch(Project(project)) == 1764028800
