"""Content gates, each returning the problems it finds as file:line + message, in two severities.

FAULTS would publish something false (a sentence under a heading that names another speaker, a
citation that leads nowhere, a sentence not shown): `build.run` refuses to write pages while one
remains, so neither `convert`, `build` nor CI can publish it. WORK is routine (translations
pending or stale, outline ids to update, sentences a rule placed, scraping damage to look at):
`briefing check` lists it apart, and it never stands in the way of a preview or a build.
"""

from __future__ import annotations

import re

import polib

from briefing import model as m
from briefing.config import SOURCE_LANG, SOURCES_DIR, TARGET_LANG, Project, po_file, source_page
from briefing.data import Node, node
from briefing.place import outline_refs
from briefing.text import OFFICE_TITLES, bare_name, fold, speaks
from briefing.translate import is_fuzzy, live

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (convert's start-up time)
if TYPE_CHECKING:
    from briefing.build import Result  # (build imports this module)


@node(kw_only=False)
class Problem(Node):
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


def pages_in_sync(project: Project, result: Result) -> list[Problem]:
    """The committed pages are what the pipeline makes of the committed inputs."""
    from briefing.project import plan_changes

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


def translations_done(result: Result) -> list[Problem]:
    """Every live PO entry has a reviewed (non-fuzzy) English."""
    problems = []
    where = po_file(TARGET_LANG)
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


def po_valid(result: Result) -> list[Problem]:
    """`msgfmt --check`, the gettext tools' own verdict, on each PO file as convert writes it."""
    import shutil
    import subprocess

    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        return [Problem("msgfmt", "not installed; install gettext (apt-get install gettext)")]
    problems = []
    path = po_file(TARGET_LANG)
    run = subprocess.run(
        [msgfmt, "--check", "-o", "/dev/null", "-"],
        input=result.files[po_file(TARGET_LANG)].encode("utf-8"),
        capture_output=True,
    )
    for line in run.stderr.decode("utf-8", "replace").splitlines():
        problems.append(Problem(path, line.replace("<stdin>", path)))
    if run.returncode and not run.stderr:
        problems.append(Problem(path, f"msgfmt --check failed (exit {run.returncode})"))
    return problems


# translate-toolkit's pofilter checks that `briefing check` runs. Not "puncspacing": it flags
# correct English typography ("2021 - 2030" → "2021–2030", "Việt – Anh" → "Vietnamese–English").
POFILTER_CHECKS = ("numbers", "startpunc", "endpunc", "brackets", "untranslated", "unchanged")
# A reviewer accepts a check's finding for one entry with a translator comment in the PO file:
#   # checked: numbers (23/1 is written as 23 January)
_EXEMPTION = re.compile(r"^checked:\s*([a-z, ]+)", re.MULTILINE)


def po_quality(result: Result) -> list[Problem]:
    """pofilter's checks on every translated, reviewed entry, reported per entry."""
    from translate.filters import checks as pofilter
    from translate.storage import po as ttpo

    checker = pofilter.StandardChecker()
    problems = []
    where = po_file(TARGET_LANG)
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
                hint = f" (if it is right, say so above the entry: `# checked: {name} (why)`)"
                problems.append(
                    Problem(
                        f"{where}:{lines.get(unit.source, 0)}",
                        f"pofilter {name}: {message} in “{unit.source}” → “{unit.target}”{hint}",
                    )
                )
    return problems


def _plain_numbers(text: str, lang: str) -> str:
    """Numbers without their language's separators, so that pofilter's numbers check sees
    "116,6" and "4.266" (Vietnamese) as the same numbers as "116.6" and "4,266" (English)."""
    thousands, decimal = (".", ",") if lang == SOURCE_LANG else (",", ".")
    text = re.sub(rf"(?<=\d){re.escape(thousands)}(?=\d{{3}}\b)", "", text)
    return re.sub(rf"(?<=\d){re.escape(decimal)}(?=\d)", "·", text)


def citations_resolve(result: Result) -> list[Problem]:
    """Every citation and link of every page, in each language, leads to a page of the briefing
    and to a section or sentence on it. (How the site writes them is mkdocs build --strict's to
    check: `validation: anchors` in mkdocs.yml.)"""
    lines = {(sid, page): line for sid, page, _section, line in outline_refs(result.corpus.outline)}
    problems = []
    for lang, briefing in result.briefing.items():
        walked = result.page_nodes[lang]
        anchors = {page.file: {s.id for s in page.sections} | set(_rows(walked[page.file])) for page in briefing.pages}
        for page in briefing.pages:
            for target in walked[page.file]:
                if not isinstance(target, m.Ref | m.Link):
                    continue
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


def _rows(nodes: tuple[Node, ...]) -> dict[str, m.SourceRow]:
    """A page's source sentences by id: what a citation leads to."""
    return {node.sid: node for node in nodes if isinstance(node, m.SourceRow)}


def sentences_shown(result: Result) -> list[Problem]:
    """Every sentence is on its source page, verbatim, in every language; and its English beside
    it once translated (a stale or missing translation shows as pending, never as another's)."""
    table = {e.msgid: e for e in live(result.po)}
    problems = []
    for lang, briefing in result.briefing.items():
        rows = {page.file: _rows(result.page_nodes[lang][page.file]) for page in briefing.pages}
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


def glossary_followed(result: Result) -> list[Problem]:
    """Where a Vietnamese glossary term occurs, the English uses one of the glossary's renderings."""
    problems = []
    where = result.inputs.where["glossary"]
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


def outline_current(result: Result) -> list[Problem]:
    """The outline names sentences by their current ids (edited or deleted ones are flagged)."""
    return [Problem(ref.at, str(ref)) for ref in result.corpus.placement.stale]


def sections_attributed(result: Result) -> list[Problem]:
    """A section that says whose words it holds (`speaker`) holds only sentences that name that
    speaker; one that says which source it draws on (`source`), only that source's sentences."""
    outline = result.corpus.outline
    declared = {(page.file, s.id): s for page in outline.pages for s in page.sections if s.speaker or s.source}
    problems = []
    written = [seg.text for seg in result.corpus.segments]
    for declaration in declared.values():
        speaker = declaration.speaker
        if speaker and not any(speaker in text for text in written):
            alike = next((found for text in written if (found := bare_name(speaker, text))), None)
            problems.append(
                Problem(
                    f"{outline.where}:{declaration.line}",
                    f"speaker '{speaker}' of section '{declaration.id}' is not written so in any source"
                    + (f": did you mean '{alike}'?" if alike else ": write the name as the sources write it."),
                )
            )
    for sid, page, section_id, line in outline_refs(outline):
        section = declared.get((page, section_id))
        if section is None:
            continue
        seg = result.corpus.resolve(sid)
        if section.source and seg.source != section.source:
            problems.append(
                Problem(
                    f"{outline.where}:{line}",
                    f"sentence {sid} is from source '{seg.source}', "
                    f"but section '{section_id}' of page '{page}' holds only '{section.source}'",
                )
            )
        if section.speaker and not speaks(section.speaker, seg.text):
            problems.append(
                Problem(
                    f"{outline.where}:{line}",
                    f"sentence {sid} does not report {section.speaker}'s words (it must name them before "
                    f"its first reporting verb, as in “{section.speaker} nhấn mạnh…”), but section "
                    f"'{section_id}' of page '{page}' holds only theirs: move it to a section of its own",
                )
            )
    return problems + unattributed_headings(outline) + quotes_attributed(result)


def quotes_attributed(result: Result) -> list[Problem]:
    """A pull quote says whose words it shows: its sentence must report that speaker's, and the
    name it shows must be theirs."""
    from briefing.outline import Quote

    outline, problems = result.corpus.outline, []
    for page, _section, block in outline.blocks():
        if not isinstance(block, Quote):
            continue
        seg = result.corpus.resolve(block.excerpt.of)
        if not speaks(block.speaker, seg.text) or fold(block.speaker) not in fold(block.by):
            problems.append(
                Problem(
                    f"{outline.where}:{block.line}",
                    f"the quote on page '{page.file}' is given to “{block.by}”, but sentence {seg.id} does not "
                    f"report {block.speaker}'s words: quote a sentence that does",
                )
            )
    return problems


def unattributed_headings(outline) -> list[Problem]:
    """A heading or label that names an office ("Phó Thủ tướng…", "ông…") over statements tells
    the reader whose words they are: its section must say so with `speaker`, which the check above
    then holds its sentences to."""
    from briefing.outline import refs

    titles = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(fold(t)) for t in OFFICE_TITLES) + r")(?!\w)")
    problems = []
    for page in outline.pages:
        for section in page.sections:
            if section.speaker or not any(True for _ in refs(section.blocks)):
                continue
            labels = [section.heading, *(label for block in section.blocks for label in _labels_of(block))]
            for label in labels:
                if found := titles.search(fold(label)):
                    problems.append(
                        Problem(
                            f"{outline.where}:{section.line}",
                            f"section '{section.id}' of page '{page.file}' is headed or labelled “{label}”, which "
                            f"names a speaker ({found.group(0)}), but it does not say whose words it holds: "
                            "add `speaker: <the name as the source writes it>`",
                        )
                    )
                    break
    return problems


