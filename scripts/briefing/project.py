"""The I/O edge: read a project from disk (`read`), and write what the pipeline makes of it
(build.run) atomically; `add_source` stores a new source."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import stat
import unicodedata
from pathlib import Path

import polib
import yaml

from briefing import build, damage, figures, glossary, ingest, segment, sources, translate, yamlfile
from briefing import outline as outline_mod
from briefing.build import Inputs, Result
from briefing.config import GENERATED_MARKER, LANGS, SOURCE_LANG, SOURCE_META, SOURCE_TEXT, TARGET_LANG, Project
from briefing.data import Node, node
from briefing.errors import BriefingError, UsageError
from briefing.text import ascii_slug

# The largest file an editor gives the pipeline: far more than the PO file of hundreds of articles.
MAX_FILE_MB = 20
_NOT_REGULAR = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISSOCK, "a socket"),
)


def read_bytes(path: Path, where: str) -> bytes:
    """The bytes of a file an editor gives the pipeline (a source, meta.yml, the outline, the
    glossary, the PO file, mkdocs.yml), once it is known to be a regular file of a sane size.
    Anything else is refused before it is opened, naming the file: a directory, a device, a named
    pipe (which would block the read), a link loop, an unreadable or an oversized file."""
    restore = f"replace it with the text file itself (`git checkout -- {where}` restores the committed one)"
    try:
        info = os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            raise BriefingError(where, f"not a regular file (a link to nothing) — {restore}.") from None
        raise BriefingError(where, "file not found.") from None
    except OSError as err:
        if err.errno == errno.ELOOP:
            raise BriefingError(where, f"not a regular file (a link loop) — {restore}.") from None
        raise BriefingError(where, f"cannot be read ({(err.strerror or str(err)).lower()}).") from None
    kind = next((name for test, name in _NOT_REGULAR if test(info.st_mode)), None)
    if kind is not None or not stat.S_ISREG(info.st_mode):
        raise BriefingError(where, f"not a regular file ({kind or 'not a file'}) — {restore}.")
    limit = MAX_FILE_MB * 1024 * 1024
    too_large = BriefingError(
        where, f"larger than {MAX_FILE_MB} MB — an editor's file is text of a few hundred KB: is it the right file?"
    )
    if info.st_size > limit:
        raise too_large
    try:
        # O_NONBLOCK: should it have become a pipe since it was looked at, opening does not wait.
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except PermissionError:
        unreadable = f"cannot be read (permission denied) — make it readable: chmod u+r {where}"
        raise BriefingError(where, unreadable) from None
    except OSError as err:
        raise BriefingError(where, f"cannot be read ({(err.strerror or str(err)).lower()}).") from None
    with os.fdopen(handle, "rb") as opened:
        data = opened.read(limit + 1)
    if len(data) > limit:
        raise too_large
    return data


def read_text(path: Path, where: str) -> str:
    """An editor's file as NFC text (read_bytes, then ingest.decode)."""
    return ingest.decode(read_bytes(path, where), where)


def source_slugs(project: Project) -> list[str]:
    """Every folder of sources/ with a source.txt in it (whatever it is: reading it says if it is
    not a text file, rather than leaving the source out unseen)."""
    if not project.sources.is_dir():
        return []
    return sorted(p.name for p in project.sources.iterdir() if os.path.lexists(p / SOURCE_TEXT))


def load_texts(project: Project, infos: tuple[sources.SourceInfo, ...]) -> dict[str, str]:
    """Each source's text, as stored in its source.txt."""
    texts = {}
    for info in infos:
        path = project.sources / info.slug / SOURCE_TEXT
        texts[info.slug] = read_text(path, project.rel(path))
    return texts


def load_segments(
    project: Project, infos: tuple[sources.SourceInfo, ...], texts: dict[str, str]
) -> tuple[segment.Segment, ...]:
    """Every source's sentences, with the scraping damage its meta.yml corrects mended (and the
    sentences it mends marked as such)."""
    found: list[segment.Segment] = []
    for info in infos:
        where = project.rel(project.sources / info.slug / SOURCE_TEXT)
        meta = project.rel(project.sources / info.slug / SOURCE_META)
        document = ingest.parse(damage.mend(texts[info.slug], info.corrections, meta), where, info.first_line)
        found += segment.mark_corrected(segment.segment(info.slug, document), texts[info.slug], info.corrections)
    return tuple(segment.assign_ids(found))


