"""Shared fixtures: the repository, a scratch copy of the project, the CLI, a built site."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
# What a briefing project is made of (everything `briefing` reads or writes).
PROJECT_PARTS = ("sources", "translations", "docs", "overrides", "outline.yml", "mkdocs.yml")


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
    return subprocess.run([sys.executable, "-m", "briefing", *args], cwd=cwd, capture_output=True,
                          text=True, env=env)


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under root, by relative path, for before/after comparisons."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A scratch copy of this repository's briefing project."""
    return copy_project(REPO, tmp_path / "project")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The committed docs/ built with the real `mkdocs build --strict`, once per test session."""
    out = tmp_path_factory.mktemp("site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
                         cwd=REPO, capture_output=True, text=True, env=env)
    assert run.returncode == 0, run.stderr
    warnings = [line for line in run.stderr.splitlines() if line.startswith("WARNING")]
    assert warnings == [], warnings
    return out
