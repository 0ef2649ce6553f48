"""The glossary (translations/glossary.yml): Vietnamese terms and their one English rendering.

`en` is the term as readers see it on the Glossary page; `accept` lists other forms that the
consistency check (`briefing check`) also takes in running English ("rare-earth" beside "rare
earth"). Definitions are editorial Vietnamese, translated through the PO file.
"""

from __future__ import annotations

from briefing import yamlfile
from briefing.data import Node, node
from briefing.yamlfile import Keys

KEYS = ("vi", "vi_variants", "en", "accept", "definition", "note", "source")


@node
class Term(Node):
    vi: str
    en: str  # shown to readers
    accept: tuple[str, ...]  # further forms the check accepts in running text
    definition: str  # Vietnamese, editorial
    line: int
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
        terms.append(
            Term(
                vi=entry.text("vi"),
                en=entry.text("en"),
                accept=entry.texts("accept"),
                definition=entry.text("definition"),
                line=entry.line,
                note=entry.optional_text("note"),
                sources=entry.texts("source"),
                vi_variants=entry.texts("vi_variants"),
            )
        )
    seen: dict[str, Term] = {}
    for term in terms:
        if term.vi in seen:
            raise Keys({}, f"{where}:{term.line}", "").fail(
                f"“{term.vi}” is listed twice (first at line {seen[term.vi].line})."
            )
        seen[term.vi] = term
    return tuple(terms)
