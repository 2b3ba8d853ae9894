"""The real documents app: letters as DOCX and PDF with Chinese text; a redacted release."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.disclosure import actions, releases

from .factories import registered

pytestmark = pytest.mark.real_letters


def test_it_issues_a_decision_letter_as_docx_and_pdf_with_chinese_text(world):
    import docx
    import pdfplumber

    app = registered(world, date(2025, 1, 20))
    app = actions.decide(app, actor=world.officer, on=date(2025, 2, 10), outcome="denied_process_info",
                         reason="所申请的会议纪要属于过程性信息。")
    letter = app.letters.get(kind="decision")
    # 落款日期 (and the 文号's year): the day the letter is issued, not the step's date 2025-02-10
    assert letter.issued_on == date.today() and f"〔{date.today().year}〕" in letter.number
    text = "".join(p.extract_text() or "" for p in pdfplumber.open(io.BytesIO(bytes(letter.pdf))).pages)
    assert "王小二" in text and "行政复议" in text
    paragraphs = [p.text for p in docx.Document(io.BytesIO(bytes(letter.docx))).paragraphs]
    assert any("王小二" in p for p in paragraphs)


def test_it_releases_a_redacted_copy_without_the_removed_text(world):
    import pdfplumber

    app = registered(world, date(2025, 1, 20))
    body = "征收补偿协议\n被征收人：赵六，身份证号码11010519491231002X，联系电话13912345678。\n补偿金额：12万元。\n"
    upload = SimpleUploadedFile("协议.txt", body.encode("utf-8"), content_type="text/plain")
    release = releases.upload(app, actor=world.officer, title="征收补偿协议", upload=upload)
    kinds = {s["kind"] for s in release.proposed}
    assert {"id_card", "mobile"} <= kinds
    release = releases.confirm(release, actor=world.officer, chosen=[str(i) for i in range(len(release.proposed))],
                               extra_text="赵六")
    text = "".join(p.extract_text() or "" for p in pdfplumber.open(io.BytesIO(bytes(release.released_pdf))).pages)
    for removed in ("11010519491231002X", "13912345678", "赵六"):
        assert removed not in text and removed not in release.released_text
    assert "补偿金额" in text
    assert len(release.log) == 3 and all(e.get("basis") for e in release.log)
    app = actions.decide(app, actor=world.officer, on=date(2025, 2, 10), outcome="partially_granted",
                         reason="含个人信息，已区分处理。",
                         withheld=[{"part": "被征收人姓名、身份证号码、电话", "reason": "个人隐私", "basis": "条例第十五条"}])
    assert app.outcome == "partially_granted"


def test_a_posted_application_is_said_to_be_sent_by_post_not_by_the_forms_receipt_label(world):
    """“邮寄（需签收）” is how officers record the channel (第三十一条: the day of 签收 counts); the
    letter to the applicant says only how it was sent."""
    app = registered(world, date(2025, 1, 20), channel="post")
    app = actions.decide(app, actor=world.officer, on=date(2025, 2, 10), outcome="denied_process_info",
                         reason="所申请的会议纪要属于过程性信息。")
    text = app.letters.get(kind="decision").text
    assert "以邮寄方式提出" in text
    assert "需签收" not in text
