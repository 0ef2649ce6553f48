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
class Correction(Node):
    """A mend of scraping damage: where source.txt reads `scraped`, the briefing shows `read`
    (marked as corrected); source.txt itself stays as received. `read` equal to `scraped` says
    an editor looked and the text is right as it is."""

    scraped: str
    read: str
    line: int

    @property
    def mends(self) -> bool:
        return self.read != self.scraped


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
    outlet: str = ""  # who published it, when known
    url: str = ""  # where it was published, when known
    published: str = ""  # when, when known (as the outlet gives it)
    text_sha256: str = ""  # the stored text's, where add-source normalised the received file
    edits: tuple[str, ...] = ()  # what editors changed in source.txt since it was received, and why
    corrections: tuple[Correction, ...] = ()


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
    "outlet",
    "url",
    "published",
    "text_sha256",
    "edits",
    "corrections",
)
FACT_KEYS = ("text", "cite", "url")


def parse_meta(text: str, where: str, slug: str) -> SourceInfo:
    """meta.yml's text → SourceInfo; every problem is a BriefingError naming where:line."""
    meta = Keys(yamlfile.load(text, where), where, "a source's meta.yml").only(*KEYS)
    language = meta.optional_text("language", "vi")
    if language != "vi":
        raise meta.fail(f"'language' is '{language}'; sources are Vietnamese (vi).", key="language")
    sha, text_sha = _sha256(meta, "sha256"), _sha256(meta, "text_sha256")
    url = meta.optional_text("url")
    if url and not url.startswith(("https://", "http://")):
        raise meta.fail(f"'url' is '{url}': the article's address, starting with https://.", key="url")
    corrections = []
    for item in meta.items("corrections", "corrections, each with scraped and read", required=False):
        fix = Keys(item, where, "a correction", meta.line).only("scraped", "read")
        corrections.append(Correction(scraped=fix.text("scraped"), read=fix.text("read"), line=fix.line))
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
        outlet=meta.optional_text("outlet"),
        url=url,
        published=meta.optional_text("published"),
        text_sha256=text_sha,
        edits=meta.texts("edits"),
        corrections=tuple(corrections),
    )


def _sha256(meta: Keys, key: str) -> str:
    value = meta.optional_text(key)
    if value and (len(value) != 64 or any(c not in "0123456789abcdef" for c in value)):
        raise meta.fail(f"'{key}' should be 64 lowercase hexadecimal digits (sha256sum prints it).", key=key)
    return value


def next_letter(taken) -> str:
    """The first citation letter no source has yet: A, B, …, Z, then AA, AB, … but not NO and ON,
    which YAML would read as false and true when an editor types the suggestion in meta.yml."""
    import string

    letters = list(string.ascii_uppercase) + [a + b for a in string.ascii_uppercase for b in string.ascii_uppercase]
    return next(letter for letter in letters if letter not in taken and letter not in ("NO", "ON"))


def letter_order(letter: str) -> tuple[int, str]:
    """A citation letter's place: A … Z, then AA, AB, …"""
    return len(letter), letter
