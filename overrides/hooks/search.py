"""MkDocs hook: the site's search, as the build makes it (the ranking itself is in search.js).

1. The lunr language file. Material's search worker loads lunr-languages' Vietnamese support
   (assets/javascripts/lunr/min/lunr.vi.min.js) for both languages' indexes; the build ships
   the installed Material's own file with search.js (folding and ranking) appended, so a
   Material upgrade brings its file and the extension follows, with nothing to re-paste.
   search.js ships without its comments (`shipped`): they are for the next engineer, and were
   about 4 KB of the 10 KB it sent compressed.
2. What is indexed. Citation numbers ("[3]"), tables of numbers (the translation status) and the
   furniture that pages repeat are marked data-search-exclude, which Material's indexer honours:
   a reader never searches for them, citation numbers match any number typed and sit between
   words that belong together, and furniture ("Sources on this page: …", the PDF link on every
   page, the glossary's labels and the sources of its terms, the source page's column heads,
   sentence numbers and "Cited on: …") would make every page match the titles it names.
3. What a page is about. A page's own entry in the index (its title, before its sections) gets
   the page's description as its text: search.js weighs it as what the page is about, and
   Material shows it under the page's title.
Reference pages (the glossary, the list of sources, each source page) define, list or reprint
what the topic pages say, so they match almost any query: the pipeline's site writer gives them
a lower `search.boost` in their front matter, which Material writes into their index entries
and search.js applies to the page's score.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

LUNR_VI = "assets/javascripts/lunr/min/lunr.vi.min.js"
EXTENSION = Path(__file__).with_name("search.js")

# search.js's opening comment, and every line that is a comment alone. Nothing else is touched:
# a line of code keeps a comment at its end (telling one from "//" in a string or a regular
# expression would take a JavaScript parser), so the code runs as written.
_OPENING_COMMENT = re.compile(r"\A/\*.*?\*/\n", re.S)
_COMMENT_LINE = re.compile(r"^[ \t]*//.*\n", re.M)
_POINTER = "/* The briefing's search: overrides/hooks/search.js, where its comments are. */\n"

# Elements never indexed, by class: citation markers, then furniture (the Overview's PDF button,
# "pdf-download", is kept: it is the one place a search for "PDF" should find), and the list of
# outside sources (names and addresses: a search for an outlet finds the facts that cite it).
_EXCLUDED = (
    *("cite", "page-sources", "pdf-link", "gl-label", "gl-src", "bi-head", "bi-num", "bi-use", "pending-badge"),
    "outside-sources",
)
_EXCLUDED_CLASS = r'\bclass="[^"]*(?<![\w-])(?:' + "|".join(_EXCLUDED) + r")(?![\w-])"
_EXCLUDED_TAG = re.compile(rf"<(?P<tag>\w+)(?=[^>]*{_EXCLUDED_CLASS})(?![^>]*data-search-exclude)")
_TABLE = re.compile(r"<table\b(?P<rest>.*?</table>)", re.S)
_CELL = re.compile(r"<td\b[^>]*>(.*?)</td>", re.S)
_TAG = re.compile(r"<[^>]+>")
_NUMBER = re.compile(r"[\d\s.,%–-]*\d[\d\s.,%–-]*")

# language → page URL → its description, for the page's own index entry
_descriptions: dict[str, dict[str, str]] = {}


@event_priority(-110)  # after mkdocs-static-i18n (-100) has set the language of this build
def on_config(config, **kwargs):
    """Each language's build starts with nothing recorded for it (`mkdocs serve` rebuilds in the
    same process, and the i18n plugin builds each other language inside the first's build)."""
    _descriptions[config.theme["language"]] = {}
    return config


@event_priority(-110)  # after mkdocs-static-i18n (-100), which expects every file to have a source path
def on_files(files, config, **kwargs):
    """Ship Material's lunr.vi.min.js with search.js appended, and not search.js on its own."""
    materials = files.get_file_from_path(LUNR_VI)
    upstream = Path(materials.abs_src_path).read_text(encoding="utf-8").rstrip("\n")
    files.remove(materials)
    extension = shipped(EXTENSION.read_text(encoding="utf-8"))
    files.append(File.generated(config, LUNR_VI, content=upstream + "\n" + extension))
    for theme_dir in map(Path, config.theme.dirs):
        if EXTENSION.is_relative_to(theme_dir):
            ours = files.get_file_from_path(EXTENSION.relative_to(theme_dir).as_posix())
            if ours is not None:
                files.remove(ours)
    return files


def shipped(extension: str) -> str:
    """search.js as the site ships it: without its comments, and a line saying where they are."""
    return _POINTER + _COMMENT_LINE.sub("", _OPENING_COMMENT.sub("", extension, count=1))


def _is_number_table(table: str) -> bool:
    cells = [_TAG.sub("", cell).strip() for cell in _CELL.findall(table)]
    numbers = [cell for cell in cells if _NUMBER.fullmatch(cell)]
    return bool(cells) and 2 * len(numbers) >= len(cells)


def on_page_content(html_text: str, page, **kwargs) -> str:
    html_text = _EXCLUDED_TAG.sub(lambda m: f"<{m['tag']} data-search-exclude", html_text)
    return _TABLE.sub(lambda m: f"<table data-search-exclude{m['rest']}" if _is_number_table(m[0]) else m[0], html_text)


def on_page_context(context, page, config, **kwargs):
    # The description arrives with character references ("&#x27;"); the index holds HTML.
    described = html.escape(html.unescape(page.meta.get("description") or ""), quote=False)
    _descriptions[config.theme["language"]][page.url] = described
    return context


@event_priority(-105)  # after mkdocs-static-i18n (-100) writes the index, before the split (-110)
def on_post_build(config, **kwargs) -> None:
    path = Path(config.site_dir) / "search" / "search_index.json"
    if not path.exists():
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    descriptions = {url: text for pages in _descriptions.values() for url, text in pages.items()}
    for doc in index["docs"]:
        location = doc["location"]
        if "#" not in location and not doc["text"] and location in descriptions:
            doc["text"] = descriptions[location]
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
