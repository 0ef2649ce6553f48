"""MkDocs hook: where the pipeline meets MkDocs.

1. The sources in the navigation. mkdocs.yml's nav holds the sources' index page in its section
   ("Nguồn"); this hook lists every source's page after it, in the order of their citation
   letters, so that a source added with `briefing add-source` is in the sidebar without an edit
   of mkdocs.yml (a source's page listed there by hand stands in its letter's place too).
2. The preview (`briefing serve`, which is `mkdocs serve`) converts before each build.
3. The build's date and the site's address, where a page asks for them: the pages in docs/ do
   not change with the day they are built, so the writer leaves an element to fill
   (`<time class="built" data-pattern=… data-months=…>`, `<span class="site-url">`). The date is
   the build's (SOURCE_DATE_EPOCH, else the last commit's), as the PDFs print it.

`mkdocs serve` watches the briefing's inputs too (the sources, outline.yml, the translations) and
rebuilds when one is saved; before each build this hook runs `briefing convert` in the server's
own process, so the build reads the pages the inputs make. An input that cannot be used is
reported and the last good pages stay. `mkdocs build` converts nothing: `briefing build` has
converted first, and a plain build of docs/ must not change them.
"""

from __future__ import annotations

import datetime
import html
import logging
import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
from mkdocs.plugins import event_priority

log = logging.getLogger("mkdocs.hooks.convert")

_serving = False


def on_startup(command, dirty, **kwargs) -> None:
    global _serving
    _serving = command == "serve"


@event_priority(50)  # before mkdocs-static-i18n reads the nav to translate it
def on_config(config, **kwargs):
    from briefing.config import SOURCES_DIR, source_page
    from briefing.errors import BriefingError
    from briefing.project import load_sources

    try:
        pages = [f"{source_page(info.slug)}.md" for info in load_sources(_project(config))]
    except BriefingError:
        return config  # `briefing convert` reports it; the nav keeps what mkdocs.yml lists
    index = f"{SOURCES_DIR}/index.md"
    config.nav = _with_sources(config.nav, index, pages)
    return config


def _with_sources(nav, index: str, pages: list[str]):
    """The nav with `pages` after the sources' index page, wherever it stands, and nowhere else."""
    if not isinstance(nav, list):
        return nav
    out = []
    for item in nav:
        if item == index:
            out += [item, *pages]
        elif isinstance(item, str) and item in pages:
            continue
        elif isinstance(item, dict):
            out.append({key: _with_sources(value, index, pages) for key, value in item.items()})
        else:
            out.append(item)
    return out


def _project(config):
    from briefing.config import Project

    return Project(Path(config.config_file_path).parent)


def _default_language(config) -> str:
    return next(lang.locale for lang in config.plugins["i18n"].config.languages if lang.default)


class _Compiled(jinja2.BytecodeCache):
    """Templates compiled once for the whole preview: MkDocs makes a new Jinja environment for
    every rebuild, which would compile Material's templates anew (a third of a rebuild)."""

    def __init__(self):
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])  # Jinja checks the source's checksum

    def dump_bytecode(self, bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


_compiled = _Compiled()


def on_env(env, config, files, **kwargs):
    if _serving:
        env.bytecode_cache = _compiled
    return env


def on_serve(server, config, builder, **kwargs):
    project = _project(config)
    for path in (project.sources, project.outline, project.translations):
        server.watch(str(path))
    return server


def on_pre_build(config, **kwargs) -> None:
    # Once a build: the i18n plugin builds each other language inside the default language's build.
    if not _serving or config.theme["language"] != _default_language(config):
        return
    from briefing.errors import BriefingError
    from briefing.project import apply_changes, generate, plan_changes

    project = _project(config)
    try:
        changes = plan_changes(project, generate(project).files)
        apply_changes(changes)
    except BriefingError as err:
        # Printed, not logged: a logged error would stop the build in strict mode, and the
        # preview keeps serving the last good pages until the input is mended.
        print(f"error: {err}", file=sys.stderr, flush=True)
        return
    if changes:
        log.info(f"converted: {len(changes)} file(s) changed")


_BUILT = re.compile(r'<time class="built" data-pattern="([^"]*)" data-months="([^"]*)"></time>')
_SITE_URL = '<span class="site-url"></span>'


def on_page_content(content, page, config, files, **kwargs):
    # The link beside each heading, titled in the page's language (mkdocs.yml extra.permalink_title).
    title = (config.extra or {}).get("permalink_title")
    if title:
        content = content.replace('title="Permanent link"', f'title="{html.escape(title)}"')
    if 'class="built"' not in content and _SITE_URL not in content:
        return content
    from briefing.cli import build_epoch

    day = datetime.datetime.fromtimestamp(build_epoch(_project(config)), tz=datetime.UTC).date()

    def dated(found: re.Match) -> str:
        pattern, months = html.unescape(found.group(1)), html.unescape(found.group(2)).split("|")
        text = pattern.replace("{day}", str(day.day)).replace("{month}", months[day.month - 1])
        text = html.escape(text.replace("{year}", str(day.year)))
        return f'<time class="built" datetime="{day.isoformat()}">{text}</time>'

    lang = config.theme["language"]
    root = config.site_url + ("" if lang == _default_language(config) else f"{lang}/")
    return _BUILT.sub(dated, content).replace(_SITE_URL, cited_address(root))


# Names kept for examples and tests (RFC 2606, RFC 6761): an address under one is no address to cite.
_RESERVED = re.compile(r"(^|\.)(example\.(com|net|org)|example|test|invalid|localhost)$")


def cited_address(root: str) -> str:
    """What "Cite this briefing" ends with: ", " and the site's address, or nothing when the site
    was built for mkdocs.yml's placeholder (or any address kept for examples): a reader who
    copies the citation must not copy an address that can never lead anywhere."""
    host = urlsplit(root).hostname or ""
    if _RESERVED.search(host):
        return ""
    return f', <a class="site-url" href="{html.escape(root)}">{html.escape(root)}</a>'
