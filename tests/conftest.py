"""Shared fixtures: a scratch copy of the project, the real site build."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from served import free_port, serve_static
from support import PROJECT, copy_project


@pytest.fixture(scope="session")
def result():
    """What the pipeline makes of this repository's project, in memory (nothing written)."""
    from briefing.config import Project
    from briefing.project import generate

    return generate(Project(PROJECT))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A scratch copy of this repository's briefing project."""
    return copy_project(PROJECT, tmp_path / "project")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The whole product built by the real `briefing build` (site and PDFs), once per session,
    in a scratch copy so that the working tree's site/ is left alone."""
    root = copy_project(PROJECT, tmp_path_factory.mktemp("build") / "project")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1764028800"}
    env.pop("SITE_URL", None)  # the tests expect mkdocs.yml's site_url, whatever the caller's shell says
    run = subprocess.run([sys.executable, "-m", "briefing", "build"], cwd=root, capture_output=True, text=True, env=env)
    assert run.returncode == 0, run.stderr
    warnings = [line for line in run.stderr.splitlines() if "WARNING" in line]
    assert warnings == [], warnings
    return root / "site"


@pytest.fixture(scope="session")
def served_site(built_site: Path):
    """The built site as production serves it: nginx with deploy/nginx.conf (deploy/serve-static)."""
    with serve_static(built_site) as served:
        yield served


SUB_PATH = "/lai-chau/"


@pytest.fixture(scope="session")
def served_sub_path(tmp_path_factory: pytest.TempPathFactory):
    """The site built for SITE_URL http://127.0.0.1:PORT/lai-chau/ and served there, as on a
    project-pages host; site_url is the address being read, as in production. The site alone
    (`mkdocs build`, as `briefing build` runs it): SITE_URL changes nothing in the PDFs."""
    port = free_port()
    root = copy_project(PROJECT, tmp_path_factory.mktemp("sub-path") / "project")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": f"http://127.0.0.1:{port}{SUB_PATH}"}
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"],
        cwd=root,
        capture_output=True,
        text=True,
        env=env,
    )
    assert run.returncode == 0, run.stderr
    # No page has an SVG file of its own (figures are inline); one to check how nginx serves it.
    (root / "site" / "figure.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>', encoding="utf-8")
    with serve_static(root / "site", port) as served:
        yield served


def pytest_collection_modifyitems(config, items):
    """Marks what `make test-fast` leaves out: tests in a browser, and tests that need the built
    site and PDFs (or a server for them)."""
    for item in items:
        if "browser" in item.path.parts:
            item.add_marker(pytest.mark.browser)
        if {"built_site", "served_site", "served_sub_path"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.built)
