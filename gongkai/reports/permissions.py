from django.http import Http404

from gongkai.accounts.models import Agency
from gongkai.accounts.permissions import staff_agencies

from .models import FROZEN, AnnualReport, Status


def get_staff_agency_for_reports(user, code: str) -> Agency:
    agency = staff_agencies(user).filter(code=code).first()
    if agency is None:
        raise Http404("没有找到该机关。")
    return agency


def get_report_for_staff(user, pk: int) -> AnnualReport:
    report = AnnualReport.objects.select_related("agency").filter(pk=pk, agency__in=staff_agencies(user)).first()
    if report is None:
        raise Http404("没有找到该报告。")
    return report


def get_public_report(code: str, year: int, version: int | None = None) -> AnnualReport:
    """Published (and superseded, by version) reports only; drafts are unreachable."""
    qs = AnnualReport.objects.select_related("agency").filter(agency__code=code, agency__is_active=True, year=year)
    if version is None:
        report = qs.filter(status=Status.PUBLISHED).first()
    else:
        report = qs.filter(version=version, status__in=FROZEN).first()
    if report is None:
        raise Http404("没有找到该年度报告。")
    return report
