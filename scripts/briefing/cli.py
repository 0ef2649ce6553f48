"""`briefing`: the command line of the pipeline. It works on the project in the current directory."""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path
from types import SimpleNamespace

from briefing import translate
from briefing.config import TARGET_LANG, Project
from briefing.errors import EXIT_CHECK_FAILED, EXIT_OK, BriefingError
from briefing.project import add_source, apply_changes, generate, plan_changes

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (convert's start-up time)
if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable
    from typing import Any


def cmd_add_source(project: Project, args: argparse.Namespace) -> int:
    """Ingest a Vietnamese text file into sources/SLUG/ (validated, stored as NFC UTF-8), and say
    what was recognised in it: title or related headlines, paragraphs, captions and credits."""
    added = add_source(project, Path(args.path), args.slug, args.title, args.first_line)
    print(f"Added {project.rel(added.folder)}/.")
    for line in recognised(added):
        print(f"  {line}")
    print(f"Next: check {project.rel(added.folder / 'meta.yml')} (title, first_line), then run `briefing convert`.")
    return EXIT_OK


def recognised(added) -> list[str]:
    """What add-source found, in the editor's terms."""
    from collections import Counter

    from briefing import segment

    K = segment.SegmentKind
    kinds = Counter(seg.kind for seg in added.segments)
    first = {
        "title": "the article's title",
        "related": "headlines of related articles",
        "subheading": "a subheading inside the article",
        "text": "body text",
    }
    lines = [
        f"title: “{added.meta['title']}”",
        f"first line ({added.meta['first_line']}): {first[added.meta['first_line']]}",
    ]
    lines += [f"related headline: “{seg.text}”" for seg in added.segments if seg.kind == K.HEADLINE]
    paragraphs = len({seg.block for seg in added.segments if seg.kind == K.BODY})
    lines.append(f"{paragraphs} paragraph(s), {kinds[K.BODY]} sentence(s)")
    lines += [f"photo caption: “{seg.text}”" for seg in added.segments if seg.kind == K.CAPTION]
    lines += [f"photo credit: “{seg.text}”" for seg in added.segments if seg.kind == K.CREDIT]
    lines += [f"subheading: “{seg.text}”" for seg in added.segments if seg.kind == K.SUBHEADING]
    lines.append(f"citation letter: {added.meta['cite_as']} (shown when the briefing has several sources)")
    for joint in added.joints:
        lines.append(f"scraping damage? line {joint.line}, column {joint.column}: {joint}")
    if added.joints:
        lines.append("  mend each (or confirm it) under `corrections` in meta.yml: - {scraped: …, read: …}")
    return lines


def cmd_convert(project: Project, args: argparse.Namespace) -> int:
    """Regenerate docs/ pages and the PO files from sources/, outline.yml and translations/."""
    result = generate(project, withdrawn=frozenset(args.withdraw or ()))
    for ref in result.corpus.placement.stale:
        print(f"warning: {ref.at}: {ref}", file=sys.stderr)
    changes = plan_changes(project, result.files)
    if args.check:
        for path in sorted(changes):
            print(f"{project.rel(path)}: out of date", file=sys.stderr)
        if changes:
            print("The committed pages differ from what the pipeline makes: run `briefing convert`.", file=sys.stderr)
            return EXIT_CHECK_FAILED
        print("All generated files are up to date.")
        return EXIT_OK
    apply_changes(changes)
    for path in sorted(changes):
        print(f"{'deleted' if changes[path] is None else 'wrote'} {project.rel(path)}")
    print(f"{len(changes)} file(s) changed.")
    return EXIT_OK


def cmd_check(project: Project, args: argparse.Namespace) -> int:
    """Content gates. Faults — anything that would publish something false, pages out of date, a
    PO file msgfmt refuses — fail (exit 1); faults of the pages themselves stop every command
    before this one runs. Work to do (translations, outline ids, rule placements) is listed
    apart and fails only with --complete."""
    from briefing import checks

    result = generate(project)  # raises on the faults of the pages (checks.FAULTS)
    faults = [(name, "ok") for name, _gate in checks.FAULTS]
    failed = [
        ("pages in sync", checks.pages_in_sync(project, result)),
        ("PO file valid (msgfmt --check)", checks.po_valid(result)),
    ]
    print("Faults (would publish something false, or out of date):")
    for name, _ok in faults:
        print(f"  ok   {name}")
    for name, problems in failed:
        report(name, problems)
    print("Work to do:")
    work = [(name, gate(result)) for name, gate in checks.WORK]
    for name, problems in work:
        report(name, problems)
    only_source = checks.unplaced(result)
    if only_source:
        print(f"  note {len(only_source)} sentence(s) shown on their source page only (no outline entry or rule)")
    blocking = sum(len(problems) for _name, problems in failed)
    remaining = sum(len(problems) for _name, problems in work)
    print(f"{blocking} fault(s); {remaining} item(s) of work to do.")
    if blocking or (args.complete and remaining):
        return EXIT_CHECK_FAILED
    return EXIT_OK


def report(name: str, problems: list) -> None:
    print(f"  {'FAIL' if problems else 'ok  '} {name}" + (f" ({len(problems)})" if problems else ""))
    for problem in problems:
        print(f"       {problem}")


def cmd_status(project: Project, args: argparse.Namespace) -> int:
    """Report segments per page and how many are translated, missing or stale."""
    from briefing import compose, model

    result = generate(project)
    corpus = result.corpus
    entries = translate.live(result.po)
    fuzzy = sum(1 for e in entries if translate.is_fuzzy(e))
    missing = sum(1 for e in entries if not e.msgstr)
    print(
        f"{project.rel(project.po(TARGET_LANG))}: {len(entries)} strings, {len(entries) - fuzzy - missing} translated, "
        f"{missing} missing, {fuzzy} stale; {len(result.po) - len(entries)} obsolete"
    )
    print(f"{'page':<32} {'sentences':>9} {'translated':>10} {'pending':>8}")
    status = model.localise(compose.status(corpus, per_page=True), TARGET_LANG, translate.lookup(result.po))
    for row in status.rows:
        shown, done, pending = row.counts()
        name = row.link.page if row.link else "(all sources)"
        print(f"{name:<32} {shown:>9} {done:>10} {pending:>8}")
    if args.ids:
        print()
        for seg in corpus.segments:
            pages = (
                ", ".join(f"{p}#{s}" if s else p for p, s in corpus.placement.cited_on.get(seg.key, ()))
                or "source page only"
            )
            print(f"{seg.id}  {seg.source}:{seg.line} [{seg.number}] {seg.kind:<8} {seg.text[:60]}…  → {pages}")
    from briefing import checks

    placed = checks.rule_placed(result)
    if placed:  # one screen for the editor who reviews what rules placed
        print(f"\nPlaced by a rule ({len(placed)}): confirm each, or place it by hand in outline.yml")
        for problem in placed:
            print(f"  {problem}")
    return EXIT_OK


def cmd_build(project: Project, args: argparse.Namespace) -> int:
    """Convert, then build the site into site/ (`mkdocs build --strict`) and the two PDFs at once."""
    import subprocess  # (here and in the other commands that start processes: convert need not load it)

    from briefing import pdf

    result = generate(project, pdfs=True)
    apply_changes(plan_changes(project, result.files))
    epoch = build_epoch(project)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": str(epoch)}
    # The PDFs come from the page model, not from the site: Typst makes them while MkDocs
    # builds (in its own process, on the other core), and they are written once MkDocs,
    # which empties site/ first, is done.
    mkdocs = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"], cwd=project.root, env=env
    )
    try:
        pdfs = pdf.export(project, result.pdfs, epoch)
    finally:
        code = mkdocs.wait()
    if code:
        print("mkdocs build failed; see the messages above.", file=sys.stderr)
        return code
    print(f"Site built in {project.rel(project.site)}/ (Vietnamese at /, English at /en/).")
    return write_pdfs(project, pdfs)