def load_sources(project: Project) -> tuple[sources.SourceInfo, ...]:
    """Every source's meta.yml; with several sources, each has its own citation letter."""
    infos = tuple(load_source_info(project, slug) for slug in source_slugs(project))
    if len(infos) > 1:
        letters: dict[str, str] = {}
        for info in infos:
            where = project.rel(project.sources / info.slug / SOURCE_META)
            if not info.cite_as:
                raise BriefingError(
                    where,
                    "with several sources, each needs 'cite_as': the letter its citations "
                    "carry (A3 is sentence 3 of source A).",
                    f"Add a line `cite_as: {sources.next_letter(letters)}` (a letter no other source has).",
                )
            if info.cite_as in letters:
                raise BriefingError(
                    where,
                    f"'cite_as: {info.cite_as}' is already the letter of {letters[info.cite_as]}.",
                    f"Choose another, such as {sources.next_letter(letters)}.",
                )
            letters[info.cite_as] = info.slug
    # In the order of their letters (A, B, …, Z, AA): the order they joined the briefing, which
    # is the order readers see them in, and which decides who a reprinted sentence is cited from.
    return tuple(sorted(infos, key=lambda info: sources.letter_order(info.cite_as)))


def load_source_info(project: Project, slug: str) -> sources.SourceInfo:
    path = project.sources / slug / SOURCE_META
    where = project.rel(path)
    return sources.parse_meta(read_text(path, where), where, slug)


def load_glossary(project: Project) -> tuple[glossary.Term, ...]:
    where = project.rel(project.glossary)
    return glossary.parse(read_text(project.glossary, where), where)


def load_nav(project: Project) -> tuple[str, ...]:
    """Page order, from mkdocs.yml's `nav` (page files without the .md); its i18n languages
    must be the ones config.py names."""
    where = project.rel(project.mkdocs_yml)
    settings = yamlfile.Keys(
        yamlfile.load(read_text(project.mkdocs_yml, where), where, tagged=True), where, "mkdocs.yml"
    )
    files = _nav_files(settings.data.get("nav"))
    if files is None:
        raise settings.fail(
            "`nav` should list page files like `plan.md`, or sections of them like `- Nguồn: [sources/index.md, …]` "
            "(page titles come from each page's front matter, per language).",
            key="nav",
        )
    _check_languages(settings)
    return tuple(item.removesuffix(".md") for item in files)


def _nav_files(nav) -> list[str] | None:
    """The page files of mkdocs.yml's nav in order (sections flattened), or None if it is not a
    list of page files and of sections of them."""
    if not isinstance(nav, list):
        return None
    files: list[str] = []
    for item in nav:
        if isinstance(item, str) and item.endswith(".md"):
            files.append(item)
            continue
        keys = [k for k in item if k not in (yamlfile.LINE, yamlfile.KEY_LINES)] if isinstance(item, dict) else []
        inner = _nav_files(item[keys[0]]) if len(keys) == 1 else None
        if inner is None:
            return None
        files += inner
    return files


def _check_languages(settings: yamlfile.Keys) -> None:
    """mkdocs.yml builds the languages the pipeline writes, the source language as default.
    What the pipeline reads of it is checked for its type like any file of the project."""
    plugins = settings.items("plugins", "plugins (names, or mappings of a name to its settings)")
    entry = next((p for p in plugins if isinstance(p, dict) and "i18n" in p), None)
    found: list[tuple[str, bool]] = []
    line = settings.line_of("plugins")
    if entry is not None:
        i18n = yamlfile.Keys(entry["i18n"], settings.where, "the i18n plugin's settings", entry.get(yamlfile.LINE, 0))
        line = i18n.line
        for item in i18n.items("languages", "languages, each a mapping with locale (and default)"):
            lang = yamlfile.Keys(item, settings.where, "an i18n language", i18n.line)
            found.append((lang.text("locale"), lang.flag("default")))
    expected = [(lang, lang == SOURCE_LANG) for lang in LANGS]
    if sorted(found) != sorted(expected):
        raise BriefingError(
            f"{settings.where}:{line}",
            "the i18n plugin's languages should be "
            + " and ".join(f"'{lang}'" for lang in LANGS)
            + f", with '{SOURCE_LANG}' the default.",
            "The pipeline's languages are set in scripts/briefing/config.py.",
        )


