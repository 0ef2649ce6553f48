"""The print writer: a localised page model → the data of one briefing PDF, for print/briefing.typ.

The design lives in the Typst template; this module only says what is on the pages, as plain
JSON-able data. Content goes to Typst as data (read there with `json`), never as Typst markup:
a sentence that reads `#read("/etc/passwd")` prints as those characters, because no text from
the sources or the translation memory is ever parsed as Typst.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Iterator, Mapping

from briefing import figures, palette
from briefing import model as m
from briefing.config import pdf_file, source_page
from briefing.data import Node, node, replace
from briefing.text import split_date, upper_first
from briefing.writers import (
    bar_chart_svg,
    figure_label,
    headword,
    link_parts,
    locator_svg,
    outside_index,
    outside_source,
    plain,
    printed_address,
    shown,
    titled_parts,
)

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


def short_months(text: str, labels: Mapping[str, m.Msg]) -> str:
    """`text` with each month named in full ("December", the `month_N` labels) cut to its first
    three letters; a month named in more than one word ("tháng 12") or in four letters or fewer
    ("June" is "Jun", "May" stays) is left as it is, the Vietnamese date ("11/12/2025") too."""
    names = tuple(labels[f"month_{n}"].text for n in range(1, 13))
    return _long_months(names).sub(lambda found: found.group()[:3], text)


@functools.cache
def _long_months(names: tuple[str, ...]) -> re.Pattern[str]:
    """One expression for the month names that short_months cuts, made once a language (one pass
    for them all cuts what a pass for each did: a name cut to three letters is no month's full name)."""
    cut = [name for name in names if " " not in name and len(name) > 3 and name.isalpha()]
    return re.compile(rf"\b(?:{'|'.join(map(re.escape, cut))})\b" if cut else r"(?!)")


@node
class Ctx(Node):
    """What every block of one page needs: the page, the PDF's language, the labels."""

    file: str
    lang: str
    labels: Mapping[str, m.Msg]
    outside: Mapping[str, tuple[int, m.Msg]] | None = None  # each outside source's number and name

    def source(self, cited: m.Fact | m.Citation) -> str:
        """The one name an outside source goes by (writers.outside_index), as plain text, its
        date's month cut short ("11 Dec 2025"): in the margin's narrow band a source's tag then
        takes two lines, not three, and a fact no longer waits a line for the tag above it
        (designer and analyst, round 56); the list of outside sources in the
        appendices says it the same way. The site gives it in full."""
        return short_months(self.plain(outside_source(self.outside, cited)[1]), self.labels)

    def text(self, msg: m.Msg | None, elided: bool = False, cut: bool = False) -> Data | None:
        """A string, and whether it still waits for its translation (then it is Vietnamese)."""
        if msg is None:
            return None
        return {"text": shown(msg, elided, cut), "pending": not msg.ok}

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
            "text": self.text(statement.text, statement.elided, statement.cut),
            "kind": self.plain(statement.kind) if statement.kind else None,
            "cite": self.cite(statement.ref),
            # scraping damage mended: the badge, and what the scrape read
            "corrected": [self.plain(self.labels["corrected"]), self.plain(statement.corrected)]
            if statement.corrected
            else None,
        }

    def fact(self, fact: m.Fact) -> Data:
        """A fact from outside the sources: its text, and the outside source, marked as such."""
        cite = self.source(fact)
        return {"outside": self.text(fact.text), "cite": cite, "band": band_name(cite), "url": fact.url}

    def item(self, item: m.Statement | m.Fact) -> Data:
        return self.fact(item) if isinstance(item, m.Fact) else self.statement(item)

    def link(self, link: m.Link | None) -> Data | None:
        if link is None:
            return None
        return {"title": self.plain(link.title), "target": anchor(link.page, link.anchor)}


# -- one function per kind of block -------------------------------------------------------------


