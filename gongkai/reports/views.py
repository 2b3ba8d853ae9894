"""Public pages: each agency's annual reports, at stable URLs, with every format to download."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import cache_control

from gongkai.accounts.models import Agency

from . import builder
from .exports import FORMATS, render_html_fragment
from .exports_cache import download
from .models import FROZEN, AnnualReport, Status
from .permissions import get_public_report


@cache_control(max_age=3600, public=True)
def report_css(request):
    """The report's screen styles as a stylesheet (the CSP forbids inline <style>)."""
    from .exports.html import stylesheet

    return HttpResponse(stylesheet(), content_type="text/css; charset=utf-8")


def _version(request) -> int | None:
    value = request.GET.get("version", "")
    return int(value) if value.isdigit() else None


def report_list(request, code: str):
    agency = get_object_or_404(Agency.objects.active(), code=code)
    reports = AnnualReport.objects.filter(agency=agency, status=Status.PUBLISHED).order_by("-year")
    return render(request, "reports/public/list.html", {"agency": agency, "reports": reports})


def report_detail(request, code: str, year: int):
    report = get_public_report(code, year, _version(request))
    others = (AnnualReport.objects.filter(agency=report.agency, year=year, status__in=FROZEN)
              .exclude(pk=report.pk).order_by("-version"))
    fragment = render_html_fragment(builder.to_document(report), heading_level=1)
    return render(request, "reports/public/detail.html", {
        "report": report, "agency": report.agency, "fragment": fragment, "others": others,
        "formats": [f for f in FORMATS if f != "html"],
    })


def report_download(request, code: str, year: int, fmt: str):
    if fmt not in FORMATS:
        raise Http404("不支持的格式。")
    return download(get_public_report(code, year, _version(request)), fmt)
