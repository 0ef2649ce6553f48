"""Theme files copied from Material for MkDocs must still match what Material ships, and the
site ships Material's lunr language file with the search extension appended.

overrides/ holds copies of Material's templates, each changed in a few places. When Material is
upgraded, these tests fail until the copies have been compared with the new originals and brought
up to date. A copy is compared whole: it must be Material's text with exactly the listed changes,
and nothing else. lunr-languages' Vietnamese support is not copied: the build appends
overrides/hooks/search.js to the installed Material's own file (overrides/hooks/search.py).
"""

import re
from pathlib import Path

import material

from support import REPO, hook

MATERIAL = Path(material.__file__).parent / "templates"
OVERRIDES = REPO / "overrides"
VI = "assets/javascripts/lunr/min/lunr.vi.min.js"


def test_the_shipped_lunr_vi_is_materials_with_the_extension_appended(built_site):
    upstream = (MATERIAL / VI).read_text(encoding="utf-8").rstrip("\n")
    extension = (REPO / "overrides" / "hooks" / "search.js").read_text(encoding="utf-8")
    shipped = hook("search").shipped(extension)
    assert (built_site / VI).read_text(encoding="utf-8") == upstream + "\n" + shipped
    assert not (built_site / "hooks").exists()  # the extension ships inside the language file only
    # It ships without its comments: every line of code, in order, and no line that is a comment
    # alone but the one saying where the comments are.
    lines = extension.splitlines()
    opening = next(n for n, line in enumerate(lines) if line.endswith("*/"))
    code = [line for line in lines[opening + 1 :] if not line.lstrip().startswith("//")]
    first, *rest = shipped.splitlines()
    assert rest == code and "overrides/hooks/search.js" in first
    assert len(shipped) < 0.7 * len(extension)


def _block(template: str, name: str) -> str:
    blocks = re.findall(r"\{% block " + name + r" %\}(.*?)\{% endblock %\}", template, re.DOTALL)
    assert len(blocks) == 1, name
    return blocks[0]


def _changed(upstream: str, changes: list[tuple[str, str]]) -> str:
    """`upstream` with each (old, new) change made; each old text must be there exactly once."""
    for old, new in changes:
        assert upstream.count(old) == 1, f"Material's text has changed; look again at the copy of:\n{old}"
        upstream = upstream.replace(old, new)
    return upstream


def _after_header(template: str) -> str:
    """The template without its leading {#- … -#} comment (Material's says "generated")."""
    return re.sub(r"\A\{#-.*?-#\}\n", "", template, count=1, flags=re.DOTALL)


# What the copies change, as (Material's text, ours): one line each, its reason beside the macro.
HREFLANG = (
    """      {% if config.extra.alternate is iterable %}
        {% for alt in config.extra.alternate %}
          <link rel="alternate" href="{{ alt.link | url }}" hreflang="{{ alt.lang | d(lang.t('language')) }}">
        {% endfor %}
      {% endif %}
""",
    "      {{ hreflang_links() }}\n",
)
SEARCH_BASE = ('"base": base_url,', '"base": language_base(),')
BRITISH = ('"Initializing search"', '"Initialising search"')
# Material's Vietnamese strings completed, and its one tone mark on "oa" put where the site's
# text puts it ("Xóa", as "hóa", "tòa").
VIETNAMESE = [
    ('"Initializing search"', '"Đang khởi tạo tìm kiếm"'),
    ('"Bỏ qua"', '"Chuyển đến nội dung chính"'),
    ('"search.reset": "Xoá"', '"search.reset": "Xóa"'),
    ('"Không tìm thấy tài liệu liên quan"', '"Không tìm thấy kết quả phù hợp"'),
    ('"1 tài liệu liên quan"', '"1 kết quả phù hợp"'),
    ('"# tài liệu liên quan"', '"# kết quả phù hợp"'),
    ('"1 từ khác trong trang"', '"Thêm 1 kết quả trong trang này"'),
    ('"# từ khác trong trang"', '"Thêm # kết quả trong trang này"'),
    ('"Trở lại mục lục"', '"Lên đầu trang"'),
    ('"search.result.term.missing": "Không"', '"search.result.term.missing": "Thiếu"'),
]
CONTENT = [('"\\u003ch1" not in page.content', '"\\u003ch1" not in content'), ("{{ page.content }}", "{{ content }}")]
DIALOG_NAME = ('role="dialog">', 'role="dialog" aria-label="{{ lang.t(\'search\') }}">')


