"""MkDocs hook: where the pipeline meets MkDocs.

1. The sources in the navigation. mkdocs.yml's nav holds the sources' index page in its section
   ("Nguồn"); this hook lists every source's page after it, in the order of their citation
   letters, so that a source added with `briefing add-source` is in the sidebar without an edit
   of mkdocs.yml (a source's page listed there by hand stands in its letter's place too).
2. The preview (`briefing serve`, which is `mkdocs serve`) converts before each build, and is
   quick to show a save: it looks for saved files every POLL_SECONDS, builds no second time for
   the files its own convert wrote, lists the theme's files and compiles its templates once, and
   makes a page's HTML again only when its Markdown changed.
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
import os
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
    if _serving:
        from mkdocs.structure.pages import Page

        _render_once(Page)


@event_priority(50)  # before mkdocs-static-i18n reads the nav to translate it
def on_config(config, **kwargs):
    from briefing.config import SOURCES_DIR, source_page
    from briefing.errors import BriefingError
    from briefing.project import load_sources

    if _serving:
        _list_theme_once(config.theme)
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

# The theme's files, listed once for the whole preview. MkDocs lists every file of the theme's
# folders for each language of each rebuild, to copy the theme's assets, and Material's folders
# hold some 14,500 files, all but 170 of them in hidden folders (its icons, read by name, never
# copied): listing and filtering them was a fifth of a rebuild. The list keeps what MkDocs may
# copy (its filter drops any hidden file or folder). A preview does not watch the theme's folders
# (nor does MkDocs without --watch-theme), so a file added to overrides/ during a preview is
# copied from the next preview on.
_theme_files: dict[tuple[str, ...], list[str]] = {}


def _list_theme_once(theme) -> None:
    """Have `theme.get_env()` (MkDocs' Theme; called by MkDocs once a build) return environments
    whose loader lists the theme's files from _theme_files."""
    get_env = theme.get_env

    def env_listing_once():
        env = get_env()
        key = tuple(theme.dirs)
        if key not in _theme_files:
            _theme_files[key] = [name for name in env.loader.list_templates() if not _HIDDEN.search(name)]
        env.loader.list_templates = lambda: list(_theme_files[key])
        return env

    theme.get_env = env_listing_once


_HIDDEN = re.compile(r"(^|/)\.")

# Each page's HTML, made from its Markdown once for the whole preview and again only when what it
# is made from changed: a save changes a few of the site's pages, and making every page's HTML
# anew was two fifths of a rebuild. By the page's file and address: what it was last made from
# (its Markdown and `_made_from`), and what was made (one entry a page, however long the preview).
_rendered: dict[tuple[str, str], tuple[tuple, tuple]] = {}


def _render_once(page_class) -> None:
    """Have `page_class.render` (MkDocs' Page; it sets content, toc, title, anchors and the links to
    anchors from the page's Markdown) keep what it made, and set it again for the same input. A
    page whose rendering logged anything (a broken link) is rendered every time, so that it says so
    every time."""
    render = page_class.render
    if getattr(render, "kept", None) is _rendered:
        return

    def render_once(page, config, files) -> None:
        where, source = (page.file.src_uri, page.file.url), (page.markdown, _made_from(config, files))
        last = _rendered.get(where)
        if last is not None and last[0] == source:
            made = last[1]
        else:
            with _Logged() as logged:
                render(page, config, files)
            if logged.records:
                _rendered.pop(where, None)
                return
            links = {file.src_uri: anchors for file, anchors in (page.links_to_anchors or {}).items()}
            made = (page.content, page.toc, page._title_from_render, page.present_anchor_ids, links)
            _rendered[where] = (source, made)
        page.content, page.toc, page._title_from_render = made[:3]
        page.present_anchor_ids = set(made[3])
        page.links_to_anchors = {files.get_file_from_path(uri): dict(anchors) for uri, anchors in made[4].items()}

    render_once.kept = _rendered  # type: ignore[attr-defined]
    page_class.render = render_once


# What a build's pages are made from besides their own Markdown, for the build in progress: the
# Markdown extensions and their settings, the link rules, and every file's address (a link is
# made relative to its target's).
_building: list = [None, None]  # [the build's Files, what its pages are made from]


def _made_from(config, files) -> tuple:
    if _building[0] is not files:
        addresses = tuple((file.src_uri, file.url, file.inclusion.name) for file in files)
        settings = (config.markdown_extensions, config.mdx_configs, config.use_directory_urls, config.validation)
        _building[:] = [files, (repr(settings), addresses)]
    return _building[1]


class _Logged(logging.Handler):
    """The records logged (INFO and above) while the block runs, by MkDocs or by Markdown."""

    def __init__(self):
        super().__init__(logging.INFO)
        self.records: list[logging.LogRecord] = []
        self.loggers = [logging.getLogger("mkdocs"), logging.getLogger()]

    def emit(self, record) -> None:
        self.records.append(record)

    def __enter__(self):
        for logger in self.loggers:
            logger.addHandler(self)
        return self

    def __exit__(self, *exc) -> None:
        for logger in self.loggers:
            logger.removeHandler(self)


def on_env(env, config, files, **kwargs):
    if _serving:
        env.bytecode_cache = _compiled
    return env


# How often the preview looks for saved files, in seconds. MkDocs polls (inotify misses some
# editors' saves) every half second: on average a quarter of a second, and up to half, of an
# editor's wait between saving and seeing the page, more than the conversion takes.
POLL_SECONDS = 0.1


def on_serve(server, config, builder, **kwargs):
    project = _project(config)
    _watch_for_editors(server)
    for path in (project.sources, project.outline, project.translations):
        server.watch(str(path))
    return server


def _watch_for_editors(server) -> None:
    """Give MkDocs' server (mkdocs.livereload.LiveReloadServer, not yet serving) an observer that
    polls every POLL_SECONDS and does not pass on the preview's own writes (`_observer`), watching
    what MkDocs had it watch. MkDocs makes its observer in the server's constructor, with no
    option for either; if its server no longer has what this replaces, the preview keeps MkDocs'
    own (tests/test_cli.py checks that it has)."""
    from watchdog.observers.polling import PollingObserver

    watched = getattr(server, "_watched_paths", None)
    if not isinstance(watched, dict) or not isinstance(server.observer, PollingObserver) or server.observer.is_alive():
        return
    paths = list(watched)
    for path in paths:
        server.unwatch(path)
    server.observer = _observer()
    for path in paths:
        server.watch(path)


# What the preview's convert last wrote, before each build: path → its bytes, or None for a page
# it deleted. The build that ran convert reads these files already: a change to them is no
# reason for another build (it would be a whole build, after every save, for nothing).
_written: dict[str, bytes | None] = {}
# apply_changes' temporary file beside a file it writes: ".NAME.<random>.tmp", renamed to NAME.
_TEMPORARY = re.compile(r"\.(?P<name>.+)\.[^./]+\.tmp")


def _as_written(path: str) -> bool:
    """Whether `path` is as the preview's convert left it (a file it wrote, or its temporary)."""
    if path in _written:
        expected = _written[path]
        try:
            return Path(path).read_bytes() == expected
        except OSError:
            return expected is None
    # Its temporary file, whether still there or renamed (the observer may look in between).
    folder, name = os.path.split(path)
    found = _TEMPORARY.fullmatch(name)
    return bool(found) and os.path.join(folder, found["name"]) in _written


def _passes(event) -> bool:
    """Whether a watchdog event is news to MkDocs: not every file it names as convert left it."""
    paths = [os.fsdecode(path) for path in (event.src_path, event.dest_path) if path]
    return event.is_directory or not all(map(_as_written, paths))


def _observer():
    """A polling observer (every POLL_SECONDS) whose handlers hear of no change the preview's
    convert made itself: an event is passed on unless every file it names is as convert left it."""
    from watchdog.events import FileSystemEventHandler
    from watchdog.observers.polling import PollingObserver

    class SkipOwnWrites(FileSystemEventHandler):
        def __init__(self, handler):
            self.handler = handler

        def dispatch(self, event) -> None:
            if _passes(event):
                self.handler.dispatch(event)

    class Observer(PollingObserver):
        def schedule(self, event_handler, path, **kwargs):
            return super().schedule(SkipOwnWrites(event_handler), path, **kwargs)

    return Observer(timeout=POLL_SECONDS)


# The build's date, once a build (it asks git): every page's footer shows it.
_built_day: datetime.date | None = None


def on_pre_build(config, **kwargs) -> None:
    global _built_day
    _built_day = None
    # Once a build: the i18n plugin builds each other language inside the default language's build.
    if not _serving or config.theme["language"] != _default_language(config):
        return
    from briefing.errors import BriefingError
    from briefing.project import apply_changes, generate, plan_changes

    project = _project(config)
    try:
        changes = plan_changes(project, generate(project).files)
        # Recorded before the files are written: the observer may see them as soon as they are.
        _written.clear()
        _written.update({str(path): None if text is None else text.encode("utf-8") for path, text in changes.items()})
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
    day = _build_day(config)

    def dated(found: re.Match) -> str:
        pattern, months = html.unescape(found.group(1)), html.unescape(found.group(2)).split("|")
        text = pattern.replace("{day}", str(day.day)).replace("{month}", months[day.month - 1])
        text = html.escape(text.replace("{year}", str(day.year)))
        return f'<time class="built" datetime="{day.isoformat()}">{text}</time>'

    lang = config.theme["language"]
    root = config.site_url + ("" if lang == _default_language(config) else f"{lang}/")
    return _BUILT.sub(dated, content).replace(_SITE_URL, cited_address(root))


def _build_day(config) -> datetime.date:
    global _built_day
    if _built_day is None:
        from briefing.cli import build_epoch
        from briefing.pdf import build_day

        _built_day = build_day(build_epoch(_project(config)))
    return _built_day


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