def prose(block: m.Prose, ctx: Ctx) -> Data:
    """Editorial text; with `links`, as pieces, a page it names by its title a link (writers.titled_parts)."""
    parts = (
        [
            {"text": piece, "link": ctx.link(link)}
            for piece, link in titled_parts(shown(block.text), block.links, ctx.labels)
        ]
        if block.links and block.text.ok
        else None
    )
    return {"text": ctx.text(block.text), "aside": block.aside, "parts": parts}


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
    facts = [dated(f, ctx) if block.dates else outside_fact(f, ctx) for f in block.facts]
    return {
        "title": ctx.plain(block.title),
        "note": ctx.text(block.note),
        "facts": facts,
        "dates": block.dates,
        "breaks": box_height(ctx.plain(block.title), ctx.plain(block.note) if block.note else "", facts) > BREAKS_AT,
    }


# Heights the template would otherwise measure on every layout pass (Typst's `measure` of each
# box of outside facts, and of each entry of the list of outside sources, cost each PDF about a
# quarter of its time), estimated here from the text, in points, with the template's sizes: a
# line break wherever a line of `width` is full (after a space, a slash or a hyphen, as an
# address breaks), by figures.text_width, whose averages run some 10-15 % wide on running text.
_LINE_PARTS = re.compile(r"[^\s/-]*[/-]|[^\s/-]+\s*|\s+")  # a word and what a line may break after


def estimated_lines(text: str, width: float, size: float) -> int:
    count, used = 1, 0.0
    for part in _LINE_PARTS.findall(text):
        wide = figures.text_width(part, size)
        count, used = (count + 1, wide) if used and used + wide > width else (count, used + wide)
    return count


# A box of outside facts is kept whole on its sheet unless it is taller than 45 % of one; then it
# may break between its facts (print/briefing.typ, context-block). A box near the line may go
# either way; both are layouts a reader accepts. The template's sizes: 9 pt text on the column
# less the box's insets and bullet, 7.5 pt sources in the band; the widths allow for
# text_width's excess (checked against Typst's measure on every box of both PDFs: the same
# decisions, heights within about 15 pt).
BREAKS_AT = 0.45 * (297 - 24 - 20) * 72 / 25.4  # 45 % of the sheet's text height
BOX_TEXT, BOX_PITCH, BOX_WIDTH = 9.0, 11.8, 324 / 0.85
TAG_TEXT, TAG_PITCH, TAG_WIDTH = 7.5, 10.2, 93 / 0.85
FACT_GAP = 6.3


def box_height(title: str, note: str, facts: list[Data]) -> float:
    height = sum(estimated_lines(text, BOX_WIDTH, BOX_TEXT) * BOX_PITCH for text in (title, note) if text)
    for fact in facts:
        tag = f"99 · {fact['band']}"  # as the band gives it (print/briefing.typ, fact-source)
        text = estimated_lines(fact["text"]["text"], BOX_WIDTH, BOX_TEXT) * BOX_PITCH
        height += max(text, estimated_lines(tag, TAG_WIDTH, TAG_TEXT) * TAG_PITCH) + FACT_GAP
    return height


# An entry of the list of outside sources (print/briefing.typ, references): 7.5 pt on a column of
# 80 mm less its 2.3 em hanging indent, lines 8.6 pt apart, 0.65 em between entries (a reader
# scans them by their starts: designer, round 64). Never less than Typst's measure (checked on
# every entry of both PDFs: at most 11 pt more), so that a column the template fills from these
# never runs past its sheet.
REF_TEXT, REF_PITCH, REF_GAP, REF_WIDTH = 7.5, 8.6, 4.9, 80 * 72 / 25.4 - 2.3 * 7.5


def reference_height(number: int, cite: str, printed: str) -> float:
    return estimated_lines(f"{number}. {cite}: {printed}", REF_WIDTH, REF_TEXT) * REF_PITCH + REF_GAP


def outside_fact(fact: m.Fact, ctx: Ctx) -> Data:
    cite = ctx.source(fact)
    return {"text": ctx.text(fact.text), "cite": cite, "band": band_name(cite), "url": fact.url}


# A document's kind and "No." before its number, which the band leaves out (band_name): the
# number says the kind ("1585/QĐ-TTg", a decision of the prime minister).
DOCUMENT_NO = re.compile(
    r"\b(?:Decision|Decree|Resolution|Circular|Law|Quyết định|Nghị định|Nghị quyết|Thông tư|Luật)"
    r" (?:No\. |số )?(?=\d)"
)