def test_main_html_blocks_are_materials_but_for_one_line_each():
    base = (MATERIAL / "base.html").read_text(encoding="utf-8")
    ours = (OVERRIDES / "main.html").read_text(encoding="utf-8")
    assert "mkdocs-material-9.8.1" in base
    assert _block(ours, "site_meta") == _changed(_block(base, "site_meta"), [HREFLANG])
    assert _block(ours, "config") == _changed(_block(base, "config"), [SEARCH_BASE])
    # A block that adds to Material's keeps its content: Material's scripts, each deferred by a
    # replace that must find every one of its tags (tests/test_site.py checks the built pages).
    assert "{{ super() | replace('\"></script>', '\" defer></script>') }}" in _block(ours, "scripts")
    material = _block(base, "scripts")
    assert material.count("<script") == material.count('"></script>') > 0
    # The content block ends with partials/content.html, the page's content with the contents
    # list under its title in place of page.content (indented as our block is).
    partial = _changed(_after_header((MATERIAL / "partials" / "content.html").read_text(encoding="utf-8")), CONTENT)
    copied = [line.strip() for line in partial.strip().splitlines()]
    assert [line.strip() for line in _block(ours, "content").strip().splitlines()][-len(copied) :] == copied


def test_partials_are_materials_but_for_the_listed_changes():
    # partials/alternate.html is our own (a visible "VI · EN" switch), not a copy.
    english = (MATERIAL / "partials" / "languages" / "en.html").read_text(encoding="utf-8")
    ours = (OVERRIDES / "partials" / "languages" / "en.html").read_text(encoding="utf-8")
    assert _after_header(ours) == _changed(_after_header(english), [BRITISH])
    vietnamese = (MATERIAL / "partials" / "languages" / "vi.html").read_text(encoding="utf-8")
    ours = (OVERRIDES / "partials" / "languages" / "vi.html").read_text(encoding="utf-8")
    assert _after_header(ours) == _changed(_after_header(vietnamese), VIETNAMESE)
    search = (MATERIAL / "partials" / "search.html").read_text(encoding="utf-8")
    ours = (OVERRIDES / "partials" / "search.html").read_text(encoding="utf-8")
    assert _after_header(ours) == _changed(_after_header(search), [DIALOG_NAME])


def test_what_search_js_assumes_of_lunr_and_material_holds_for_the_installed_material(tmp_path):
    """tests/js/search_adapter.cjs runs Material's own worker in Node with search.js appended to
    its lunr.vi.min.js, as the site ships it, and checks each assumption of search.js's adapter
    section."""
    import json
    import shutil
    import subprocess

    from briefing import yamlfile

    node = shutil.which("node")
    assert node, "node is needed (make test installs npm, which brings it)"
    settings = yamlfile.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), "mkdocs.yml", tagged=True)
    search = next(p["search"] for p in settings["plugins"] if isinstance(p, dict) and "search" in p)
    extension = tmp_path / "search.js"
    source = (OVERRIDES / "hooks" / "search.js").read_text(encoding="utf-8")
    extension.write_text(hook("search").shipped(source), encoding="utf-8")
    run = subprocess.run(
        [node, str(REPO / "tests" / "js" / "search_adapter.cjs"), str(MATERIAL / "assets"),
         str(extension), search["separator"]],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout) == {"failures": []}
    # search.js's index answers search() alone; Material's suggestions would call lunr's query().
    assert "search.suggest" not in settings["theme"].get("features", [])
