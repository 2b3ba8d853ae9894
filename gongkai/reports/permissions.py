"""Who may see and change annual reports: views start with a getter (others get 404), actions check
their ``actor`` with the predicates. Every staff role of an agency drafts its report; a head (or
admin) returns and publishes it. Any staff member may use the checker; a batch is its uploader's."""

from __future__ import annotations

from django.http import Http404

from gongkai.accounts.models import Agency, Membership, Role
from gongkai.accounts.permissions import HEAD_OR_ADMIN, STAFF_ROLES, has_role, is_staff_member, staff_agencies

from .models import FROZEN, AnnualReport, CheckBatch, Status


def can_edit(user, agency: Agency) -> bool:
    return user is not None and has_role(user, agency, STAFF_ROLES)


def can_publish(user, agency: Agency) -> bool:
    """Return to draft or publish (the head reviews)."""
    return user is not None and has_role(user, agency, HEAD_OR_ADMIN)


def can_check(user) -> bool:
    return user is not None and is_staff_member(user)


#: who sees the 网站自查 page: the disclosure office (every agency under its government), an
#: administrator, and each head (the head is the one mailed; he sees his own agency)
INSPECTION_ROLES = (Role.DISCLOSURE_OFFICE, Role.HEAD, Role.ADMIN)


def inspected_agencies(user):
    """The active agencies whose 网站自查 lines ``user`` sees (none: the page is 404, the link hidden)."""
    if user is None or not user.is_authenticated:
        return Agency.objects.none()
    return staff_agencies(user, INSPECTION_ROLES).filter(is_active=True)


def can_inspect(user) -> bool:
    """Whether the 网站自查 link is shown: one query, as it is asked on every staff page."""
    return bool(user is not None and user.is_authenticated and user.is_active and (
        user.is_superuser or Membership.objects.active().filter(user=user, role__in=INSPECTION_ROLES).exists()))


def owns_batch(user, batch: CheckBatch) -> bool:
    return user is not None and batch.created_by_id == user.pk


def editable_agencies(user):
    """The agencies whose reports ``user`` may draft (and so import a checked file for)."""
    return staff_agencies(user, STAFF_ROLES)


def require_staff(user) -> None:
    """The overview and the checker are for staff; others get 404."""
    if not can_check(user):
        raise Http404("没有找到该页面。")


def get_report_for_staff(user, pk: int) -> AnnualReport:
    report = AnnualReport.objects.select_related("agency").filter(pk=pk, agency__in=staff_agencies(user)).first()
    if report is None:
        raise Http404("没有找到该报告。")
    return report


def get_batch(user, pk: int) -> CheckBatch:
    batch = CheckBatch.objects.filter(pk=pk, created_by=user).first()
    if batch is None:
        raise Http404("没有找到该批次。")
    return batch


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