def load_outline(project: Project) -> outline_mod.Outline:
    where = project.rel(project.outline)
    return outline_mod.parse(read_text(project.outline, where), where)


def load_basemaps(project: Project, outline: outline_mod.Outline) -> dict[str, figures.Basemap]:
    """The land and borders each map of the outline names (maps/region.json), by path."""
    maps = [b for _, _, b in outline.blocks() if isinstance(b, outline_mod.FigureBlock) and b.figure.kind == "map"]
    basemaps = {}
    for block in maps:
        name = block.figure.basemap
        if name not in basemaps:
            basemaps[name] = _basemap(read_text(project.root / name, name), name)
        countries = [country for country, _ in basemaps[name].land]
        if block.figure.home not in countries:
            raise BriefingError(
                f"{project.rel(project.outline)}:{block.figure.home_line}",
                f"the map's 'home' is '{block.figure.home}': {name} has {', '.join(countries)}.",
            )
    return basemaps


def _basemap(text: str, where: str) -> figures.Basemap:
    """maps/region.json as scripts/basemap.py writes it; anything else is refused, naming the
    line, as that script's output is never edited by hand."""
    hint = (
        "The file is written by `python scripts/basemap.py` (after `npm ci`): run it, or `git checkout -- "
        + where
        + "`."
    )
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise BriefingError(f"{where}:{err.lineno}", f"not valid JSON: {err.msg}.", hint) from None

    def fail(key: str, what: str) -> BriefingError:
        found = re.search(rf'^\s*"{re.escape(key)}"\s*:', text, re.MULTILINE)
        line = text.count("\n", 0, found.start()) + 1 if found else 1
        return BriefingError(f"{where}:{line}", f"'{key}' should be {what}.", hint)

    def line(value) -> figures.Line:
        # A thousand-odd points, read on every convert: checked by type, not by isinstance calls
        # (`type(x) in _NUMBER` also refuses true and false, which JSON reads as bools).
        if not isinstance(value, list) or len(value) < 2:
            raise ValueError
        points = tuple(map(tuple, value))  # (a point that is no list raises TypeError here)
        if not all(len(p) == 2 and type(p[0]) in _NUMBER and type(p[1]) in _NUMBER for p in points):
            raise ValueError
        return points

    if not isinstance(data, dict):
        raise BriefingError(f"{where}:1", "should be a JSON object with frame, land and borders.", hint)
    frame = data.get("frame")
    if not (isinstance(frame, list) and len(frame) == 4 and all(type(v) in _NUMBER for v in frame)):
        raise fail("frame", "four numbers: west, south, east, north, in degrees")
    try:
        land = data.get("land")
        if not isinstance(land, dict):
            raise ValueError
        countries = tuple((str(name), tuple(line(ring) for ring in rings)) for name, rings in land.items())
    except (ValueError, TypeError):
        raise fail("land", "each country's rings, lists of [lon, lat] points") from None
    try:
        borders = data.get("borders")
        if not isinstance(borders, list):
            raise ValueError
        lines = tuple(line(border) for border in borders)
    except (ValueError, TypeError):
        raise fail("borders", "a list of lines, lists of [lon, lat] points") from None
    return figures.Basemap(frame=tuple(float(v) for v in frame), land=countries, borders=lines)  # type: ignore[arg-type]


_NUMBER = (int, float)  # a JSON number's Python types, by `type()` (bool, a subclass of int, is not one)


def load_po(project: Project) -> tuple[polib.POFile, str | None]:
    """The translation memory, and its text as it is on disk (None if there is no file yet)."""
    path = project.po(TARGET_LANG)
    if not os.path.lexists(path):  # (a link that leads nowhere is read, and refused)
        return polib.POFile(wrapwidth=78), None
    where = project.rel(path)
    text = read_text(path, where)
    po = translate.read_plain(text)  # the forms convert writes, in one quick pass
    if po is None:  # anything else: checked against the grammar, then read by polib
        line = translate.syntax_error(text)
        if line is not None:
            raise _syntax_error(text, where, line)
        po = translate.parse_po(text, where)
    return po, text