def band_name(name: str) -> str:
    """A source's name as the margin's band gives it beside a fact: the outlet and the date, the
    rest left to the list of outside sources, which the tag's number leads to ("Government News,
    baochinhphu.vn, 7 Dec 2023" → "Government News, 7 Dec 2023"). A tag of four lines beside a
    fact of one left a hole in the box (designer, rounds 62-64)."""
    parts = name.split(", ")
    last = parts[-1]
    # A date ("7 Dec 2023", "1/2/2024", "2023") or "undated", which is lower case in both languages.
    # A name without one keeps its title, which then says what and when ("USGS, Mineral Commodity
    # Summaries 2026, …"; "Thư viện Pháp luật, Decision No. 1585/QĐ-TTg"): a tag of an outlet
    # alone said neither (analyst, round 65).
    dated = bool(re.search(r"\d{4}$", last)) or last.islower()
    # A document by its number ("866/QĐ-TTg"): "Decision No." left "Decision" alone on a line
    # (designer, round 71), and "Quyết định số" made a tag of three lines sit on the next row's
    # rule (designer, round 73); the list keeps the whole name.
    return DOCUMENT_NO.sub("", f"{parts[0]}, {last}" if dated and len(parts) > 2 else name)


def dated(fact: m.Fact, ctx: Ctx) -> Data:
    """A fact of a chronology, its date apart for the timeline's first column ("" where a
    translation does not open with its date: the whole line then stands beside the rule)."""
    data = outside_fact(fact, ctx)
    split = split_date(data["text"]["text"])
    if split is None:
        return {**data, "date": ""}
    date, rest = split
    return {**data, "date": DATE_WORD.sub("", date), "text": {**data["text"], "text": upper_first(rest)}}


# In a column of dates the word "day" or "year" before a Vietnamese date is noise ("Ngày 17/5/2012"
# reads "17/5/2012", "Năm 2008" "2008"); a month keeps its word ("Tháng 10/2023"), as "10/2023"
# alone could be read as a day and month (designer, round 56).
DATE_WORD = re.compile(r"^(Ngày|Năm) (?=\d)")


def glossary(block: m.Glossary, ctx: Ctx) -> Data:
    return {"head": [ctx.plain(h) for h in block.head], "terms": [term(t, ctx) for t in block.ordered(ctx.lang)]}


def term(t: m.Term, ctx: Ctx) -> Data:
    head, other = headword(t, ctx.lang)
    definition = ctx.text(t.definition)
    # Its tag as the template sets it ("[other sources 3, 12]", "[other source 3]"), numbers of two digits.
    numbers = ", ".join(["99"] * len(t.sources))
    many = ctx.plain(ctx.labels["outside_many"]).replace("{numbers}", numbers)
    tag = f" [{many if len(t.sources) > 1 else ctx.plain(ctx.labels['outside']) + ' ' + numbers}]" if t.sources else ""
    return {
        "vi": t.vi,
        "head": head,
        "other": other,
        "definition": definition,
        "sources": [{"cite": ctx.source(s), "url": s.url} for s in t.sources],
        "height": glossary_height(head, other, (definition["text"] if definition else "") + tag),
    }


# A glossary entry (print/briefing.typ, glossary): 8 pt on a column of 79.5 mm, lines 9.4 pt
# apart; the term, its rendering and its definition each start a line. The template balances the
# glossary's last sheet by these heights: measuring each entry there cost each PDF a tenth of its
# time. Checked against Typst's measure on every entry of both PDFs: at most one line off, which
# moves the balanced columns' foot by a line at most.
GLOSS_TEXT, GLOSS_PITCH, GLOSS_WIDTH, GLOSS_LESS = 8.0, 9.4, 79.5 * 72 / 25.4 / 0.95, 3.9


def glossary_height(*lines: str) -> float:
    return sum(estimated_lines(text, GLOSS_WIDTH, GLOSS_TEXT) for text in lines) * GLOSS_PITCH - GLOSS_LESS


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


def quote(block: m.Quote, ctx: Ctx) -> Data:
    return {"statement": ctx.statement(block.statement), "by": ctx.plain(block.by)}


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


