"""MkDocs hook: the preview (`briefing serve`, which is `mkdocs serve`) converts before each build.

`mkdocs serve` watches the briefing's inputs too (the sources, outline.yml, the translations) and
rebuilds when one is saved; before each build this hook runs `briefing convert` in the server's
own process, so the build reads the pages the inputs make. An input that cannot be used is
reported and the last good pages stay. `mkdocs build` converts nothing: `briefing build` has
converted first, and a plain build of docs/ must not change them.
"""

from __future__ import annotations

import logging
from pathlib import Path

log = logging.getLogger("mkdocs.hooks.convert")

_serving = False


def on_startup(command, dirty, **kwargs) -> None:
    global _serving
    _serving = command == "serve"


def _project(config):
    from briefing.config import Project

    return Project(Path(config.config_file_path).parent)


def _default_language(config) -> str:
    return next(lang.locale for lang in config.plugins["i18n"].config.languages if lang.default)


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
    except BriefingError as err:  # keep serving the last good pages
        log.error(str(err))
        return
    if changes:
        log.info(f"converted: {len(changes)} file(s) changed")