def _syntax_error(text: str, where: str, line: int) -> BriefingError:
    """A PO file that is not valid PO is refused (polib would read some broken files without
    complaint, and convert would write the damage back); gettext's msgfmt, when installed, says
    what is wrong in its own words."""
    import shutil
    import subprocess

    hint = f"Fix it in Poedit or a text editor; `msgfmt --check {where}` shows every error."
    msgfmt = shutil.which("msgfmt")
    if msgfmt is not None:
        run = subprocess.run([msgfmt, "-o", "/dev/null", "-"], input=text.encode("utf-8"), capture_output=True)
        errors = list(
            re.finditer(
                r"^<stdin>:(\d+):(?:\d+:)?\s*(?!warning:)(.*)$", run.stderr.decode("utf-8", "replace"), re.MULTILINE
            )
        )
        if errors:
            return BriefingError(f"{where}:{errors[0].group(1)}", f"PO syntax error: {errors[0].group(2)}", hint)
    return BriefingError(
        f"{where}:{line}",
        "PO syntax error: this line is not a comment, a keyword with a quoted string, or a quoted string.",
        hint,
    )


def read(project: Project) -> Inputs:
    """Read and check every input of the pipeline (each problem a BriefingError naming file:line)."""
    memory, memory_text = load_po(project)
    infos = load_sources(project)
    texts = load_texts(project, infos)
    outline = load_outline(project)
    return Inputs(
        where={"mkdocs.yml": project.rel(project.mkdocs_yml), "glossary": project.rel(project.glossary)},
        sources=infos,
        texts=texts,
        segments=load_segments(project, infos, texts),
        outline=outline,
        basemaps=load_basemaps(project, outline),
        glossary=load_glossary(project),
        nav=load_nav(project),
        memory=memory,
        memory_text=memory_text,
    )


def generate(
    project: Project, *, pdfs: bool = False, pages: bool = True, withdrawn: frozenset[str] = frozenset()
) -> Result:
    """Read everything and make every output, in memory (build.run). Raises BriefingError on bad input."""
    return build.run(read(project), pdfs=pdfs, pages=pages, withdrawn=withdrawn)


def owned_pages(project: Project) -> list[Path]:
    """Pages in docs/ that convert wrote (they carry the marker), so it may replace or delete them."""
    found = []
    for path in sorted(project.docs.rglob("*.md")) if project.docs.is_dir() else []:
        if GENERATED_MARKER in path.read_text(encoding="utf-8"):
            found.append(path)
    return found


def plan_changes(project: Project, files: dict[str, str]) -> dict[Path, str | None]:
    """Files to write (text) or delete (None) to make the disk match `files` (paths from the root)."""
    wanted = {project.root / name: text for name, text in files.items()}
    changes: dict[Path, str | None] = {}
    for path, text in wanted.items():
        if not path.exists() or path.read_bytes() != text.encode("utf-8"):
            changes[path] = text
    for path in owned_pages(project):
        if path not in wanted:
            changes[path] = None
    return changes


def apply_changes(changes: dict[Path, str | None]) -> None:
    """Write all files or none.

    New contents go to temporary files beside their targets first; only when all are written are
    they renamed into place. If anything fails on the way, files already replaced get their old
    bytes back, so a failure half-way leaves every file as it was.
    """
    if not changes:
        return  # (a convert with nothing to change: spared tempfile's import, a few ms of its time)
    import tempfile

    originals = {path: path.read_bytes() if path.exists() else None for path in changes}
    staged: list[tuple[Path, Path]] = []
    done: list[Path] = []
    try:
        for path, text in changes.items():
            if text is None:
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
                out.write(text)
            staged.append((Path(name), path))
        for temp, path in staged:
            os.replace(temp, path)
            done.append(path)
        for gone, text in changes.items():
            if text is None:
                gone.unlink()
                done.append(gone)
    except BaseException:
        for temp, _ in staged:
            temp.unlink(missing_ok=True)
        for path in done:
            original = originals[path]
            if original is None:
                path.unlink(missing_ok=True)
            else:
                path.write_bytes(original)
        raise


@node
class Added(Node):
    """What `add_source` stored, and what it recognised in the text (for the editor to check)."""

    folder: Path
    meta: dict
    segments: tuple[segment.Segment, ...]
    joints: tuple[damage.Joint, ...] = ()  # where the scraper may have glued words together