def outside_sources(block: m.OutsideSources, ctx: Ctx) -> None:
    """Not in print (_WEB_ONLY): the PDF lists the sources its own pages cite, numbered (references)."""
    return None


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
        "note": ctx.text(block.note),
        "rows": [
            {"label": ctx.text(row.label), "items": [ctx.item(i) for i in row.items]}
            for row in block.rows
            if not row.site_only
        ],
    }


def dateline(block: m.Dateline, ctx: Ctx) -> Data:
    return {"items": [ctx.item(item) for item in block.items]}


def points(block: m.Points, ctx: Ctx) -> Data:
    return {"title": ctx.plain(block.title) if block.title else None, "items": [ctx.text(item) for item in block.items]}


# The map's drawing width for print: at about 107 mm (two thirds of the type area, its caption
# beside it: print/briefing.typ, map-figure), its 14-unit labels print at about 8.5 pt, a
# caption's size (the site's 400 units would print them at 10.6 pt).
PRINT_MAP_WIDTH = 500


def locator_map(block: m.LocatorMap, ctx: Ctx) -> Data:
    return {
        "svg": locator_svg(block, ctx.labels, PRINT_MAP_WIDTH),
        "alt": ctx.plain(block.description),
        "caption": ctx.plain(block.title),
        "sources": [ctx.fact(fact) for fact in block.sources],
        "note": ctx.text(block.note),
    }


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
        "sources": [ctx.fact(f) for f in block.source_lines()],
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
    return {
        "svg": svg,
        "alt": ctx.plain(block.description),
        "caption": ctx.plain(block.description),
        # The sentences its marks come from: what the source text's "cited in" counts (the
        # template does not print them).
        "cites": [ctx.cite(mark.ref) for mark in block.marks if mark.ref is not None],
    }


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
                "id": row.sid,
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
    m.OutsideSources: outside_sources,
    m.PageSources: page_sources,
    m.Download: download,
    m.Timeline: timeline,
    m.SourceAbout: source_about,
    m.SourceText: source_text,
    m.KeyFacts: key_facts,
    m.Dateline: dateline,
    m.Points: points,
    m.Previews: previews,
    m.LocatorMap: locator_map,
    m.BarChart: bar_chart,
    m.Basis: basis,
    m.Provenance: provenance,
    m.CiteHow: cite_how,
    m.Quote: quote,
}


def blocks(items: tuple[m.Block, ...], ctx: Ctx) -> list[Data]:
    """Each block's data, named by its KIND: the key of its function in the template's `blocks`."""
    out = []
    for block in items:
        data = WRITERS[type(block)](block, ctx)
        if data is not None:
            out.append({**data, "block": block.KIND})
    return out


# Blocks that are the site's own furniture, not the brief's: links to other pages, the PDF's
# download link (print has the cover's contents list and the PDF itself), and the site's list of
# outside sources (the PDF numbers those its own pages cite: references).
_WEB_ONLY = (m.Previews, m.Download, m.OutsideSources)


def page(page: m.Page, ctx: Ctx, role: str, on_cover: set[int], letters: Mapping[str, str]) -> Data:
    """One page of the site as a chapter of the brief. `role` is where it goes ("body", "closing"
    or "appendix"); blocks the cover already shows (`on_cover`, by identity) are not repeated,
    and a section left with no block is left out. `letters` gives each source page's letter
    (its running head is "Source text A", not its long title); with one source, "Source texts of
    this page" says nothing the cover does not, and is left out."""
    ctx = replace(ctx, file=page.file)
    title = ctx.plain(page.title)
    short = short_title(title)
    deck = None
    if page.kicker is not None and page.headline is None:
        # A source's chapter: "Source text" (with its letter, when there are several) as the
        # heading, the article's title under it as a deck (a long title is no chapter heading).
        deck = title
        title = short = ctx.plain(page.kicker) + (f" {letters[page.file]}" if len(letters) > 1 else "")
    dropped = (*_WEB_ONLY, m.PageSources) if len(letters) == 1 else _WEB_ONLY

    def kept(items: tuple[m.Block, ...]) -> tuple[m.Block, ...]:
        """What paper shows of a run of blocks; prose that only introduced what paper leaves out
        (the site's list of outside sources) goes with it."""
        shown = tuple(b for b in items if not isinstance(b, dropped) and id(b) not in on_cover and not _not_printed(b))
        return () if len(shown) < len(items) and all(isinstance(b, m.Prose) for b in shown) else shown

    sections = [
        {"anchor": anchor(page.file, s.id), "heading": ctx.plain(s.heading), "blocks": blocks(kept(s.blocks), ctx)}
        for s in page.sections
    ]
    return {
        "anchor": anchor(page.file),
        "title": title,
        "short": short,
        "deck": deck,
        "role": role,
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
        "intro": blocks(kept(page.intro), ctx),
        "sections": [s for s in sections if s["blocks"]],
        "outro": blocks(kept(page.outro), ctx),
    }


