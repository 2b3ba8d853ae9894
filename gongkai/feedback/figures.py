"""Figures: the dashboard's (open items by owner, on-time rate, median reply time, overdue list)
and the annual report's (:func:`year_figures`, :func:`suggested_sentence`).

On time = the first reply on or before the first deadline (``initial_due_on``). The on-time rate's
denominator is the items that have *come due*: replied ones plus open ones past their deadline —
an item still within its period is neither on time nor late yet. Closed (invalid) items count as
received but not in the rate.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from statistics import median

from django.db.models import Count
from django.utils import timezone

from gongkai.accounts.holidays import current_calendar
from gongkai.accounts.models import Agency

from .models import Item, Rating, Satisfaction, Status


def _rate(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


def timeliness(items, *, on: date, calendar=None) -> dict:
    """On-time counts and the median first-reply time (working days) of ``items``."""
    calendar = calendar or current_calendar()
    rows = list(items.exclude(status=Status.CLOSED)
                .values_list("received_on", "initial_due_on", "first_replied_at", "status", "due_on"))
    replied = on_time = came_due = 0
    durations = []
    for received_on, initial_due_on, first_replied_at, status, due_on in rows:
        if first_replied_at is not None:
            replied_on = timezone.localdate(first_replied_at)
            replied += 1
            came_due += 1
            if replied_on <= initial_due_on:
                on_time += 1
            durations.append(calendar.workdays_between(received_on, replied_on))
        elif initial_due_on < on:
            came_due += 1
    return {
        "replied": replied,
        "on_time": on_time,
        "came_due": came_due,
        "on_time_rate": _rate(on_time, came_due),
        "median_reply_workdays": median(durations) if durations else None,
    }


def satisfaction(items) -> dict:
    counts = Counter(Rating.objects.filter(reply__item__in=items).values_list("value", flat=True))
    out = {s.value: counts.get(s.value, 0) for s in Satisfaction}
    out["rated"] = sum(out.values())
    return out


def year_figures(agency: Agency, year: int, *, include_children: bool = False, on: date | None = None) -> dict:
    """The year's interaction figures for the annual report (items received in ``year``).

    ``{"year", "received", "replied", "on_time", "came_due", "on_time_rate", "median_reply_workdays",
    "by_kind": {kind: n}, "satisfaction": {"satisfied", "basically", "unsatisfied", "rated"}}``.
    ``on`` (default today) decides which unanswered items are already late.
    """
    agencies = Agency.objects.under(agency) if include_children else Agency.objects.filter(pk=agency.pk)
    items = Item.objects.filter(agency__in=agencies).received_in(year)
    on = on or timezone.localdate()
    figures = {"year": year, "received": items.count()}
    figures.update(timeliness(items, on=on))
    figures["by_kind"] = dict(items.values_list("kind").annotate(n=Count("id")).order_by())
    figures["satisfaction"] = satisfaction(items)
    return figures


def _pct(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:.1f}".rstrip("0").rstrip(".") + "%"


def suggested_sentence(agency: Agency, year: int, *, include_children: bool = False, on: date | None = None) -> str:
    """A sentence for the annual report's narrative, citing the year's figures."""
    f = year_figures(agency, year, include_children=include_children, on=on)
    if not f["received"]:
        return f"{year}年未收到公众建议、咨询、投诉等互动事项。"
    s = f["satisfaction"]
    text = (f"{year}年共收到公众建议、咨询、投诉等互动事项{f['received']}件，"
            f"已到答复期限的{f['came_due']}件中按期答复{f['on_time']}件")
    if f["on_time_rate"] is not None:
        text += f"，按期答复率{_pct(f['on_time_rate'])}"
    if s["rated"]:
        text += f"；满意度评价{s['rated']}件，其中满意{s['satisfied']}件、基本满意{s['basically']}件"
    else:
        text += "；暂无满意度评价"
    return text + "。"


def dashboard(items, *, on: date) -> dict:
    """Open items by owner, timeliness of the year so far, and the overdue list."""
    open_items = items.open()
    by_owner = (open_items.values("owner", "owner__username", "owner__display_name")
                .annotate(n=Count("id")).order_by("-n", "owner__username"))
    overdue_by_owner = Counter(open_items.filter(due_on__lt=on).values_list("owner", flat=True))
    owners = [{
        "name": (r["owner__display_name"] or r["owner__username"]) if r["owner"] else "（待分派）",
        "open": r["n"],
        "overdue": overdue_by_owner.get(r["owner"], 0),
    } for r in by_owner]
    year_items = items.received_in(on.year)
    return {
        "owners": owners,
        "open": open_items.count(),
        "unassigned": open_items.filter(owner__isnull=True).count(),
        "year": on.year,
        "received": year_items.count(),
        "timeliness": timeliness(year_items, on=on),
        "satisfaction": satisfaction(year_items),
        "overdue": list(open_items.filter(due_on__lt=on).select_related("agency", "owner").order_by("due_on")[:200]),
    }