def add_source(
    project: Project, path: Path, slug: str, title: str | None = None, first_line: str | None = None
) -> Added:
    """Validate a new Vietnamese text file and store it, normalised, as sources/SLUG/.

    `title` is the article's title when the editor knows it; `first_line` says what the first
    line is ("title", "related" headlines or "text"), when the guess would be wrong."""
    import tempfile

    if not outline_mod.SLUG.match(slug):
        suggestion = ascii_slug(slug)
        raise UsageError(
            slug,
            "a slug is lowercase ASCII letters and digits joined by single hyphens, like 'lai-chau-tourism-2024'.",
            f"Try --slug {suggestion}" if outline_mod.SLUG.match(suggestion) else None,
        )
    if slug == "index":  # docs/sources/index is the list of sources
        raise UsageError(slug, "'index' is the name of the Sources page, not a source's.", "Choose another slug.")
    target = project.sources / slug
    if target.exists():
        raise UsageError(
            project.rel(target),
            "a source with this slug already exists.",
            "Choose another --slug; to replace the text, edit its source.txt.",
        )
    if not os.path.lexists(path):
        raise UsageError(str(path), "no such file.")
    data = read_bytes(path, str(path))
    text = ingest.decode(data, str(path))
    existing = load_sources(project) if project.sources.is_dir() else ()
    for info in existing:  # the same article twice would be cited twice, under two letters
        stored = project.sources / info.slug / SOURCE_TEXT
        same = read_text(stored, project.rel(stored)).split() == text.split()  # spacing and blank lines aside
        if info.sha256 == hashlib.sha256(data).hexdigest() or same:
            raise UsageError(
                str(path),
                f"this text is already source '{info.slug}'" + (f" ({info.cite_as})" if info.cite_as else "") + ".",
                "Nothing was added. A reprint by another outlet is a new source only if its text differs.",
            )
    if title is not None and title.strip() and text.split("\n", 1)[0].strip() == title.strip():
        first_line = first_line or "title"  # the editor's title is the first line
    document = ingest.parse(text, str(path), first_line)
    labels = load_outline(project).new_source
    first = document.blocks[0]
    kind = (
        next(name for name, block_kind in ingest.FIRST_LINE.items() if block_kind == first.kind)
        if first.kind in ingest.FIRST_LINE.values()
        else "text"
    )
    found = tuple(segment.segment(slug, document))
    caption = next((seg.text for seg in found if seg.kind == segment.SegmentKind.CAPTION), None)
    if title and title.strip():
        title, note = unicodedata.normalize("NFC", title.strip()), None  # the editor knows it
    elif first.kind == ingest.BlockKind.TITLE:
        title, note = first.text, None  # the article's own title line
    elif caption and len(caption) <= ingest.TITLE_MAX:
        # No title line: a scraped page's photo caption opens with the headline, as a rule.
        title, note = caption, labels["title_note"]
    else:
        # Headings, running heads and the contents show a source by its title: never a sentence.
        raise UsageError(
            str(path),
            "the text has no title line, and add-source takes no sentence of the body for a title.",
            'Give the article\'s title: --title "…" (nothing was added).',
        )
    meta = {
        "title": title,
        "cite_as": sources.next_letter({info.cite_as for info in existing}),
        "first_line": kind,
        **({"title_note": note} if note else {}),
        "language": SOURCE_LANG,
        "kind": labels["kind"],
        "received_as": path.name,
        "sha256": hashlib.sha256(data).hexdigest(),
        # What source.txt holds, where storing the file normalised it (NFC, LF, no BOM).
        **({"text_sha256": hashlib.sha256(text.encode("utf-8")).hexdigest()} if text.encode("utf-8") != data else {}),
        "known": [],
        "unknown": [labels["unknown"]],
    }
    staged_dir = Path(tempfile.mkdtemp(dir=project.sources if project.sources.is_dir() else None, prefix=".new-"))
    try:
        (staged_dir / SOURCE_TEXT).write_text(text, encoding="utf-8", newline="\n")
        (staged_dir / SOURCE_META).write_text(
            yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8", newline="\n"
        )
        project.sources.mkdir(parents=True, exist_ok=True)
        os.replace(staged_dir, target)
    finally:
        if staged_dir.exists():
            for child in staged_dir.iterdir():
                child.unlink()
            staged_dir.rmdir()
    headlines = frozenset(seg.line for seg in found if seg.kind == segment.SegmentKind.HEADLINE)
    return Added(folder=target, meta=meta, segments=found, joints=tuple(damage.suspect_joints(text, skip=headlines)))