def _not_printed(block: m.Block) -> bool:
    """Blocks the site keeps and paper leaves out: a translation status with nothing pending (a
    table of zeros tells a reader nothing; editors look on the site), and outside facts (a box, or
    key facts) an editor marked `site_only: true` because the brief gives them elsewhere (eight
    pages have no room for a repeat)."""
    if isinstance(block, m.Status):
        return all(row.counts()[2] == 0 for row in block.rows)
    return isinstance(block, (m.Context, m.KeyFacts)) and block.site_only


def short_title(title: str, limit: int = 60) -> str:
    """A title for a running head, which has one line: cut after a word, with "…"."""
    if len(title) <= limit:
        return title
    return title[: title.rfind(" ", 0, limit - 1)].rstrip(" ,;:–-") + "…"


def cover_title(title: Data | None, limit: int) -> Data | None:
    """A source's title for the cover's list (ctx.text's): its text cut to `limit` (short_title),
    and whether it still waits for its translation."""
    return title and {**title, "text": short_title(title["text"], limit)}


def role(page: m.Page) -> str:
    """Where a page of the site goes in the brief: reference pages (glossary, sources) are
    appendices, but for the list of sources, which the cover gives (each source's chapter
    follows in the appendices); the page that says how to cite the briefing closes its body."""
    blocks = (*page.intro, *(b for s in page.sections for b in s.blocks), *page.outro)
    if any(isinstance(b, m.SourceList) for b in blocks) and all(
        isinstance(b, (m.SourceList, m.Prose, m.PageSources, *_WEB_ONLY)) for b in blocks
    ):
        return "omitted"  # nothing but the list of sources
    if page.reference:
        return "appendix"
    if any(isinstance(node, m.CiteHow) for node in m.nodes(page)):
        return "closing"
    return "body"


