"""The working-day calendar as the platform uses it: ``chinesecalendar`` plus the holiday table.

The table (``Holiday``) is agency-editable so that next year's arrangement can be entered the
day the 国务院办公厅 notice appears; ``HolidayYear`` marks a year entered in full.
"""

from __future__ import annotations

from django.db import DatabaseError, transaction
from django.db.models import Q

from gongkai.rules.calendar import WorkCalendar


def calendar_from_db() -> WorkCalendar:
    from .models import Holiday, HolidayYear

    rows = list(Holiday.objects.values_list("date", "is_workday", "name"))
    return WorkCalendar(
        overrides={d: w for d, w, _ in rows},
        names={d: n for d, _, n in rows if n},
        known_years=HolidayYear.objects.values_list("year", flat=True),
    )


def current_calendar() -> WorkCalendar:
    """The calendar with the database's overrides; the plain one when there is no database yet.
    Django must be set up (the command line does it first: ``gongkai.cli.setup_django``)."""
    try:
        return calendar_from_db()
    except DatabaseError:
        return WorkCalendar()


@transaction.atomic
def import_arrangement(year: int, days, source: str = "") -> int:
    """Replace one year's entries with an official arrangement; returns the number of dates stored."""
    from .models import Holiday, HolidayYear

    days = list(days)
    # an arrangement may reach into the previous December (a 元旦 break): replace those dates too
    Holiday.objects.filter(Q(date__year=year) | Q(date__in=[d for d, _, _ in days])).delete()
    Holiday.objects.bulk_create(
        [Holiday(date=d, is_workday=w, name=n or "", source=source) for d, w, n in days]
    )
    HolidayYear.objects.update_or_create(year=year, defaults={"source": source})
    return len(days)
