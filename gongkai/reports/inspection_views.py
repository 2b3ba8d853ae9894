"""The 网站自查 page: what an inspector would flag today, per agency and column (``inspection``)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from gongkai.accounts.permissions import is_admin

from . import inspection
from .permissions import inspected_agencies


@login_required
def inspection_page(request):
    agencies = inspected_agencies(request.user).select_related("parent").order_by("parent_id", "code")
    if not agencies.exists():
        raise Http404("没有找到该页面。")
    today = timezone.localdate()
    results = inspection.inspect(agencies, today)
    if is_admin(request.user):
        results.insert(0, inspection.check_site(today))
    return render(request, "reports/staff/inspection.html", {
        "results": results, "today": today,
        "vetoes": sum(r.vetoes for r in results),
        "near": sum(1 for r in results for line in r.lines if line.level == inspection.NEAR),
        "thresholds": {
            "home": settings.INSPECTION_HOME_STALE_DAYS,
            "news": settings.INSPECTION_NEWS_STALE_DAYS,
            "notice": settings.INSPECTION_NOTICE_STALE_MONTHS,
            "columns": settings.INSPECTION_COLUMN_VETO,
            "unanswered": settings.INSPECTION_UNANSWERED_MONTHS,
            "external": settings.INSPECTION_CHECK_EXTERNAL_LINKS,
        },
    })

