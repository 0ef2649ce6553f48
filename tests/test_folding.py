"""Vietnamese folding is one rule in two languages: the pipeline's (Python) and the site search's
(JavaScript, as the built site ships it) are held to the same table, tests/folding_cases.json."""

from __future__ import annotations

import json
import subprocess

import pytest

from briefing.text import fold
from support import REPO

CASES = json.loads((REPO / "tests" / "folding_cases.json").read_text(encoding="utf-8"))["cases"]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case["text"])
def test_the_pipeline_folds_as_the_table(case):
    assert fold(case["text"]) == case["canonical"]


def test_the_site_search_folds_as_the_table(built_site):
    request = json.dumps({"fold": [case["text"] for case in CASES]})
    run = subprocess.run(
        ["node", str(REPO / "tests" / "js" / "search_worker.cjs"), str(built_site), ""],
        input=request,
        capture_output=True,
        text=True,
        check=True,
    )
    folded = json.loads(run.stdout)["fold"]
    expected = [[case["canonical"], case["bare"]] for case in CASES]
    wrong = [(case["text"], got, want) for case, got, want in zip(CASES, folded, expected, strict=False) if got != want]
    assert len(folded) == len(CASES) and not wrong, wrong
