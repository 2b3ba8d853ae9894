"""网站自查: stale columns, dead links, unanswered messages, late reports, and the once-a-day mail."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from gongkai.catalog.models import DocType, StatutoryItem
from gongkai.catalog.tests.helpers import published
from gongkai.feedback.models import Item as FeedbackItem
from gongkai.reports import inspection
from gongkai.reports.models import InspectionMail

pytestmark = pytest.mark.django_db


def _lines(result, rule):
    return [line for line in result.lines if line.rule == rule]


def _feedback(agency, number, received_on):
    return FeedbackItem.objects.create(agency=agency, number=number, kind="suggestion", subject="建议增设公交站",
                                       content="建议在县医院门口增设公交站。", received_on=received_on,
                                       initial_due_on=received_on, due_on=received_on)


def test_months_before_keeps_the_day_or_takes_the_last_of_the_month():
    assert inspection.months_before(date(2026, 12, 2), 6) == date(2026, 6, 2)
    assert inspection.months_before(date(2026, 5, 31), 3) == date(2026, 2, 28)
    assert inspection.months_before(date(2026, 2, 15), 3) == date(2025, 11, 15)


def test_home_page_stale_after_two_weeks_and_near_three_days_before(world):
    today = date(2026, 12, 2)
    published(world, published_on=date(2026, 11, 17), formed_on=date(2026, 11, 17))  # 15 days before
    [line] = _lines(inspection.inspect([world.agency], today)[0], "首页不更新")
    assert (line.level, line.count, line.source) == ("veto", 15, "国办秘函〔2019〕19号 单项否决指标")
    # 12 days before: 2 days left of the 14 → near; 10 days before: nothing yet
    assert _lines(inspection.inspect([world.agency], date(2026, 11, 29))[0], "首页不更新")[0].level == "near"
    assert _lines(inspection.inspect([world.agency], date(2026, 11, 27))[0], "首页不更新") == []


def test_policy_column_stale_after_six_months_and_news_after_two_weeks(world):
    today = date(2026, 12, 2)
    published(world, title="测试县自然资源局行政规范性文件管理办法", statutory_item=StatutoryItem.REGULATIONS,
              published_on=date(2026, 6, 1), formed_on=date(2026, 6, 1))  # 6 months + 1 day before
    published(world, title="局领导调研耕地保护工作", doc_type=DocType.NON_DOCUMENT,
              published_on=date(2026, 11, 25), formed_on=date(2026, 11, 25))  # 7 days: fresh
    stale = {line.column: line for line in _lines(inspection.inspect([world.agency], today)[0], "栏目不更新")}
    assert list(stale) == ["政策文件"]
    assert stale["政策文件"].count == 184  # 2026-06-01 → 2026-12-02
    # the news item 15 days old is stale; the policy item one day younger than 6 months is not
    stale = {line.column for line in _lines(inspection.inspect([world.agency], date(2026, 12, 10))[0], "栏目不更新")}
    assert stale == {"政策文件", "工作动态"}
    # on 1 December the policy item is exactly 6 months old and the news item 6 days: neither is stale
    assert _lines(inspection.inspect([world.agency], date(2026, 12, 1))[0], "栏目不更新") == []


def test_empty_columns_counted_with_stale_ones_and_veto_at_five(world):
    today = date(2026, 12, 2)
    published(world, statutory_item=StatutoryItem.OTHER, published_on=today, formed_on=today)
    result = inspection.inspect([world.agency], today)[0]
    [empty] = _lines(result, "空白栏目")
    assert empty.count == 14  # 15 第二十条 items, one of them used
    [total] = _lines(result, "栏目不更新和空白栏目合计")
    assert (total.level, total.count) == ("veto", 14)


def test_unanswered_over_three_months_is_veto_and_within_two_weeks_near(world):
    today = date(2026, 12, 2)
    _feedback(world.agency, "HD-1", date(2026, 9, 1))   # 3 months + 1 day: over
    _feedback(world.agency, "HD-2", date(2026, 9, 2))   # exactly 3 months today: not over, near
    _feedback(world.agency, "HD-3", date(2026, 9, 15))  # reaches 3 months on 12-15: near
    _feedback(world.agency, "HD-4", date(2026, 9, 16))  # reaches it on 12-16, beyond 2 weeks: nothing
    replied = _feedback(world.agency, "HD-5", date(2026, 1, 5))
    FeedbackItem.objects.filter(pk=replied.pk).update(status="replied")
    lines = {line.level: line for line in _lines(inspection.inspect([world.agency], today)[0], "互动回应差")}
    assert lines["veto"].count == 1 and [label for label, _ in lines["veto"].links] == ["HD-1"]
    assert lines["near"].count == 2 and [label for label, _ in lines["near"].links] == ["HD-2", "HD-3"]


def test_dead_internal_link_and_missing_attachment_file(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    today = timezone.localdate()
    live = published(world, title="可以打开的信息", published_on=today, formed_on=today)
    published(world, title="含有失效链接的通知", published_on=today, formed_on=today, body=(
        f'<p>见<a href="{live.get_absolute_url()}">上一条</a>、<a href="/catalog/015201125-2020-99999/">已删除的信息</a>、'
        '<a href="/no-such-page/">旧栏目</a>、<a href="/media/catalog/gone.pdf">旧附件</a>和'
        '<a href="https://example.invalid/x">外部网站</a>。</p>'))
    [line] = _lines(inspection.inspect([world.agency], today)[0], "不可用链接")
    # three dead links to this site; the live one passes; the external one is not checked by default
    assert line.count == 3
    assert "/catalog/015201125-2020-99999/" in line.detail and "/no-such-page/" in line.detail
    assert "/media/catalog/gone.pdf" in line.detail and "example.invalid" not in line.detail


def test_annual_report_late_after_the_deadline(world):
    # departments publish by 1月31日 (第四十九条): on 2 February the 2025 report is 2 days late
    [line] = _lines(inspection.inspect([world.agency], date(2026, 2, 2))[0], "年度报告逾期")
    assert (line.count, line.source) == (2, "《政府信息公开条例》第四十九条")
    assert _lines(inspection.inspect([world.agency], date(2026, 1, 31))[0], "年度报告逾期") == []


def test_page_flags_stale_column_and_dead_link(world, client):
    today = timezone.localdate()
    published(world, title="行政规范性文件清理结果的公告", statutory_item=StatutoryItem.REGULATIONS,
              published_on=today - timedelta(days=200), formed_on=today - timedelta(days=200))
    published(world, title="关于开展土地卫片执法检查的通知", published_on=today, formed_on=today,
              body='<p>详见<a href="/catalog/015201125-2019-00001/">实施方案</a>。</p>')
    client.force_login(world.office)
    page = client.get(reverse("reports:inspection")).content.decode()
    assert "测试县自然资源局" in page
    assert "栏目不更新</td>\n<td>政策文件</td>\n<td class=\"num\">200天未更新</td>" in page
    assert "不可用链接</td>\n<td>已发布信息</td>\n<td class=\"num\">1处</td>" in page
    assert "《关于开展土地卫片执法检查的通知》/catalog/015201125-2019-00001/" in page
    assert "国办秘函〔2019〕19号 单项否决指标" in page


def test_officer_may_not_open_the_page(world, client):
    client.force_login(world.officer)
    assert client.get(reverse("reports:inspection")).status_code == 404


def test_head_mailed_once_a_day_when_a_veto_line_is_hit(world):
    world.head.email = "head@example.gov.cn"
    world.head.save()
    today = timezone.localdate()
    _feedback(world.agency, "HD-9", today - timedelta(days=120))
    assert inspection.daily_inspection()["mailed"] == 1
    assert inspection.daily_inspection()["mailed"] == 0
    [message] = [m for m in mail.outbox if "head@example.gov.cn" in m.to]
    assert message.subject.startswith("网站自查提醒：测试县自然资源局")
    assert "【单项否决】互动回应差（互动交流）：1条。" in message.body
    assert InspectionMail.objects.filter(agency=world.agency, sent_on=today).count() == 1


def test_each_column_line_counts_toward_the_veto_and_says_what_makes_the_column(world):
    """A stale or empty column is not itself a 扣分: it counts toward the 5 that make a veto."""
    today = date(2026, 12, 2)
    published(world, statutory_item=StatutoryItem.OTHER, published_on=date(2026, 1, 5), formed_on=date(2026, 1, 5),
              doc_type=DocType.NON_DOCUMENT)
    result = inspection.inspect([world.agency], today)[0]
    [stale] = _lines(result, "栏目不更新")
    [empty] = _lines(result, "空白栏目")
    for line in (stale, empty):
        assert line.level_label == "计入合计" and "单项否决指标（栏目不更新、空白栏目，计入合计）" in line.source
    assert stale.column == "工作动态" and "目录中的非公文信息" in stale.detail


def test_the_page_says_which_checks_were_passed_not_only_what_failed(client, world):
    """An agency with a fresh item, nothing unanswered, no dead link and no report due yet: the page
    names those checks as passed, beside the one it failed (the empty 第二十条 columns)."""
    today = timezone.localdate()
    published(world, statutory_item=StatutoryItem.OTHER, published_on=today, formed_on=today,
              doc_type=DocType.NON_DOCUMENT)
    result = inspection.inspect([world.agency], today)[0]
    assert "空白栏目" not in result.passed
    assert {"首页不更新", "栏目不更新", "互动回应差", "不可用链接"} <= set(result.passed)
    client.force_login(world.office)
    page = client.get(reverse("reports:inspection")).content.decode()
    assert "已检查、未发现问题：首页不更新、栏目不更新、互动回应差、不可用链接" in page
