"""Newsroom text, added as an editor adds it: tests/articles/NAME.txt beside NAME.expect.yml.

Each case runs `briefing add-source` on a scratch copy of the project as the expectation says,
then checks what was recognised (first line, title, subheadings, scraping damage), mends the
damage as an editor would (meta.yml `corrections`), converts, and checks where each sentence the
expectation names went. Then every article at once: the tests of the live briefing run again on
a copy that holds them all, so that routine editing never turns the project's own tests red.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from briefing import model
from briefing.config import Project
from briefing.project import generate
from support import REPO, copy_project, run_briefing, snapshot

ARTICLES = Path(__file__).parent / "articles"
CASES = sorted(ARTICLES.glob("*.txt"))
JOINT = re.compile(r"^  scraping damage\? line \d+, column \d+: “(.*)”, perhaps “.*”$", re.MULTILINE)


def expectation(case: Path) -> dict:
    return yaml.safe_load(case.with_suffix(".expect.yml").read_text(encoding="utf-8"))


def add(project: Path, case: Path, expect: dict) -> subprocess.CompletedProcess:
    """add-source as the expectation says; where it expects a refusal, nothing may change, and
    `then` says how the editor calls it next."""
    before = snapshot(project)
    run = run_briefing(project, "add-source", str(case), "--slug", expect["slug"], *expect["args"])
    assert run.returncode == expect["exit"], run.stderr
    if "refused" in expect:
        assert expect["refused"] in run.stderr and "Traceback" not in run.stderr
        assert snapshot(project) == before
        if "then" not in expect:
            return run
        run = run_briefing(project, "add-source", str(case), "--slug", expect["slug"], *expect["then"]["args"])
        assert run.returncode == expect["then"]["exit"], run.stderr
    return run


def mend(project: Path, expect: dict) -> None:
    """The editor's corrections of scraping damage, in the source's meta.yml."""
    if expect.get("corrections"):
        meta = project / "sources" / expect["slug"] / "meta.yml"
        text = yaml.safe_dump({"corrections": expect["corrections"]}, allow_unicode=True, sort_keys=False)
        meta.write_text(meta.read_text(encoding="utf-8") + text, encoding="utf-8")


def accepted(case: Path) -> bool:
    expect = expectation(case)
    return expect["exit"] == 0 or expect.get("then", {}).get("exit") == 0


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.stem)
def test_an_article_shape(project: Path, case: Path):
    expect = expectation(case)
    run = add(project, case, expect)
    if not accepted(case):
        return
    meta = yaml.safe_load((project / "sources" / expect["slug"] / "meta.yml").read_text(encoding="utf-8"))
    assert (meta["first_line"], meta["title"]) == (expect["first_line"], expect["title"])
    assert JOINT.findall(run.stdout) == expect["joints"]
    mend(project, expect)
    convert = run_briefing(project, "convert")
    assert convert.returncode == 0, convert.stderr

    result = generate(Project(project))
    own = [seg for seg in result.corpus.segments if seg.source == expect["slug"]]
    assert [seg.text for seg in own if seg.kind == "subheading"] == expect.get("subheadings", [])
    for start, page in expect.get("placed", {}).items():
        seg = next(seg for seg in own if seg.text.startswith(start))
        pages = [where for where, _section in result.corpus.placement.cited_on.get(seg.key, ())]
        assert pages == ([page] if page else []), start
    for start, earliest in expect.get("reprinted", {}).items():
        copy = next(seg for seg in own if seg.text.startswith(start))
        assert copy.key not in result.corpus.placement.cited_on  # shown once, where the earliest's is
        cited = [
            ref
            for page in result.briefing["vi"].pages
            for ref in model.nodes(page)
            if isinstance(ref, model.Ref) and ref.source == earliest and ref.sid == copy.id
        ]
        assert cited and all(any(also.source == expect["slug"] for also in ref.also) for ref in cited)
    if expect.get("corrections"):
        damage = [line for line in run_briefing(project, "check").stdout.splitlines() if "scraping damage?" in line]
        assert damage == []
        assert any(seg.corrected for seg in own)


def test_the_live_briefing_tests_hold_with_every_article_added(tmp_path: Path):
    """The project's own tests hold after routine editing: every article shape added (as its
    expectation says), its damage mended, the pages converted, and then the tests of the live
    briefing (all but those in a browser, and this module) run on that copy."""
    project = copy_project(REPO, tmp_path / "project")
    for case in filter(accepted, CASES):
        expect = expectation(case)
        args = expect.get("then", expect)["args"]
        run = run_briefing(project, "add-source", str(case), "--slug", expect["slug"], *args)
        assert run.returncode == 0, run.stderr
        mend(project, expect)
    assert run_briefing(project, "convert").returncode == 0
    env = {**os.environ, "BRIEFING_PROJECT": str(project), "NO_MKDOCS_2_WARNING": "1"}
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", "-m", "not browser",
         "--ignore", "tests/test_articles.py"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=1200,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout[-4000:]
