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
    """The committed docs/ built with the real `mkdocs build --strict`, once per test session."""
    out = tmp_path_factory.mktemp("site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
                         cwd=REPO, capture_output=True, text=True, env=env)
    assert run.returncode == 0, run.stderr
    warnings = [line for line in run.stderr.splitlines() if line.startswith("WARNING")]
    assert warnings == [], warnings
    return out
