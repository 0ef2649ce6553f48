"""Golden files for the whole generator and both writers: tests/golden/project-mini/input → expected/.

The mini project uses every block kind, markup-looking source text, and a PO file with a
translated, a stale (fuzzy), a missing and a no-longer-used entry. expected/ holds what the
Markdown writer writes (docs/), the synced PO file, and the data the Typst writer gives each
PDF (print/*.json). UPDATE_GOLDEN=1 rewrites expected/ after a deliberate change; review that diff.
"""

import json
import os
import re
import shutil
from pathlib import Path

from briefing import model, outline, pdf
from briefing.config import Project
from briefing.project import apply_changes, generate, plan_changes
from briefing.writers import markdown, typst
from support import snapshot

GOLDEN = Path(__file__).parent / "golden" / "project-mini"
EPOCH = 1764028800  # 25 November 2025, the date the print data carries


def outputs(project: Project) -> dict[str, bytes]:
    """What the generator writes (docs/, the PO file), and each PDF's data (indented to be read),
    by path."""
    result = generate(project, pdfs=True)
    apply_changes(plan_changes(project, result.files))
    out = {
        name: data
        for name, data in snapshot(project.root).items()
        if name.startswith("docs/") or name == "translations/en.po"
    }
    for name, data in result.pdfs.items():
        lang = name.rsplit("-", 1)[-1].removesuffix(".pdf")
        out[f"print/briefing-{lang}.json"] = (
            json.dumps(json.loads(data), ensure_ascii=False, indent=1) + "\n"
        ).encode()
    return out


def test_generated_files_match_golden(tmp_path: Path):
    project = Project(tmp_path / "p")
    shutil.copytree(GOLDEN / "input", project.root)
    actual = outputs(project)
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
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=project.root,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert run.returncode == 0, run.stderr
    raw = (project.root / "site" / "sources" / "mini" / "index.html").read_text(encoding="utf-8")
    text = visible_text(raw)
    for literal in (
        "Tin <b>hai</b>",
        "[x](javascript:alert(1))",
        '{{ config }} --8<-- "/etc/passwd".',
        "Chú thích *ảnh*.",
    ):
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


def test_the_mini_project_uses_every_block_kind_and_its_pdfs_compile(tmp_path: Path):
    project = Project(tmp_path / "p")
    shutil.copytree(GOLDEN / "input", project.root)
    shutil.copytree(Path(__file__).parents[1] / "print", project.print_dir)
    result = generate(project, pdfs=True)
    assert {block.KIND for _, _, block in result.corpus.outline.blocks()} == set(outline.BLOCKS)
    for path, data in pdf.export(project, result.pdfs, EPOCH).items():
        assert data.startswith(b"%PDF-"), path


def test_every_kind_of_block_has_a_writer_in_each_output(tmp_path: Path):
    """Each outline block kind composes into model blocks, and both writers know every model block."""
    assert set(markdown.WRITERS) == set(model.BLOCKS)
    assert set(typst.WRITERS) == set(model.BLOCKS)
    template = (Path(__file__).parents[1] / "print" / "briefing.typ").read_text(encoding="utf-8")
    names = re.search(r"^#let blocks = \((.*?)^\)", template, re.MULTILINE | re.DOTALL)
    assert names, "print/briefing.typ lists its block functions in `#let blocks = (…)`"
    in_template = set(re.findall(r'"?([a-z_]+)"?:', names.group(1)))
    # Every kind the print writer sends has a function there (never sent: the PDF's own download
    # link, and the site's list of outside sources, which the PDF's numbered list stands for).
    assert in_template == {kind.KIND for kind in model.BLOCKS} - {model.Download.KIND, model.OutsideSources.KIND}
    project = Project(tmp_path / "p")
    shutil.copytree(GOLDEN / "input", project.root)
    briefing = generate(project).briefing["vi"]
    found = {
        type(block)
        for page in briefing.pages
        for block in [*page.intro, *(b for s in page.sections for b in s.blocks), *page.outro]
    }
    assert found == set(model.BLOCKS)
