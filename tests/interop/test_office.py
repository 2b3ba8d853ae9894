"""Exports and letters open in LibreOffice: each DOCX/XLSX is converted to PDF by a real office
suite and the Chinese text comes out the other side."""

import os
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pdfplumber
import pytest

SOFFICE = shutil.which("soffice")


@pytest.fixture(scope="module")
def convert(tmp_path_factory):
    if SOFFICE is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI 中必须安装 LibreOffice（make test 会安装）")
        pytest.skip("LibreOffice is not installed")
    profile = tmp_path_factory.mktemp("lo-profile")

    def run(name: str, data: bytes) -> str:
        folder = tmp_path_factory.mktemp("office")
        src = folder / name
        src.write_bytes(data)
        subprocess.run([SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(folder), str(src)], check=True, capture_output=True, timeout=180)
        pdf = src.with_suffix(".pdf")
        assert pdf.exists(), f"LibreOffice did not convert {name}"
        with pdfplumber.open(pdf) as doc:
            return "".join(page.extract_text() or "" for page in doc.pages)

    return run


def test_it_opens_a_reply_letter(db, world, convert):
    from gongkai.documents.letters import LetterKind, compose

    composed = compose(agency=world.agency, kind=LetterKind.DECISION, on=date(2025, 2, 21), context={
        "applicant": {"name": "王小二"},
        "application": {"number": "dept-x-2025-00001", "received_on": date(2025, 1, 20),
                        "content": "2024年本村宅基地审批结果", "channel_label": "当面提交", "form_label": "纸质"},
        "decision": {"outcome": "denied_process_info", "reason": "属于内部讨论记录", "basis": "条例第十六条第二款"},
    })
    text = "".join(convert("letter.docx", composed.docx).split())
    assert "王小二" in text and "行政复议" in text and "第十六条" in text


def test_it_opens_the_annual_report_in_word_and_spreadsheet_formats(convert):
    from gongkai.reports.exports import render
    from gongkai.reports.tests.specimen import specimen_document

    doc = specimen_document()
    text = "".join(convert("report.docx", render(doc, "docx")).split())
    assert "政府信息公开工作年度报告" in text and "结转下年度继续办理" in text and "予以公开" in text
    sheet = "".join(convert("report.xlsx", render(doc, "xlsx")).split())
    assert "本年新收政府信息公开申请数量" in sheet
