"""The search query sets (tests/search_*.json) and what `make bench` holds to them: each query
names a page the site has, and only the sets nobody has tuned on carry a budget."""

from __future__ import annotations

import sys

import pytest

from searching import ranking_cases, tuned_on
from support import PAGES, REPO

sys.path.insert(0, str(REPO / "scripts"))
import search_bench

SETS = sorted(REPO.glob("tests/search_*.json"))
# The kinds of query the sets' "about" texts describe; "nfd" is the one the harness changes (typed
# decomposed), and the start a kind is typed on follows from its language.
KINDS = {
    "": {"vi", "vi-bare", "vi-partial", "vi-sx", "vi-iy", "vi-telex", "nfd", "vi-name", "vi-number", "vi-question"},
    "en/": {"en", "en-word-form", "en-paraphrase", "en-question", "en-number", "name-bare"},
}


@pytest.mark.parametrize("path", SETS, ids=lambda path: path.name)
def test_every_query_names_a_page_of_the_site_and_a_known_kind(path):
    cases = ranking_cases(path)
    assert cases
    for case in cases:
        assert case.page in PAGES, case
        assert case.kind in KINDS.get(case.start, ()), case


def test_the_tuning_set_says_it_was_tuned_on_and_the_test_set_that_it_never_was():
    assert tuned_on(REPO / "tests" / "search_ranking.json")
    assert tuned_on(REPO / "tests" / "search_test_set.json") is None


def _summary(ours: int, stock: int) -> dict:
    def engine(hit3: int) -> dict:
        return {"en": {"queries": 20, "mrr": hit3 / 20, "hit1": hit3, "hit3": hit3, "zero": 0, "wrong": 0}}

    return {"ours": engine(ours), "stock": engine(stock), "pagefind": engine(0)}


def test_a_set_tuned_on_is_reported_but_holds_no_budget():
    result = {
        "tuned": ["seen"],
        "summary": {"seen": _summary(ours=10, stock=19), "unseen": _summary(ours=19, stock=18)},
        "cold": {"ours": {"ms": 50, "bytes": 30_000}},
    }
    rows = search_bench.budgets(result)
    named = [name for name, _, _ in rows]
    assert not any("(seen," in name for name in named)
    assert [met for name, _, met in rows if "(unseen, en): hit@3 above stock" in name] == [True]
    # The same figures on a set nobody tuned on hold it to the budget, and it fails.
    result["tuned"] = []
    assert [met for name, _, met in search_bench.budgets(result) if "(seen, en): hit@3 above stock" in name] == [False]
