"""WorkCalendar and parse_arrangement — expected values from the notices in domain.md §5.3."""

from datetime import date

import pytest

from gongkai.rules.calendar import PROVISIONAL_NOTE, Arrangement, WorkCalendar, parse_arrangement

cal = WorkCalendar()


def test_it_counts_the_official_working_days_of_a_year():
    # domain.md §5.1: 2024 = 366−104−11 = 251; 2025 and 2026 = 365−104−13 = 248.
    assert cal.workdays_between(date(2023, 12, 31), date(2024, 12, 31)) == 251
    assert cal.workdays_between(date(2024, 12, 31), date(2025, 12, 31)) == 248
    assert cal.workdays_between(date(2025, 12, 31), date(2026, 12, 31)) == 248


def test_it_follows_the_2025_spring_festival_arrangement():
    # 国办发明电〔2024〕12号: 春节 1月28日–2月4日; 上班 1月26日（周日）、2月8日（周六）.
    assert cal.is_workday(date(2025, 1, 27))
    assert not cal.is_workday(date(2025, 1, 28))
    assert not cal.is_workday(date(2025, 2, 4))
    assert cal.is_workday(date(2025, 2, 5))
    assert cal.is_workday(date(2025, 1, 26))
    assert cal.is_workday(date(2025, 2, 8))
    assert not cal.is_workday(date(2025, 1, 25))  # an ordinary Saturday


def test_it_describes_days_in_chinese():
    assert cal.describe(date(2025, 1, 27)) == "工作日"
    assert cal.describe(date(2025, 1, 25)) == "周末"
    assert cal.describe(date(2025, 1, 29)) == "法定节假日（春节）"
    assert cal.describe(date(2025, 1, 26)) == "调休上班日（春节）"
    assert cal.describe(date(2025, 10, 8)) == "法定节假日（国庆节）"
    assert cal.describe(date(2027, 1, 1)) == f"放假（元旦，{PROVISIONAL_NOTE}）"
    assert cal.describe(date(2027, 1, 4)) == f"工作日（{PROVISIONAL_NOTE}）"
    assert cal.describe(date(2027, 1, 2)) == f"周末（{PROVISIONAL_NOTE}）"


def test_it_knows_the_years_chinesecalendar_has():
    assert cal.is_known(2004)
    assert cal.is_known(2026)
    assert not cal.is_known(2003)
    assert not cal.is_known(2027)


def test_it_uses_the_provisional_rule_for_an_unknown_year():
    # 2027-01-01 is a Friday (off: 元旦), 01-02/03 the weekend, 01-04 a Monday.
    assert not cal.is_workday(date(2027, 1, 1))
    assert not cal.is_workday(date(2027, 1, 2))
    assert cal.is_workday(date(2027, 1, 4))
    assert cal.is_workday(date(2027, 2, 8))  # really 春节 week: the provisional rule does not know


def test_it_lists_provisional_years():
    assert cal.provisional_years(date(2026, 12, 1), date(2028, 1, 5)) == {2027, 2028}
    assert cal.provisional_years(date(2025, 1, 1), date(2026, 12, 31)) == set()
    assert cal.provisional_years(date(2003, 12, 1), date(2004, 1, 5)) == {2003}


def test_it_lets_overrides_win_over_chinesecalendar():
    c = WorkCalendar(overrides={date(2025, 1, 27): False, date(2025, 1, 25): True},
                     names={date(2025, 1, 27): "地方节日"})
    assert not c.is_workday(date(2025, 1, 27))
    assert c.describe(date(2025, 1, 27)) == "法定节假日（地方节日）"
    assert c.is_workday(date(2025, 1, 25))
    assert c.describe(date(2025, 1, 25)) == "调休上班日"


def test_it_treats_a_year_entered_in_full_as_known():
    days = parse_arrangement("year: 2027\n2027-01-01 放假 元旦\n2027-02-06..2027-02-12 放假 春节\n"
                             "2027-02-14 上班 春节调休\n")
    c = WorkCalendar(overrides={d: w for d, w, _ in days}, names={d: n for d, _, n in days},
                     known_years=[days.year])
    assert c.is_known(2027)
    assert c.provisional_years(date(2027, 1, 1), date(2027, 12, 31)) == set()
    assert not c.is_workday(date(2027, 2, 8))
    assert c.is_workday(date(2027, 2, 14))  # a Sunday
    assert c.describe(date(2027, 2, 14)) == "调休上班日（春节调休）"
    assert c.describe(date(2027, 2, 9)) == "法定节假日（春节）"
    assert c.describe(date(2027, 3, 1)) == "工作日"


