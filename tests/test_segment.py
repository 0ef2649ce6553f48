"""Stage 2: Vietnamese sentence splitting and stable ids."""

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from briefing.ingest import parse
from briefing.segment import SegmentKind, assign_ids, segment, sentence_hash, split_caption, split_sentences

BODY, CAPTION_TEXT, CREDIT, HEADLINE = SegmentKind.BODY, SegmentKind.CAPTION, SegmentKind.CREDIT, SegmentKind.HEADLINE


@pytest.mark.parametrize(
    "text, sentences",
    [
        # Abbreviations with a dot do not end a sentence.
        (
            "Đoàn đến TP. Hồ Chí Minh hôm qua. Sau đó về Hà Nội.",
            ["Đoàn đến TP. Hồ Chí Minh hôm qua.", "Sau đó về Hà Nội."],
        ),
        ("GS.TS. Nguyễn Văn A phát biểu. Hội nghị kết thúc.", ["GS.TS. Nguyễn Văn A phát biểu.", "Hội nghị kết thúc."]),
        ("ThS. Trần Thị B trình bày. Ông C hỏi.", ["ThS. Trần Thị B trình bày.", "Ông C hỏi."]),
        # ...but a sentence can end with one ("…tại TP.HCM. Ông…").
        ("Hội thảo tổ chức tại TP.HCM. Ông D chủ trì.", ["Hội thảo tổ chức tại TP.HCM.", "Ông D chủ trì."]),
        # Decimal commas, thousands dots, dates and ranges stay inside their sentence.
        (
            "Thu nhập đạt 116,6 triệu đồng. GRDP đạt 4.266 USD/người.",
            ["Thu nhập đạt 116,6 triệu đồng.", "GRDP đạt 4.266 USD/người."],
        ),
        (
            "Ngày 23/1, hội nghị công bố quy hoạch thời kỳ 2021 - 2030. Tăng trưởng 9% - 11%/năm.",
            ["Ngày 23/1, hội nghị công bố quy hoạch thời kỳ 2021 - 2030.", "Tăng trưởng 9% - 11%/năm."],
        ),
        # A sentence may start with a digit.
        (
            "Tỉnh có ba trụ cột. 3 trụ cột gồm dịch vụ, công nghiệp và nông nghiệp.",
            ["Tỉnh có ba trụ cột.", "3 trụ cột gồm dịch vụ, công nghiệp và nông nghiệp."],
        ),
        # Curly quotes: a quoted sentence followed by "ông nói." is one sentence.
        (
            "“Lai Châu cần quản lý thật tốt.” ông nói. Hội nghị kết thúc.",
            ["“Lai Châu cần quản lý thật tốt.” ông nói.", "Hội nghị kết thúc."],
        ),
        ("Ông nói: “Phải làm ngay.” Sau đó ông rời đi.", ["Ông nói: “Phải làm ngay.”", "Sau đó ông rời đi."]),
        # Ellipses: before lowercase they continue, before a capital they end.
        (
            "Còn nhiều việc… nhưng sẽ xong. Tỉnh quyết tâm… Mọi người đồng lòng.",
            ["Còn nhiều việc… nhưng sẽ xong.", "Tỉnh quyết tâm…", "Mọi người đồng lòng."],
        ),
        ("Du lịch, nông nghiệp... đều tăng. Xuất khẩu giảm.", ["Du lịch, nông nghiệp... đều tăng.", "Xuất khẩu giảm."]),
        # Questions and exclamations.
        ("Vì sao? Vì đất hiếm quý! Cần giữ gìn.", ["Vì sao?", "Vì đất hiếm quý!", "Cần giữ gìn."]),
        # Text with no final stop is kept whole.
        ("Ảnh minh họa", ["Ảnh minh họa"]),
    ],
)
def test_vietnamese_sentences(text, sentences):
    assert split_sentences(text) == sentences


