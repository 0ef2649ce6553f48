"""What is known of each source: sources/<slug>/meta.yml, parsed and checked.

The Vietnamese strings here are editorial (what the source is, what is and is not known of it);
`context` holds the only facts from outside the sources the briefing may show, each with its
citation. Their English comes from the translation memory like every other string.
"""

from __future__ import annotations

from briefing import yamlfile
from briefing.data import Node, node
from briefing.ingest import FIRST_LINE
from briefing.yamlfile import Keys


@node
class Fact(Node):
    """A fact from outside the source, shown only in a box marked as context, with its citation."""

    text: str
    cite: str  # the name of the outside source
    url: str = ""
    line: int = 0


@node
class SourceInfo(Node):
    """What sources/<slug>/meta.yml says of one source (Vietnamese strings)."""

    slug: str
    title: str
    cite_as: str = ""  # the letter its citations carry when the briefing has several sources ("A3")
    first_line: str | None = None  # what the first line is: "title", "related" or "text" (None: guess)
    title_note: str = ""
    kind: str = ""
    received_as: str = ""
    sha256: str = ""
    known: tuple[str, ...] = ()
    unknown: tuple[str, ...] = ()
    context: tuple[Fact, ...] = ()


KEYS = (
    "title",
    "cite_as",
    "first_line",
    "title_note",
    "language",
    "kind",
    "received_as",
    "sha256",
    "known",
    "unknown",
    "context",
)
FACT_KEYS = ("text", "cite", "url")


def parse_meta(text: str, where: str, slug: str) -> SourceInfo:
    """meta.yml's text → SourceInfo; every problem is a BriefingError naming where:line."""
    meta = Keys(yamlfile.load(text, where), where, "a source's meta.yml").only(*KEYS)
    language = meta.optional_text("language", "vi")
    if language != "vi":
        raise meta.fail(f"'language' is '{language}'; sources are Vietnamese (vi).", key="language")
    sha = meta.optional_text("sha256")
    if sha and (len(sha) != 64 or any(c not in "0123456789abcdef" for c in sha)):
        raise meta.fail("'sha256' should be 64 lowercase hexadecimal digits (sha256sum prints it).", key="sha256")
    facts = []
    for item in meta.items("context", "facts, each with text and cite", required=False):
        fact = Keys(item, where, "a context fact", meta.line).only(*FACT_KEYS)
        facts.append(
            Fact(text=fact.text("text"), cite=fact.text("cite"), url=fact.optional_text("url"), line=fact.line)
        )
    cite_as = meta.optional_text("cite_as")
    if cite_as and not (cite_as.isascii() and cite_as.isalpha() and cite_as.isupper() and len(cite_as) <= 2):
        raise meta.fail(f"'cite_as' is '{cite_as}': one or two capital letters, like B.", key="cite_as")
    first_line = meta.optional_text("first_line") or None
    if first_line is not None and first_line not in FIRST_LINE:
        raise meta.fail(f"'first_line' is '{first_line}': {', '.join(FIRST_LINE)}.", key="first_line")
    return SourceInfo(
        slug=slug,
        title=meta.text("title"),
        cite_as=cite_as,
        first_line=first_line,
        title_note=meta.optional_text("title_note"),
        kind=meta.optional_text("kind"),
        received_as=meta.optional_text("received_as"),
        sha256=sha,
        known=meta.texts("known"),
        unknown=meta.texts("unknown"),
        context=tuple(facts),
    )


def next_letter(taken) -> str:
    """The first citation letter no source has yet: A, B, …, Z, then AA, AB, … but not NO and ON,
    which YAML would read as false and true when an editor types the suggestion in meta.yml."""
    import string

    letters = list(string.ascii_uppercase) + [a + b for a in string.ascii_uppercase for b in string.ascii_uppercase]
    return next(letter for letter in letters if letter not in taken and letter not in ("NO", "ON"))
