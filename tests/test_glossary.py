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
    entry.msgstr = "Lai Châu avoids haphazard extraction and exports of unprocessed rare earths."
    po.save(str(path))
    problems = [str(p) for p in glossary_followed(Project(project), generate(Project(project)))]
    assert len(problems) == 2
    assert (
        problems[0].startswith("translations/glossary.yml:")
        and "“khai thác tùy tiện” should be rendered as 'arbitrary mining'" in problems[0]
    )
    assert "“xuất khẩu thô” should be rendered as 'raw export'" in problems[1]
