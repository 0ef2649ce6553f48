"""The pipeline from end to end, in memory: what the project says → every output's files.

    inputs (project.read) ─ place ─ compose ─ sync the PO file ─ localise ─ every writer

`run` is pure: `project.read` gathers and validates the inputs, and the callers (cli, the MkDocs
hook behind `briefing serve`) write what it returns. Each writer is a function
`write(briefing, lang) -> {path: text}` over the localised page model: the site's writer gives
Markdown pages, the print writer the data of each PDF (pdf.py compiles it with Typst).

The translation memory is an input twice over: its English (what `localise` shows), and its
history — every sentence id it has seen and the edits it recorded — with which `place` follows
an outline reference to an edited sentence. It is read once, before either; `sync` then makes
the new memory from the old one and the strings the pages need.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import polib

from briefing import checks, model, palette, place, translate
from briefing.compose import Corpus, collect, compose
from briefing.config import LANGS, SOURCES_DIR, TARGET_LANG, po_file, source_page
from briefing.data import Node, node
from briefing.errors import BriefingError, Faults
from briefing.figures import Basemap
from briefing.glossary import Term
from briefing.outline import Outline
from briefing.segment import Segment
from briefing.sources import SourceInfo

Writer = Callable[[model.Briefing, str], dict[str, str]]
PALETTE_CSS = "docs/assets/palette.css"  # the site's colours (palette.py), in mkdocs.yml's extra_css


@node
class Inputs(Node):
    """Everything the pipeline reads, parsed and validated (project.read makes it)."""

    where: dict[str, str]  # file kind ("mkdocs.yml", "glossary") → the path errors name
    sources: tuple[SourceInfo, ...]
    texts: dict[str, str]  # source slug → its source.txt, as stored (NFC)
    segments: tuple[Segment, ...]
    outline: Outline
    basemaps: dict[str, Basemap]  # each map's land and borders, by the path the outline names
    glossary: tuple[Term, ...]
    nav: tuple[str, ...]  # page files in navigation order (mkdocs.yml)
    memory: polib.POFile  # the translation memory as it is on disk
    memory_text: str | None  # … and its text (None: there is no file yet)


@node
class Result(Node):
    """What `run` makes: every output's files (paths from the project's root), and the model."""

    inputs: Inputs
    # what `convert` writes: the PO file and the site's pages (markdown.write); none for the PDFs alone
    files: dict[str, str]
    pdfs: dict[str, str]  # each PDF's path → its data for Typst (typst.write), when asked for
    corpus: Corpus
    po: polib.POFile  # the synced translation memory
    briefing: dict[str, model.Briefing]  # lang → the page model, localised

    @functools.cached_property
    def page_nodes(self) -> dict[str, dict[str, tuple[Node, ...]]]:
        """lang → page → every node on it (model.nodes), walked once for the checks."""
        return {
            lang: {page.file: tuple(model.nodes(page)) for page in briefing.pages}
            for lang, briefing in self.briefing.items()
        }


def run(inputs: Inputs, *, pdfs: bool = False, pages: bool = True, withdrawn: frozenset[str] = frozenset()) -> Result:
    """Place, compose, sync the memory, localise, and write the site (and the PDFs' data).
    `pages=False`: the PDFs' data alone (`briefing pdf`: the site's pages and the memory's file are
    neither written nor made). `withdrawn`: sources removed from sources/ on purpose (their
    sentences leave the memory)."""
    history = translate.history(inputs.memory)
    placement = place.place(inputs.outline, list(inputs.segments), history)
    place.check_figure_context(
        placement.outline, {info.slug: tuple(f.text for f in info.context) for info in inputs.sources}
    )
    corpus = Corpus(
        outline=placement.outline,
        segments=inputs.segments,
        placement=placement,
        sources=inputs.sources,
        glossary=inputs.glossary,
        nav=inputs.nav,
        basemaps=inputs.basemaps,
    )
    _check_nav(corpus, inputs.where["mkdocs.yml"])
    briefing = compose(corpus)
    po = translate.sync(inputs.memory, collect(briefing), TARGET_LANG)
    table = translate.lookup(po)
    localised = {lang: model.localise(briefing, lang, table) for lang in LANGS}
    files = (
        {
            po_file(TARGET_LANG): translate.render_po(po, inputs.memory, inputs.memory_text),
            PALETTE_CSS: palette.css(),
            **_write(_site_writer(), localised),
        }
        if pages
        else {}
    )
    result = Result(
        inputs=inputs,
        files=files,
        pdfs=_write(_print_writer(), localised) if pdfs else {},
        corpus=corpus,
        po=po,
        briefing=localised,
    )
    # Nothing false is written: a fault (checks.FAULTS) stops the run before any page is.
    found = [p for p in checks.faults(result) if p.where not in {f"{SOURCES_DIR}/{slug}" for slug in withdrawn}]
    if found:
        raise Faults([BriefingError(problem.where, problem.message) for problem in found])
    return result


def _site_writer() -> Writer:
    from briefing.writers import markdown  # `briefing pdf` need not load it

    return markdown.write


def _print_writer() -> Writer:
    from briefing.writers import typst  # only `build` and `pdf` make PDFs: convert need not load it

    return typst.write


def _write(writer: Writer, localised: dict[str, model.Briefing]) -> dict[str, str]:
    return {path: text for lang in LANGS for path, text in writer(localised[lang], lang).items()}


def _check_nav(corpus: Corpus, where: str) -> None:
    """mkdocs.yml's nav must list every outline page; source pages it may list or leave to
    the sources index page, so that `add-source` + `convert` works without editing mkdocs.yml."""
    pages = [page.file for page in corpus.outline.pages]
    optional = [source_page(info.slug) for info in corpus.sources]
    missing = [page for page in pages if page not in corpus.nav]
    extra = [page for page in corpus.nav if page not in pages + optional]
    if missing or extra:
        problems = [f"add `- {p}.md` to nav" for p in missing] + [f"remove `- {p}.md` from nav" for p in extra]
        raise BriefingError(where, "nav does not list the pages the briefing has: " + "; ".join(problems) + ".")
