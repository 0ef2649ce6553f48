"""The print writer: a localised page model → the data of one briefing PDF, for print/briefing.typ.

The design lives in the Typst template; this module only says what is on the pages, as plain
JSON-able data. Content goes to Typst as data (read there with `json`), never as Typst markup:
a sentence that reads `#read("/etc/passwd")` prints as those characters, because no text from
the sources or the translation memory is ever parsed as Typst.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping

from briefing import figures, palette
from briefing import model as m
from briefing.config import pdf_file, source_page
from briefing.data import Node, node, replace
from briefing.writers import bar_chart_svg, figure_label, plain, shown

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (convert's start-up time)
if TYPE_CHECKING:
    from typing import Any

    Data = dict[str, Any]


def page_key(file: str) -> str:
    """A page's name inside the PDF: every anchor of the page is prefixed with it."""
    return file.replace("/", "-")


def anchor(file: str, name: str = "") -> str:
    """The Typst label (and PDF destination) of a page, or of a section or sentence on it."""
    return f"{page_key(file)}--{name}" if name else f"page-{page_key(file)}"


@node(kw_only=False)
class Ctx(Node):
    """What every block of one page needs: the page, the PDF's language, the labels."""

    file: str
    lang: str
    labels: Mapping[str, m.Msg]

    def text(self, msg: m.Msg | None, elided: bool = False) -> Data | None:
        """A string, and whether it still waits for its translation (then it is Vietnamese)."""
        if msg is None:
            return None
        return {"text": shown(msg, elided), "pending": not msg.ok}

    def plain(self, msg: m.Msg) -> str:
        return plain(msg, self.labels)

    def cite(self, ref: m.Ref | None) -> Data | None:
        if ref is None:
            return None
        return {
            "label": ref.label,
            "target": anchor(source_page(ref.source), ref.sid),
            # The same sentence in other sources (a reprint), cited beside it.
            "also": [{"label": also.label, "target": anchor(source_page(also.source), also.sid)} for also in ref.also],
        }

    def statement(self, statement: m.Statement) -> Data:
        return {
            "text": self.text(statement.text, statement.elided),
            "kind": self.plain(statement.kind) if statement.kind else None,
            "cite": self.cite(statement.ref),
            # scraping damage mended: the badge, and what the scrape read
            "corrected": [self.plain(self.labels["corrected"]), self.plain(statement.corrected)]
            if statement.corrected
            else None,
        }

    def fact(self, fact: m.Fact) -> Data:
        """A fact from outside the sources: its text, and the outside source, marked as such."""
        return {"outside": self.text(fact.text), "cite": self.plain(fact.cite), "url": fact.url}

    def item(self, item: m.Statement | m.Fact) -> Data:
        return self.fact(item) if isinstance(item, m.Fact) else self.statement(item)

    def link(self, link: m.Link | None) -> Data | None:
        if link is None:
            return None
        return {"title": self.plain(link.title), "target": anchor(link.page, link.anchor)}


# -- one function per kind of block -------------------------------------------------------------


def prose(block: m.Prose, ctx: Ctx) -> Data:
    return {"text": ctx.text(block.text)}


def paragraphs(block: m.Paragraphs, ctx: Ctx) -> Data:
    return {"paragraphs": [[ctx.statement(s) for s in group] for group in block.paragraphs]}


def bullets(block: m.Bullets, ctx: Ctx) -> Data:
    return {"items": [ctx.statement(s) for s in block.items]}


def excerpts(block: m.Excerpts, ctx: Ctx) -> Data:
    return {
        "stem": ctx.statement(block.stem) if block.stem else None,
        "items": [{"label": ctx.text(item.label), "statement": ctx.statement(item.statement)} for item in block.items],
    }


def cards(block: m.Cards, ctx: Ctx) -> Data:
    return {
        "items": [
            {"label": ctx.text(card.label), "statement": ctx.statement(card.statement), "link": ctx.link(card.link)}
            for card in block.items
        ]
    }


def table(block: m.Table, ctx: Ctx) -> Data:
    return {
        "head": [ctx.plain(h) for h in block.head],
        "rows": [{"label": ctx.text(row.label), "statement": ctx.statement(row.statement)} for row in block.rows],
    }


def note(block: m.Note, ctx: Ctx) -> Data:
    return {"style": block.style, "title": ctx.plain(block.title), "text": ctx.text(block.text)}


def context(block: m.Context, ctx: Ctx) -> Data:
    return {
        "title": ctx.plain(block.title),
        "note": ctx.text(block.note),
        "facts": [{"text": ctx.text(f.text), "cite": ctx.plain(f.cite), "url": f.url} for f in block.facts],
    }


