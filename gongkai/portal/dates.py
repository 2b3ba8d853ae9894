"""The site's two ways of writing a date (issue 19 item 3).

* **prose** — in sentences, headings, notices, letters and e-mails: ``2026年12月2日`` (Arabic
  numerals, no leading zeros, as GB/T 9704 writes the date of an official document);
* **table** — in a table cell: ``2026-12-02`` (same width on every row, sorts as text).

A time, when one is wanted, follows as ``14:05`` (``14:05:09`` for audit logs). Aware datetimes are
shown in the site's time zone. Templates use the built-in filters ``prose_date`` and ``table_date``
(gongkai/portal/templatetags/dates.py); Python code calls :func:`prose` and :func:`table`. No
template writes ``|date:"…"`` with its own pattern, and a test holds rendered pages to these two
shapes (gongkai/portal/tests/test_dates.py).
"""

from __future__ import annotations

import datetime

from django.utils import timezone

_TIMES = {"": "", "time": " %H:%M", "seconds": " %H:%M:%S"}


def _split(value) -> tuple[datetime.date, datetime.datetime | None]:
    if isinstance(value, str):  # an ISO date kept in JSON (event data, check results)
        value = datetime.datetime.fromisoformat(value) if "T" in value else datetime.date.fromisoformat(value)
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.date(), value
    return value, None


def _time(moment: datetime.datetime | None, precision: str) -> str:
    if precision not in _TIMES:
        raise ValueError(f"unknown time precision {precision!r}: use 'time' or 'seconds'")
    return moment.strftime(_TIMES[precision]) if moment is not None and precision else ""


def prose(value, precision: str = "") -> str:
    """``2026年12月2日`` (with ``precision="time"``: ``2026年12月2日 14:05``); "" for None."""
    if value in (None, ""):
        return ""
    day, moment = _split(value)
    return f"{day.year}年{day.month}月{day.day}日" + _time(moment, precision)


def table(value, precision: str = "") -> str:
    """``2026-12-02`` (with ``precision="time"``: ``2026-12-02 14:05``); "" for None."""
    if value in (None, ""):
        return ""
    day, moment = _split(value)
    return day.isoformat() + _time(moment, precision)
