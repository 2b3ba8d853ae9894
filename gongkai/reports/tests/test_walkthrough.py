"""What a blind walk through the annual-report workflow on the demo found, one test each (in the
order of the findings): the checker's import, the overview before the platform was used, a year
not yet ended, the repeated period sentence, the counting note printed twice, “（无）”, the head's
warnings, the reviewer's name, anchors, table 二 after saving figures, editing a submitted report,
an acknowledged warning in the overview, dates on the dashboard."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from gongkai.disclosure.tests.conftest import _fast_letters  # noqa: F401
from gongkai.reports import actions, builder
from gongkai.reports.actions import ReportError
from gongkai.reports.agency_status import annual_report_status
from gongkai.reports.models import AnnualReport, Status
from gongkai.reports.tests import complete

TABLES = {"appeals": {"reconsideration": {"upheld": 1, "corrected": 0, "other": 0, "pending": 0, "total": 1}}}
CUT_OFF = {"code": "table.truncated", "severity": "error", "message": "表三在第2页中断，缺少“四、结转下年度继续办理”。",
           "location": {"table": "applications"}}


def _result(agency="测试县自然资源局", year=2023, findings=()):
    return {"agency": agency, "year": year, "findings": list(findings), "tables": TABLES}


def _import(world, result, year=2023):
    return actions.import_report(agency=world.agency, year=year, result=result, filename="r.txt", data=b"x",
                                 actor=world.officer)


# 1 -------------------------------------------------------------------------------------------


def test_an_import_of_another_agency_or_year_or_with_errors_is_refused_and_says_why(world):
    with pytest.raises(ReportError) as e:
        _import(world, _result(agency="区统计局", findings=[CUT_OFF]), year=2022)
    assert str(e.value) == ("不能导入为测试县自然资源局2022年度报告：文件识别出的机关是“区统计局”，不是测试县自然资源局；"
                            "文件识别出的年度是2023年，不是2022年；"
                            "检查发现1个错误（表三在第2页中断，缺少“四、结转下年度继续办理”）。")
    with pytest.raises(ReportError, match="文件中没有识别出机关名称；文件中没有识别出报告年度"):
        _import(world, _result(agency="", year=None))
    assert not AnnualReport.objects.exists()


def test_an_imported_report_is_not_public_and_serves_only_the_carry_over_check(world, client):
    imported = _import(world, _result())
    assert imported.status == "imported" and imported.published_by is None
    assert client.get("/agencies/dept-x/reports/2023/").status_code == 404
    assert client.get(f"/agencies/dept-x/reports/2023/?version={imported.version}").status_code == 404
    assert "2023" not in client.get("/agencies/dept-x/reports/").content.decode()
    assert client.get("/api/v1/reports/dept-x/2023").status_code == 404
    draft = actions.start_report(agency=world.agency, year=2024, actor=world.officer)
    assert builder.previous_tables(world.agency, 2024)["appeals"]["reconsideration"]["total"] == 1
    assert "carry_chain.no_previous" not in {f["code"] for f in draft.findings}


# 2 -------------------------------------------------------------------------------------------


def test_years_before_the_platform_was_used_are_not_overdue(world, client):
    last = timezone.localdate().year - 1
    actions.start_report(agency=world.agency, year=last, actor=world.officer)
    client.force_login(world.office)
    before = client.get(f"/staff/reports/?year={last - 2}").content.decode()
    assert "已逾期" not in before and "未开始" not in before
    # 自然资源局 (its first report: last year's), 财政局 and the government (none: the platform's first year)
    assert before.count('<span class="badge">未在本平台编制</span>') == 3
    assert "各机关均已发布" in before
    current = client.get(f"/staff/reports/?year={last}").content.decode()
    assert "已逾期" in current and "未开始" in current  # 财政局's report of last year is late


# 3 -------------------------------------------------------------------------------------------


def test_a_year_not_ended_may_be_drafted_but_not_submitted_or_published(world):
    this_year = timezone.localdate().year
    report = complete.ready(actions.start_report(agency=world.agency, year=this_year, actor=world.officer),
                            officer=world.officer)
    assert report.status == Status.DRAFT
    with pytest.raises(ReportError, match=f"{this_year}年度尚未结束，{this_year}年12月31日之后才能提交审核和发布"):
        actions.submit_report(report, actor=world.officer)
    past = complete.submit(actions.start_report(agency=world.agency, year=2024, actor=world.officer),
                           officer=world.officer)
    with pytest.raises(ReportError, match="2024年度尚未结束"):
        actions.publish_report(past, actor=world.head, on=date(2024, 12, 3))


# 4 -------------------------------------------------------------------------------------------


def test_the_period_sentence_is_printed_once_and_a_repeat_of_the_opening_paragraph_is_found(world):
    report = actions.start_report(agency=world.agency, year=2024, actor=world.officer)
    assert "统计期限" not in report.overview  # the opening paragraph of every format says it
    text = complete.sections(world.agency, 2024)
    text["overview"] = "本报告中所列数据的统计期限为2024年1月1日至12月31日。\n\n" + text["overview"]
    report = actions.edit_sections(report, actor=world.officer, **text)
    repeated = [f for f in report.findings if f["code"] == "text.repeated_sentence"]
    assert [f["message"] for f in repeated] == ["同一句话在报告中出现了两次：“本报告中所列数据的统计期限为2024年1月1日至12月31日…”。"]


# 5, 12 ---------------------------------------------------------------------------------------


def _published_with_acknowledged_warning(world):
    report = complete.ready(actions.start_report(agency=world.agency, year=2024, actor=world.officer),
                            officer=world.officer)
    report = actions.edit_sections(report, actor=world.officer, other="本年度未收取信息处理费。")
    key = next(f["key"] for f in report.findings_with_reviews() if f["severity"] == "warning")
    actions.review_finding(report, actor=world.head, key=key, state="acknowledged", reason="本年无其他事项")
    report = actions.submit_report(report, actor=world.officer)
    return actions.publish_report(report, actor=world.head, on=date(2025, 1, 20))


def test_the_public_page_prints_the_counting_note_once(world, client):
    _published_with_acknowledged_warning(world)
    page = client.get("/agencies/dept-x/reports/2024/").content.decode()
    assert page.count("表四按案件的申请（立案）日期计入年度") == 1


def test_an_acknowledged_warning_shows_as_acknowledged_in_the_overview(world, client):
    _published_with_acknowledged_warning(world)
    client.force_login(world.office)
    row = client.get("/staff/reports/?year=2024").content.decode().split("测试县自然资源局")[1].split("</tr>")[0]
    assert "1个警告已确认" in row and "1个警告</span>" not in row


# 6 -------------------------------------------------------------------------------------------


def test_nothing_processed_is_written_without_wu(world):
    report = actions.start_report(agency=world.agency, year=2024, actor=world.officer)
    assert "办结0件，结转下年度继续办理0件。" in report.overview and "（无）" not in report.overview


# 7, 8 ----------------------------------------------------------------------------------------


def test_a_warning_waiting_for_the_head_is_said_and_shown_to_the_head(world, client):
    report = complete.ready(actions.start_report(agency=world.agency, year=2024, actor=world.officer),
                            officer=world.officer)
    report = actions.edit_sections(report, actor=world.officer, other="本年度未收取信息处理费。")
    with pytest.raises(ReportError) as e:
        actions.submit_report(report, actor=world.officer)
    assert ("1项警告须由负责人先确认（知悉，仍发布）或标为不适用并写明理由，才能提交审核；"
            "经办人不能确认警告，请告知负责人——负责人的工作台已列出这份报告。") in str(e.value)
    client.force_login(world.officer)
    assert "其中 1 项警告须由负责人先确认" in client.get("/staff/reports/dept-x/2024/").content.decode()
    client.force_login(world.head)
    dashboard = client.get("/staff/").content.decode()
    assert "年度报告 · 待负责人处理" in dashboard
    assert "测试县自然资源局2024年度报告</a>（草稿；1项警告待您确认或标为不适用，确认前经办人不能提交审核）" in dashboard
    key = next(f["key"] for f in report.findings_with_reviews() if f["severity"] == "warning")
    client.post(f"/staff/reports/version/{report.pk}/step/",
                {"step": "review", "key": key, "state": "acknowledged", "reason": "本年无其他事项"})
    report.refresh_from_db()
    assert report.reviews[key]["by"] == "张建国"
    page = client.get("/staff/reports/dept-x/2024/").content.decode()
    assert "负责人已确认：本年无其他事项（张建国）" in page and "（head）" not in page


# 9, 10 ---------------------------------------------------------------------------------------


def test_text_and_figure_findings_link_to_their_field(world, client):
    actions.start_report(agency=world.agency, year=2024, actor=world.officer)
    client.force_login(world.officer)
    page = client.get("/staff/reports/dept-x/2024/").content.decode()
    assert "“五、存在的主要问题及改进情况”尚未填写。 <a href=\"#id_problems\">去修改</a>" in page
    assert 'href="/staff/catalog/figures/dept-x/2024/#id_fees_10k_yuan">去填报</a>' in page


def test_a_draft_shows_figures_saved_on_the_figures_page(world, client):
    actions.start_report(agency=world.agency, year=2024, actor=world.officer)
    client.force_login(world.officer)
    saved = client.post("/staff/catalog/figures/dept-x/2024/", {"licensing": "0", "punishment": "2", "coercion": "0",
                                                                "fees_10k_yuan": "0"}, follow=True).content.decode()
    assert '已保存2024年数据。<a href="/staff/reports/dept-x/2024/">回到2024年度报告</a>' in saved
    page = client.get("/staff/reports/dept-x/2024/").content.decode()
    assert "尚未填报" not in page and "表二已按最新填报的数字更新。" in page
    report = AnnualReport.objects.get(agency=world.agency, year=2024)
    assert report.tables["proactive"]["punishment"]["decisions"] == 2
    assert not [f for f in report.findings if f["code"] == "proactive.missing"]


# 11 ------------------------------------------------------------------------------------------


def test_editing_a_submitted_report_warns_before_and_says_after(world, client):
    report = complete.submit(actions.start_report(agency=world.agency, year=2024, actor=world.officer),
                             officer=world.officer)
    client.force_login(world.officer)
    assert "保存修改会把它撤回为草稿" in client.get("/staff/reports/dept-x/2024/").content.decode()
    form = {"step": "save", "proactive": "", "applications": "", "appeals": "", "correction_note": "",
            **report.sections}
    after = client.post("/staff/reports/dept-x/2024/", form, follow=True).content.decode()
    assert "已保存。修改后报告已撤回为草稿，不再待负责人审核；请重新提交审核。" in after
    report.refresh_from_db()
    assert report.status == Status.DRAFT


# 13 ------------------------------------------------------------------------------------------


def test_the_dashboard_writes_dates_in_prose(world):
    today = date(2025, 12, 1)
    assert annual_report_status([world.agency], today) == {world.agency.pk: "2024年度未发布，已超过2025年1月31日的期限"}
    _published_with_acknowledged_warning(world)
    assert annual_report_status([world.agency], today) == {world.agency.pk: "2024年度已发布（2025年1月20日）"}
    assert annual_report_status([world.agency], date(2025, 1, 10)) == {
        world.agency.pk: "2024年度已发布（2025年1月20日）"}