def cmd_pdf(project: Project, args: argparse.Namespace) -> int:
    """Write the two PDFs into site/ (the site itself is not rebuilt)."""
    from briefing import pdf

    return write_pdfs(
        project, pdf.export(project, generate(project, pdfs=True, pages=False).pdfs, build_epoch(project))
    )


def write_pdfs(project: Project, pdfs: dict[Path, bytes]) -> int:
    from briefing import pdf

    pdf.write(pdfs)
    for path, data in pdfs.items():
        print(f"PDF written: {project.rel(path)} ({len(data) // 1024} KiB)")
    return EXIT_OK


def build_epoch(project: Project) -> int:
    """The build's date, in Unix seconds: SOURCE_DATE_EPOCH if set, else the time of the last
    commit that changed what the briefing says (its sources, outline, translations or maps), else
    (a copy outside git, such as an exported tarball, or a project none of whose content is
    committed yet) the time its newest content file was last written. Same input, same bytes: the
    sitemap and the PDF covers never read the clock; and a commit to the code or the print
    template alone does not move the "Updated" date a reader sees. (Before the last fallback, a
    copy outside git printed "1 January 1970".)"""
    value = os.environ.get("SOURCE_DATE_EPOCH")
    content = [project.sources, project.outline, project.translations, project.root / "maps"]
    if not value:
        import subprocess

        run = subprocess.run(
            ["git", "log", "-1", "--format=%ct", "--", *(project.rel(path) for path in content)],
            cwd=project.root,
            capture_output=True,
            text=True,
        )
        value = run.stdout.strip() if run.returncode == 0 else ""
        if not value:
            return _last_written(content)
    try:
        return int(value)
    except ValueError:
        raise BriefingError("SOURCE_DATE_EPOCH", f"'{value}' is not a whole number of seconds.") from None


def _last_written(paths: list[Path]) -> int:
    """When the newest file under `paths` was last written, in whole Unix seconds (0 if none is)."""
    files = [path for top in paths for path in ([top] if top.is_file() else top.rglob("*")) if path.is_file()]
    return max((int(path.stat().st_mtime) for path in files), default=0)


