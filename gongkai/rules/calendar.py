"""Working days (工作日) as the 条例 counts them — domain.md §5.1.

``is_workday(d) = d ∈ 调休上班日 or (d is Mon–Fri and d ∉ 放假日)``.

Three layers, the first that has an answer wins:

1. ``overrides`` — dates entered by the agency (the holiday table in the database): ``True`` is a
   working day (调休上班), ``False`` a day off (放假). Used for next year's arrangement before a
   ``chinesecalendar`` release carries it, and for local holidays (放假办法第四条).
2. ``chinesecalendar`` — the official arrangements of the years it has data for (2004–2026 in
   1.11.0; a newer release adds years without a change here).
3. The *provisional* rule for a year nobody entered: Monday–Friday work, 1 January off. A result
   resting on it is flagged: :meth:`WorkCalendar.is_known` / :meth:`WorkCalendar.provisional_years`
   say so, and :meth:`WorkCalendar.describe` ends with “暂定”. An unknown year is never silently
   treated as known.

No Django here: the database layer builds a :class:`WorkCalendar` and passes it in
(``gongkai.accounts.holidays.current_calendar``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from datetime import date, timedelta

import chinese_calendar
from chinese_calendar.constants import Holiday

__all__ = ["WorkCalendar", "Arrangement", "parse_arrangement", "PROVISIONAL_NOTE"]

PROVISIONAL_NOTE = "暂定：无该年官方安排"

_ONE_DAY = timedelta(days=1)


def _chinese_holiday_name(name: str | None) -> str:
    if not name:
        return ""
    try:
        return Holiday(name).chinese
    except ValueError:
        return name


class WorkCalendar:
    """Which days are working days; immutable once built, cheap to query."""

    def __init__(
        self,
        overrides: Mapping[date, bool] | None = None,
        known_years: Iterable[int] = (),
        names: Mapping[date, str] | None = None,
    ):
        self._overrides: dict[date, bool] = {}
        for d, workday in (overrides or {}).items():
            if not isinstance(d, date):
                raise ValueError(f"节假日调整的日期无效：{d!r}")
            self._overrides[d] = bool(workday)
        self._names: dict[date, str] = {d: n for d, n in (names or {}).items() if n}
        self._known_years: frozenset[int] = frozenset(int(y) for y in known_years)
        self._official: dict[int, bool] = {}

    # -- years ------------------------------------------------------------------------------

    def _has_official_data(self, year: int) -> bool:
        if year not in self._official:
            try:
                chinese_calendar.get_holiday_detail(date(year, 6, 1))
            except NotImplementedError:
                self._official[year] = False
            else:
                self._official[year] = True
        return self._official[year]

    def is_known(self, year: int) -> bool:
        """True when the year's arrangement is official data or was entered in full."""
        return year in self._known_years or self._has_official_data(year)

    def provisional_years(self, start: date, end: date) -> set[int]:
        """Years touched by the closed range [start, end] whose arrangement is not known."""
        lo, hi = sorted((start.year, end.year))
        return {y for y in range(lo, hi + 1) if not self.is_known(y)}

    # -- days -------------------------------------------------------------------------------

    def _official_detail(self, d: date) -> tuple[bool, str] | None:
        """(is_workday, Chinese holiday name) from chinesecalendar, None for a year it lacks."""
        if not self._has_official_data(d.year):
            return None
        is_holiday, name = chinese_calendar.get_holiday_detail(d)
        return (not is_holiday), _chinese_holiday_name(name)

    def is_workday(self, d: date) -> bool:
        if d in self._overrides:
            return self._overrides[d]
        official = self._official_detail(d)
        if official is not None:
            return official[0]
        if d.year in self._known_years:  # entered in full: what is not listed is an ordinary day
            return d.weekday() < 5
        return d.weekday() < 5 and (d.month, d.day) != (1, 1)

    def describe(self, d: date) -> str:
        """Why ``d`` is or is not a working day, in Chinese (for ``explain`` and the UI)."""
        weekend = d.weekday() >= 5
        if d in self._overrides:
            name = self._names.get(d, "")
            if self._overrides[d]:
                if weekend:
                    return f"调休上班日（{name}）" if name else "调休上班日"
                return "工作日"
            if name:
                return f"法定节假日（{name}）"
            return "周末" if weekend else "放假"
        official = self._official_detail(d)
        if official is not None:
            workday, name = official
            if workday:
                if weekend:
                    return f"调休上班日（{name}）" if name else "调休上班日"
                return "工作日"
            if name:
                return f"法定节假日（{name}）"
            return "周末"
        if d.year in self._known_years:
            return "周末" if weekend else "工作日"
        if weekend:
            return f"周末（{PROVISIONAL_NOTE}）"
        if (d.month, d.day) == (1, 1):
            return f"放假（元旦，{PROVISIONAL_NOTE}）"
        return f"工作日（{PROVISIONAL_NOTE}）"

    def add_workdays(self, start: date, n: int) -> date:
        """The n-th working day after ``start`` (``start`` itself is never counted); n ≥ 1."""
        if isinstance(n, bool) or not isinstance(n, int) or n < 1:
            raise ValueError(f"工作日数应为正整数，收到：{n!r}")
        d = start
        while n:
            d += _ONE_DAY
            if self.is_workday(d):
                n -= 1
        return d

    def workdays_between(self, start: date, end: date) -> int:
        """Number of working days in (start, end]; 0 when end ≤ start."""
        count = 0
        d = start + _ONE_DAY
        while d <= end:
            if self.is_workday(d):
                count += 1
            d += _ONE_DAY
        return count

    def __repr__(self) -> str:
        return (f"WorkCalendar(overrides={len(self._overrides)} dates, "
                f"known_years={sorted(self._known_years)})")


