"""The 依申请公开 panel of the staff dashboard (registered in ``apps.py``): the to-do counts per
role (``summary``), each linking to its work list; for heads the extensions awaiting their
decision; for the 政务公开办 one row per agency, paged, with the other apps' status columns
(e.g. the annual report, ``portal.menu.AGENCY_STATUS``)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.utils import timezone

from gongkai.portal.menu import AGENCY_STATUS

from . import summary

AGENCIES_PER_PAGE = 50
SHOWN = ("awaiting_confirmation", "unconfirmed_alert", "due_soon", "overdue", "extension_pending",
         "awaiting_correction", "in_consultation", "awaiting_payment", "in_hand")
TONE = {"overdue": "danger", "unconfirmed_alert": "danger", "due_soon": "warn", "extension_pending": "warn"}
#: summary key → work list name
LIST_OF = {"awaiting_confirmation": "awaiting_confirmation", "unconfirmed_alert": "awaiting_confirmation&late=alert",
           "unconfirmed_late": "awaiting_confirmation&late=warning", "due_soon": "due_soon", "overdue": "overdue",
           "extension_pending": "extension_pending", "awaiting_correction": "awaiting_correction",
           "in_consultation": "in_consultation", "awaiting_payment": "awaiting_payment", "in_hand": "open"}


def panel(request) -> dict | None:
    user = request.user
    today = timezone.localdate()
    key, qs, agencies = summary.scope(user)
    if key == "mine" and not agencies.exists():
        return None
    conditions = summary.filters(today)
    figures = summary.counts(qs, today, conditions)
    tiles = [{"key": k, "label": summary.LABELS[k], "n": figures[k], "list": LIST_OF[k],
              "tone": TONE.get(k, "") if figures[k] else ""} for k in SHOWN]
    out = {"scope": key, "scope_label": summary.SCOPE_LABELS[key], "tiles": tiles, "today": today,
           "list_scope": "mine" if key == "mine" else ""}
    if key in ("agency", "agencies"):
        out["pending"] = list(qs.extension_pending().select_related("agency").order_by("due_on", "pk")[:10])
    if key == "agencies":
        page = Paginator(agencies.order_by("code").only("pk", "code", "name", "short_name", "kind"), AGENCIES_PER_PAGE).get_page(
            request.GET.get("agencies_page"))
        ids = [a.pk for a in page]
        rows = summary.per_agency(qs, today, ids, conditions)
        extra = {label: fn(list(page), today) for label, fn in AGENCY_STATUS.items()}
        out["agency_page"] = page
        out["extra_labels"] = list(extra)
        out["agency_rows"] = [{"agency": a, "n": rows[a.pk], "extra": [extra[label].get(a.pk, "") for label in extra]}
                              for a in page]
    return out
