"""gongkai deadline — the 补正 notice and reply due dates of one application (条例第三十、三十三条).

    gongkai deadline 2025-01-20
    gongkai deadline 2025-03-03 --correction-received 2025-04-02
    gongkai deadline 2025-06-03 --pause 2025-06-16:2025-06-18 --extend 20 --explain --format json

The calendar is the official one plus the agency-editable holiday table when a database is set
up (``gongkai.accounts.holidays.current_calendar``).
"""

from __future__ import annotations

import json
import re
import sys
from datetime import date

from gongkai.cli import CommandError, setup_django
from gongkai.rules.calendar import WorkCalendar
from gongkai.rules.clock import MAX_EXTENSION_WORKING_DAYS, PAUSE_KINDS, ClockResult, Event, compute

HELP = "计算依申请公开的补正告知期限和答复期限（工作日，含节假日调休）。"

_WEEKDAYS = "一二三四五六日"
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def add_arguments(parser):
    parser.add_argument("received", metavar="收到申请日期",
                        help="条例第三十一条的收到申请之日，格式 YYYY-MM-DD（当日不计入期限）。")
    parser.add_argument("--correction-received", metavar="日期",
                        help="收到补正后申请的日期：答复期限自该日起重新计算（条例第三十条）。")
    parser.add_argument("--pause", action="append", default=[], metavar="起:止",
                        help="不计算在期限内的时段（首尾两日都不计入），如 2025-06-16:2025-06-18；"
                             "可加类型 :third_party（默认，征求第三方意见）、:agency（征求其他机关意见）、"
                             ":fee（等待缴费）；止日期留空表示尚未结束。可重复。")
    parser.add_argument("--extend", metavar="N",
                        help=f"延长答复期限的工作日数（1—{MAX_EXTENSION_WORKING_DAYS}，条例第三十三条）。")
    parser.add_argument("--explain", action="store_true", help="逐日列出是否计入及原因。")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="输出格式（默认 text）。")


def load_calendar() -> WorkCalendar:
    """The platform calendar (official data + the database holiday table), or the official one."""
    try:
        setup_django()
        from gongkai.accounts import holidays

        return holidays.current_calendar()
    except Exception as e:  # no settings or a broken database must not stop a date calculation
        print(f"gongkai deadline: 警告：无法读取节假日表（{e}），仅按官方节假日安排计算。", file=sys.stderr)
        return WorkCalendar()


def _parse_date(text: str, what: str) -> date:
    text = text.strip()
    if _DATE_RE.match(text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    raise CommandError(f"{what}“{text}”无效，应为存在的日期，格式 YYYY-MM-DD。")


def _parse_pause(text: str) -> list[Event]:
    parts = text.replace("：", ":").split(":")
    if len(parts) not in (2, 3):
        raise CommandError(f"暂停时段“{text}”格式应为 起:止，如 2025-06-16:2025-06-18。")
    kind = parts[2].strip() if len(parts) == 3 else "third_party"
    if kind not in PAUSE_KINDS:
        raise CommandError(f"暂停类型“{kind}”无效，可选：{'、'.join(PAUSE_KINDS)}。")
    first = _parse_date(parts[0], "暂停开始日期")
    events = [Event("pause_started", first, kind=kind)]
    if parts[1].strip():
        last = _parse_date(parts[1], "暂停结束日期")
        if last < first:
            raise CommandError(f"暂停时段“{text}”的结束日期早于开始日期。")
        events.append(Event("pause_ended", last, kind=kind))
    return events


def _parse_extension(text: str) -> int:
    try:
        n = int(text.strip())
    except ValueError:
        raise CommandError(f"延长的工作日数“{text}”应为1—{MAX_EXTENSION_WORKING_DAYS}的整数。") from None
    if not 1 <= n <= MAX_EXTENSION_WORKING_DAYS:
        raise CommandError(f"延长的期限最长不得超过{MAX_EXTENSION_WORKING_DAYS}个工作日（条例第三十三条），"
                           f"应为1—{MAX_EXTENSION_WORKING_DAYS}，收到：{n}。")
    return n


def build_events(args) -> list[Event]:
    received = _parse_date(args.received, "收到申请日期")
    events = [Event("received", received)]
    if args.correction_received:
        corrected = _parse_date(args.correction_received, "收到补正申请日期")
        if corrected < received:
            raise CommandError("收到补正申请的日期不能早于收到申请日期。")
        # The notice date is not asked for; it lies somewhere in between and does not move the dates.
        events += [Event("correction_requested", received), Event("correction_received", corrected)]
    for text in args.pause:
        events += _parse_pause(text)
    if args.extend is not None:
        # The decision date is not asked for: recorded on the receipt date, it cannot be “late”.
        events.append(Event("extended", received, working_days=_parse_extension(args.extend)))
    return events


def _day(d: date, note: str = "") -> str:
    return f"{d.isoformat()}（星期{_WEEKDAYS[d.weekday()]}{'，' + note if note else ''}）"


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def render_text(r: ClockResult, explain: bool) -> str:
    lines = []
    if r.received != r.original_received:
        lines.append(f"收到申请日期：{_day(r.original_received)}")
        lines.append(f"收到补正申请日期：{_day(r.received, '答复期限自该日起重新计算，当日不计入')}")
    else:
        lines.append(f"收到申请日期：{_day(r.received, '当日不计入')}")
    lines.append(f"补正告知期限：{_day(r.correction_notice_due, '收到申请后第7个工作日，条例第三十条')}")
    if r.due is None:
        lines.append(f"答复期限：暂停计算中，暂不能确定（已计{r.days_used}个工作日，共{r.days_allowed}个）")
    else:
        basis = f"第{r.days_allowed}个工作日"
        if r.extension_working_days:
            basis += f"，含延长{r.extension_working_days}个工作日"
        if r.due != r.base_due:
            basis += "，不计暂停时段"
        lines.append(f"答复期限：{_day(r.due, basis + '，条例第三十三条')}")
        if r.extension_working_days or r.due != r.base_due:
            lines.append(f"原答复期限：{_day(r.base_due, '第20个工作日')}")
    if r.provisional:
        years = "、".join(str(y) for y in sorted(r.provisional_years))
        lines.append(f"注意：{years}年尚无官方节假日安排，按暂定规则（周一至周五上班，1月1日放假）计算，"
                     "上述日期为暂定，官方安排公布后请重新计算。")
    for w in r.warnings:
        lines.append(f"注意：{w}")
    if explain:
        lines.append("")
        lines.append("逐日说明：")
        for day in r.explain():
            mark = f"第{day.ordinal:>2}个工作日" if day.counted else "不计入      "
            lines.append(f"  {day.date.isoformat()} 星期{_WEEKDAYS[day.date.weekday()]}  {mark}  {day.reason}")
    return "\n".join(lines)


def render_json(r: ClockResult, explain: bool) -> str:
    data = {
        "received": r.received.isoformat(),
        "correction_notice_due": r.correction_notice_due.isoformat(),
        "due": _iso(r.due),
        "provisional": r.provisional,
    }
    if explain:
        data["days"] = [day.as_dict() for day in r.explain()]
    return json.dumps(data, ensure_ascii=False, indent=2)


def run(args) -> int:
    events = build_events(args)
    calendar = load_calendar()
    try:
        result = compute(events, calendar)
    except ValueError as e:
        raise CommandError(str(e)) from None
    render = render_json if args.format == "json" else render_text
    print(render(result, args.explain))
    return 0
