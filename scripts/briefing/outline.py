"""The editorial outline (outline.yml): pages, sections, blocks, placement rules, labels.

Parsing keeps each item's line number so that every error can say `outline.yml:LINE`.
The Vietnamese strings here are editorial framing (titles, headings, labels, intros): they
must add no fact. Their English comes from the translation memory like everything else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from briefing.errors import BriefingError

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
BLOCK_KINDS = ("prose", "sentences", "list", "excerpts", "cards", "table", "note", "context",
               "glossary", "status", "sources", "download", "figure")
# Labels the renderer needs; the outline must define each (in Vietnamese).
REQUIRED_LABELS = (
    "source_page_title", "source_about", "source_known", "source_unknown",
    "context_title", "context_note", "related_headlines", "related_note", "full_text",
    "caption", "credit", "headline", "original", "translation", "cited_on", "sentence",
    "pending", "pending_notice", "glossary_term", "glossary_english", "glossary_definition",
    "status_page", "status_statements", "status_translated", "status_pending", "status_total",
    "rule_added", "new_source_title_note", "new_source_title_note_body", "new_source_kind",
    "new_source_unknown", "pdf_download", "pdf_title", "pdf_subtitle", "pdf_contents", "pdf_language",
    "pdf_built", "pdf_source",
)


@dataclass(frozen=True)
class Excerpt:
    of: str  # sentence id
    text: str  # a verbatim piece of that sentence
    line: int
    label: str | None = None
    link: str | None = None  # a page file name
    icon: str | None = None


@dataclass(frozen=True)
class Mark:
    """A mark on a timeline: a verbatim excerpt of a sentence, or a fact of a source's context."""

    year: int
    line: int
    until: int | None = None
    of: str | None = None  # sentence id, with `text` a verbatim part of it
    text: str | None = None
    context: tuple[str, int] | None = None  # (source slug, index of the fact in its meta.yml)


@dataclass(frozen=True)
class Pillar:
    label: str  # editorial heading
    of: str  # sentence id
    items: tuple[str, ...]  # verbatim parts of that sentence
    line: int


@dataclass(frozen=True)
class Figure:
    kind: str  # "timeline" or "pillars"
    title: str  # editorial
    description: str  # editorial: what the figure shows, for screen readers and as caption
    marks: tuple[Mark, ...] = ()
    pillars: tuple[Pillar, ...] = ()


@dataclass(frozen=True)
class Block:
    kind: str
    line: int
    text: str | None = None  # prose, note text
    title: str | None = None  # note title
    style: str | None = None  # note style (admonition type)
    groups: tuple[tuple[str, ...], ...] = ()  # sentences: paragraphs of ids; list: one id each
    excerpts: tuple[Excerpt, ...] = ()  # excerpts, cards, table rows
    head: tuple[str, ...] = ()  # table head
    source: str | None = None  # context: the source slug
    figure: Figure | None = None


@dataclass(frozen=True)
class Section:
    id: str
    heading: str
    line: int
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Page:
    file: str  # docs path without language suffix and ".md", e.g. "plan"
    title: str
    description: str
    line: int
    intro: tuple[Block, ...] = ()
    sections: tuple[Section, ...] = ()


@dataclass(frozen=True)
class Rule:
    page: str
    section: str
    keywords: tuple[str, ...]
    line: int


@dataclass(frozen=True)
class Outline:
    where: str
    labels: dict[str, str]
    pages: tuple[Page, ...]
    rules: tuple[Rule, ...] = field(default=())

    def page(self, file: str) -> Page | None:
        return next((page for page in self.pages if page.file == file), None)


# libyaml's parser when PyYAML has it (the wheels do): several times faster than pure Python.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_SafeLoader):
    """A safe loader that records each mapping's line under the key "__line__"."""

    def construct_mapping(self, node, deep=False):
        mapping = super().construct_mapping(node, deep=deep)
        mapping["__line__"] = node.start_mark.line + 1
        return mapping


def load_yaml(text: str, where: str, loader: type = _LineLoader) -> Any:
    """YAML text → data (mappings with their "__line__", by default); a syntax error is a
    BriefingError naming where:line. Every YAML file of the project is read through here."""
    try:
        return yaml.load(text, Loader=loader)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = f":{mark.line + 1}" if mark else ""
        raise BriefingError(f"{where}{line}", f"not valid YAML: {getattr(err, 'problem', err)}.") from None


