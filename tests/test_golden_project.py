"""Golden files for the whole generator: tests/golden/project-mini/input → expected/.

The mini project uses every block kind, markup-looking source text, and a PO file with a
translated, a stale (fuzzy), a missing and a no-longer-used entry. UPDATE_GOLDEN=1 rewrites
expected/ after a deliberate change; review that diff.
"""

import os
import shutil
from pathlib import Path

from briefing.config import Project
from briefing.project import apply_changes, generate, plan_changes
from support import snapshot

GOLDEN = Path(__file__).parent / "golden" / "project-mini"


def test_generated_files_match_golden(tmp_path: Path):
    project = Project(tmp_path / "p")
    shutil.copytree(GOLDEN / "input", project.root)
    apply_changes(plan_changes(project, generate(project).files))
    actual = {name: data for name, data in snapshot(project.root).items()
              if name.startswith("docs/") or name == "translations/en.po"}
    expected_dir = GOLDEN / "expected"
    if os.environ.get("UPDATE_GOLDEN"):
        shutil.rmtree(expected_dir, ignore_errors=True)
        for name, data in actual.items():
            (expected_dir / name).parent.mkdir(parents=True, exist_ok=True)
            (expected_dir / name).write_bytes(data)
    assert sorted(actual) == sorted(snapshot(expected_dir))
    for name, data in snapshot(expected_dir).items():
        assert actual[name].decode() == data.decode(), name


def test_second_convert_writes_nothing(tmp_path: Path):
    project = Project(tmp_path / "p")
    shutil.copytree(GOLDEN / "input", project.root)
    apply_changes(plan_changes(project, generate(project).files))
    assert plan_changes(project, generate(project).files) == {}


def test_markup_in_sources_reaches_the_reader_as_text(tmp_path: Path):
    """Source text that looks like HTML, Markdown links, Jinja or snippet includes stays literal."""
    import subprocess
    import sys

    project = Project(tmp_path / "p")
    shutil.copytree(GOLDEN / "input", project.root)
    apply_changes(plan_changes(project, generate(project).files))
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=project.root,
                         capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert run.returncode == 0, run.stderr
    raw = (project.root / "site" / "sources" / "mini" / "index.html").read_text(encoding="utf-8")
    text = visible_text(raw)
    for literal in ("Tin <b>hai</b>", "[x](javascript:alert(1))", '{{ config }} --8<-- "/etc/passwd".',
                    "Chú thích *ảnh*."):
        assert literal in text
    for live in ("<b>hai</b>", 'href="javascript', "<em>ảnh</em>", "root:x:0"):
        assert live not in raw
    topic = (project.root / "site" / "en" / "topic" / "index.html").read_text(encoding="utf-8")
    assert 'title="Nhãn original: Tin &#60;b&#62;hai&#60;/b&#62;"' in topic


def visible_text(html: str) -> str:
    """The text a reader sees: tags dropped, entities decoded."""
    import html as html_lib
    import re

    return html_lib.unescape(re.sub(r"<[^>]+>", "", html))
