"""Many sources, each statement correctly attributed.

Two more article shapes (tests/golden/segment/: a title line with a two-sentence quotation, a
question and a credit "Ảnh: TTXVN"; glued related headlines with a quotation whose speaker
follows it and a credit in brackets) are added to the real briefing, as an editor would, and
every page must stay truthful about who said what. A property test does the same for
generated articles.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing import compose as compose_mod
from briefing import ingest, model, place, segment
from briefing.config import Project
from briefing.project import generate, load_outline
from briefing.sources import SourceInfo
from support import REPO, run_briefing

SHAPES = REPO / "tests" / "golden" / "segment"
SEMINAR, TOURISM = "rare-earth-seminar", "tourism-2024"


@pytest.fixture(scope="module")
def three_sources(tmp_path_factory) -> Project:
    """The briefing with two more articles added by `briefing add-source` and converted."""
    from support import copy_project

    root = copy_project(REPO, tmp_path_factory.mktemp("attribution") / "project")
    for name, slug in (("title-quote-question.txt", SEMINAR), ("related-credit-speaker-after.txt", TOURISM)):
        run = run_briefing(root, "add-source", str(SHAPES / name), "--slug", slug)
        assert run.returncode == 0, run.stderr
    run = run_briefing(root, "convert")
    assert run.returncode == 0, run.stderr
    return Project(root)


def test_add_source_says_what_it_recognised(tmp_path: Path):
    from support import copy_project

    root = copy_project(REPO, tmp_path / "p")
    run = run_briefing(root, "add-source", str(SHAPES / "title-quote-question.txt"), "--slug", SEMINAR)
    assert run.returncode == 0, run.stderr
    assert "  title: “Đất hiếm Lai Châu: cần công nghệ chế biến sâu để nâng giá trị”" in run.stdout
    assert "  first line (title): the article's title" in run.stdout
    assert "  photo credit: “Ảnh: TTXVN”" in run.stdout
    assert "  citation letter: B" in run.stdout
    run = run_briefing(root, "add-source", str(SHAPES / "related-credit-speaker-after.txt"), "--slug", TOURISM)
    assert "  first line (related): headlines of related articles" in run.stdout
    assert "  related headline: “Sơn La mở rộng vùng chè shan tuyết”" in run.stdout
    assert "  photo credit: “(Ảnh: Minh Anh)”" in run.stdout
    assert "  title: “Khách du lịch trải nghiệm tại bản Sin Suối Hồ”" in run.stdout


def test_the_title_line_is_the_title_not_a_related_headline(three_sources: Project):
    result = generate(three_sources)
    seminar = result.corpus.source(SEMINAR)
    assert seminar.title == "Đất hiếm Lai Châu: cần công nghệ chế biến sâu để nâng giá trị"
    assert seminar.first_line == "title"
    kinds = [seg.kind for seg in result.corpus.segments if seg.source == SEMINAR]
    assert kinds[0] == segment.SegmentKind.TITLE and segment.SegmentKind.HEADLINE not in kinds


def _sections(page: model.Page):
    yield "", page.intro
    for section in page.sections:
        yield section.id, section.blocks
    yield "", page.outro


def _refs(node) -> list[model.Ref]:
    """The citations of statements (not the reprints cited beside them, `Ref.also`)."""
    refs = [found for found in model.nodes(node) if isinstance(found, model.Ref)]
    beside = {id(also) for ref in refs for also in ref.also}
    return [ref for ref in refs if id(ref) not in beside]


def _check_truthful(briefing: model.Briefing, corpus) -> None:
    """No label means two sentences on a page; what a rule placed is only under its own source's
    heading; a section written by an editor holds only what the outline names there."""
    named = {
        (page, section): set() for page, section in ((p.file, s.id) for p in corpus.outline.pages for s in p.sections)
    }
    for sid, page, section, _line in place.outline_refs(corpus.outline):
        named.setdefault((page, section), set()).add(sid)
    for page in briefing.pages:
        labels: dict[str, set[str]] = {}
        for ref in _refs(page):
            labels.setdefault(ref.label, set()).add(ref.sid)
        assert all(len(sids) == 1 for sids in labels.values()), (page.file, labels)
        for section, blocks in _sections(page):
            for ref in _refs(blocks):
                by_rule = ref.key in {
                    key for (p, _slug), keys in corpus.placement.by_rule.items() if p == page.file for key in keys
                }
                if by_rule:
                    assert section == place.rule_section(ref.source), (page.file, section, ref.sid)
                elif (page.file, section) in named and section:
                    assert ref.sid in named[(page.file, section)], (page.file, section, ref.sid)


def test_every_page_is_truthful_about_who_said_what(three_sources: Project):
    result = generate(three_sources)
    _check_truthful(result.briefing["vi"], result.corpus)
    rare = (three_sources.docs / "rare-earths.vi.md").read_text(encoding="utf-8")
    guidance = rare.split("{#deputy-pm}")[1].split("\n## ")[0]
    for seg in result.corpus.segments:
        if seg.source != "lai-chau-plan-announcement":
            assert seg.id not in guidance  # nothing new under the Deputy Prime Minister's heading
    assert f"{{#from-{SEMINAR}}}" in rare
    assert "Từ bài “Đất hiếm Lai Châu&#58; cần công nghệ chế biến sâu để nâng giá trị” &#40;chưa biên tập&#41;" in rare


def test_one_label_one_sentence_in_every_page_and_pdf(three_sources: Project):
    for path in sorted(three_sources.docs.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        seen: dict[str, set[str]] = {}
        for label, sid in re.findall(r"\[\[([A-Z]*\d+)\]\]\([^)#]*#(s-[0-9a-f-]+)", text):
            seen.setdefault(label, set()).add(sid)
        assert all(len(sids) == 1 for sids in seen.values()), (path, seen)
        if path.name not in ("glossary.vi.md", "glossary.en.md") and "[[" in text:
            assert all(re.fullmatch(r"[A-C]\d+", label) for label in seen), (path, sorted(seen))


def test_a_quotation_stays_whole_with_its_speaker(three_sources: Project):
    result = generate(three_sources)
    quoted = [seg for seg in result.corpus.segments if "“Chúng ta chưa làm chủ" in seg.text]
    assert len(quoted) == 1
    assert quoted[0].text.startswith("TS. Trần Văn Bình, Viện Khoa học Địa chất và Khoáng sản, nói:")
    assert quoted[0].text.endswith("Nếu chỉ bán quặng thô thì giá trị gia tăng rất thấp.”")
    after = [seg for seg in result.corpus.segments if seg.text.startswith("“Khách quốc tế")]
    assert len(after) == 1 and after[0].text.endswith("cho biết.")


def test_sources_page_lists_every_source_and_topic_pages_name_theirs(three_sources: Project):
    index = (three_sources.docs / "sources" / "index.en.md").read_text(encoding="utf-8")
    for letter, slug in (("A", "lai-chau-plan-announcement"), ("B", SEMINAR), ("C", TOURISM)):
        assert f"- **{letter}** · [" in index and f"({slug}.md)" in index
    rare = (three_sources.docs / "rare-earths.en.md").read_text(encoding="utf-8")
    label = generate(three_sources).briefing["en"].labels["page_sources"].text
    assert f'<p class="page-sources" markdown>{label}: **A** · [' in rare
    assert "**B** · [" in rare
    plan = (three_sources.docs / "plan.vi.md").read_text(encoding="utf-8")
    assert "**C** ·" not in plan.split('class="page-sources"')[1]


# -- a property: any set of articles ------------------------------------------------------------

WORDS = ["đất hiếm", "du lịch", "nông nghiệp", "năm 2030", "quy hoạch", "mắc ca", "thủy điện", "biên mậu", "chè"]
sentence = st.builds(
    lambda a, b, n: f"Tỉnh đẩy mạnh {a} và {b} với {n} dự án.",
    st.sampled_from(WORDS),
    st.sampled_from(WORDS),
    st.integers(1, 40),
)
article = st.lists(st.lists(sentence, min_size=1, max_size=3), min_size=1, max_size=4)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(articles=st.lists(article, min_size=1, max_size=3))
def test_any_articles_keep_one_label_per_sentence_and_their_own_headings(articles):
    outline = load_outline(Project(REPO))
    infos, found = [], []
    for number, paragraphs in enumerate(articles):
        slug = f"article-{number}"
        text = "\n".join(" ".join(p) for p in paragraphs)
        found += segment.segment(slug, ingest.parse(text, slug, "text"))
        infos.append(SourceInfo(slug=slug, title=f"Bài {number}", cite_as=chr(ord("A") + number)))
    segments = segment.assign_ids(found)
    placement = place.place(_rules_only(outline), segments)
    corpus = compose_mod.Corpus(
        outline=placement.outline,
        segments=tuple(segments),
        placement=placement,
        sources=tuple(infos),
        glossary=(),
        nav=(),
        basemaps={},
    )
    _check_truthful(compose_mod.compose(corpus), corpus)


def _rules_only(outline):
    """The outline's pages and rules with no sentence named: generated articles are all new."""
    from briefing.data import replace

    pages = tuple(
        replace(page, headline=None, intro=(), sections=tuple(replace(s, blocks=()) for s in page.sections))
        for page in outline.pages
    )
    return replace(outline, pages=pages)


def test_citation_letters_run_past_z_and_skip_what_yaml_reads_as_true_or_false():
    from briefing.sources import next_letter

    taken: set[str] = set()
    for _ in range(420):  # past ON and NO
        taken.add(next_letter(taken))
    assert {"A", "Z", "AA", "AZ", "NN", "NP", "OP"} <= taken
    assert not taken & {"NO", "ON"}