def parse(text: str, where: str) -> Outline:
    """Parse outline.yml's text; every problem is a BriefingError naming where:line."""
    data = load_yaml(text, where)
    top = _mapping(data, where, 1, "the outline")
    labels = _mapping(top.get("labels"), where, top["__line__"], "labels")
    missing = [name for name in REQUIRED_LABELS if not isinstance(labels.get(name), str)]
    if missing:
        raise BriefingError(f"{where}:{labels['__line__']}", f"labels lack {', '.join(missing)}.")
    pages = tuple(_page(item, where) for item in _list(top.get("pages"), where, top["__line__"], "pages"))
    files = [page.file for page in pages]
    for page in pages:
        if files.count(page.file) > 1:
            raise BriefingError(f"{where}:{page.line}", f"page '{page.file}' is defined twice.")
    rules = tuple(_rule(item, where) for item in _list(top.get("rules", []), where, top["__line__"], "rules"))
    return Outline(where, {k: v for k, v in labels.items() if k != "__line__"}, pages, rules)


def _page(item: Any, where: str) -> Page:
    data = _mapping(item, where, 0, "a page")
    line = data["__line__"]
    file = _text(data, "file", where, line)
    if not all(SLUG.match(part) for part in file.split("/")):
        raise BriefingError(f"{where}:{line}", f"page file '{file}' is not a slug path like 'rare-earths'.")
    sections = []
    for raw in _list(data.get("sections", []), where, line, "sections"):
        sec = _mapping(raw, where, line, "a section")
        sec_id = _text(sec, "id", where, sec["__line__"])
        if not SLUG.match(sec_id):
            raise BriefingError(f"{where}:{sec['__line__']}", f"section id '{sec_id}' is not a slug.")
        blocks = tuple(_block(b, where) for b in _list(sec.get("blocks", []), where, sec["__line__"], "blocks"))
        sections.append(Section(sec_id, _text(sec, "heading", where, sec["__line__"]), sec["__line__"], blocks))
    ids = [s.id for s in sections]
    for sec in sections:
        if ids.count(sec.id) > 1:
            raise BriefingError(f"{where}:{sec.line}", f"section id '{sec.id}' is used twice on page '{file}'.")
    intro = tuple(_block(b, where) for b in _list(data.get("intro", []), where, line, "intro"))
    return Page(file, _text(data, "title", where, line), _text(data, "description", where, line),
                line, intro, tuple(sections))


def _block(item: Any, where: str) -> Block:
    data = _mapping(item, where, 0, "a block")
    line = data["__line__"]
    kinds = [key for key in data if key != "__line__"]
    if len(kinds) != 1 or kinds[0] not in BLOCK_KINDS:
        raise BriefingError(
            f"{where}:{line}",
            f"a block has exactly one of the keys {', '.join(BLOCK_KINDS)}; found {', '.join(kinds) or 'none'}.",
        )
    kind = kinds[0]
    value = data[kind]
    if kind == "prose":
        return Block(kind, line, text=_string(value, where, line, "prose"))
    if kind == "note":
        note = _mapping(value, where, line, "a note")
        return Block(kind, line, text=_text(note, "text", where, line), title=_text(note, "title", where, line),
                     style=note.get("style", "note"))
    if kind == "sentences":
        groups = tuple(_ids(entry, where, line) for entry in _list(value, where, line, kind))
        return Block(kind, line, groups=groups)
    if kind == "list":
        return Block(kind, line, groups=tuple((_id(v, where, line),) for v in _list(value, where, line, kind)))
    if kind in ("excerpts", "cards"):
        return Block(kind, line, excerpts=tuple(_excerpt(e, where) for e in _list(value, where, line, kind)))
    if kind == "table":
        table = _mapping(value, where, line, "a table")
        head = tuple(_string(h, where, line, "a table heading") for h in _list(table.get("head"), where, line, "head"))
        rows = tuple(_excerpt(e, where) for e in _list(table.get("rows"), where, line, "rows"))
        if len(head) != 2:
            raise BriefingError(f"{where}:{line}", "a table has exactly two headings: the label and the excerpt.")
        return Block(kind, line, head=head, excerpts=rows)
    if kind == "context":
        return Block(kind, line, source=_string(value, where, line, "context"))
    if kind == "figure":
        return Block(kind, line, figure=_figure(_mapping(value, where, line, "a figure"), where))
    return Block(kind, line)  # glossary, status, sources, download: generated from data


