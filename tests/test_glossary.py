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
    assert glossary_followed(project, generate(project)) == []


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
    problems = [str(p) for p in glossary_followed(Project(project), generate(Project(project)))]
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
    problems = [str(p) for p in glossary_followed(Project(project), generate(Project(project)))]
    assert any("“vùng trung du và miền núi phía Bắc” should be rendered as" in p for p in problems), problems


def test_the_glossary_pages_list_terms_in_each_language_s_order(built_site):
    import re

    from briefing.text import plain_sort_key, vi_sort_key

    for prefix, key in (("", vi_sort_key), ("en/", plain_sort_key)):
        html = (built_site / prefix / "glossary" / "index.html").read_text(encoding="utf-8")
        heads = re.findall(r'<dt lang="[a-z]+"><span[^>]*class="gl-label">[^<]*</span> ([^<]*)</dt>', html)
        assert len(heads) == len(set(heads)) > 20
        import html as html_lib

        heads = [html_lib.unescape(h) for h in heads]
        assert heads == sorted(heads, key=key), prefix
