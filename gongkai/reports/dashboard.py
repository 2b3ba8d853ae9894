"""The annual reports' panel of the staff dashboard, for a head (or an administrator): the reports
waiting for him — warnings the officer cannot get past (only the head confirms a warning or marks
it 不适用), and reports submitted for his review."""

from __future__ import annotations

from gongkai.accounts.permissions import HEAD_OR_ADMIN, staff_agencies

from .models import AnnualReport, Status


def waiting_for_head(user) -> list[dict]:
    """``[{"report", "warnings", "review"}]``: the working reports of the agencies ``user`` heads
    with warnings not yet confirmed, or submitted and waiting to be published."""
    if user is None or not user.is_authenticated:
        return []
    out = []
    for report in (AnnualReport.objects.working().filter(agency__in=staff_agencies(user, HEAD_OR_ADMIN))
                   .select_related("agency").order_by("-year", "agency__code")[:50]):
        warnings = sum(1 for f in report.findings_with_reviews() if f["severity"] == "warning" and not f["review"])
        if warnings or report.status == Status.REVIEW:
            out.append({"report": report, "warnings": warnings, "review": report.status == Status.REVIEW})
    return out


def panel(request) -> dict | None:
    rows = waiting_for_head(request.user)
    return {"rows": rows} if rows else None