def _figure(data: dict, where: str) -> Figure:
    line = data["__line__"]
    kind = _text(data, "kind", where, line)
    title, description = _text(data, "title", where, line), _text(data, "description", where, line)
    if kind == "timeline":
        marks = []
        for raw in _list(data.get("marks"), where, line, "marks"):
            mark = _mapping(raw, where, line, "a mark")
            at = mark["__line__"]
            years = [mark.get("year"), mark.get("until", 0)]
            if not all(isinstance(y, int) for y in years):
                raise BriefingError(f"{where}:{at}", "a mark's year (and until) are whole numbers.")
            context = None
            if "context" in mark:
                ctx = _mapping(mark["context"], where, at, "a mark's context")
                context = (_text(ctx, "source", where, at), int(ctx.get("fact", 0)))
            elif "of" in mark:
                _id(mark["of"], where, at)
            else:
                raise BriefingError(f"{where}:{at}", "a mark comes from a sentence (of, text) or a context fact.")
            marks.append(Mark(mark["year"], at, mark.get("until"), mark.get("of"),
                              _text(mark, "text", where, at) if "of" in mark else None, context))
        return Figure(kind, title, description, marks=tuple(marks))
    if kind == "pillars":
        pillars = []
        for raw in _list(data.get("pillars"), where, line, "pillars"):
            pillar = _mapping(raw, where, line, "a pillar")
            at = pillar["__line__"]
            items = tuple(_string(i, where, at, "an item") for i in _list(pillar.get("items"), where, at, "items"))
            pillars.append(Pillar(_text(pillar, "label", where, at), _id(pillar.get("of"), where, at), items, at))
        return Figure(kind, title, description, pillars=tuple(pillars))
    raise BriefingError(f"{where}:{line}", f"unknown figure kind '{kind}': timeline or pillars.")


def _excerpt(item: Any, where: str) -> Excerpt:
    data = _mapping(item, where, 0, "an excerpt")
    line = data["__line__"]
    return Excerpt(_id(data.get("of"), where, line), _text(data, "text", where, line), line,
                   data.get("label"), data.get("link"), data.get("icon"))


def _rule(item: Any, where: str) -> Rule:
    data = _mapping(item, where, 0, "a rule")
    line = data["__line__"]
    keywords = tuple(_string(k, where, line, "a keyword") for k in _list(data.get("keywords"), where, line, "keywords"))
    return Rule(_text(data, "page", where, line), _text(data, "section", where, line), keywords, line)


def _ids(entry: Any, where: str, line: int) -> tuple[str, ...]:
    if isinstance(entry, list):
        return tuple(_id(v, where, line) for v in entry)
    return (_id(entry, where, line),)


def _id(value: Any, where: str, line: int) -> str:
    if not isinstance(value, str) or not re.match(r"^s-[0-9a-f]{8}(-\d+)?$", value):
        raise BriefingError(f"{where}:{line}", f"'{value}' is not a sentence id like 's-1a2b3c4d'.",
                            "`briefing status --ids` lists every sentence with its id.")
    return value


def _mapping(value: Any, where: str, line: int, what: str) -> dict:
    if not isinstance(value, dict):
        raise BriefingError(f"{where}:{line}" if line else where, f"{what} should be a mapping of keys.")
    return value


def _list(value: Any, where: str, line: int, what: str) -> list:
    if not isinstance(value, list):
        raise BriefingError(f"{where}:{line}", f"'{what}' should be a list.")
    return value


def _string(value: Any, where: str, line: int, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise BriefingError(f"{where}:{line}", f"{what} should be non-empty text.")
    return value.strip()


def _text(data: dict, key: str, where: str, line: int) -> str:
    if key not in data:
        raise BriefingError(f"{where}:{line}", f"'{key}' is missing.")
    return _string(data[key], where, data.get("__line__", line), f"'{key}'")
