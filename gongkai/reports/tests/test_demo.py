"""The demo's annual reports: every agency, 2024 and 2025 published on time through the gate, the
current year a draft, and text an evaluator would not mark down."""

from datetime import date

import pytest
from django.utils import timezone

from gongkai import demo
from gongkai.disclosure.tests.conftest import _fast_letters  # noqa: F401
from gongkai.reports.models import AnnualReport, Status, legal_deadline
from gongkai.rules.narrative import similarity

pytestmark = pytest.mark.django_db


def test_every_demo_agency_has_its_reports_published_on_time():
    demo.load()
    published = AnnualReport.objects.filter(status=Status.PUBLISHED).select_related("agency")
    by = {(r.agency.code, r.year): r for r in published}
    for code in ("huzhu-zrj", "huzhu-czj", "huzhu-jyj", "huzhu"):
        for year in (2024, 2025):
            report = by[(code, year)]
            assert report.published_on <= legal_deadline(report.agency, year)
            assert report.blocking() == [], (code, year, report.blocking())
            assert report.tables["proactive"]["licensing"]["decisions"] is not None
        assert date(2026, 1, 1) <= by[(code, 2025)].published_on <= date(2026, 1, 31)
        # 五 is this year's, not last year's copied
        assert similarity(by[(code, 2025)].problems, by[(code, 2024)].problems) < 0.5
        assert AnnualReport.objects.working().filter(agency__code=code, year=timezone.localdate().year).exists()
    government = by[("huzhu", 2025)]
    assert "统计范围为互助县人民政府本级及所属3个部门" in government.overview
    assert government.tables["applications"]["new_received"]["total"] == sum(
        by[(c, 2025)].tables["applications"]["new_received"]["total"] for c in ("huzhu-zrj", "huzhu-czj", "huzhu-jyj"))
    # the table 四 counting note is printed once, by the rendering, not also in the text
    assert "表四按案件的申请" not in by[("huzhu-zrj", 2024)].appeals_text
    demo.load()
    assert AnnualReport.objects.filter(status=Status.PUBLISHED).count() == published.count()  # idempotent