# -- one year's official arrangement as a file ----------------------------------------------


class Arrangement(list):
    """The parsed days ``[(date, is_workday, name), …]`` plus ``year`` and ``source``.

    A plain list for callers that only want the days; ``year`` and ``source`` ride along for
    ``gongkai holidays import``.
    """

    def __init__(self, days: Iterable[tuple[date, bool, str]] = (), *, year: int, source: str = ""):
        super().__init__(days)
        self.year = year
        self.source = source


_DATE_RE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_RANGE_SEPARATORS = ("..", "～", "~", "至")
_OFF_WORDS = {"放假": False, "休息": False, "休": False, "上班": True, "工作": True, "班": True}
_FULL_WIDTH = str.maketrans({"：": ":", "\u3000": " ", "－": "-", "．": "."})
_MAX_RANGE_DAYS = 31


def _parse_date(text: str, where: str) -> date:
    m = _DATE_RE.match(text.strip())
    if not m:
        raise ValueError(f"{where}：日期“{text}”格式应为 YYYY-MM-DD。")
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        raise ValueError(f"{where}：日期“{text}”不存在。") from None


def _parse_span(text: str, where: str) -> list[date]:
    for sep in _RANGE_SEPARATORS:
        if sep in text:
            first_text, _, last_text = text.partition(sep)
            first, last = _parse_date(first_text, where), _parse_date(last_text, where)
            if last < first:
                raise ValueError(f"{where}：日期范围“{text}”的结束日期早于开始日期。")
            if (last - first).days >= _MAX_RANGE_DAYS:
                raise ValueError(f"{where}：日期范围“{text}”超过{_MAX_RANGE_DAYS}天，请检查。")
            return [first + timedelta(days=i) for i in range((last - first).days + 1)]
    return [_parse_date(text, where)]


def _parse_year(value: object, where: str) -> int:
    if isinstance(value, bool):
        value = None
    try:
        year = int(str(value).strip())
    except (TypeError, ValueError):
        raise ValueError(f"{where}：年份“{value}”应为四位数字。") from None
    if not 1900 <= year <= 2999:
        raise ValueError(f"{where}：年份“{year}”超出范围。")
    return year


def _add_days(result: dict[date, tuple[bool, str, str]], days: list[date], workday: bool,
              name: str, where: str) -> None:
    for d in days:
        if d in result:
            raise ValueError(f"{where}：日期 {d.isoformat()} 重复出现（先见于{result[d][2]}）。")
        result[d] = (workday, name, where)


def _check_years(result: dict[date, tuple[bool, str, str]], year: int) -> None:
    for d, (_, _, where) in result.items():
        # 元旦 ranges may start in the last days of the previous December (e.g. 2023-12-30 for 2024).
        if d.year == year or (d.year == year - 1 and d.month == 12):
            continue
        raise ValueError(f"{where}：日期 {d.isoformat()} 不属于{year}年的安排。")


