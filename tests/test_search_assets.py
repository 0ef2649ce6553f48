"""Theme files copied from Material for MkDocs must still match what Material ships, and the
site ships Material's lunr language file with the search extension appended.

overrides/ holds copies of Material's templates, each changed in one marked place. When Material
is upgraded, this test fails until the copies have been compared with the new originals and
brought up to date. lunr-languages' Vietnamese support is not copied: the build appends
overrides/hooks/search.js to the installed Material's own file (overrides/hooks/search.py).
"""

from pathlib import Path

import material

from support import REPO

MATERIAL = Path(material.__file__).parent / "templates"
VI = "assets/javascripts/lunr/min/lunr.vi.min.js"


def test_the_shipped_lunr_vi_is_materials_with_the_extension_appended(built_site):
    upstream = (MATERIAL / VI).read_text(encoding="utf-8").rstrip("\n")
    extension = (REPO / "overrides" / "hooks" / "search.js").read_text(encoding="utf-8")
    assert (built_site / VI).read_text(encoding="utf-8") == upstream + "\n" + extension
    assert not (built_site / "hooks").exists()  # the extension ships inside the language file only


def test_copied_templates_match_material_but_for_the_marked_changes():
    base = (MATERIAL / "base.html").read_text(encoding="utf-8")
    assert 'mkdocs-material-9.8.1' in base
    assert '<link rel="alternate" href="{{ alt.link | url }}" hreflang="{{ alt.lang | d(lang.t(\'language\')) }}">' in base
    assert '"base": base_url,' in base
    search = (MATERIAL / "partials" / "search.html").read_text(encoding="utf-8")
    ours = (REPO / "overrides" / "partials" / "search.html").read_text(encoding="utf-8")
    assert ours.split("\n", 4)[4] == search.split("\n", 3)[3].replace(
        'role="dialog">', 'role="dialog" aria-label="{{ lang.t(\'search\') }}">', 1)
