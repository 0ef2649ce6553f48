"""Stage 1: decoding and recognising the scraped article's shape."""

import unicodedata

import pytest

from briefing.errors import BriefingError
from briefing.ingest import BlockKind, decode, parse, split_glued_headlines
from support import REPO

CAPTION, HEADLINES, PARAGRAPH = BlockKind.CAPTION, BlockKind.HEADLINES, BlockKind.PARAGRAPH

SEED = REPO / "sources" / "lai-chau-plan-announcement" / "source.txt"


def test_seed_shape_is_recognised():
    doc = parse(decode(SEED.read_bytes(), "seed"), "seed")
    kinds = [(block.kind, block.line) for block in doc.blocks]
    assert kinds == [(HEADLINES, 1), (PARAGRAPH, 2), (CAPTION, 3)] + [(PARAGRAPH, n) for n in range(4, 11)]
    assert doc.blocks[2].text == "Lai Châu tránh khai thác tuỳ tiện, xuất khẩu thô đất hiếm. Ảnh minh họa"


def test_seed_keeps_both_spellings_verbatim():
    text = decode(SEED.read_bytes(), "seed")
    assert "tùy tiện" in text and "tuỳ tiện" in text


def test_bom_and_crlf_are_accepted():
    assert decode("\ufeffMột.\r\nHai.\r\n".encode(), "x") == "Một.\nHai.\n"


def test_nfd_text_becomes_nfc():
    nfd = unicodedata.normalize("NFD", "Đất hiếm ở Lai Châu.")
    assert nfd != "Đất hiếm ở Lai Châu."
    assert decode(nfd.encode(), "x") == "Đất hiếm ở Lai Châu."


def test_not_utf8_names_file_line_offset_and_iconv():
    data = "Dòng một.\n".encode() + "Đà Lạt".encode("cp1258", errors="replace")
    with pytest.raises(BriefingError) as err:
        decode(data, "in.txt")
    assert str(err.value) == (
        "in.txt:2: not valid UTF-8 (byte 0xD0 at byte offset 13).\n"
        "  If it was saved as Vietnamese Windows text, convert it first: "
        "iconv -f WINDOWS-1258 -t UTF-8 'in.txt' > converted.txt"
    )


def test_binary_is_refused():
    with pytest.raises(BriefingError, match=r"^bin\.txt:1: this looks like binary data"):
        decode(b"PK\x03\x04\x00\x00", "bin.txt")


@pytest.mark.parametrize("text", ["", "   \n\t\n", " |\n"])
def test_no_text_is_refused(text):
    with pytest.raises(BriefingError) as err:
        parse(decode(text.encode(), "empty.txt"), "empty.txt")
    assert str(err.value).startswith("empty.txt: this source has no text at all.")


def test_only_headlines_is_refused():
    with pytest.raises(BriefingError, match="no body paragraph"):
        parse("Tiêu đề |\n", "h.txt")


@pytest.mark.parametrize(
    "glued, parts",
    [
        (
            "Bộ trưởng chỉ ra 4 điểm về đất hiếmSớm tìm giải pháp cho mỏ",
            ["Bộ trưởng chỉ ra 4 điểm về đất hiếm", "Sớm tìm giải pháp cho mỏ"],
        ),
        ("Ba tin: du lịchĐầu tưNông nghiệp", ["Ba tin: du lịch", "Đầu tư", "Nông nghiệp"]),
        ("ThS. Lê Văn A nói về TP.HCM", ["ThS. Lê Văn A nói về TP.HCM"]),
        ("Video TikTok về Lai Châu hút khách", ["Video TikTok về Lai Châu hút khách"]),
        ("Bán iPhone ở chợ biên giới", ["Bán iPhone ở chợ biên giới"]),
    ],
)
def test_glued_headlines(glued, parts):
    assert split_glued_headlines(glued) == parts


def test_glued_headline_starting_with_an_abbreviation():
    assert split_glued_headlines("Khách du lịch tăngGS.TS. Nguyễn Văn An nói về đất hiếm") == [
        "Khách du lịch tăng",
        "GS.TS. Nguyễn Văn An nói về đất hiếm",
    ]


def test_a_short_line_is_a_subheading_unless_it_quotes_or_ends_a_sentence():
    text = (
        "Tiêu đề bài viết\n"
        "Đoạn mở đầu có một câu.\n"
        "Trữ lượng và cấp phép\n"
        "Ông Hùng cho biết: “Tỉnh sẽ giám sát chặt chẽ. Không có ngoại lệ”\n"
        "Mỏ lớn. Hai câu ngắn\n"
        "Đoạn cuối có một câu.\n"
    )
    kinds = [block.kind for block in parse(text, "x").blocks]
    assert kinds[2] == BlockKind.SUBHEADING
    assert kinds[3] == PARAGRAPH and kinds[4] == PARAGRAPH