def _labels_of(block) -> list[str]:
    """The editorial labels a block shows over statements (cards, excerpts, table rows, key facts)."""
    out = []
    for name in ("items", "rows"):
        for item in getattr(block, name, ()) or ():
            label = getattr(item, "label", None)
            if isinstance(label, str) and label:
                out.append(label)
    return out


def sources_kept(result: Result) -> list[Problem]:
    """A source whose sentences the memory still holds has not vanished from sources/: a folder
    moved or deleted by mistake would take its statements off every page without a word."""
    present = {info.slug for info in result.corpus.sources}
    held: dict[str, int] = {}
    for entry in live(result.inputs.memory):
        for file, _line in entry.occurrences:
            parts = file.split("/")
            if len(parts) == 3 and parts[0] == SOURCES_DIR and parts[2] == "source.txt" and parts[1] not in present:
                held[parts[1]] = held.get(parts[1], 0) + 1
    return [
        Problem(
            f"{SOURCES_DIR}/{slug}",
            f"source '{slug}' is gone from {SOURCES_DIR}/, but the translation memory holds {count} of its "
            f"sentences: restore the folder, or if the source is withdrawn on purpose, run "
            f"`briefing convert --withdraw {slug}` (its pages and sentences leave the site)",
        )
        for slug, count in sorted(held.items())
    ]


