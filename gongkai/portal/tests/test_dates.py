"""Dates are written two ways only (issue 19 item 3): ``2026年12月2日`` in prose, ``2026-12-02`` in
table cells. The filters on their own; the demo's pages are held to them in test_demo_pages.py."""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.template import engines

from gongkai.portal import dates

SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_prose_and_table_shapes():
    day = datetime.date(2026, 12, 2)
    assert dates.prose(day) == "2026年12月2日"
    assert dates.table(day) == "2026-12-02"
    assert dates.prose(datetime.date(2025, 3, 5)) == "2025年3月5日"  # no leading zeros
    assert dates.prose(None) == dates.table(None) == ""
    assert dates.prose("2025-02-14") == "2025年2月14日"  # an ISO date kept in event data


def test_times_are_shown_in_the_sites_time_zone():
    moment = datetime.datetime(2026, 12, 1, 18, 5, 9, tzinfo=datetime.UTC)  # 2 December 02:05 in Beijing
    assert dates.prose(moment) == "2026年12月2日"
    assert dates.prose(moment, "time") == "2026年12月2日 02:05"
    assert dates.table(moment, "time") == "2026-12-02 02:05"
    assert dates.table(moment, "seconds") == "2026-12-02 02:05:09"
    with pytest.raises(ValueError):
        dates.table(moment, "minutes")


def test_the_filters_are_built_in_for_every_template():
    t = engines["django"].from_string('{{ d|prose_date }}｜{{ d|table_date }}｜{{ m|table_date:"time" }}｜{{ n|table_date|default:"—" }}')
    out = t.render({"d": datetime.date(2026, 12, 2), "m": datetime.datetime(2026, 12, 2, 9, 30, tzinfo=SHANGHAI),
                    "n": None})
    assert out == "2026年12月2日｜2026-12-02｜2026-12-02 09:30｜—"


def test_no_template_writes_its_own_date_pattern():
    """Every date in a template goes through prose_date or table_date; ``|date:"D"`` (the weekday) is
    the only pattern left, beside a table date in the working-day calendar."""
    root = Path(__file__).resolve().parents[2]
    found = []
    for path in root.rglob("templates/**/*.html"):
        for m in re.finditer(r"""\|date:(["'])([^"']*)\1""", path.read_text()):
            if m.group(2) != "D":
                found.append(f"{path.relative_to(root)}: {m.group(0)}")
    assert not found, found


def test_dates_django_formats_on_its_own_take_the_sites_shapes(db):
    from django import forms
    from django.utils import formats, translation

    with translation.override("zh-hans"):
        assert formats.date_format(datetime.date(2026, 9, 5), "SHORT_DATE_FORMAT") == "2026年9月5日"
        assert formats.localize(datetime.date(2026, 9, 5)) == "2026年9月5日"
        assert formats.date_format(datetime.date(2026, 9, 5), "MONTH_DAY_FORMAT") == "9月5日"

        class _Form(forms.Form):
            on = forms.DateField()

        assert 'value="2026-09-05"' in str(_Form(initial={"on": datetime.date(2026, 9, 5)})["on"])
        for typed in ("2026-09-05", "2026/09/05"):
            form = _Form({"on": typed})
            assert form.is_valid() and form.cleaned_data["on"] == datetime.date(2026, 9, 5), typed