def test_it_does_not_make_a_year_known_by_a_few_overrides():
    c = WorkCalendar(overrides={date(2027, 2, 8): False})
    assert not c.is_known(2027)
    assert not c.is_workday(date(2027, 2, 8))


def test_it_adds_working_days_without_counting_the_start():
    # 2025-01-20 (Mon) → 21,22,23,24, 26(Sun, 调休), 27, then 2-5: the 7th working day.
    assert cal.add_workdays(date(2025, 1, 20), 1) == date(2025, 1, 21)
    assert cal.add_workdays(date(2025, 1, 20), 7) == date(2025, 2, 5)
    assert cal.add_workdays(date(2025, 1, 24), 1) == date(2025, 1, 26)


def test_it_counts_working_days_in_a_half_open_range():
    assert cal.workdays_between(date(2025, 1, 20), date(2025, 2, 21)) == 20
    assert cal.workdays_between(date(2025, 1, 20), date(2025, 1, 20)) == 0
    assert cal.workdays_between(date(2025, 1, 21), date(2025, 1, 20)) == 0


@pytest.mark.parametrize("n", [0, -1, 1.5, True, "3"])
def test_it_refuses_a_bad_number_of_working_days(n):
    with pytest.raises(ValueError, match="工作日数"):
        cal.add_workdays(date(2025, 1, 20), n)


TEXT = """\
# 国务院办公厅关于2027年部分节假日安排的通知（示例）
year: 2027
source：国办发明电〔2026〕N号
2026-12-31 放假 元旦
2027-01-01 放假 元旦   # 周五
2027-02-05..2027-02-07 放假 春节
2027-02-14 上班 春节调休
2027-03-01 休息
"""


def test_it_parses_the_text_format():
    days = parse_arrangement(TEXT)
    assert isinstance(days, Arrangement)
    assert days.year == 2027
    assert days.source == "国办发明电〔2026〕N号"
    assert days == [
        (date(2026, 12, 31), False, "元旦"),
        (date(2027, 1, 1), False, "元旦"),
        (date(2027, 2, 5), False, "春节"),
        (date(2027, 2, 6), False, "春节"),
        (date(2027, 2, 7), False, "春节"),
        (date(2027, 2, 14), True, "春节调休"),
        (date(2027, 3, 1), False, ""),
    ]


def test_it_parses_the_equivalent_json_format():
    text = """{"year": 2027, "source": "国办发明电〔2026〕N号", "days": [
        {"date": "2027-01-01", "workday": false, "name": "元旦"},
        {"date": "2027-02-05..2027-02-07", "workday": false, "name": "春节"},
        {"date": "2027-02-14", "workday": true, "name": "春节调休"}]}"""
    days = parse_arrangement(text)
    assert (days.year, days.source) == (2027, "国办发明电〔2026〕N号")
    assert days == [
        (date(2027, 1, 1), False, "元旦"),
        (date(2027, 2, 5), False, "春节"),
        (date(2027, 2, 6), False, "春节"),
        (date(2027, 2, 7), False, "春节"),
        (date(2027, 2, 14), True, "春节调休"),
    ]
    assert parse_arrangement(text.encode("utf-8")) == days


@pytest.mark.parametrize("text, message", [
    ("2027-01-01 放假 元旦\n", "缺少“year"),
    ("year: 2027\n", "没有任何日期"),
    ("year: 2027\n2027-13-01 放假\n", "第2行：日期“2027-13-01”不存在"),
    ("year: 2027\n\n2027/01/01 放假\n", "第3行：日期“2027/01/01”格式应为"),
    ("year: 2027\n2027-01-01 请假\n", "第2行：“请假”应为“放假”或“上班”"),
    ("year: 2027\n2027-01-01\n", "第2行：应为"),
    ("year: 2027\n2027-02-11..2027-02-05 放假\n", "第2行：日期范围.*结束日期早于开始日期"),
    ("year: 2027\n2027-01-01 放假\n2027-01-01 上班\n", "第3行：日期 2027-01-01 重复出现（先见于第2行）"),
    ("year: 2027\n2028-01-01 放假\n", "第2行：日期 2028-01-01 不属于2027年"),
    ("year: 二〇二七\n", "第1行：年份"),
    ('{"year": 2027, "days": [{"date": "2027-01-01"}]}', "第1项：“workday”应为"),
    ('{"year": 2027, "days": []}', "缺少“days”"),
    ('{"days": [{"date": "2027-01-01", "workday": false}]}', "缺少“year”"),
    ('{"year": 2027,\n "days": [}', "第2行：JSON 格式有误"),
])
def test_it_refuses_bad_arrangements_naming_the_line(text, message):
    with pytest.raises(ValueError, match=message):
        parse_arrangement(text)
