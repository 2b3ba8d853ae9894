"""The suggested sentences follow the figures: builder.update_suggested_sentences, and the
finding for a “（未填报）” left in the text."""

import datetime

import pytest

from gongkai.catalog.models import DocType, StatutoryItem, Validity
from gongkai.catalog.tests.helpers import published
from gongkai.reports import actions, builder
from gongkai.reports.models import AnnualReport

pytestmark = pytest.mark.django_db

STALE = "全年通过政府信息公开平台主动公开政府信息0条。本年制发规章（未填报）件、行政规范性文件（未填报）件，现行有效行政规范性文件（未填报）件。"


def normative(world, signed):
    return published(world, title="规范性文件", doc_type=DocType.NORMATIVE, statutory_item=StatutoryItem.REGULATIONS,
                     validity=Validity.VALID, signed_on=signed, formed_on=signed,
                     published_on=signed + datetime.timedelta(days=3))


def test_it_rewrites_a_suggested_sentence_from_the_current_figures(world):
    report = actions.start_report(agency=world.agency, year=2024, actor=world.officer)
    report.overview = report.overview.replace(
        "全年通过政府信息公开平台主动公开政府信息0条。本年制发规章0件、行政规范性文件0件，现行有效行政规范性文件0件。", STALE)
    assert builder.update_suggested_sentences(report) == ["overview"]  # back to the figures of the day
    assert "（未填报）" not in report.overview and "行政规范性文件0件" in report.overview
    normative(world, datetime.date(2024, 5, 6))
    assert builder.refresh_proactive(report)  # 表二 counted again: the sentence follows
    assert "本年制发规章0件、行政规范性文件1件，现行有效行政规范性文件1件。" in report.overview
    assert "主动公开政府信息1条" in report.overview


def test_it_leaves_a_sentence_the_office_rewrote(world):
    report = actions.start_report(agency=world.agency, year=2024, actor=world.officer)
    rewritten = "全年主动公开政府信息0条，其中本年制发规章（未填报）件。"
    report.overview = report.overview + "\n\n" + rewritten
    assert builder.update_suggested_sentences(report) == []
    assert rewritten in report.overview
    report.findings = builder.findings_for(report.agency, 2024, report.tables, report.sections)
    stale = [f for f in report.findings if f["code"] == "narrative.not_entered"]
    assert [(f["severity"], f["location"]) for f in stale] == [("error", {"section": "overview"})]
    assert stale[0]["message"].startswith("“一、总体情况”中仍有“（未填报）”")


def test_a_refresh_brings_the_draft_text_to_the_new_count(world):
    report = actions.start_report(agency=world.agency, year=2024, actor=world.officer)
    assert "行政规范性文件0件" in report.overview
    normative(world, datetime.date(2024, 5, 6))
    report = actions.refresh_report(report, actor=world.officer)
    assert "本年制发规章0件、行政规范性文件1件" in AnnualReport.objects.get(pk=report.pk).overview


def test_the_workspace_shows_and_saves_the_updated_sentence(world, client):
    actions.start_report(agency=world.agency, year=2024, actor=world.officer)
    normative(world, datetime.date(2024, 5, 6))
    client.force_login(world.officer)
    page = client.get("/staff/reports/dept-x/2024/").content.decode()
    assert "表二和正文中引用表二数字的句子已按最新填报的数字更新。" in page
    assert "本年制发规章0件、行政规范性文件1件" in AnnualReport.objects.get(agency=world.agency, year=2024).overview


def test_the_overview_box_says_what_the_five_parts_are(world, client):
    actions.start_report(agency=world.agency, year=2024, actor=world.officer)
    client.force_login(world.officer)
    page = client.get("/staff/reports/dept-x/2024/").content.decode()
    # the help text sits under the label, before the box, and the box points at it
    label = page.index('<label for="id_overview">一、总体情况：</label>')
    help_at = page.index('<span class="helptext" id="id_overview_helptext">按全国统一格式分五部分写本年工作：')
    box = page.index('<textarea name="overview"')
    assert label < help_at < box
    assert 'aria-describedby="id_overview_helptext"' in page[box:page.index(">", box)]
    helptext = page[help_at:page.index("</span>", help_at)]
    for part in ("（一）主动公开", "（二）依申请公开", "（三）政府信息管理", "（四）政府信息公开平台建设", "（五）监督保障"):
        assert part in helptext, part
    for field in ("proactive", "applications", "appeals", "problems", "other", "correction_note"):
        assert f'id="id_{field}_helptext"' in page, field
