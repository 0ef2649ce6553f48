"""The glossary holds every translation to its renderings, and every term is really used."""

from pathlib import Path

import polib

from briefing.checks import glossary_followed
from briefing.config import Project
from briefing.project import generate
from briefing.text import fold
from support import REPO


def test_translations_follow_the_glossary():
    project = Project(REPO)
    assert glossary_followed(generate(project)) == []


def test_every_glossary_term_occurs_in_the_briefing():
    result = generate(Project(REPO))
    msgids = [fold(e.msgid) for e in result.po if not e.obsolete]
    unused = [t.vi for t in result.corpus.glossary if not any(fold(t.vi) in m for m in msgids)]
    assert unused == []


def test_a_translation_that_strays_from_the_glossary_is_reported(project: Path):
    path = project / "translations" / "en.po"
    po = polib.pofile(str(path))
    entry = po.find("Lai Châu tránh khai thác tuỳ tiện, xuất khẩu thô đất hiếm.")
    entry.msgstr = "Lai Châu should avoid haphazard extraction and crude exports of rare earths."
    po.save(str(path))
    problems = [str(p) for p in glossary_followed(generate(Project(project)))]
    assert len(problems) == 2
    assert problems[0].startswith("translations/glossary.yml:")
    assert "“khai thác tùy tiện” should be rendered as 'indiscriminate mining' / 'indiscriminate'" in problems[0]
    assert "“xuất khẩu thô” should be rendered as 'raw exports'" in problems[1]


def test_a_variant_spelling_of_a_term_is_held_to_it_too(project: Path):
    """Sentence [6] writes the region's short form; the glossary lists it as a variant."""
    path = project / "translations" / "en.po"
    po = polib.pofile(str(path))
    entry = next(e for e in po if "quy hoạch vùng trung du miền núi phía Bắc" in e.msgid)
    entry.msgstr = entry.msgstr.replace("Northern Midlands and Mountainous Region", "northern uplands")
    po.save(str(path))
    problems = [str(p) for p in glossary_followed(generate(Project(project)))]
    assert any("“vùng trung du và miền núi phía Bắc” should be rendered as" in p for p in problems), problems


def test_the_glossary_pages_list_the_reader_s_terms_in_each_language_s_order(built_site):
    """Each reader's term is a heading of its own (one search entry, one anchor), in the page's
    language's order; the translator-only entries are not shown."""
    import html as html_lib
    import re

    from briefing.glossary import parse
    from briefing.text import plain_sort_key, vi_sort_key

    terms = parse((REPO / "translations" / "glossary.yml").read_text(encoding="utf-8"), "glossary.yml")
    shown = [t for t in terms if t.reader]
    assert 8 <= len(shown) < len(terms)
    for prefix, key, word in (("", vi_sort_key, "vi"), ("en/", plain_sort_key, "en")):
        page = (built_site / prefix / "glossary" / "index.html").read_text(encoding="utf-8")
        heads = [html_lib.unescape(h) for h in re.findall(r'<h[23] id="term-[a-z0-9-]+"[^>]*>([^<]*)<', page)]
        assert heads == sorted(heads, key=key), prefix
        # English headwords in sentence case.
        written = [t.vi if word == "vi" else t.en[:1].upper() + t.en[1:] for t in shown]
        assert sorted(heads) == sorted(written), prefix
        hidden = [t for t in terms if not t.reader]
        assert not any(f">{html_lib.escape(getattr(t, word))}<" in page for t in hidden), prefix
        # Translator notes stay in glossary.yml.
        assert not any(t.note and html_lib.escape(t.note[:40]) in page for t in terms), prefix


def test_each_reader_s_term_is_one_search_entry_without_its_sources(built_site):
    import json

    for prefix in ("", "en/"):
        index = json.loads((built_site / prefix / "search" / "search_index.json").read_text(encoding="utf-8"))
        entries = [d for d in index["docs"] if d["location"].startswith("glossary/#term-")]
        assert len(entries) == len({d["location"] for d in entries}) >= 8, prefix
        assert not any("http" in d["text"] or "Nguồn:" in d["text"] or "Sources:" in d["text"] for d in entries)


def test_a_reader_s_term_without_a_source_or_with_a_bare_one_is_refused(project: Path):
    from briefing.errors import BriefingError
    from briefing.glossary import parse

    text = '- vi: "đất hiếm"\n  en: "rare earths"\n  reader: true\n  definition: "Mười bảy nguyên tố."\n'
    for extra, message in (
        ("", "gives no source"),
        ('  source: ["USGS"]\n', "is not “Title: URL”"),
    ):
        try:
            parse(text + extra, "glossary.yml")
        except BriefingError as err:
            assert message in str(err) and "glossary.yml:1" in str(err)
        else:
            raise AssertionError(f"accepted: {extra!r}")
    # A translator-only entry needs neither a definition nor a source.
    assert parse('- vi: "trụ cột"\n  en: "pillar"\n', "glossary.yml")[0].reader is False