def unplaced(result: Result) -> list[str]:
    """Sentences shown only on their source page (not a failure: nothing is lost)."""
    return list(result.corpus.placement.unplaced)


def rule_placed(result: Result) -> list[Problem]:
    """Each sentence a keyword rule put on a topic page, with the rule and the word: for an
    editor to confirm, or to place by hand in outline.yml."""
    placement, corpus = result.corpus.placement, result.corpus
    problems = []
    for key, why in (placement.placed or {}).items():
        seg = corpus.by_key[key]
        reason = (
            f"beside {corpus.by_key[why.follows].id}, which it refers back to"
            if why.follows
            else (f"rule at {corpus.outline.where}:{why.rule_line}, keyword “{why.keyword}”")
        )
        problems.append(
            Problem(
                f"{SOURCES_DIR}/{seg.source}/source.txt:{seg.line}",
                f"{seg.id} on page '{why.page}' ({reason}): “{seg.text}”",
            )
        )
    return problems


def adrift(result: Result) -> list[Problem]:
    """Sentences that open by referring back ("Mỏ này…") but stand on a page without the sentence
    they refer to: place them with it in outline.yml, or leave them to their source page."""
    corpus = result.corpus
    return [
        Problem(
            f"{SOURCES_DIR}/{seg.source}/source.txt:{seg.line}",
            f"{seg.id} opens by referring back but stands without what it refers to: “{seg.text}”",
        )
        for seg in (corpus.by_key[key] for key in corpus.placement.adrift)
    ]


