"""What is known of each source: sources/<slug>/meta.yml, parsed and checked.

The Vietnamese strings here are editorial (what the source is, what is and is not known of it);
`context` holds the only facts from outside the sources the briefing may show, each with its
citation. Their English comes from the translation memory like every other string.
"""

from __future__ import annotations

from briefing import yamlfile
from briefing.data import Node, node
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
    title_note: str = ""
    kind: str = ""
    received_as: str = ""
    sha256: str = ""
    known: tuple[str, ...] = ()
    unknown: tuple[str, ...] = ()
    context: tuple[Fact, ...] = ()


KEYS = ("title", "title_note", "language", "kind", "received_as", "sha256", "known", "unknown", "context")
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
        facts.append(Fact(fact.text("text"), fact.text("cite"), fact.optional_text("url"), fact.line))
    return SourceInfo(
        slug,
        meta.text("title"),
        meta.optional_text("title_note"),
        meta.optional_text("kind"),
        meta.optional_text("received_as"),
        sha,
        meta.texts("known"),
        meta.texts("unknown"),
        tuple(facts),
    )
