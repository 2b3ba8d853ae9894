"""Redaction: proposals from the personal-data screen, a released PDF that really lacks the text."""

import io

import pdfplumber
import pytest
from docx import Document

from gongkai.documents.redaction import (DEFAULT_BASIS, RedactionSpan, extract_pages, mask, propose_redactions,
                                         redact_document)
from gongkai.documents.rendering import html_to_pdf

ID = "630223199001011232"  # GB 11643 check character by hand: Σ(digit×weight) = 208, 208 mod 11 = 10 → "2"
MOBILE = "13912345678"
CARD = "6222020200112233446"  # Luhn by hand: first 18 digits sum to 54 (every 2nd from the right doubled) → 6
NAME = "马德福"

TEXT = (f"征收补偿花名册\n户主：{NAME}，身份证号：{ID}，联系电话：{MOBILE}。\n"
        f"补偿款已转入银行卡 {CARD}，金额86,400元。\n本表由互助县自然资源局制作。")


def test_it_checks_the_sample_id_number():
    from gongkai.rules.personal_data import is_id_number, luhn_ok

    assert is_id_number(ID) and luhn_ok(CARD)


def pdf_text(data: bytes) -> str:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "\n".join((page.extract_text() or "") for page in pdf.pages)


def docx_bytes(paragraphs, table=None) -> bytes:
    document = Document()
    for p in paragraphs:
        document.add_paragraph(p)
    if table:
        t = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                t.cell(r, c).text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def source_pdf(text: str) -> bytes:
    pages = "".join(f'<section style="break-after: page; white-space: pre-wrap">{part}</section>'
                    for part in text.split("\f"))
    return html_to_pdf(f'<html><body style="font-family: \'Noto Serif CJK SC\'; font-size: 11pt">{pages}</body></html>')


def test_it_proposes_id_numbers_mobiles_and_bank_cards_with_a_basis():
    spans = propose_redactions(TEXT.encode("utf-8"), "名册.txt")
    assert [(s.kind, s.text) for s in spans] == [("id_card", ID), ("mobile", MOBILE), ("bank_card", CARD)]
    assert all(s.page is None and s.basis == DEFAULT_BASIS for s in spans)
    assert TEXT[spans[0].start:spans[0].end] == ID


def test_it_does_not_propose_an_18_digit_number_with_a_wrong_check_character():
    assert propose_redactions("编号630223199001011235".encode(), "a.txt") == []


def test_it_reads_gbk_text_files():
    assert extract_pages(TEXT.encode("gb18030"), "名册.TXT") == [(None, TEXT)]


def test_it_reads_paragraphs_and_tables_of_a_docx_in_order():
    data = docx_bytes(["第一段", "第二段"], table=[["姓名", "身份证号"], [NAME, ID]])
    assert extract_pages(data, "a.docx") == [(None, f"第一段\n第二段\n姓名\t身份证号\n{NAME}\t{ID}")]
    assert [s.text for s in propose_redactions(data, "a.docx")] == [ID]


@pytest.mark.parametrize("data, filename, message", [
    (b"abc", "a.doc", "不支持的文件类型"),
    (b"abc", "a.jpg", "不支持的文件类型"),
    (b"", "a.txt", "文件是空的"),
    (b"not a pdf", "a.pdf", "无法读取该 PDF 文件"),
    (b"%PDF-1.7\n garbage", "a.pdf", "无法读取该 PDF 文件"),
    (b"PK\x03\x04 broken", "a.docx", "无法读取该 Word 文档"),
    (b"plain text", "a.docx", "无法读取该 Word 文档"),
    (b"\x00\x01\x02binary", "a.txt", "不是文本文件"),
    (b"   \n ", "a.txt", "没有可提取的文字"),
])
def test_it_refuses_unsupported_or_broken_files_in_chinese(data, filename, message):
    with pytest.raises(ValueError, match=message):
        propose_redactions(data, filename)


def test_it_refuses_spans_that_do_not_match_the_document():
    data = TEXT.encode()
    span = propose_redactions(data, "a.txt")[0]
    with pytest.raises(ValueError, match="不一致"):
        redact_document(data, "a.txt", [RedactionSpan(None, span.start + 1, span.end + 1, span.text, "id_card", "x")])
    with pytest.raises(ValueError, match="超出了文字范围"):
        redact_document(data, "a.txt", [RedactionSpan(None, 5, 5000, "x", "manual", "x")])
    with pytest.raises(ValueError, match="没有写明依据"):
        redact_document(data, "a.txt", [RedactionSpan(None, span.start, span.end, span.text, "id_card", " ")])
    with pytest.raises(ValueError, match="没有第3页"):
        redact_document(data, "a.txt", [RedactionSpan(3, span.start, span.end, span.text, "id_card", "x")])


