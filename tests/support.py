"""Helpers shared by the tests: the repository, scratch copies of the project, the CLI."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# The briefing project the tests of the live briefing read: this repository's, or a copy of it
# with more sources (tests/test_articles.py runs the tests again on one).
PROJECT = Path(os.environ.get("BRIEFING_PROJECT") or REPO)
# What a briefing project is made of (everything `briefing` reads or writes).
# Debian's chromium, for the browser tests and the benchmarks.
CHROMIUM = "/usr/bin/chromium"
# Without these, chromium tries to reach Google's hosts at start (refused here, and not ours).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-gpu",
]

PROJECT_PARTS = ("sources", "translations", "docs", "overrides", "print", "maps", "outline.yml", "mkdocs.yml")


def copy_project(source: Path, target: Path) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        path = source / part
        if path.is_dir():
            shutil.copytree(path, target / part)
        elif path.exists():
            shutil.copy2(path, target / part)
    return target


def run_briefing(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    """Run the real CLI as a user would, in `cwd`."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "briefing", *args], cwd=cwd, capture_output=True, text=True, env=env)


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under root, by relative path, for before/after comparisons."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def site_pages(project: Path) -> list[str]:
    """Every page of a project's site, as paths under a language's root, in reading order: the
    outline's pages and one per source."""
    from briefing.config import SOURCE_LANG, Project
    from briefing.project import generate
    from briefing.writers.markdown import page_url

    return [page_url(page.file) for page in generate(Project(project)).briefing[SOURCE_LANG].pages]


# Every page of the site of the project the live tests read.
PAGES = site_pages(PROJECT)
ALL_PAGES = PAGES + [f"en/{page}" for page in PAGES]


def counterpart(path: str) -> tuple[str, str]:
    """The other language of a page path, and that page's path."""
    return ("vi", path.removeprefix("en/")) if path.startswith("en/") else ("en", f"en/{path}")


def hook(name: str):
    """overrides/hooks/NAME.py as a module (MkDocs loads its hooks by path, not as a package)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(f"{name}_hook", REPO / "overrides" / "hooks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def node_tool(*parts: str) -> Path:
    """A file of an npm test tool (package.json); `make test` runs `npm ci` first."""
    import pytest

    path = REPO.joinpath("node_modules", *parts)
    if not path.exists():
        pytest.fail(f"{path.relative_to(REPO)} is missing: run `npm ci` (make test does).")
    return path


def switch_language(page, lang: str) -> None:
    """Click the header's language switch ("VI · EN") as a reader does."""
    page.locator(f".lang-switch a[hreflang={lang}]").click()
    page.wait_for_load_state()
