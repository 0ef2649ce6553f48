"""Stage 6, export: each language's page model → one briefing PDF, by Typst.

writers/typst.py says what is on the pages (data); print/briefing.typ says how they look. Typst
compiles them with the fonts in print/fonts/ and nothing else (no system fonts: same input,
same bytes on any machine), as tagged PDF/UA-1. It reads only files under print/, so making
a PDF requests nothing from any host.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path

from briefing import model
from briefing.config import LANGS, PDF_DIR, PDF_NAME, SOURCE_LANG, Project
from briefing.errors import BriefingError
from briefing.writers import typst as typst_writer

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def build_date(day: datetime.date, lang: str) -> str:
    return (
        f"{day.day}/{day.month}/{day.year}" if lang == SOURCE_LANG else f"{day.day} {_MONTHS[day.month - 1]} {day.year}"
    )


def pdf_path(project: Project, lang: str) -> Path:
    root = project.site if lang == SOURCE_LANG else project.site / lang
    return root / PDF_DIR / PDF_NAME.format(lang=lang)


def compile_pdf(project: Project, data: dict) -> bytes:
    """One PDF from its data; a template that Typst refuses is reported, not a traceback."""
    import typst

    try:
        return typst.compile(
            str(project.print_template),
            root=str(project.print_dir),
            sys_inputs={"data": json.dumps(data, ensure_ascii=False)},
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


def _where(err, project: Project) -> str:
    """file:line:column of a Typst error, from its diagnostic ("┌─ print/briefing.typ:220:47")."""
    import re

    found = re.search(r"┌─ (\S+:\d+:\d+)", getattr(err, "diagnostic", "") or "")
    return found.group(1) if found else project.rel(project.print_template)


def documents(briefing: dict[str, model.Briefing], epoch: int) -> dict[str, dict]:
    """lang → the data of its PDF. `epoch` dates it (the last commit's time: never the clock)."""
    day = datetime.datetime.fromtimestamp(epoch, tz=datetime.UTC).date()
    return {
        lang: typst_writer.document(briefing[lang], lang, build_date(day, lang), (day.year, day.month, day.day))
        for lang in LANGS
    }


def export(project: Project, briefing: dict[str, model.Briefing], epoch: int) -> dict[Path, bytes]:
    """Both PDFs, in memory: {path under site/: bytes}. Typst lets go of the interpreter while it
    works, so the languages compile side by side in threads."""
    from concurrent.futures import ThreadPoolExecutor

    data = documents(briefing, epoch)
    with ThreadPoolExecutor(max_workers=len(data)) as pool:
        made = dict(zip(data, pool.map(lambda lang: compile_pdf(project, data[lang]), data), strict=False))
    return {pdf_path(project, lang): made[lang] for lang in data}


def write(files: dict[Path, bytes]) -> None:
    for path, data in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
