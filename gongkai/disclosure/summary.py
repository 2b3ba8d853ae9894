"""The to-do counts of the work lists, per role — the staff dashboard and ``GET /api/v1/staff/summary``.

* an officer: **mine** — the cases assigned to him and the agency's unassigned ones (a new online
  application has no officer until someone takes it);
* a head (or admin of an agency): the whole agency, with the extensions awaiting approval;
* the 政务公开办 (and an admin): every agency under it, one row per agency (paged).

Every count is one conditional aggregate over the indexed columns (status, due_on,
submitted_on, extension_requested_on): one query for a scope, one grouped query for a page of
agencies, however many applications there are (bench/applications.py, test_summary.py).
"""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Q

from gongkai.accounts.holidays import current_calendar
from gongkai.accounts.models import Role
from gongkai.accounts.permissions import staff_agencies
from gongkai.rules.periods import (
    UNCONFIRMED_ALERT_WORKING_DAYS,
    UNCONFIRMED_WARNING_WORKING_DAYS,
    due_soon_until,
    waiting_since,
)

from .models import OPEN_STATUSES, Application, Status

#: key → label (the work list of the same name shows the cases)
LABELS = {
    "awaiting_confirmation": "待确认收到",
    "unconfirmed_late": f"超过{UNCONFIRMED_WARNING_WORKING_DAYS}个工作日未确认",
    "unconfirmed_alert": f"超过{UNCONFIRMED_ALERT_WORKING_DAYS}个工作日未确认",
    "due_soon": "5个工作日内到期",
    "overdue": "已逾期",
    "extension_pending": "延期待批准",
    "awaiting_correction": "待补正",
    "in_consultation": "征求意见中",
    "awaiting_payment": "待缴费",
    "in_hand": "全部在办",
}


def filters(today: date) -> dict[str, Q]:
    """The conditions of every count on ``today`` (one calendar load)."""
    cal = current_calendar()
    open_ = Q(status__in=OPEN_STATUSES)
    submitted = Q(status=Status.SUBMITTED)
    return {
        "awaiting_confirmation": submitted,
        "unconfirmed_late": submitted & Q(submitted_on__lte=waiting_since(today, UNCONFIRMED_WARNING_WORKING_DAYS, cal)),
        "unconfirmed_alert": submitted & Q(submitted_on__lte=waiting_since(today, UNCONFIRMED_ALERT_WORKING_DAYS, cal)),
        "due_soon": open_ & Q(due_on__gte=today, due_on__lte=due_soon_until(today, cal)),
        "overdue": open_ & Q(due_on__lt=today),
        "extension_pending": open_ & Q(extension_requested_on__isnull=False),
        "awaiting_correction": Q(status=Status.AWAITING_CORRECTION),
        "in_consultation": Q(status=Status.IN_CONSULTATION),
        "awaiting_payment": Q(status=Status.AWAITING_PAYMENT),
        "in_hand": submitted | open_,
    }


def counts(qs, today: date, conditions: dict[str, Q] | None = None) -> dict[str, int]:
    """All counts of ``qs`` in one query (only cases in hand are read)."""
    conditions = conditions or filters(today)
    return qs.in_hand().aggregate(**{k: Count("pk", filter=q) for k, q in conditions.items()})


def per_agency(qs, today: date, agency_ids, conditions: dict[str, Q] | None = None) -> dict[int, dict[str, int]]:
    """``{agency_id: counts}`` for the given agencies, in one grouped query."""
    conditions = conditions or filters(today)
    rows = (qs.in_hand().filter(agency_id__in=list(agency_ids)).order_by().values("agency_id")
            .annotate(**{k: Count("pk", filter=q) for k, q in conditions.items()}))
    empty = dict.fromkeys(conditions, 0)
    out = {pk: dict(empty) for pk in agency_ids}
    for row in rows:
        out[row.pop("agency_id")] = row
    return out


def mine(user) -> Q:
    """The officer's cases: assigned to him, or unassigned in an agency where he is an officer."""
    return Q(officer=user) | Q(officer__isnull=True, agency__in=staff_agencies(user, (Role.OFFICER,)))


def scope(user) -> tuple[str, object, object]:
    """(scope key, applications, agencies) of what the user answers for: the widest of his roles."""
    overseen = staff_agencies(user, (Role.DISCLOSURE_OFFICE, Role.ADMIN))
    if overseen.exists():
        return "agencies", Application.objects.filter(agency__in=overseen), overseen
    headed = staff_agencies(user, (Role.HEAD,))
    if headed.exists():
        return "agency", Application.objects.filter(agency__in=headed), headed
    return "mine", Application.objects.filter(mine(user)), staff_agencies(user, (Role.OFFICER,))


SCOPE_LABELS = {"mine": "我经办的（含本机关未指定经办人的申请）", "agency": "本机关", "agencies": "所辖各机关"}


def for_user(user, today: date) -> dict:
    """The summary for ``user``: ``{"scope", "scope_label", <counts>}``."""
    key, qs, _ = scope(user)
    return {"scope": key, "scope_label": SCOPE_LABELS[key], **counts(qs, today)}
