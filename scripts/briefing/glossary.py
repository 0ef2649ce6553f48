"""The glossary (translations/glossary.yml): Vietnamese terms and their one English rendering.

Every entry holds translators to one English rendering: `en`, or one of the `accept` forms that
the consistency check (`briefing check`) also takes in running English ("rare-earth" beside "rare
earth"). Entries marked `reader: true` are also the reader's glossary, on the Glossary page: they
need a definition (editorial Vietnamese, translated through the PO file) and at least one source,
as the page says each entry has. The others are for translators only; their notes are never shown.
"""

from __future__ import annotations

from briefing import yamlfile
from briefing.data import Node, node
from briefing.yamlfile import Keys

KEYS = ("vi", "vi_variants", "en", "accept", "reader", "definition", "note", "source")


def source_parts(source: str) -> tuple[str, str]:
    """A term's source, "Title: https://…", as (title, URL); anything else is (source, "")."""
    title, _, url = source.rpartition(": ")
    if title and url.startswith(("https://", "http://")) and " " not in url:
        return title, url
    return source, ""


@node
class Term(Node):
    vi: str
    en: str  # shown to readers
    accept: tuple[str, ...]  # further forms the check accepts in running text
    line: int
    reader: bool = False  # shown on the Glossary page
    definition: str = ""  # Vietnamese, editorial; a reader's entry has one
    note: str = ""  # for editors: why this rendering, why two spellings
    sources: tuple[str, ...] = ()  # where the rendering or the definition comes from ("title: URL")
    vi_variants: tuple[str, ...] = ()  # other spellings of the Vietnamese term

    @property
    def forms(self) -> tuple[str, ...]:
        """The English forms the consistency check accepts."""
        return (self.en, *self.accept)

    @property
    def spellings(self) -> tuple[str, ...]:
        """The Vietnamese forms the consistency check looks for."""
        return (self.vi, *self.vi_variants)


def parse(text: str, where: str) -> tuple[Term, ...]:
    """glossary.yml's text → terms; every problem is a BriefingError naming where:line."""
    data = yamlfile.load(text, where)
    if not isinstance(data, list):
        raise Keys({}, where, "").fail("the glossary is a list of entries, each with vi, en and definition.")
    terms = []
    for item in data:
        entry = Keys(item, where, "a glossary entry").only(*KEYS)
        reader = entry.flag("reader")
        terms.append(
            Term(
                vi=entry.text("vi"),
                en=entry.text("en"),
                accept=entry.texts("accept"),
                reader=reader,
                definition=entry.text("definition") if reader else entry.optional_text("definition"),
                line=entry.line,
                note=entry.optional_text("note"),
                sources=entry.texts("source"),
                vi_variants=entry.texts("vi_variants"),
            )
        )
    for term in terms:
        if term.reader and not term.sources:
            raise Keys({}, f"{where}:{term.line}", "").fail(
                f"“{term.vi}” is shown to readers (reader: true) but gives no source; add one as “Title: URL”."
            )
        for source in term.sources if term.reader else ():
            if not source_parts(source)[1]:
                raise Keys({}, f"{where}:{term.line}", "").fail(
                    f"a source of “{term.vi}” is not “Title: URL”: “{source}”; readers follow it by its link."
                )
        if not term.reader and term.definition:
            raise Keys({}, f"{where}:{term.line}", "").fail(
                f"“{term.vi}” has a definition but is not shown to readers; add “reader: true” or drop the definition."
            )
    seen: dict[str, Term] = {}
    for term in terms:
        if term.vi in seen:
            raise Keys({}, f"{where}:{term.line}", "").fail(
                f"“{term.vi}” is listed twice (first at line {seen[term.vi].line})."
            )
        seen[term.vi] = term
    return tuple(terms)
