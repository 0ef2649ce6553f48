"""Stage 3: the outline is checked against the sentences; rules place new sentences."""

import pytest

from briefing.errors import BriefingError
from briefing.outline import NEW_SOURCE_LABELS, REQUIRED_LABELS
from briefing.outline import parse as parse_outline
from briefing.place import place
from briefing.segment import Segment, SegmentKind, sentence_hash
from briefing.translate import History

LABELS = (
    "labels:\n"
    + "".join(f"  {name}: x\n" for name in REQUIRED_LABELS)
    + "new_source:\n"
    + "".join(f"  {name}: x\n" for name in NEW_SOURCE_LABELS)
)


def _seg(text, number=1):
    return Segment(
        id=sentence_hash(text),
        source="src",
        kind=SegmentKind.BODY,
        text=text,
        line=number,
        block=number - 1,
        number=number,
    )


RARE = _seg("Lai Châu cần quản lý tốt đất hiếm.", 1)
TOURISM = _seg("Du lịch biên giới tăng mạnh.", 2)
OTHER = _seg("Trời hôm nay đẹp.", 3)


def _outline(body: str):
    return parse_outline(LABELS + body, "outline.yml")


PAGES = f"""pages:
  - file: rare-earths
    title: Đất hiếm
    description: d
    sections:
      - id: policy
        heading: Chủ trương
        blocks:
          - sentences: [{RARE.id}]
  - file: pillars
    title: Trụ cột
    description: d
    sections:
      - id: services
        heading: Dịch vụ
        blocks: []
rules:
  - page: pillars
    keywords: [Du Lịch]
"""


def test_outline_and_rules_place_and_nothing_is_dropped():
    result = place(_outline(PAGES), [RARE, TOURISM, OTHER])
    assert result.cited_on[RARE.key] == (("rare-earths", "policy"),)
    # A rule places a sentence on a page, in the part that belongs to its source, and says why.
    assert result.by_rule == {("pillars", "src"): (TOURISM.key,)}
    assert result.cited_on[TOURISM.key] == (("pillars", "from-src"),)
    assert result.placed[TOURISM.key].keyword == "Du Lịch"
    assert result.unplaced == (OTHER.key,)


def test_unknown_id_is_an_error_naming_the_line():
    outline = _outline(PAGES.replace(RARE.id, "s-00000000"))
    with pytest.raises(BriefingError) as err:
        place(outline, [RARE, TOURISM])
    line = (LABELS + PAGES.replace(RARE.id, "s-00000000")).splitlines().index("          - sentences: [s-00000000]") + 1
    assert str(err.value) == (
        f"outline.yml:{line}: sentence s-00000000 does not exist in any source.\n"
        "  `briefing status --ids` lists every sentence with its id."
    )


def test_reference_follows_an_edited_sentence_and_is_flagged():
    outline = _outline(PAGES.replace(RARE.id, "s-00000000"))
    result = place(outline, [RARE, TOURISM], History(ids={"s-00000000": "Lai Châu cần quản lý đất hiếm."}, edited={}))
    assert result.cited_on[RARE.key] == (("rare-earths", "policy"),)
    assert [str(ref) for ref in result.stale] == [
        f"sentence s-00000000 was edited and is now {RARE.id}: put {RARE.id} in its place"
    ]


def test_a_reference_to_a_deleted_sentence_stops_the_run_naming_page_and_fix():
    """Nothing leaves a page silently: the statement, its page and the fix are named."""
    outline = _outline(PAGES.replace(RARE.id, "s-00000000"))
    with pytest.raises(BriefingError) as err:
        place(outline, [TOURISM], History(ids={"s-00000000": "Một câu đã bị xóa, không giống câu nào."}, edited={}))
    line = (LABELS + PAGES.replace(RARE.id, "s-00000000")).splitlines().index("          - sentences: [s-00000000]") + 1
    assert str(err.value) == (
        f"outline.yml:{line}: sentence s-00000000 would leave page 'rare-earths': sentence s-00000000 was deleted "
        "from its source.\n  Remove the reference from outline.yml, or restore the sentence."
    )


def _from(source: str, seg: Segment) -> Segment:
    from briefing.data import replace

    return replace(seg, source=source)


def test_a_reprinted_sentence_is_cited_from_the_earliest_source():
    """Two sources holding the same sentence (a reprint) each show it under its own id on its
    own page; an outline id names the earliest source's, whatever the slugs' order."""
    reprint = _from("aaa-reprint", RARE)  # sorts before "src", but joined the briefing later
    result = place(_outline(PAGES), [RARE, TOURISM, reprint])
    assert result.cited_on[RARE.key] == (("rare-earths", "policy"),)
    assert reprint.key not in result.cited_on and reprint.key in result.unplaced