def cmd_serve(project: Project, args: argparse.Namespace) -> int:
    """Preview with live reload: `mkdocs serve`, which also watches the sources, outline.yml and the
    translations, and converts before each rebuild (overrides/hooks/pipeline.py). No PDFs here."""
    import subprocess

    def stop(signum, frame):  # SIGTERM (a service manager, `kill`) stops the preview like Ctrl-C
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    # Ctrl-C stops it even when started from a shell that ignores SIGINT for what it runs in the
    # background (Python then keeps the inherited "ignore" instead of raising KeyboardInterrupt).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    reload = "--no-livereload" if args.no_livereload else "--livereload"
    command = [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", args.dev_addr, reload]
    server = subprocess.Popen(command, cwd=project.root, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    try:
        server.wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.terminate()
        server.wait()
    return EXIT_OK


# Every command: its function and its arguments, as argparse.add_argument takes them. One table for
# both ways of reading a command line: argparse, for anything with arguments and for --help; and,
# for a bare command (`briefing convert`, `briefing pdf`: what make, the hooks and the benchmark
# run), the table's defaults alone, without argparse, whose import and parsers cost such a command
# about a tenth of its time (README, "Performance").
COMMANDS: dict[str, tuple[Callable[[Project, Any], int], list[tuple[tuple[str, ...], dict[str, Any]]]]] = {
    "add-source": (
        cmd_add_source,
        [
            (("path",), {"help": "the Vietnamese text file (UTF-8)"}),
            (("--slug",), {"required": True, "help": "folder name under sources/, e.g. lai-chau-tourism-2024"}),
            (("--title",), {"help": "the article's title, if the text has none (or to confirm its first line)"}),
            (
                ("--first-line",),
                {
                    "choices": ("title", "related", "subheading", "text"),
                    "help": "what the text's first line is, if the guess is wrong: the article's title, "
                    "headlines of related articles, a subheading inside the article, or body text",
                },
            ),
        ],
    ),
    "convert": (
        cmd_convert,
        [
            (("--check",), {"action": "store_true", "help": "change nothing; exit 1 naming the files that differ"}),
            (
                ("--withdraw",),
                {
                    "action": "append",
                    "metavar": "SLUG",
                    "help": "a source removed from sources/ on purpose: its sentences leave the pages and the memory",
                },
            ),
        ],
    ),
    "check": (
        cmd_check,
        [
            (
                ("--complete",),
                {
                    "action": "store_true",
                    "help": "also fail while work remains (before publishing a finished edition)",
                },
            )
        ],
    ),
    "status": (
        cmd_status,
        [(("--ids",), {"action": "store_true", "help": "also list every sentence with its id and pages"})],
    ),
    "build": (cmd_build, []),
    "pdf": (cmd_pdf, []),
    "serve": (
        cmd_serve,
        [
            (("--dev-addr",), {"default": "127.0.0.1:8000", "help": "address to serve on (default 127.0.0.1:8000)"}),
            (
                ("--no-livereload",),
                {"action": "store_true", "help": "do not watch or reload (MkDocs then serves a fixed build)"},
            ),
        ],
    ),
}


def build_parser() -> argparse.ArgumentParser:
    import argparse

    parser = argparse.ArgumentParser(prog="briefing", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, (run, arguments) in COMMANDS.items():
        command = sub.add_parser(name, help=run.__doc__, description=run.__doc__)
        for names, options in arguments:
            command.add_argument(*names, **options)
        command.set_defaults(run=run)
    return parser


def bare(argv: list[str]) -> SimpleNamespace | None:
    """A command given alone, whose every argument is optional, read as argparse would read it
    (each option its default), without argparse; None for anything else."""
    if len(argv) != 1 or argv[0] not in COMMANDS:
        return None
    run, arguments = COMMANDS[argv[0]]
    if any(not names[0].startswith("-") or options.get("required") for names, options in arguments):
        return None
    defaults = {
        names[0].lstrip("-").replace("-", "_"): options.get(
            "default", False if options.get("action") == "store_true" else None
        )
        for names, options in arguments
    }
    return SimpleNamespace(command=argv[0], run=run, **defaults)


def run() -> None:
    """The command line's entry (the `briefing` script, `python -m briefing`): main(), in a process
    that ends with it. A command is short-lived and makes little garbage in cycles, so Python's
    cycle collector stays off (its passes over the project's objects were some 5 ms of `briefing
    pdf`); and a command that returns ends the process at once, its output flushed, without the
    interpreter's teardown, object by object (some 8 ms more). Nothing the pipeline does waits for
    that teardown: files are closed where they are written, temporary files removed by the code
    that made them, threads joined. A traceback still ends the process the usual way. The tests
    call main() in their own process, which it leaves as it was."""
    import gc

    gc.disable()
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def main(argv: list[str] | None = None) -> int:
    # `briefing status | head` ends quietly when `head` has read enough, as Unix tools do.
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    argv = sys.argv[1:] if argv is None else argv
    args = bare(argv) or build_parser().parse_args(argv)
    project = Project(Path.cwd())
    try:
        return args.run(project, args)
    except BriefingError as err:
        print(f"error: {err}", file=sys.stderr)
        return err.exit_code
