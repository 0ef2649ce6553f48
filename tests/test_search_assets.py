"""Theme files copied from Material for MkDocs must still match what Material ships.

overrides/ holds copies of Material's templates and of lunr-languages' Vietnamese support, each
changed in one marked place. When Material is upgraded, this test fails until the copies have
been compared with the new originals and brought up to date.
"""

from pathlib import Path

import material

from support import REPO

MATERIAL = Path(material.__file__).parent / "templates"
VI = "assets/javascripts/lunr/min/lunr.vi.min.js"


def test_vendored_lunr_vi_is_materials():
    ours = (REPO / "overrides" / VI).read_text(encoding="utf-8")
    upstream = (MATERIAL / VI).read_text(encoding="utf-8").rstrip("\n")
    assert ours.startswith(upstream + "\n")


def test_copied_templates_match_material_but_for_the_marked_changes():
    base = (MATERIAL / "base.html").read_text(encoding="utf-8")
    assert 'mkdocs-material-9.8.1' in base
    assert '<link rel="alternate" href="{{ alt.link | url }}" hreflang="{{ alt.lang | d(lang.t(\'language\')) }}">' in base
    assert '"base": base_url,' in base
    search = (MATERIAL / "partials" / "search.html").read_text(encoding="utf-8")
    ours = (REPO / "overrides" / "partials" / "search.html").read_text(encoding="utf-8")
    assert ours.split("\n", 4)[4] == search.split("\n", 3)[3].replace(
        'role="dialog">', 'role="dialog" aria-label="{{ lang.t(\'search\') }}">', 1)