def document(briefing: m.Briefing, lang: str) -> Data:
    """All the PDF of one language says: the cover (the first page's key facts as takeaways, the
    first chart, what the brief is based on and who publishes it), the body (the topic pages),
    the closing page, then the appendices. The date it prints is not here: pdf.py gives it to
    the template, which writes it with these labels."""
    outside = outside_index(briefing)
    ctx = Ctx(file="", lang=lang, labels=briefing.labels, outside=outside)
    cover = briefing.cover
    names = (
        "pending",
        "pdf_timeline_key",
        "pdf_continued",
        "pdf_cover",
        "sentence_id",
        "original",
        "translation",
        "outside",
        "outside_many",
        "date",
        "pdf_version",
        "pdf_page",
        "pdf_pages",
        *(f"month_{n}" for n in range(1, 13)),
    )
    first = briefing.pages[0]
    takeaways = next(
        (b for b in (*first.intro, *(b for s in first.sections for b in s.blocks)) if isinstance(b, m.KeyFacts)), None
    )
    chart = next((n for p in briefing.pages for n in m.nodes(p) if isinstance(n, m.BarChart)), None)
    on_cover = {id(b) for b in (takeaways, chart) if b is not None}
    roles = [role(p) for p in briefing.pages]
    # The body's chapters in reading order, then the closing page, then the appendices: the
    # source texts (what every citation leads to) before the glossary, whose two columns then
    # end the brief instead of leaving half a sheet empty above the next appendix.
    order = [i for r in ("body", "closing", "appendix") for i, found in enumerate(roles) if found == r]
    order.sort(
        key=lambda i: ("body", "closing", "source", "appendix").index(
            "source"
            if roles[i] == "appendix" and any(isinstance(n, m.SourceText) for n in m.nodes(briefing.pages[i]))
            else roles[i]
        )
    )
    letters = {entry.link.page: entry.letter for entry in cover.sources}
    pages = _status_with_sources(
        _once_datelines([page(briefing.pages[i], ctx, roles[i], on_cover, letters) for i in order])
    )
    cover_data = {
        "takeaways": key_facts(takeaways, replace(ctx, file=first.file)) if takeaways else None,
        "figure": bar_chart(chart, ctx) if chart else None,
    }
    pages = _cited_on_paper(pages, set(_cited_targets(cover_data)), ctx)
    pages = _basis_on_paper(pages, _has_outside(cover_data), ctx)
    return {
        "lang": lang,
        "palette": palette.LIGHT,
        "labels": {name: ctx.plain(briefing.labels[name]) for name in names},
        "cover": {
            "title": ctx.plain(cover.title),
            "subtitle": ctx.plain(cover.subtitle),
            "kicker": ctx.plain(cover.kicker),
            "updated": ctx.plain(cover.updated),
            "latest": ctx.plain(cover.latest) if cover.latest else "",
            "contents": ctx.plain(cover.contents),
            "appendix": ctx.plain(cover.appendix),
            "based_on": ctx.plain(cover.based_on),
            "publisher": ctx.plain(cover.publisher),
            "licence": [
                {"text": piece, "url": url, "printed": printed_address(url)}
                for piece, url in link_parts(ctx.plain(cover.licence))
            ],
            "sources": [
                {
                    "letter": entry.letter,
                    # (Shorter with more sources: the cover stays one sheet, each with its date;
                    # the template cuts further if it must. A title still in Vietnamese is marked
                    # after the cut, not cut off with it.)
                    "title": cover_title(ctx.text(entry.link.title), 90 if len(cover.sources) <= 2 else 60),
                    "target": anchor(entry.link.page),
                    "outlet": entry.about.outlet if entry.about else "",
                    # When it was published, as the outlet gives it, or that this is not known.
                    "published": (entry.about.published if entry.about else "")
                    or ctx.plain(briefing.labels["pdf_undated"]),
                }
                for entry in cover.sources
            ],
            **cover_data,
        },
        "pages": pages,
        # Paper cannot follow a link: every outside source the brief cites, by the name its
        # citations give, with its address, in the order they first appear.
        "references": {
            "title": ctx.plain(briefing.labels["pdf_references"]),
            "items": references([cover_data, pages], {key: n for key, (n, _) in outside.items()}),
        },
    }


def _status_with_sources(pages: list[Data]) -> list[Data]:
    """On paper the translation status (shown only while something waits for its translation)
    opens the source texts, whose translation it counts, instead of lengthening the closing
    chapter (which, with many sources pending, it could double)."""
    moved: list[Data] = []

    def kept(blocks: list[Data]) -> list[Data]:
        moved.extend(b for b in blocks if b["block"] == "status")
        return [b for b in blocks if b["block"] != "status"]

    out = [_with_blocks(p, kept) if p["role"] == "closing" else p for p in pages]
    if not moved:
        return out
    first = next((i for i, p in enumerate(out) if any(b["block"] == "source_text" for b in page_blocks(p))), None)
    if first is None:
        return pages  # no source text to put it with: it stays where it was
    out[first] = {**out[first], "intro": moved + out[first]["intro"]}
    return out


def _cited_on_paper(pages: list[Data], cited: set[str], ctx: Ctx) -> list[Data]:
    """The source text's "cited in", as the print brief has it. It names the cover first for a
    sentence the cover cites (`cited`: its takeaways or its chart): its pages then start at 1,
    which no chapter's name would explain (designer, wire and Vietnamese editors, rounds 57-60;
    the cover's label is `cover`, print/briefing.typ). And it names a chapter only if the
    chapter, as printed, cites the sentence: the site's Overview may cite one only in its key
    facts or its chart, which print moves to the cover or, a row marked `site_only`, leaves out
    (wire editor, rounds 62 and 63)."""
    use = {"title": ctx.plain(ctx.labels["pdf_cover"]), "target": "cover"}
    citing = {}
    for page_data in pages:
        found = set(_cited_targets(page_data))
        for place in (page_data["anchor"], *(section["anchor"] for section in page_data["sections"])):
            citing[place] = found

    def printed(row: Data) -> Data:
        uses = [u for u in row["uses"] if row["anchor"] in citing.get(u["target"], {row["anchor"]})]
        return {**row, "uses": [use, *uses] if row["anchor"] in cited else uses}

    def rows(block: Data) -> Data:
        if block["block"] != "source_text":
            return block
        return {**block, "rows": [printed(r) for r in block["rows"]]}

    return [_with_blocks(p, lambda blocks: [rows(b) for b in blocks]) for p in pages]


