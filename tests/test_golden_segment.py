"""Golden files for ingest + segment: each tests/golden/segment/NAME.txt beside NAME.tsv.

Run with UPDATE_GOLDEN=1 to rewrite the expected files after a deliberate change, then review
the diff: it is the test.
"""

import os
from pathlib import Path

import pytest

from briefing.ingest import decode, parse
from briefing.segment import assign_ids, segment

GOLDEN = Path(__file__).parent / "golden" / "segment"
CASES = sorted(GOLDEN.glob("*.txt"))


def render_segments(path: Path) -> str:
    document = parse(decode(path.read_bytes(), path.name), path.name)
    rows = ["id\tkind\tline\tnumber\ttext"]
    rows += [f"{s.id}\t{s.kind}\t{s.line}\t{s.number}\t{s.text}" for s in assign_ids(segment(path.stem, document))]
    return "\n".join(rows) + "\n"


def test_there_are_cases():
    assert len(CASES) >= 2


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_segments_match_golden(case: Path):
    expected = case.with_suffix(".tsv")
    actual = render_segments(case)
    if os.environ.get("UPDATE_GOLDEN"):
        expected.write_text(actual, encoding="utf-8")
    assert actual == expected.read_text(encoding="utf-8")
