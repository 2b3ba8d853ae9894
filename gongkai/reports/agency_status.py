"""The annual report's status per agency, as a column of the disclosure office's dashboard
(registered with ``portal.menu.register_agency_status`` in ``apps.py``)."""

from __future__ import annotations

from datetime import date

from gongkai.portal.dates import prose
from gongkai.rules.periods import annual_report_deadline

from .models import AnnualReport, Status


def annual_report_status(agencies, today: date) -> dict[int, str]:
    """``{agency_id: text}`` for last year's report (the one due this year, 第四十九条)."""
    year = today.year - 1
    reports = {}
    for agency_id, status, published_on in (AnnualReport.objects.filter(agency__in=[a.pk for a in agencies], year=year)
                                            .values_list("agency_id", "status", "published_on")):
        if status == Status.PUBLISHED or agency_id not in reports:
            reports[agency_id] = (status, published_on)
    out = {}
    for agency in agencies:
        deadline = annual_report_deadline(year, government=agency.kind == "government")
        status, published_on = reports.get(agency.pk, (None, None))
        if status == Status.PUBLISHED:
            out[agency.pk] = f"{year}年度已发布" + (f"（{prose(published_on)}）" if published_on else "")
        elif today > deadline:
            out[agency.pk] = f"{year}年度未发布，已超过{prose(deadline)}的期限"
        elif status:
            out[agency.pk] = f"{year}年度编制中（{prose(deadline)}前发布）"
        else:
            out[agency.pk] = f"{year}年度未开始（{prose(deadline)}前发布）"
    return out
