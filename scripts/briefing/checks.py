"""Content gates for `briefing check`: each returns the problems it finds, as file:line + message."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator

import polib

from briefing import model as m
from briefing.build import Result
from briefing.config import SOURCE_LANG, TARGET_LANG, Project, po_file, source_page
from briefing.data import Node, node
from briefing.place import outline_refs
from briefing.project import plan_changes
from briefing.text import fold
from briefing.translate import is_fuzzy, live


@node(kw_only=False)
class Problem(Node):
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


def pages_in_sync(project: Project, result: Result) -> list[Problem]:
    changes = plan_changes(project, result.files)
    return [
        Problem(
            project.rel(path),
            "differs from what `briefing convert` makes"
            if text is not None
            else "is no longer made by `briefing convert`",
        )
        for path, text in sorted(changes.items())
    ]


def translations_done(project: Project, result: Result) -> list[Problem]:
    """Every live PO entry has a reviewed (non-fuzzy) English."""
    problems = []
    where = project.rel(project.po(TARGET_LANG))
    # Parse the synced text again to get the line numbers a translator will see.
    for entry in live(polib.pofile(result.files[po_file(TARGET_LANG)])):
        what = (entry.comment or "").split("\n")[0]
        if not entry.msgstr:
            problems.append(Problem(f"{where}:{entry.linenum}", f"missing translation ({what}): “{entry.msgid}”"))
        elif is_fuzzy(entry):
            problems.append(
                Problem(f"{where}:{entry.linenum}", f"stale translation, source changed ({what}): “{entry.msgid}”")
            )
    return problems


def po_valid(project: Project, result: Result) -> list[Problem]:
    """`msgfmt --check`, the gettext tools' own verdict, on each PO file as convert writes it."""
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        return [Problem("msgfmt", "not installed; install gettext (apt-get install gettext)")]
    problems = []
    path = project.po(TARGET_LANG)
    run = subprocess.run(
        [msgfmt, "--check", "-o", "/dev/null", "-"],
        input=result.files[po_file(TARGET_LANG)].encode("utf-8"),
        capture_output=True,
    )
    for line in run.stderr.decode("utf-8", "replace").splitlines():
        problems.append(Problem(project.rel(path), line.replace("<stdin>", project.rel(path))))
    if run.returncode and not run.stderr:
        problems.append(Problem(project.rel(path), f"msgfmt --check failed (exit {run.returncode})"))
    return problems


# translate-toolkit's pofilter checks that `briefing check` runs. Not "puncspacing": it flags
# correct English typography ("2021 - 2030" → "2021–2030", "Việt – Anh" → "Vietnamese–English").
POFILTER_CHECKS = ("numbers", "startpunc", "endpunc", "brackets", "untranslated", "unchanged")
# A reviewer accepts a check's finding for one entry with a translator comment in the PO file:
#   # checked: numbers (23/1 is written as 23 January)
_EXEMPTION = re.compile(r"^checked:\s*([a-z, ]+)", re.MULTILINE)


def po_quality(project: Project, result: Result) -> list[Problem]:
    """pofilter's checks on every translated, reviewed entry, reported per entry."""
    from translate.filters import checks as pofilter
    from translate.storage import po as ttpo

    checker = pofilter.StandardChecker()
    problems = []
    where = project.rel(project.po(TARGET_LANG))
    text = result.files[po_file(TARGET_LANG)].encode("utf-8")
    lines = {e.msgid: e.linenum for e in polib.pofile(text.decode("utf-8"))}
    for unit in ttpo.pofile(text).units:
        if unit.isheader() or unit.isobsolete() or unit.isfuzzy() or not unit.target:
            continue  # missing and stale entries are the translations gate's to report
        exempt = {name.strip() for m in _EXEMPTION.findall(unit.getnotes("translator")) for name in m.split(",")}
        compared = ttpo.pounit(_plain_numbers(unit.source, SOURCE_LANG))
        compared.target = _plain_numbers(unit.target, TARGET_LANG)
        for name, failure in sorted(checker.run_filters(compared).items()):
            if name in POFILTER_CHECKS and name not in exempt:
                message = failure.get("message", name) if isinstance(failure, dict) else str(failure)
                problems.append(
                    Problem(
                        f"{where}:{lines.get(unit.source, 0)}",
                        f"pofilter {name}: {message} in “{unit.source}” → “{unit.target}”",
                    )
                )
    return problems


def _plain_numbers(text: str, lang: str) -> str:
    """Numbers without their language's separators, so that pofilter's numbers check sees
    "116,6" and "4.266" (Vietnamese) as the same numbers as "116.6" and "4,266" (English)."""
    thousands, decimal = (".", ",") if lang == SOURCE_LANG else (",", ".")
    text = re.sub(rf"(?<=\d){re.escape(thousands)}(?=\d{{3}}\b)", "", text)
    return re.sub(rf"(?<=\d){re.escape(decimal)}(?=\d)", "·", text)