def test_caption_credit_is_separated():
    assert split_caption("Lai Châu tránh khai thác tuỳ tiện. Ảnh minh họa") == [
        (CAPTION_TEXT, "Lai Châu tránh khai thác tuỳ tiện."),
        (CREDIT, "Ảnh minh họa"),
    ]
    assert split_caption("Ảnh: TTXVN") == [(CAPTION_TEXT, "Ảnh: TTXVN")]


def _segments(text):
    return assign_ids(segment("s", parse(text, "t.txt")))


def test_kinds_lines_and_numbers():
    segs = _segments("Tin mộtTin hai |\nCâu một. Câu hai.\nChú thích. Ảnh minh họa |\n")
    assert [(s.kind, s.line, s.number) for s in segs] == [
        (HEADLINE, 1, 1),
        (HEADLINE, 1, 2),
        (BODY, 2, 3),
        (BODY, 2, 4),
        (CAPTION_TEXT, 3, 5),
        (CREDIT, 3, 6),
    ]


def test_ids_are_stable_when_other_sentences_change():
    before = {s.text: s.id for s in _segments("Câu một. Câu hai.\nCâu ba.\n")}
    after = {s.text: s.id for s in _segments("Câu mới ở đầu.\nCâu một. Câu hai đã sửa.\nCâu ba.\nCâu thêm.\n")}
    assert after["Câu một."] == before["Câu một."]
    assert after["Câu ba."] == before["Câu ba."]
    assert after["Câu hai đã sửa."] != before["Câu hai."]


def test_repeated_sentences_get_distinct_ids():
    ids = [s.id for s in _segments("Lặp lại. Khác.\nLặp lại.\n")]
    assert ids[0] != ids[2] and ids[2] == ids[0] + "-2" and len(set(ids)) == 3


# -- properties of the splitter, on text it was not written for -----------------------------------


# Words a sentence may hold anywhere but at its end: plain syllables, names, numbers written the
# Vietnamese way, abbreviations with dots, quotation marks and other punctuation.
_INNER = st.sampled_from(
    "đất hiếm quản lý tốt chế biến sâu Lai Châu Đông Pao TP. GS.TS. ThS. 4.266 116,6 23/1 2021 - 2030 "
    "9% “thật” (Ảnh: TTXVN) … v.v. tuỳ tùy hoà — , ; :".split(" ")
)
_CAPITAL = st.sampled_from("Lai Tỉnh Phó Đến Theo Về Ông Bà Các Hội 3".split(" "))
_END = st.sampled_from("hiếm. sâu! tốt? nghiệp… vững.”".split(" "))


@st.composite
def sentence(draw) -> str:
    """A sentence as the news writes one: a capital or a digit first, a terminator last."""
    return " ".join([draw(_CAPITAL), *draw(st.lists(_INNER, max_size=12)), draw(_END)])


@settings(max_examples=300, deadline=None)
@given(words=st.lists(st.one_of(_INNER, _CAPITAL, _END), min_size=1, max_size=40))
def test_the_sentences_rejoined_give_back_the_paragraph(words):
    """Whatever the words, splitting only cuts at spaces (where no space was lost) and loses nothing."""
    paragraph = " ".join(words)
    assert " ".join(split_sentences(paragraph)) == paragraph


@settings(max_examples=300, deadline=None)
@given(units=st.lists(sentence(), min_size=1, max_size=6), new=sentence(), at=st.integers(min_value=0))
def test_inserting_a_sentence_changes_no_other_sentence_or_id(units, new, at):
    """An id is the hash of its sentence: a sentence inserted between two others leaves every
    other sentence, and so its id, as it was."""
    assume(split_sentences(new) == [new])  # the new text is one sentence
    old = split_sentences(" ".join(units))
    where = at % (len(old) + 1)
    edited = split_sentences(" ".join([*old[:where], new, *old[where:]]))
    assert edited == [*old[:where], new, *old[where:]]
    assert {sentence_hash(s) for s in old} <= {sentence_hash(s) for s in edited}
