"""The rules of the site's search (overrides/hooks/search.js), each on a few made-up documents: the
installed Material's own search worker runs in Node with search.js appended to its lunr.vi.min.js,
as the build ships it, over an index of those documents (no site build needed)."""

from __future__ import annotations

import json
import shutil
import subprocess
import unicodedata
from pathlib import Path

import material
import pytest

from briefing import yamlfile
from support import REPO

ASSETS = Path(material.__file__).parent / "templates" / "assets"
LUNR_VI = Path("assets/javascripts/lunr/min/lunr.vi.min.js")


@pytest.fixture(scope="module")
def search(tmp_path_factory):
    """search(docs, queries, lang="vi") → for each query, the locations of its results in order."""
    site = tmp_path_factory.mktemp("search-rules")
    shutil.copytree(ASSETS / "javascripts", site / "assets" / "javascripts")
    upstream = (ASSETS / "javascripts" / "lunr" / "min" / "lunr.vi.min.js").read_text(encoding="utf-8").rstrip("\n")
    extension = (REPO / "overrides" / "hooks" / "search.js").read_text(encoding="utf-8")
    (site / LUNR_VI).write_text(upstream + "\n" + extension, encoding="utf-8")
    settings = yamlfile.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), "mkdocs.yml", tagged=True)
    separator = next(p["search"] for p in settings["plugins"] if isinstance(p, dict) and "search" in p)["separator"]
    fields = {"title": {"boost": 1000}, "text": {"boost": 1}, "tags": {"boost": 1000000}}

    def run(docs: list[dict], queries: list[str], lang: str = "vi") -> list[list[str]]:
        # As overrides/hooks/i18n_site.py writes them: English pages' index runs lunr.vi's pipeline too.
        config = {"lang": ["vi"] if lang == "vi" else ["en", "vi"], "separator": separator,
                  "pipeline": ["stopWordFilter"], "fields": fields}  # fmt: skip
        index = site / "search" / "search_index.json"
        index.parent.mkdir(exist_ok=True)
        index.write_text(json.dumps({"config": config, "docs": docs}, ensure_ascii=False), encoding="utf-8")
        done = subprocess.run(
            ["node", str(REPO / "tests" / "js" / "search_worker.cjs"), str(site), "."],
            input=json.dumps({"queries": queries}),
            capture_output=True, text=True, check=True, timeout=60,
        )  # fmt: skip
        results = json.loads(done.stdout)["results"]
        return [[location for group in groups for location, _ in group] for groups in results]

    return run


def page(location: str, title: str, text: str, boost: float | None = None) -> dict:
    return {"location": location, "title": title, "text": text, **({"boost": boost} if boost else {})}


def test_telex_keys_left_in_find_the_word_they_stand_for(search):
    docs = [page("a/", "Đất hiếm", "Trữ lượng đất hiếm."), page("b/", "Đất đai", "Đất đai và hiệu quả.")]
    typed, telex = search(docs, ["đất hiếm", "ddaats hieems"])
    assert typed[0] == telex[0] == "a/"


def test_s_for_x_and_i_for_y_find_the_word(search):
    docs = [
        page("a/", "Xuất khẩu", "Tránh xuất khẩu thô."),
        page("b/", "Khẩu phần", "Khẩu phần ăn."),
        page("c/", "Quy hoạch", "Quy hoạch tỉnh."),
        page("d/", "Thu hoạch", "Thu hoạch chè."),
    ]
    assert search(docs, ["suất khẩu", "qui hoạch"]) == [["a/", "b/"], ["c/", "d/"]]


def test_marks_typed_rank_the_words_that_have_them_first(search):
    docs = [page("a/", "Đạt", "Đạt kết quả."), page("b/", "Đất", "Đất tốt.")]
    partial, bare, nfd = search(docs, ["đât", "dat", unicodedata.normalize("NFD", "đất")])
    assert partial[0] == nfd[0] == "b/"
    assert set(bare) == {"a/", "b/"}


def test_only_the_term_being_typed_is_a_prefix(search):
    docs = [page("a/", "Roads", "Roads are maintained."), page("b/", "Budget", "The maintained budget.")]
    done, typing = search(docs, ["main roads", "roads main"], lang="en")
    assert done == ["a/"]  # "main" is a word typed in full: "maintained" is another
    assert set(typing) == {"a/", "b/"}


def test_english_words_find_their_other_forms(search):
    docs = [page("a/", "Economic pillars", "Tourism and industrial development."), page("b/", "Other", "Nothing.")]
    assert search(docs, ["economy", "tourist", "industries develop"], lang="en") == [["a/"], ["a/"], ["a/"]]


def test_function_words_do_not_count_against_a_page(search):
    topic = page("a/", "Đất hiếm", "Quản lý tốt đất hiếm.")
    long = page("b/", "Hỏi đáp", "Đất sẽ ra sao, như thế nào, nói gì về điều đó? " * 5)
    assert search([topic, long], ["đất hiếm sẽ ra sao như thế nào"])[0][0] == "a/"


def test_a_query_of_english_stop_words_only_finds_them_and_they_count_against_no_page(search):
    about = page("about/", "About", "Who makes it, and what it is about.")
    wordy = page("wordy/", "Notes", "The vision, and the vision it has, is what it is to be and all it will be.")
    terse = page("terse/", "Notes", "A vision statement, one vision, signed, dated, filed, kept.")
    (titled,) = search([about, wordy, terse], ["About"], lang="en")
    typing, vision = search([about, wordy, terse], ["ab", "vision"], lang="en")
    assert titled[0] == "about/"  # lunr indexes no English stop word: "About" found nothing
    assert typing == []  # a term being typed does not find stop words by their prefix
    # Both hold "vision" twice; "wordy" is shorter but for its stop words, and so comes first.
    assert vision == ["wordy/", "terse/"]


def test_a_reference_page_comes_after_a_topic_page_that_matches_as_well(search):
    docs = [
        page("glossary/", "Thuật ngữ", "Chế biến sâu: giải thích.", boost=0.25),
        page("topic/", "Chủ đề", "Chế biến sâu."),
    ]
    assert search(docs, ["chế biến sâu"])[0] == ["topic/", "glossary/"]


def test_a_long_page_must_hold_the_query_more_often_to_rank_as_well(search):
    filler = " ".join(f"Câu số {n} nói về nông nghiệp và du lịch." for n in range(60))
    docs = [page("long/", "Dài", f"Chè hữu cơ. {filler}"), page("short/", "Ngắn", "Chè hữu cơ ở Lai Châu.")]
    assert search(docs, ["chè hữu cơ"])[0] == ["short/", "long/"]


def test_syllables_side_by_side_rank_first(search):
    docs = [page("a/", "Bảng", "Bảng số liệu và trích dẫn."), page("b/", "Bán dẫn", "Công nghiệp bán dẫn.")]
    assert search(docs, ["ban dan", "bán dẫn"]) == [["b/", "a/"], ["b/", "a/"]]
