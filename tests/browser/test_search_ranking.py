"""Search ranks like a reader expects: each query of tests/search_ranking.json, typed key by key
on its language's pages, brings its page into the top three results (`make bench` measures the
same table against Pagefind)."""

from __future__ import annotations

import pytest

from searching import ranking_cases, result_pages, type_search


@pytest.mark.parametrize("case", ranking_cases(), ids=str)
def test_query_brings_its_page_into_the_top_three(page, base_url, case):
    found = result_pages(type_search(page, base_url, case.start, case.typed), case.start)
    assert case.page in found[:3], found