def test_it_masks_what_the_log_records():
    assert mask(ID, "id_card") == "630223********1232"
    assert mask(MOBILE, "mobile") == "139****5678"
    assert mask(CARD, "bank_card") == "6222***********3446"
    assert mask("wang@example.cn", "email") == "w***@example.cn"
    assert mask(NAME, "manual") == "马**"
    assert mask("某某房地产公司", "manual") == "某*****司"


@pytest.fixture(scope="module")
def released_txt():
    data = TEXT.encode()
    spans = propose_redactions(data, "名册.txt")
    start = TEXT.index(NAME)
    spans.append(RedactionSpan(None, start, start + len(NAME), NAME, "manual", "条例第十五条（个人隐私：姓名）"))
    return redact_document(data, "名册.txt", spans)


def test_it_releases_a_pdf_without_the_removed_text(released_txt):
    text = pdf_text(released_txt.pdf)
    for removed in (ID, MOBILE, CARD, NAME, ID[-6:], CARD[-8:]):
        assert removed not in text.replace(" ", "")
    assert "征收补偿花名册" in text and "金额86,400元" in text and "本表由互助县自然资源局制作" in text
    assert "区分处理说明" in text and "第三十七条" in text
    assert ID not in released_txt.text and "户主：■■■■［1］，身份证号：■■■■［2］" in released_txt.text


def test_it_logs_each_redaction_with_its_basis_but_not_the_text(released_txt):
    log = released_txt.log
    assert [e["kind"] for e in log] == ["manual", "id_card", "mobile", "bank_card"]  # in text order
    assert [e["index"] for e in log] == [1, 2, 3, 4]
    assert log[0]["basis"] == "条例第十五条（个人隐私：姓名）" and log[1]["basis"] == DEFAULT_BASIS
    assert log[1]["masked"] == "630223********1232" and log[1]["length"] == 18
    flat = repr(log)
    assert ID not in flat and MOBILE not in flat and CARD not in flat and NAME not in flat


def test_it_merges_overlapping_spans_into_one_redaction():
    data = TEXT.encode()
    line = TEXT.split("\n")[1]
    start = TEXT.index(line)
    spans = propose_redactions(data, "a.txt")[:2] + [
        RedactionSpan(None, start, start + len(line), line, "manual", "条例第十五条（个人隐私）")]
    released = redact_document(data, "a.txt", spans)
    assert len(released.log) == 1
    assert released.log[0]["kind"] == "manual+id_card+mobile"
    assert released.log[0]["kind_label"] == "经办人标注、居民身份证号码、手机号码"
    assert line not in released.text and "■■■■［1］" in released.text


def test_it_redacts_a_pdf_page_by_page():
    data = source_pdf(f"第一页\n身份证号：{ID}\f第二页\n电话：{MOBILE}\n其余内容保留")
    spans = propose_redactions(data, "source.pdf")
    assert [(s.page, s.kind) for s in spans] == [(1, "id_card"), (2, "mobile")]
    released = redact_document(data, "source.pdf", spans)
    text = pdf_text(released.pdf)
    assert ID not in text and MOBILE not in text
    assert "原件第1页" in text and "原件第2页" in text and "其余内容保留" in text
    assert [e["page"] for e in released.log] == [1, 2]


def test_it_finds_every_occurrence_of_a_typed_name():
    from gongkai.documents.redaction import spans_for_text

    text = f"申请人{NAME}。\n经办：{NAME}"
    spans = spans_for_text(text.encode(), "a.txt", f" {NAME} ", basis="条例第十五条（个人隐私）")
    assert [(s.start, s.end) for s in spans] == [(3, 6), (11, 14)]
    assert NAME not in redact_document(text.encode(), "a.txt", spans).text
    with pytest.raises(ValueError, match="没有找到“张三”"):
        spans_for_text(text.encode(), "a.txt", "张三", basis="x")
    with pytest.raises(ValueError, match="依据"):
        spans_for_text(text.encode(), "a.txt", NAME, basis="")


def test_it_round_trips_spans_through_plain_dicts():
    from gongkai.documents.redaction import span_from_dict, span_to_dict

    span = RedactionSpan(2, 5, 9, "abcd", "mobile", DEFAULT_BASIS)
    assert span_from_dict(span_to_dict(span)) == span
    assert span_from_dict({"page": "", "start": "1", "end": "3", "text": "ab"}).page is None
    with pytest.raises(ValueError, match="格式有误"):
        span_from_dict({"start": "x"})