def _basis_on_paper(pages: list[Data], cover: bool, ctx: Ctx) -> list[Data]:
    """The closing page's "information from other sources is used in …", as the print brief has
    it: the cover first when its takeaways or its chart carry such facts (print moves them there
    from the Overview: designer, round 70)."""
    if not cover:
        return pages
    use = {"title": ctx.plain(ctx.labels["pdf_cover"]), "target": "cover"}

    def named(block: Data) -> Data:
        return {**block, "pages": [use, *block["pages"]]} if block["block"] == "basis" else block

    return [_with_blocks(p, lambda blocks: [named(b) for b in blocks]) for p in pages]


def mappings(data: object) -> Iterator[dict]:
    """Every mapping in nested data (print data, a YAML file's), at any depth."""
    if isinstance(data, dict):
        yield data
        for value in data.values():
            yield from mappings(value)
    elif isinstance(data, list):
        for value in data:
            yield from mappings(value)


def _has_outside(data: object) -> bool:
    """Whether print data holds a fact from outside the articles (Ctx.fact: its text under `outside`)."""
    return any(isinstance(found.get("outside"), dict) for found in mappings(data))


def _cited_targets(data: object) -> Iterator[str]:
    """What the print data leads to: each citation's `target` (Ctx.cite), and each other link's,
    a headline's note that leads to its sentence among them (a page's address is never a
    sentence's, so the links to pages do no harm)."""
    return (found["target"] for found in mappings(data) if isinstance(found.get("target"), str))


def _once_datelines(pages: list[Data]) -> list[Data]:
    """Two chapters may open with the same dateline (each page of the site needs its own); on
    paper, where they may share a sheet, the second says nothing new and is left out."""
    seen: set[str] = set()

    def kept(blocks: list[Data]) -> list[Data]:
        out = []
        for block in blocks:
            if block["block"] == "dateline":
                key = json.dumps(block["items"], sort_keys=True, ensure_ascii=False)
                if key in seen:
                    continue
                seen.add(key)
            out.append(block)
        return out

    return [_with_blocks(p, kept) for p in pages]


def page_blocks(page: Data) -> Iterator[Data]:
    """A page's blocks (its data, as `page` makes it), in reading order."""
    yield from page["intro"]
    for section in page["sections"]:
        yield from section["blocks"]
    yield from page["outro"]


def _with_blocks(page: Data, keep: Callable[[list[Data]], list[Data]]) -> Data:
    """A page's data with each of its lists of blocks passed through `keep`, in reading order
    (intro, each section's, outro), as `page_blocks` gives them."""
    intro = keep(page["intro"])
    sections = [{**s, "blocks": keep(s["blocks"])} for s in page["sections"]]
    return {**page, "intro": intro, "sections": sections, "outro": keep(page["outro"])}


