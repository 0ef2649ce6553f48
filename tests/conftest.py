"""Shared fixtures: a scratch copy of the project, the real site build."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from support import REPO, copy_project


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A scratch copy of this repository's briefing project."""
    return copy_project(REPO, tmp_path / "project")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The whole product built by the real `briefing build` (site and PDFs), once per session,
    in a scratch copy so that the working tree's site/ is left alone."""
    root = copy_project(REPO, tmp_path_factory.mktemp("build") / "project")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1764028800"}
    run = subprocess.run([sys.executable, "-m", "briefing", "build"], cwd=root, capture_output=True, text=True, env=env)
    assert run.returncode == 0, run.stderr
    warnings = [line for line in run.stderr.splitlines() if "WARNING" in line]
    assert warnings == [], warnings
    return root / "site"