def glossary(block: m.Glossary, ctx: Ctx) -> Data:
    return {
        "head": [ctx.plain(h) for h in block.head],
        "terms": [
            {"vi": t.vi, "en": t.en, "definition": ctx.text(t.definition), "sources": list(t.sources)}
            for t in block.ordered(ctx.lang)
        ],
    }


def provenance(block: m.Provenance, ctx: Ctx) -> Data:
    return {
        "head": [ctx.plain(h) for h in block.head],
        "rows": [
            {
                "link": ctx.link(r.link),
                "title": ctx.plain(r.link.title),
                "outlet": r.outlet,
                "url": r.url,
                "file": r.file,
                "sha256": r.sha256,
            }
            for r in block.rows
        ],
    }


def cite_how(block: m.CiteHow, ctx: Ctx) -> Data:
    """The template writes the date into "{date}" (it knows the build's date, pdf.py gives it)."""
    return {
        "statement": ctx.plain(block.statement),
        "example": ctx.link(block.example),
        "sid": block.example.anchor,
        "briefing": ctx.plain(block.briefing),
    }


def status(block: m.Status, ctx: Ctx) -> Data:
    rows = [
        {"title": ctx.plain(row.title), "link": ctx.link(row.link), "counts": list(row.counts())} for row in block.rows
    ]
    return {"head": [ctx.plain(h) for h in block.head], "rows": rows}


def _source_entry(entry: m.SourceEntry, ctx: Ctx) -> Data:
    return {
        "letter": entry.letter,
        "link": ctx.link(entry.link),
        "about": source_about(entry.about, ctx) if entry.about else None,
    }


def source_list(block: m.SourceList, ctx: Ctx) -> Data:
    return {"items": [_source_entry(entry, ctx) for entry in block.items]}


def page_sources(block: m.PageSources, ctx: Ctx) -> Data:
    return {"label": ctx.plain(block.label), "items": [_source_entry(entry, ctx) for entry in block.items]}


def download(block: m.Download, ctx: Ctx) -> None:
    """The PDF's own download link: nothing to print."""
    return None


def key_facts(block: m.KeyFacts, ctx: Ctx) -> Data:
    return {
        "title": ctx.plain(block.title),
        "rows": [{"label": ctx.text(row.label), "items": [ctx.item(i) for i in row.items]} for row in block.rows],
    }


def dateline(block: m.Dateline, ctx: Ctx) -> Data:
    return {"items": [ctx.item(item) for item in block.items]}


def points(block: m.Points, ctx: Ctx) -> Data:
    return {"title": ctx.plain(block.title), "items": [ctx.text(item) for item in block.items]}


def previews(block: m.Previews, ctx: Ctx) -> Data:
    return {"items": [{"link": ctx.link(item.link), "description": ctx.text(item.description)} for item in block.items]}


def basis(block: m.Basis, ctx: Ctx) -> Data:
    return {
        "sources": ctx.text(block.sources),
        "outside": ctx.text(block.outside),
        "pages": [ctx.link(p) for p in block.pages],
    }


def bar_chart(block: m.BarChart, ctx: Ctx) -> Data:
    return {
        "svg": bar_chart_svg(block, ctx.labels, ctx.lang),
        "alt": ctx.plain(block.description),
        "caption": ctx.plain(block.title),
        "source": ctx.fact(block.source),
    }


def timeline(block: m.Timeline, ctx: Ctx) -> Data:
    # Links inside a picture do nothing on paper: the figure's labels are plain text.
    marks = [
        (mark.year, mark.until, figure_label(mark.label, ctx.labels, elided=mark.elided), mark.outside)
        for mark in block.marks
    ]
    svg = figures.timeline(
        "figure-timeline", ctx.plain(block.title), ctx.plain(block.description), marks, ctx.plain(block.legend)
    )
    return {"svg": svg, "alt": ctx.plain(block.description), "caption": ctx.plain(block.description)}


def source_about(block: m.SourceAbout, ctx: Ctx) -> Data:
    return {
        "title": ctx.plain(block.title),
        "title_note": ctx.text(block.title_note),
        "kind": ctx.text(block.kind),
        "outlet": block.outlet,
        "url": block.url,
        "published": block.published,
        "outlet_label": ctx.plain(block.outlet_label),
        "known_label": ctx.plain(block.known_label),
        "unknown_label": ctx.plain(block.unknown_label),
        "known": [ctx.text(k) for k in block.known],
        "unknown": [ctx.text(u) for u in block.unknown],
    }


