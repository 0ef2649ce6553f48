"""Stage 6, export: each PDF's data (writers/typst.py) → the PDF, by Typst.

writers/typst.py says what is on the pages (data); print/briefing.typ says how they look. Typst
compiles them with the fonts in print/fonts/ and nothing else (no system fonts: same input,
same bytes on any machine), as tagged PDF/UA-1. It reads only files under print/, so making
a PDF requests nothing from any host. The date a PDF prints is the build's (the last commit's,
or SOURCE_DATE_EPOCH), never the clock's; the template writes it in the PDF's language.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from briefing.config import Project
from briefing.errors import BriefingError


def compile_pdf(project: Project, data: str, day: datetime.date, version: str = "") -> bytes:
    """One PDF from its data; a template that Typst refuses is reported, not a traceback."""
    import typst

    try:
        pdf, warnings = typst.compile_with_warnings(
            str(project.print_template),
            root=str(project.print_dir),
            sys_inputs={"data": data, "date": day.isoformat(), "version": version},
            font_paths=[str(project.print_fonts)],
            ignore_system_fonts=True,
            pdf_standards=["ua-1"],
        )
    except typst.TypstError as err:
        raise BriefingError(
            _where(err, project),
            f"Typst cannot make the PDF: {err.message}",
            (getattr(err, "diagnostic", "") or "").strip() or None,
        ) from None
    # A warning is a PDF that may be wrong (a layout that did not settle, a font or glyph not
    # found): it stops the build, as an error does, rather than print unseen.
    if warnings:
        first = warnings[0]
        raise BriefingError(
            _where(first, project),
            f"Typst warns, so the PDF may be wrong: {first.message}",
            (getattr(first, "diagnostic", "") or "").strip() or None,
        )
    return pdf


def _where(err, project: Project) -> str:
    """file:line:column of a Typst error or warning, from its diagnostic ("┌─ print/briefing.typ:220:47",
    the file as Typst names it, from the working directory), the file named from the project."""
    import re

    found = re.search(r"┌─ (\S+):(\d+):(\d+)", getattr(err, "diagnostic", "") or "")
    if not found:
        return project.rel(project.print_template)
    path, root = (Path.cwd() / found.group(1)).resolve(), project.root.resolve()
    shown = path.relative_to(root).as_posix() if path.is_relative_to(root) else found.group(1)
    return f"{shown}:{found.group(2)}:{found.group(3)}"


def fingerprint(pdfs: dict[str, str]) -> str:
    """The brief's version beside its date: eight hex digits of a hash of what every PDF says
    (all languages together, so both PDFs of one build print the same). Two printouts with the
    same fingerprint say the same thing; the date alone cannot tell two builds of one day apart."""
    import hashlib

    digest = hashlib.sha256()
    for name in sorted(pdfs):
        digest.update(name.encode() + b"\0" + pdfs[name].encode() + b"\0")
    return digest.hexdigest()[:8]


def build_day(epoch: int) -> datetime.date:
    return datetime.datetime.fromtimestamp(epoch, tz=datetime.UTC).date()


def export(project: Project, pdfs: dict[str, str], epoch: int) -> dict[Path, bytes]:
    """Every PDF, in memory: {path: bytes}, from the print writer's {path: data}. Typst lets go
    of the interpreter while it works, so the PDFs compile side by side, a thread each (plain
    threads: concurrent.futures would cost `briefing pdf` its import, logging's with it)."""
    import threading

    day = build_day(epoch)
    version = fingerprint(pdfs)
    made: dict[str, bytes] = {}
    failed: dict[str, BaseException] = {}

    def compile_one(name: str) -> None:
        try:
            made[name] = compile_pdf(project, pdfs[name], day, version)
        except BaseException as err:  # re-raised below, in the caller's thread
            failed[name] = err

    threads = [threading.Thread(target=compile_one, args=(name,)) for name in pdfs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for name in pdfs:  # the first PDF's error in their order, whichever thread failed first
        if name in failed:
            raise failed[name]
    return {project.root / name: made[name] for name in pdfs}


def write(files: dict[Path, bytes]) -> None:
    for path, data in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
