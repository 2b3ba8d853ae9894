"""The PDF export: A4 with page numbers, Noto CJK fonts embedded, headings, table numbers and
charts on the page, and the checker reads the tables back. Two PDFs, rendered once."""

import io
import re

import pdfplumber
import pypdf
import pytest

from gongkai.reports.exports import render
from gongkai.reports.exports.pdf import missing_fonts
from gongkai.reports.tests.specimen import specimen_document, specimen_tables
from gongkai.reports.importers import check_file
from gongkai.reports.tests.test_exports_roundtrip import assert_round_trip
from gongkai.rules import annual_format as af

pytestmark = pytest.mark.skipif(bool(missing_fonts()), reason="fonts-noto-cjk is not installed")


@pytest.fixture(scope="module")
def doc():
    return specimen_document(agency_name="互助县自然资源局", previous_tables=specimen_tables(seed=5),
                             previous_monthly={m: 2 * m for m in range(1, 13)})


@pytest.fixture(scope="module")
def pdf(doc):
    return render(doc, "pdf")


@pytest.fixture(scope="module")
def draft_pdf():
    return render(specimen_document(status_label="草稿", published_on=None, monthly={}), "pdf")


THIS_YEAR_RGB = (0.11, 0.31, 0.57)  # #1d4f91


@pytest.fixture(scope="module")
def parsed(pdf):
    """The text of each page and the number of this year's bars, read once."""
    with pdfplumber.open(io.BytesIO(pdf)) as p:
        pages = [page.extract_text() or "" for page in p.pages]
        bars = sum(1 for page in p.pages for r in page.rects
                   if tuple(round(x, 2) for x in (r.get("non_stroking_color") or ())) == THIS_YEAR_RGB)
    return pages, bars


@pytest.fixture(scope="module")
def pages(parsed):
    return parsed[0]


def test_it_is_an_a4_pdf(pdf):
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    box = reader.pages[0].mediabox
    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (210, 297)
    assert reader.metadata.title == "互助县自然资源局2024年政府信息公开工作年度报告"


def test_it_embeds_the_noto_cjk_fonts(pdf):
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    embedded = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts", [font]):
                d = descendant.get_object().get("/FontDescriptor")
                if d is not None:
                    d = d.get_object()
                    embedded[str(d["/FontName"])] = any(k in d for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    assert embedded and all(embedded.values()), embedded
    assert any("Noto-Serif-CJK-SC" in name for name in embedded)
    assert any("Noto-Sans-CJK-SC" in name for name in embedded)


def test_it_prints_the_title_headings_and_table_numbers(pages, doc):
    text = "\n".join(pages)
    assert pages[0].splitlines()[0] == "互助县自然资源局2024年政府信息公开工作年度报告"
    for s in af.SECTIONS:
        assert s.heading in text
    flat = text.replace(" ", "")
    # the note wraps inside its merged cell, so the text extraction interleaves it with the
    # neighbouring header cells: look for its parts
    joined = flat.replace("\n", "")
    assert "（本列数据的勾稽关系为：第一项加第二项之和" in joined and "第三项加第四项之和）" in joined
    a = doc.tables["applications"]
    row = " ".join(str(a["new_received"][c.key]) for c in af.APPLICATION_COLUMNS)
    assert row in text
    assert "12.3456" in text


def test_it_numbers_the_pages(pages):
    for n, page in enumerate(pages, start=1):
        assert page.splitlines()[-1].strip() == f"第 {n} 页"


def test_it_draws_the_charts(parsed):
    pages, bars = parsed
    text = "\n".join(pages)
    for caption in ("图1　各月新收政府信息公开申请", "图2　政府信息公开申请的办理结果", "图3　新收政府信息公开申请的申请人类型"):
        assert caption.replace("　", " ") in text.replace("　", " ")
    # this year's bars: 12 months + 6 outcome groups + 6 applicant types, and three legend keys
    assert bars == 12 + 6 + 6 + 3


def test_the_checker_reads_the_pdf_back_into_the_same_tables(pdf, doc):
    result = check_file(pdf, filename="report.pdf")
    got = assert_round_trip(result, doc)
    assert got["published_on"] == "2025-01-20"
    assert [f.code for f in result.findings] == []


def test_a_draft_pdf_says_so_under_the_title_and_on_every_page(draft_pdf):
    with pdfplumber.open(io.BytesIO(draft_pdf)) as p:
        pages = [page.extract_text() or "" for page in p.pages]
    lines = pages[0].splitlines()
    assert "（草稿，未发布）" in lines[:4]
    assert all("（草稿，未发布）" in page for page in pages[1:])
    assert not re.search(r"\d{4}年\d{1,2}月\d{1,2}日\s*$", pages[-1].rsplit("第", 1)[0].strip())