def _parse_json(data: Mapping) -> Arrangement:
    if not isinstance(data, Mapping):
        raise ValueError("节假日安排的 JSON 顶层应为对象。")
    if "year" not in data:
        raise ValueError("节假日安排缺少“year”（年份）。")
    year = _parse_year(data["year"], "“year”")
    source = data.get("source") or ""
    if not isinstance(source, str):
        raise ValueError("“source”（文件依据）应为文字。")
    days = data.get("days")
    if not isinstance(days, list) or not days:
        raise ValueError("节假日安排缺少“days”（日期列表），或列表为空。")
    result: dict[date, tuple[bool, str, str]] = {}
    for i, item in enumerate(days, start=1):
        where = f"第{i}项"
        if not isinstance(item, Mapping):
            raise ValueError(f"{where}：应为含 date、workday、name 的对象。")
        if not isinstance(item.get("date"), str):
            raise ValueError(f"{where}：缺少“date”（日期）。")
        workday = item.get("workday")
        if not isinstance(workday, bool):
            raise ValueError(f"{where}：“workday”应为 true（上班）或 false（放假）。")
        name = item.get("name") or ""
        if not isinstance(name, str):
            raise ValueError(f"{where}：“name”（名称）应为文字。")
        _add_days(result, _parse_span(item["date"], where), workday, name.strip(), where)
    _check_years(result, year)
    return Arrangement(sorted((d, w, n) for d, (w, n, _) in result.items()), year=year, source=source.strip())


def _parse_text(text: str) -> Arrangement:
    year: int | None = None
    source = ""
    result: dict[date, tuple[bool, str, str]] = {}
    for lineno, raw in enumerate(text.splitlines(), start=1):
        where = f"第{lineno}行"
        line = raw.split("#", 1)[0].translate(_FULL_WIDTH).strip()
        if not line:
            continue
        key, sep, value = line.partition(":")
        if sep and key.strip().lower() in ("year", "年份"):
            if year is not None:
                raise ValueError(f"{where}：年份重复。")
            year = _parse_year(value, where)
            continue
        if sep and key.strip().lower() in ("source", "依据"):
            source = value.strip()
            continue
        parts = line.split(None, 2)
        if len(parts) < 2:
            raise ValueError(f"{where}：应为“日期或日期范围 放假|上班 名称”，如“2027-02-14 上班 春节调休”。")
        if parts[1] not in _OFF_WORDS:
            raise ValueError(f"{where}：“{parts[1]}”应为“放假”或“上班”。")
        name = parts[2].strip() if len(parts) > 2 else ""
        _add_days(result, _parse_span(parts[0], where), _OFF_WORDS[parts[1]], name, where)
    if year is None:
        raise ValueError("节假日安排缺少“year: 年份”一行。")
    if not result:
        raise ValueError("节假日安排中没有任何日期。")
    _check_years(result, year)
    return Arrangement(sorted((d, w, n) for d, (w, n, _) in result.items()), year=year, source=source)


def parse_arrangement(text_or_json: str | bytes | Mapping) -> Arrangement:
    """Parse one year's official 放假调休 arrangement (国务院办公厅 notice) → ``[(date, is_workday, name)]``.

    The result is an :class:`Arrangement`: a list sorted by date, with ``.year`` and ``.source``.
    Bad input raises ``ValueError`` with a Chinese message naming the line (text) or item (JSON).

    Two equivalent formats. **JSON** (text starting with ``{``, or an already-loaded mapping)::

        {"year": 2027,
         "source": "国办发明电〔2026〕N号",
         "days": [{"date": "2027-01-01", "workday": false, "name": "元旦"},
                  {"date": "2027-02-05..2027-02-11", "workday": false, "name": "春节"},
                  {"date": "2027-02-14", "workday": true, "name": "春节调休"}]}

    **Text**, one date or inclusive date range per line, ``#`` starts a comment::

        # 国务院办公厅关于2027年部分节假日安排的通知
        year: 2027
        source: 国办发明电〔2026〕N号
        2027-01-01 放假 元旦
        2027-02-05..2027-02-11 放假 春节
        2027-02-14 上班 春节调休

    Rules: ``year`` is required, ``source`` (the notice's 文号) recommended; a range is
    ``FIRST..LAST`` (also ``至`` or ``~``), inclusive, at most 31 days; ``放假`` (or ``休息``) marks
    days off, ``上班`` (or ``工作``) marks 调休上班日; the name is optional; full-width colons and
    spaces are accepted. List every day of each 放假 range (weekends inside it included) and every
    调休上班日; any other day of the year is an ordinary day (Mon–Fri work, weekends off). Dates must
    fall in ``year``, except late December of the previous year (元旦 breaks such as
    2023-12-30..2024-01-01). A date may appear only once.
    """
    if isinstance(text_or_json, Mapping):
        return _parse_json(text_or_json)
    if isinstance(text_or_json, bytes):
        try:
            text_or_json = text_or_json.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValueError("节假日安排文件应为 UTF-8 编码。") from None
    if not isinstance(text_or_json, str):
        raise ValueError("节假日安排应为文字或 JSON。")
    text = text_or_json.lstrip("\ufeff")
    if text.lstrip().startswith("{"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as e:
            raise ValueError(f"第{e.lineno}行：JSON 格式有误（{e.msg}）。") from None
        return _parse_json(data)
    return _parse_text(text)
