"""gongkai holidays list | show YEAR | import FILE — the working-day calendar's holiday table."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

from gongkai.cli import CommandError, setup_django

HELP = "节假日表：list 列出已录入的年度安排，show 年份 显示该年放假和调休上班日，import 文件 录入一年的官方安排。"


def add_arguments(parser):
    sub = parser.add_subparsers(dest="action", metavar="操作")
    sub.required = True
    p = sub.add_parser("list", help="列出各年份的数据来源")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p = sub.add_parser("show", help="显示一年的放假日和调休上班日")
    p.add_argument("year", help="年份，如 2026")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p = sub.add_parser("import", help="录入一年的官方放假安排（JSON 或文本格式，见 docs/holidays.md）")
    p.add_argument("file", help="文件路径")


def _year(value: str) -> int:
    try:
        year = int(value)
    except ValueError:
        raise CommandError(f"年份“{value}”无效，应为四位数字。") from None
    if not 1990 <= year <= 2200:
        raise CommandError(f"年份 {year} 超出范围（1990—2200）。")
    return year


def _special_days(cal, year: int) -> list[dict]:
    """Dates that differ from the Mon–Fri rule: weekdays off and weekend days worked."""
    out = []
    d = date(year, 1, 1)
    while d.year == year:
        weekend = d.weekday() >= 5
        work = cal.is_workday(d)
        if work == weekend:
            out.append({"date": d.isoformat(), "workday": work, "reason": cal.describe(d)})
        d += timedelta(days=1)
    return out


def run(args):
    setup_django()
    from gongkai.accounts.holidays import current_calendar

    cal = current_calendar()
    from gongkai.accounts.models import Holiday, HolidayYear

    if args.action == "list":
        entered = {y.year: y.source for y in HolidayYear.objects.all()}
        rows = [{"year": y, "source": "chinesecalendar（官方通知）" + ("；另有本地录入" if y in entered else ""),
                 "provisional": False} for y in range(2004, 2027)]
        rows += [{"year": y, "source": s or "本地录入", "provisional": False} for y, s in sorted(entered.items())
                 if y > 2026 or y < 2004]
        overrides = Holiday.objects.count()
        if args.format == "json":
            print(json.dumps({"years": rows, "local_entries": overrides}, ensure_ascii=False, indent=2))
        else:
            for r in rows:
                print(f"{r['year']}  {r['source']}")
            print(f"本地录入的调整日期共 {overrides} 个。其他年份按暂定规则（周一至周五上班，1月1日放假）计算。")
        return 0
    if args.action == "show":
        year = _year(args.year)
        days = _special_days(cal, year)
        known = cal.is_known(year)
        if args.format == "json":
            print(json.dumps({"year": year, "provisional": not known, "days": days}, ensure_ascii=False, indent=2))
        else:
            if not known:
                print(f"注意：{year}年尚无官方放假安排，以下为暂定规则的结果。")
            for d in days:
                print(f"{d['date']}  {'上班' if d['workday'] else '放假'}  {d['reason']}")
        return 0
    # import
    from gongkai.accounts.holidays import import_arrangement
    from gongkai.rules.calendar import parse_arrangement

    path = Path(args.file)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CommandError(f"文件不存在：{path}") from None
    except (OSError, UnicodeDecodeError) as e:
        raise CommandError(f"无法读取文件 {path}：{e}") from None
    try:
        arrangement = parse_arrangement(text)
    except ValueError as e:
        raise CommandError(str(e)) from None
    n = import_arrangement(arrangement.year, list(arrangement), arrangement.source)
    print(f"已录入{arrangement.year}年放假安排：{n}个日期（{arrangement.source or '未注明依据'}）。")
    return 0
