"""Scanned reports: an image-only PDF and photos of report pages are read by OCR.

The scans are made from the hand-written tables of ``generate.TABLES_A`` (a report PDF rendered to
images, skewed by about ±1°, speckled with noise); the figures expected are those tables, written
by hand, never what the reader returned."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal

import pytest
from PIL import Image

from gongkai.reports.importers import ReportReadError, check_file
from gongkai.reports.tests.generate import TABLES_A, render_pdf, report_a
from gongkai.reports.tests.scans import image_bytes, scan_images, scanned_pdf


def _score(expected: dict, got: dict) -> tuple[int, int, list]:
    right = total = 0
    wrong = []
    for table, rows in expected.items():
        for row, cols in rows.items():
            for col, value in cols.items():
                total += 1
                seen = got.get(table, {}).get(row, {}).get(col, "absent")
                if seen == value:
                    right += 1
                else:
                    wrong.append((table, row, col, value, seen))
    return right, total, wrong


@pytest.fixture(scope="module")
def report_pdf() -> bytes:
    return render_pdf(report_a())


@pytest.fixture(scope="module")
def scan(report_pdf) -> bytes:
    return scanned_pdf(report_pdf, skew=1.0, noise=12.0, seed=3)


def test_it_reads_a_skewed_noisy_scan_into_the_tables(scan):
    result = check_file(scan, "扫描件.pdf")
    right, total, wrong = _score(TABLES_A, result.tables)
    assert total == 200 and right / total >= 0.97, wrong
    assert (result.year, result.agency) == (2023, "某县市场监督管理局")
    pages = [f for f in result.findings if f.code == "ocr.pages"]
    assert len(pages) == 1 and pages[0].severity == "info" and pages[0].location["pages"] == [1, 2]
    assert "文字识别" in pages[0].message and "表三" in pages[0].message
    # the document's own problems are still found: a scan is checked like any report
    assert all(f.code != "table.missing" for f in result.findings)


def test_it_reads_a_jpeg_photo_of_one_table_page(report_pdf):
    page = scan_images(report_pdf, dpi=180, skew=-0.8, noise=8.0, seed=5)[0]  # 表二 and the top of 表三
    result = check_file(image_bytes(page, "JPEG", quality=85), "第1页.jpg")
    assert result.tables["proactive"] == {
        "regulations": {"issued": 0, "abolished": 0, "in_force": 0},
        "normative_documents": {"issued": 3, "abolished": 1, "in_force": 25},
        "licensing": {"decisions": 1286}, "punishment": {"decisions": 57}, "coercion": {"decisions": 4},
        "fees": {"amount_10k_yuan": Decimal("12.35")},
    }
    assert result.tables["applications"]["new_received"] == {
        "natural_person": 12, "commercial_enterprise": 1, "research_institution": 0, "social_welfare_org": 0,
        "legal_service_org": 1, "other_org": 0, "total": 14}
    assert [f.location["pages"] for f in result.findings if f.code == "ocr.pages"] == [[1]]


def test_a_blank_image_is_a_chinese_message_not_a_crash():
    blank = image_bytes(Image.new("L", (1200, 1600), 255), "PNG")
    with pytest.raises(ReportReadError, match="没有识别出文字"):
        check_file(blank, "空白.png")
    speckled = image_bytes(Image.effect_noise((800, 1000), 40).convert("L"), "PNG")
    with pytest.raises(ReportReadError) as e:
        check_file(speckled, "噪点.png")
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(e.value))


def test_an_image_over_the_pixel_limit_is_refused_before_it_is_decoded(monkeypatch):
    monkeypatch.setenv("GONGKAI_REPORTS_OCR_MAX_PIXELS", "1000000")
    big = image_bytes(Image.new("L", (1250, 1000), 255), "PNG")  # 1,250,000 pixels
    with pytest.raises(ReportReadError, match="图片过大.*1250×1000.*超过文字识别的上限100万像素"):
        check_file(big, "大图.png")


def test_the_default_pixel_limit_refuses_a_decompression_bomb():
    # a PNG header claiming 10,000 × 10,000 pixels (100 million): refused from its header alone
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 10000, 10000, 8, 0, 0, 0, 0))
           + chunk(b"IDAT", zlib.compress(b"\x00" * 10001 * 4)) + chunk(b"IEND", b""))
    with pytest.raises(ReportReadError, match="图片过大（10000×10000，1亿像素）.*4000万像素"):
        check_file(png, "炸弹.png")


def test_a_figure_read_with_low_confidence_is_left_out_and_reported(monkeypatch, report_pdf):
    monkeypatch.setenv("GONGKAI_REPORTS_OCR_MIN_CONFIDENCE", "0.995")  # hardly any reading is that sure: many figures are doubtful
    page = scan_images(report_pdf, dpi=150, skew=0.6, noise=14.0, seed=9)[0]
    result = check_file(image_bytes(page, "PNG"), "第1页.png")
    doubtful = [f for f in result.findings if f.code == "ocr.doubtful_cell"]
    assert doubtful and all(f.severity == "warning" and "未采用" in f.message for f in doubtful)
    placed = [f for f in doubtful if "row" in f.location]
    assert placed, "the doubtful figures are placed in their table's row and column"
    for f in placed:
        loc = f.location
        # left out, not guessed: the cell is blank in the result
        assert result.tables[loc["table"]][loc["row"]][loc["column"]] is None, loc
        assert loc["confidence"] < 0.995 and loc["text"]


def test_a_png_in_a_zip_is_checked_through_the_web_checker(world, client, report_pdf):
    from gongkai.reports.models import CheckBatch

    page = scan_images(report_pdf, dpi=150, skew=0.5, noise=10.0, seed=2)[0]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("扫描/第1页.png", image_bytes(page, "PNG"))
    buf.seek(0)
    buf.name = "扫描件.zip"
    client.force_login(world.officer)
    r = client.post("/staff/check/", {"files": [buf]})
    assert r.status_code == 302
    batch = CheckBatch.objects.latest("pk")
    assert (batch.total, batch.checked, batch.state) == (1, 1, CheckBatch.State.DONE)  # one file: at once
    item = batch.files.get()
    assert item.name == "第1页.png" and not item.error
    assert item.result["tables"]["proactive"]["licensing"] == {"decisions": 1286}
    page_html = client.get(f"/staff/check/{batch.pk}/").content.decode()
    assert "第1页.png" in page_html and "扫描页已文字识别" in page_html and "未检查" not in page_html


def test_a_batch_is_spread_over_worker_processes(world, settings, report_pdf):
    from gongkai.reports import actions
    from gongkai.reports.models import CheckBatch
    from gongkai.reports.tasks import check_batch_now
    from gongkai.reports.tests.generate import render_text

    settings.REPORTS_CHECK_WORKERS = 2
    page = scan_images(report_pdf, dpi=150, skew=-0.7, noise=10.0, seed=4)[0]
    text = render_text(report_a(), "tabs")[0].encode()
    files = [("a.txt", text), ("照片.jpg", image_bytes(page, "JPEG", quality=85)), ("b.pdf", report_pdf),
             ("坏的.png", b"\x89PNG\r\n\x1a\n broken")]
    batch = actions.start_check_batch(actor=world.officer, files=files)
    check_batch_now(batch.pk)
    batch.refresh_from_db()
    assert (batch.state, batch.checked, batch.total) == (CheckBatch.State.DONE, 4, 4)
    by_name = {f.name: f for f in batch.files.all()}
    new = {"natural_person": 12, "commercial_enterprise": 1, "research_institution": 0, "social_welfare_org": 0,
           "legal_service_org": 1, "other_org": 0, "total": 14}
    assert by_name["a.txt"].result["tables"]["applications"]["new_received"] == new
    assert by_name["b.pdf"].result["tables"]["applications"]["new_received"] == new
    assert by_name["照片.jpg"].result["tables"]["proactive"]["licensing"] == {"decisions": 1286}
    assert "图片已损坏" in by_name["坏的.png"].error and by_name["坏的.png"].result is None