def test_a_keyword_inside_a_name_places_nothing():
    """ "Công nghiệp" in a company's name is not what the sentence is about."""
    body = PAGES.replace("keywords: [Du Lịch]", "keywords: [công nghiệp]")
    named = _seg("Công ty Cổ phần Công nghiệp Hóa chất được cấp phép khai thác mỏ.", 4)
    about = _seg("Tỉnh phát triển công nghiệp chế biến.", 5)
    result = place(_outline(body), [RARE, named, about])
    assert named.key in result.unplaced and result.by_rule == {("pillars", "src"): (about.key,)}


def test_a_sentence_that_refers_back_goes_with_the_one_before_or_is_flagged():
    body = PAGES.replace("keywords: [Du Lịch]", "keywords: [du lịch]")
    before = _seg("Du lịch biên giới tăng mạnh.", 6)
    leaning = _seg("Theo đó, tỉnh đón 1 triệu khách.", 7)
    result = place(_outline(body), [RARE, before, leaning])
    assert result.by_rule == {("pillars", "src"): (before.key, leaning.key)}
    assert result.placed[leaning.key].follows == before.key and result.adrift == ()
    # Placed by a rule of its own, away from what it refers to: flagged for the editor.
    alone = _seg("Theo đó, du lịch cộng đồng được chú trọng.", 8)
    result = place(_outline(body), [RARE, alone])
    assert result.adrift == (alone.key,)


def test_excerpt_must_be_verbatim():
    body = PAGES.replace(
        f"          - sentences: [{RARE.id}]",
        f"          - excerpts:\n              - of: {RARE.id}\n                text: quản lý thật tốt",
    )
    with pytest.raises(BriefingError, match=r"^outline.yml:\d+: the excerpt “quản lý thật tốt” is not a verbatim part"):
        place(_outline(body), [RARE, TOURISM])


def test_a_rule_names_a_page_of_the_outline_and_no_section():
    with pytest.raises(BriefingError, match="rule targets page 'pilars', which is not a page of the outline"):
        place(_outline(PAGES.replace("  - page: pillars\n", "  - page: pilars\n")), [RARE])
    with pytest.raises(BriefingError, match=r"^outline.yml:\d+: a rule places sentences on a page, not in a section"):
        _outline(PAGES.replace("  - page: pillars\n", "  - page: pillars\n    section: services\n"))


def test_outline_errors_name_the_line():
    with pytest.raises(BriefingError, match=r"^outline.yml:\d+: a block has exactly one of the keys"):
        _outline(PAGES.replace(f"- sentences: [{RARE.id}]", "- paragraph: x"))
    with pytest.raises(BriefingError, match=r"^outline.yml:\d+: 'nope' is not a sentence id"):
        _outline(PAGES.replace(RARE.id, "nope"))


def test_the_outline_and_the_translation_memory_follow_a_long_edited_sentence_alike():
    """Which sentence an edit became is one rule (text.closest, over the sentences the memory has
    not seen), asked by place for the outline's references and by translate for the English.
    On this pair difflib's get_close_matches (autojunk on, as place once used) picks the other."""
    import difflib

    import polib

    from briefing.model import Msg
    from briefing.segment import sentence_hash
    from briefing.translate import history, is_fuzzy, sync

    old = (
        "Theo Quy hoạch tỉnh Lai Châu thời kỳ 2021-2030, tầm nhìn đến 2050, mục tiêu phát triển đến năm 2030, "
        "Lai Châu nắm bắt và khai thác hiệu quả các cơ hội, nguồn lực bên trong và bên ngoài để đẩy nhanh tốc độ "
        "tăng trưởng kinh tế, xây dựng Lai Châu phát triển xanh, nhanh, bền vững và toàn diện trên tất cả các mặt "
        "kinh tế-xã hội, an ninh-quốc phòng, phấn đấu đưa Lai Châu trở thành tỉnh phát triển trung bình của vùng "
        "trung du và miền núi phía Bắc."
    )
    words = old.split()
    start = words.index("dựng")
    moved = " ".join(words[:start] + words[start + 10 :] + words[start : start + 10])  # a clause moved to the end
    capitals = {"Theo", "hoạch", "tỉnh", "mục", "các", "bên", "đẩy", "vững", "Lai", "trở", "miền", "Bắc."}
    seen: set[str] = set()
    shouted_words = []
    for word in words:  # the first use of each of twelve words in capitals
        shouted_words.append(word.upper() if word in capitals and word not in seen else word)
        seen.add(word)
    shouted = " ".join(shouted_words)
    assert len(old) > 200

    po = polib.POFile()
    po.append(polib.POEntry(msgid=old, msgstr="The old English."))
    segments = [_seg(moved, 1), _seg(shouted, 2)]
    placed = place(_outline(PAGES.replace(RARE.id, sentence_hash(old))), segments, history(po))
    followed = next(seg.text for seg in segments if seg.id == placed.stale[0].new)
    synced = sync(po, [Msg(vi=moved, occurrence=("s.txt", 1)), Msg(vi=shouted, occurrence=("s.txt", 2))], "en")
    inherited = next(e.msgid for e in synced if is_fuzzy(e))

    assert followed == inherited
    assert difflib.get_close_matches(old, [moved, shouted], n=1, cutoff=0.6) != [followed]