def references(data: object, numbers: Mapping[str, int]) -> list[Data]:
    """The outside sources cited in the print data, once each, with their numbers in the list of
    outside sources (`numbers`, by address: writers.outside_index), in that order: every fact
    from outside the sources carries `cite` (its name) and `url`. The brief lists only what it
    cites, so its list may skip a number (a source only the site cites)."""
    found: dict[str, str] = {}

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("cite"), str) and node.get("url"):
                found.setdefault(node["url"], node["cite"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(data)
    # (A source the site's list does not hold, which should not happen, comes last, numbered on.)
    extra = {url: len(numbers) + n for n, url in enumerate((u for u in found if u not in numbers), 1)}
    number = {**extra, **{url: numbers[url] for url in found if url in numbers}}

    def entry(url: str) -> Data:
        printed = printed_address(url)
        height = reference_height(number[url], found[url], printed)
        return {"number": number[url], "cite": found[url], "url": url, "printed": printed, "height": height}

    return [entry(url) for url in sorted(found, key=number.__getitem__)]


# Names a line never breaks inside, and coordinates ("22°30' N": an apostrophe for the minutes,
# as Be Vietnam Pro has no prime sign and Typst would embed a fallback font for it): on paper,
# a place or a person split across two lines reads as two words. Their spaces become no-break
# spaces here, in the data, rather than each name a box in the template: Typst lays out every
# box on every layout pass, and some 250 of them cost a PDF a tenth of its time. (Breaks after a dash or a slash,
# as in "2021–2030" and "21/2026/NĐ-CP", the template prevents: a word joiner there would stay
# in the text a reader copies or searches.)
# An English month, in full or cut to its first three letters (Ctx.source, short_months).
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")  # fmt: skip
MONTH = "(?:" + "|".join([*MONTHS, *(m[:3] for m in MONTHS if m != "May")]) + ")"
NAMES = ("Trần Hồng Hà", "Lai Châu", "Đông Pao", "Yên Bái", "Yên Phú", "Hải Phòng", "Lào Cai", "Ma Lù Thàng",
         "Sài Gòn Giải Phóng")  # fmt: skip
NUMBER_LABELS, ID_LABELS = ("No.", "số"), ("ID", "mã")  # kept with the number or ID they name (below)
# Where a match can start: a digit, or a name's, a month's or a label's first letter. The
# lookahead lets the engine pass every other place in a string at once: the PDFs' data is some
# 1,600 strings, and without it this search was the largest part of writing it.
_STARTS = "".join(sorted({word[0] for word in (*NAMES, *MONTHS, *NUMBER_LABELS, *ID_LABELS)}))
UNBROKEN = re.compile(
    rf"(?=[\d{_STARTS}])(?:"
    r"\b(?:" + "|".join(NAMES) + r")\b"
    r"|\d+°\d+' [NSEW]\b"
    # a number with its "million" or "billion" ("3.5 | million tonnes": wire editor, round 66)
    r"|\d+(?:[.,]\d+)? (?:million|billion|triệu|tỷ)\b"
    # a date: a day with its month ("7 | December 2023": wire editor, round 65), a month with its
    # year ("Feb | 2026"), or both ("11 Dec 2025": a source's tag, designer, round 58); a month's
    # name in full or cut to three letters (Ctx.source)
    rf"|\b\d{{1,2}} {MONTH}\b(?: \d{{4}}\b)?|\b{MONTH}\.? \d{{4}}\b"
    # and a document's "No." or "số" with its number ("Decision No. | 369/QĐ-TTg": designer, round 57)
    r"|\b(?:" + "|".join(map(re.escape, NUMBER_LABELS)) + r") (?=\d)"
    # and a sentence's ID with its label ("ID | s-03315082": designer, round 72)
    r"|\b(?:" + "|".join(ID_LABELS) + r") (?=s-[0-9a-f]{8}\b)"
    ")"
)
# Strings that are not text on the page: addresses, the figures' SVG (drawn as the site's) and
# their alternative text (read out, never broken into lines).
NOT_TEXT = frozenset({"url", "svg", "alt"})


def unbroken(data: object) -> object:
    """`data` with a no-break space in each name and coordinate of UNBROKEN, in every string of
    the page's text."""
    if isinstance(data, str):
        return _unbroken_text(data)
    if isinstance(data, dict):
        return {key: value if key in NOT_TEXT else unbroken(value) for key, value in data.items()}
    if isinstance(data, list):
        return [unbroken(value) for value in data]
    return data


# (Kept: both PDFs print the source text, every sentence in both languages.)
@functools.lru_cache(maxsize=4096)
def _unbroken_text(text: str) -> str:
    return UNBROKEN.sub(lambda found: found.group().replace(" ", "\u00a0"), text)


def write(briefing: m.Briefing, lang: str) -> dict[str, str]:
    """The PDF of `lang`, as the data Typst makes it from: {"site/pdf/…-vi.pdf": JSON}. An
    outside source has the same number in both PDFs and on the site (writers.outside_index)."""
    return {pdf_file(lang): json.dumps(unbroken(document(briefing, lang)), ensure_ascii=False)}
