"""``{{ d|prose_date }}`` → 2026年12月2日, ``{{ d|table_date }}`` → 2026-12-02 (see gongkai/portal/dates.py).

Both take an optional ``"time"`` (adds 14:05) or ``"seconds"`` (adds 14:05:09). Loaded as template
built-ins (settings.TEMPLATES), so no template needs ``{% load %}``.
"""

from django import template

from gongkai.portal import dates

register = template.Library()


@register.filter
def prose_date(value, precision: str = "") -> str:
    return dates.prose(value, precision)


@register.filter
def table_date(value, precision: str = "") -> str:
    return dates.table(value, precision)