def citations_resolve(project: Project, result: Result) -> list[Problem]:
    """Every citation and link of every page, in each language, leads to a page of the briefing
    and to a section or sentence on it. (How the site writes them is mkdocs build --strict's to
    check: `validation: anchors` in mkdocs.yml.)"""
    lines = {(sid, page): line for sid, page, _section, line in outline_refs(result.corpus.outline)}
    problems = []
    for lang, briefing in result.briefing.items():
        anchors = {page.file: set(_anchors(page)) for page in briefing.pages}
        for page in briefing.pages:
            for target in _targets(page):
                if isinstance(target, m.Ref):
                    file, anchor = source_page(target.source), target.sid
                    line = lines.get((target.sid, page.file))
                    where = f"{result.corpus.outline.where}:{line}" if line else f"page {page.file}"
                    what = f"citation [{target.label}]"
                else:
                    file, anchor, where, what = target.page, target.anchor, f"page {page.file}", "link"
                if file not in anchors:
                    problems.append(Problem(where, f"{lang}: {what} leads to page '{file}', which the briefing lacks"))
                elif anchor and anchor not in anchors[file]:
                    problems.append(Problem(where, f"{lang}: {what} leads to '{file}#{anchor}', which that page lacks"))
    return problems


def _anchors(page: m.Page) -> Iterator[str]:
    """What a link may lead to on a page: its sections, and the sentences of its source text."""
    for section in page.sections:
        yield section.id
    for item in _walk(page):
        if isinstance(item, m.SourceRow):
            yield item.sid


def _targets(page: m.Page) -> Iterator[m.Ref | m.Link]:
    for item in _walk(page):
        if isinstance(item, m.Ref | m.Link):
            yield item


def _walk(item: object) -> Iterator[object]:
    """Every node of a piece of the model, in reading order (strings are not walked into)."""
    if isinstance(item, tuple):
        for value in item:
            yield from _walk(value)
    elif isinstance(item, Node) and not isinstance(item, m.Msg):
        yield item
        for name in item.__fields__:
            yield from _walk(getattr(item, name))


def sentences_shown(project: Project, result: Result) -> list[Problem]:
    """Every sentence is on its source page, verbatim, in every language; and its English beside
    it once translated (a stale or missing translation shows as pending, never as another's)."""
    table = {e.msgid: e for e in live(result.po)}
    problems = []
    for lang, briefing in result.briefing.items():
        rows = {
            page.file: {row.sid: row for row in _walk(page) if isinstance(row, m.SourceRow)} for page in briefing.pages
        }
        for seg in result.corpus.segments:
            file = source_page(seg.source)
            row = rows.get(file, {}).get(seg.id)
            if row is None or row.vi != seg.text:
                problems.append(Problem(f"page {file}", f"{lang}: sentence {seg.id} is not shown"))
                continue
            entry = table.get(seg.text)
            english = entry.msgstr if entry is not None and not is_fuzzy(entry) else ""
            translated = bool(english)
            if translated and (not row.en.ok or row.en.text != english):
                problems.append(Problem(f"page {file}", f"{lang}: the translation of {seg.id} is not shown"))
            elif not translated and row.en.ok:
                problems.append(Problem(f"page {file}", f"{lang}: sentence {seg.id} shows an English it does not have"))
    return problems


def glossary_followed(project: Project, result: Result) -> list[Problem]:
    """Where a Vietnamese glossary term occurs, the English uses one of the glossary's renderings."""
    problems = []
    where = project.rel(project.glossary)
    for entry in live(result.po):
        if not entry.msgstr or is_fuzzy(entry):
            continue
        source, english = fold(entry.msgid), entry.msgstr.casefold()
        for term in result.corpus.glossary:
            found = any(fold(spelling) in source for spelling in term.spellings)
            if found and not any(form.casefold() in english for form in term.forms):
                problems.append(
                    Problem(
                        f"{where}:{term.line}",
                        f"“{term.vi}” should be rendered as {' / '.join(repr(f) for f in term.forms)} "
                        f"in: “{entry.msgstr}”",
                    )
                )
    return problems


def outline_current(project: Project, result: Result) -> list[Problem]:
    """The outline names sentences by their current ids (edited or deleted ones are flagged)."""
    return [Problem(ref.at, str(ref)) for ref in result.corpus.placement.stale]


def sections_attributed(project: Project, result: Result) -> list[Problem]:
    """A section that says whose words it holds (`speaker`) holds only sentences that name that
    speaker; one that says which source it draws on (`source`), only that source's sentences."""
    outline = result.corpus.outline
    declared = {(page.file, s.id): s for page in outline.pages for s in page.sections if s.speaker or s.source}
    problems = []
    for sid, page, section_id, line in outline_refs(outline):
        section = declared.get((page, section_id))
        if section is None:
            continue
        seg = result.corpus.segment(sid)
        if section.source and seg.source != section.source:
            problems.append(
                Problem(
                    f"{outline.where}:{line}",
                    f"sentence {sid} is from source '{seg.source}', "
                    f"but section '{section_id}' of page '{page}' holds only '{section.source}'",
                )
            )
        if section.speaker and fold(section.speaker) not in fold(seg.text):
            problems.append(
                Problem(
                    f"{outline.where}:{line}",
                    f"sentence {sid} does not name {section.speaker}, "
                    f"whose words section '{section_id}' of page '{page}' holds",
                )
            )
    return problems


def unplaced(result: Result) -> list[str]:
    """Sentences shown only on their source page (not a failure: nothing is lost)."""
    return list(result.corpus.placement.unplaced)


GATES = (
    ("pages in sync", pages_in_sync),
    ("outline names current sentences", outline_current),
    ("sections hold only their speaker's or source's words", sections_attributed),
    ("PO files valid", po_valid),
    ("translations present and not stale", translations_done),
    ("translations pass pofilter", po_quality),
    ("every sentence shown", sentences_shown),
    ("citations resolve", citations_resolve),
    ("glossary followed", glossary_followed),
)


def run_all(project: Project, result: Result) -> list[tuple[str, list[Problem]]]:
    return [(name, gate(project, result)) for name, gate in GATES]