def source_text(block: m.SourceText, ctx: Ctx) -> Data:
    return {
        "head": [ctx.plain(h) for h in block.head],
        "cited_on": ctx.plain(block.cited_on),
        "rows": [
            {
                "anchor": anchor(ctx.file, row.sid),
                "label": row.label,
                "kind": ctx.plain(row.kind) if row.kind else None,
                "vi": row.vi,
                "en": ctx.text(row.en),
                "first": row.first,
                "uses": [ctx.link(link) for link in row.uses],
                "corrected": ctx.text(row.corrected),
            }
            for row in block.rows
        ],
    }


WRITERS: dict[type, Callable[..., Data | None]] = {
    m.Prose: prose,
    m.Paragraphs: paragraphs,
    m.Bullets: bullets,
    m.Excerpts: excerpts,
    m.Cards: cards,
    m.Table: table,
    m.Note: note,
    m.Context: context,
    m.Glossary: glossary,
    m.Status: status,
    m.SourceList: source_list,
    m.PageSources: page_sources,
    m.Download: download,
    m.Timeline: timeline,
    m.SourceAbout: source_about,
    m.SourceText: source_text,
    m.KeyFacts: key_facts,
    m.Dateline: dateline,
    m.Points: points,
    m.Previews: previews,
    m.BarChart: bar_chart,
    m.Basis: basis,
    m.Provenance: provenance,
    m.CiteHow: cite_how,
}


def blocks(items: tuple[m.Block, ...], ctx: Ctx) -> list[Data]:
    """Each block's data, named by its KIND: the key of its function in the template's `blocks`."""
    out = []
    for block in items:
        data = WRITERS[type(block)](block, ctx)
        if data is not None:
            out.append({**data, "block": block.KIND})
    return out


def page(page: m.Page, ctx: Ctx) -> Data:
    ctx = replace(ctx, file=page.file)
    title = ctx.plain(page.title)
    if page.kicker is not None and page.headline is None:
        title = f"{ctx.plain(page.kicker)}: {title}"
    return {
        "anchor": anchor(page.file),
        "title": title,
        # The headline, its citation not inside it but on a line under it (as on the site), and
        # above it the kicker that says whose headline it is.
        "headline": ctx.statement(replace(page.headline, ref=None)) if page.headline else None,
        "kicker": ctx.plain(page.kicker) if page.headline and page.kicker else None,
        "headline_source": {
            "text": ctx.plain(ctx.labels["headline_source"]).replace("{n}", page.headline.ref.label),
            "target": anchor(source_page(page.headline.ref.source), page.headline.ref.sid),
        }
        if page.headline and page.headline.ref
        else None,
        "speaker": ctx.plain(page.speaker) if page.speaker else None,
        "intro": blocks(page.intro, ctx),
        "sections": [
            {"anchor": anchor(page.file, s.id), "heading": ctx.plain(s.heading), "blocks": blocks(s.blocks, ctx)}
            for s in page.sections
        ],
        "outro": blocks(page.outro, ctx),
    }


def document(briefing: m.Briefing, lang: str) -> Data:
    """All the PDF of one language says: cover, then every page in navigation order. The date
    it prints is not here: pdf.py gives it to the template, which writes it with these labels."""
    ctx = Ctx("", lang, briefing.labels)
    cover = briefing.cover
    names = ("pending", "original", "translation", "outside", "date", *(f"month_{n}" for n in range(1, 13)))
    return {
        "lang": lang,
        "palette": palette.LIGHT,
        "labels": {name: ctx.plain(briefing.labels[name]) for name in names},
        "cover": {
            "title": ctx.plain(cover.title),
            "subtitle": ctx.plain(cover.subtitle),
            "language": ctx.plain(cover.language),
            "updated": ctx.plain(cover.updated),
            "contents": ctx.plain(cover.contents),
            "based_on": ctx.plain(cover.based_on),
            "sources": [
                {"about": source_about(about, ctx), "context": context(ctx_block, ctx) if ctx_block else None}
                for about, ctx_block in cover.sources
            ],
        },
        "pages": [page(p, ctx) for p in briefing.pages],
    }


def write(briefing: m.Briefing, lang: str) -> dict[str, str]:
    """The PDF of `lang`, as the data Typst makes it from: {"site/pdf/…-vi.pdf": JSON}."""
    return {pdf_file(lang): json.dumps(document(briefing, lang), ensure_ascii=False)}
