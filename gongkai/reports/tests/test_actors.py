"""Every action of the reports app refuses the wrong person itself, called directly (not through a
page): a page, an API route, a command and an admin action cannot differ."""

import pytest

from gongkai.accounts.errors import InvalidInput, NotPermitted
from gongkai.reports import actions
from gongkai.reports.tests import complete
from gongkai.reports.models import AnnualReport, CheckBatch, CheckedFile, ReportEvent, Status

pytestmark = pytest.mark.django_db

CHECKED = {"agency": "测试县自然资源局", "year": 2023, "findings": [],
           "tables": {"appeals": {"reconsideration": {"upheld": 1, "corrected": 0, "other": 0, "pending": 0,
                                                      "total": 1}}}}


@pytest.fixture
def draft(world):
    return actions.start_report(agency=world.agency, year=2024, actor=world.officer)


def unchanged(report):
    """Assert nothing was written: same status, no event beyond the start."""
    fresh = AnnualReport.objects.get(pk=report.pk)
    assert fresh.status == report.status and fresh.updated_at == report.updated_at
    assert ReportEvent.objects.filter(report=report).count() == 1


def test_only_the_agencys_staff_start_a_report(world):
    for stranger in (world.officer_y, world.outsider, None):
        with pytest.raises(NotPermitted, match="无权办理"):
            actions.start_report(agency=world.agency, year=2024, actor=stranger)
    assert not AnnualReport.objects.exists()
    with pytest.raises(InvalidInput, match="2008"):
        actions.start_report(agency=world.agency, year=2007, actor=world.officer)
    # the government's disclosure office covers the department
    assert actions.start_report(agency=world.agency, year=2024, actor=world.office).status == Status.DRAFT


@pytest.mark.parametrize("step", [
    lambda r, who: actions.refresh_report(r, actor=who),
    lambda r, who: actions.edit_sections(r, actor=who, overview="改写"),
    lambda r, who: actions.submit_report(r, actor=who),
])
def test_another_agencys_officer_cannot_work_on_the_draft(world, draft, step):
    for stranger in (world.officer_y, world.outsider):
        with pytest.raises(NotPermitted, match="无权办理"):
            step(draft, stranger)
    unchanged(draft)


def test_an_officer_cannot_return_or_publish(world, draft):
    review = complete.submit(draft, officer=world.officer)
    with pytest.raises(NotPermitted, match="只有负责人可以退回"):
        actions.return_report(review, actor=world.officer, reason="再改改")
    with pytest.raises(NotPermitted, match="只有负责人可以发布"):
        actions.publish_report(review, actor=world.officer)
    with pytest.raises(NotPermitted):
        actions.publish_report(review, actor=world.officer_y)
    assert AnnualReport.objects.get(pk=review.pk).status == Status.REVIEW
    assert actions.return_report(review, actor=world.head, reason="再改改").status == Status.DRAFT


def test_only_the_head_reviews_a_finding(world, draft):
    draft = complete.ready(draft, officer=world.officer)
    draft = actions.edit_sections(draft, actor=world.officer, other="本年度未收取信息处理费。")
    key = next(f["key"] for f in draft.findings_with_reviews() if f["code"] == "other.work_items_missing")
    for who in (world.officer, world.officer_y, world.outsider):
        with pytest.raises(NotPermitted, match="只有负责人"):
            actions.review_finding(draft, actor=who, key=key, state="acknowledged", reason="本年无其他事项")
    assert AnnualReport.objects.get(pk=draft.pk).reviews == {}


def test_only_the_agencys_staff_import_a_past_report(world):
    with pytest.raises(NotPermitted, match="无权办理"):
        actions.import_report(agency=world.agency, year=2023, result=CHECKED, filename="2023.txt", data=b"x",
                              actor=world.officer_y)
    assert not AnnualReport.objects.exists()


def test_only_staff_start_a_check_batch(world):
    for stranger in (world.outsider, None):
        with pytest.raises(NotPermitted, match="只有工作人员"):
            actions.start_check_batch(actor=stranger, files=[("a.txt", b"report")])
    assert not CheckBatch.objects.exists()
    with pytest.raises(InvalidInput, match="请选择要检查的文件"):
        actions.start_check_batch(actor=world.officer, files=[])


def test_skipped_files_are_in_the_batch_already_done(world):
    batch = actions.start_check_batch(actor=world.officer, files=[("2023.txt", b"report")],
                                      skipped=[("scan.png", "未检查：图片文件（PNG）。")])
    assert (batch.total, batch.checked, batch.state) == (2, 1, CheckBatch.State.QUEUED)
    skipped = batch.files.get(name="scan.png")
    assert skipped.error == "未检查：图片文件（PNG）。" and skipped.checked_at is not None and not skipped.result
    actions.record_check_result(batch.files.get(name="2023.txt"), actor=world.officer, result=CHECKED)
    batch.refresh_from_db()
    assert (batch.checked, batch.state) == (2, CheckBatch.State.DONE)
    with pytest.raises(InvalidInput, match="没有可检查的文件：“scan.png”未检查：图片"):
        actions.start_check_batch(actor=world.officer, files=[], skipped=[("scan.png", "未检查：图片文件（PNG）。")])


@pytest.fixture
def batch(world):
    return actions.start_check_batch(actor=world.officer, files=[("2023.txt", b"report"), ("bad.pdf", b"%PDF")])


def test_only_the_batchs_owner_records_its_results(world, batch):
    first, second = batch.files.order_by("pk")
    with pytest.raises(NotPermitted, match="本人上传"):
        actions.record_check_result(first, actor=world.head, result=CHECKED)
    assert CheckedFile.objects.get(pk=first.pk).checked_at is None
    actions.record_check_result(first, actor=world.officer, result=CHECKED)
    batch.refresh_from_db()
    assert (batch.checked, batch.state) == (1, CheckBatch.State.RUNNING)
    actions.record_check_result(first, actor=world.officer, error="again")  # a second run changes nothing
    actions.record_check_result(second, actor=world.officer, error="无法读取该文件。")
    batch.refresh_from_db()
    assert (batch.checked, batch.state) == (2, CheckBatch.State.DONE)
    assert CheckedFile.objects.get(pk=first.pk).error == ""


def test_only_the_batchs_owner_attaches_a_file_and_only_to_their_agency(world, batch):
    item = batch.files.order_by("pk").first()
    actions.record_check_result(item, actor=world.officer, result=CHECKED)
    item.refresh_from_db()
    with pytest.raises(NotPermitted, match="本人上传"):
        actions.attach_checked_file(item, actor=world.head, agency=world.agency, year=2023)
    with pytest.raises(NotPermitted, match="无权办理"):
        actions.attach_checked_file(item, actor=world.officer, agency=world.other_agency, year=2023)
    assert not AnnualReport.objects.exists() and CheckedFile.objects.get(pk=item.pk).attached is None
    report = actions.attach_checked_file(item, actor=world.officer, agency=world.agency, year=2023)
    assert CheckedFile.objects.get(pk=item.pk).attached == report and bytes(report.imported_file.read()) == b"report"