def scraping_damage(result: Result) -> list[Problem]:
    """Words the scraper glued together, for an editor to correct (meta.yml `corrections`, which
    keeps source.txt verbatim and marks what it mends) or to confirm as written."""
    from briefing.damage import covered, suspect_joints
    from briefing.segment import SegmentKind

    problems = []
    for info in result.corpus.sources:
        text = result.inputs.texts[info.slug]
        headlines = frozenset(s.line for s in result.corpus.by_source[info.slug] if s.kind == SegmentKind.HEADLINE)
        lines = text.split("\n")
        for joint in suspect_joints(text, skip=headlines):
            if not covered(joint, lines[joint.line - 1], info.corrections):
                problems.append(
                    Problem(
                        f"{SOURCES_DIR}/{info.slug}/source.txt:{joint.line}:{joint.column}",
                        f"scraping damage? {joint} (mend it, or confirm it, under `corrections` in meta.yml)",
                    )
                )
    return problems


def sources_as_received(result: Result) -> list[Problem]:
    """A source.txt is the text as received (its SHA-256 in meta.yml), or says how it changed."""
    import hashlib

    problems = []
    for info in result.corpus.sources:
        expected = info.text_sha256 or info.sha256
        actual = hashlib.sha256(result.inputs.texts[info.slug].encode("utf-8")).hexdigest()
        if expected and actual != expected and not info.edits:
            problems.append(
                Problem(
                    f"{SOURCES_DIR}/{info.slug}/source.txt",
                    "is no longer the text as received (its SHA-256 in meta.yml): say what changed and why under "
                    "`edits` in meta.yml (scraping damage is mended under `corrections`, source.txt untouched)",
                )
            )
    return problems


def context_now_in_a_source(result: Result) -> list[Problem]:
    """A fact kept as outside context (a source's meta.yml, or the outline's facts from other
    sources) whose figures a source now states itself: cite the sentence instead, and stop
    calling it outside the articles."""
    from briefing.outline import outside_facts

    where = result.inputs.where.get("outline", "outline.yml")
    facts = [
        (f"{SOURCES_DIR}/{info.slug}/meta.yml:{fact.line}", fact.text)
        for info in result.corpus.sources
        for fact in info.context
    ]
    facts += [(f"{where}:{fact.line}", fact.text) for fact in outside_facts(result.corpus.outline.pages)]
    problems = []
    for at, text in facts:
        figures = [w.strip(".,;:()") for w in text.split() if any(c.isdigit() for c in w)]
        figures = [f for f in figures if len(f) >= 4 or "/" in f]
        if not figures or (len(figures) == 1 and figures[0].isdigit() and len(figures[0]) == 4):
            continue  # a year alone ("2021") is in too many sentences to say the fact is there
        for seg in result.corpus.segments:
            if all(figure in seg.text for figure in figures):
                problems.append(
                    Problem(
                        at,
                        f"the outside fact “{text}” is stated by source {seg.source} "
                        f"({seg.id}): cite that sentence rather than outside context",
                    )
                )
                break
    return problems


# Faults that would publish something false: build.run refuses to write pages while one remains.
FAULTS = (
    ("sections hold only their speaker's or source's words", sections_attributed),
    ("no source gone without being withdrawn", sources_kept),
    ("every citation and link leads to its sentence or section", citations_resolve),
    ("every sentence is shown, with its English once translated", sentences_shown),
)
# Work to do, listed apart by `briefing check`.
WORK = (
    ("translations present and not stale", translations_done),
    ("translations pass pofilter", po_quality),
    ("glossary followed", glossary_followed),
    ("outline names current sentences", outline_current),
    ("sentences placed by a rule, to confirm", rule_placed),
    ("sentences that refer back, placed without what they refer to", adrift),
    ("scraping damage mended or confirmed", scraping_damage),
    ("sources as received, or their edits said", sources_as_received),
    ("outside context not stated by a source", context_now_in_a_source),
)


def faults(result: Result) -> list[Problem]:
    """Every fault of a briefing's pages (pure: build.run asks before anything is written)."""
    return [problem for _name, gate in FAULTS for problem in gate(result)]
