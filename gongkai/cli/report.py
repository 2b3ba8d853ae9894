"""gongkai report AGENCY YEAR --format html|docx|pdf|xlsx|json [-o FILE]"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from gongkai.cli import CommandError

HELP = "生成机关某年度的政府信息公开工作年度报告（表格由办理记录计算），导出为 HTML、DOCX、PDF、XLSX 或 JSON。"
FORMATS = ("html", "docx", "pdf", "xlsx", "json")


def add_arguments(parser):
    parser.add_argument("agency", help="机关代码或机关全称，如 huzhu-zrj 或 互助县自然资源局")
    parser.add_argument("year", help="年度，如 2024")
    parser.add_argument("--format", choices=FORMATS, default="json", help="导出格式（默认 json）")
    parser.add_argument("-o", "--output", help="输出文件；省略时 json/html 输出到屏幕")
    parser.add_argument("--live", action="store_true",
                        help="忽略已发布版本，按当前办理记录重新计算")


def run(args):
    if args.format not in ("json", "html") and not args.output:
        raise CommandError(f"{args.format} 是二进制格式，请用 -o 指定输出文件。")
    try:
        year = int(args.year)
    except ValueError:
        raise CommandError(f"年度“{args.year}”无效，应为四位数字。") from None
    from gongkai.cli import setup_django

    setup_django()
    from django.db import DatabaseError
    from django.db.models import Q

    from gongkai.accounts.models import Agency
    from gongkai.reports import builder
    from gongkai.reports.models import AnnualReport, Status

    try:
        agency = Agency.objects.filter(Q(code=args.agency) | Q(name=args.agency)).first()
    except DatabaseError as e:
        raise CommandError(f"无法读取数据库（是否已运行 gongkai serve 或 gongkai demo？）：{e}") from None
    if agency is None:
        raise CommandError(f"没有找到机关“{args.agency}”。可用 gongkai manage shell 或 /api/v1/agencies 查看机关代码。")
    from datetime import date

    if not 2008 <= year <= date.today().year:
        raise CommandError(f"年度 {year} 无效：应为2008年至今年之间。")

    report = None if args.live else (
        AnnualReport.objects.filter(agency=agency, year=year, status=Status.PUBLISHED).first()
        or AnnualReport.objects.working().filter(agency=agency, year=year).first())
    if report is None:  # tables and identities only: the narrative here is the suggested one
        report = AnnualReport(agency=agency, year=year, status=Status.DRAFT)
        report.tables = builder.compute_tables(agency, year)
        report.fill_sections(builder.suggested_sections(agency, year, report.tables))
        report.findings = builder.findings_for(agency, year, report.tables)
    elif report.status != Status.PUBLISHED:
        builder.refresh(report)

    if args.format == "json":
        payload = {"agency": agency.name, "agency_code": agency.code, "year": year,
                   "status": report.status, "version": report.version,
                   "published_on": report.published_on.isoformat() if report.published_on else None,
                   "tables": _numbers(report.tables), "findings": report.findings}
        data = json.dumps(payload, ensure_ascii=False, indent=2).encode("utf-8") + b"\n"
    else:
        from gongkai.reports.exports import render

        data = render(builder.to_document(report), args.format)
    if args.output:
        try:
            Path(args.output).write_bytes(data)
        except OSError as e:
            raise CommandError(f"无法写入 {args.output}：{e.strerror}") from None
        print(f"已生成 {args.output}（{report.title if report.pk else agency.name + str(year) + '年度报告'}）",
              file=sys.stderr)
    else:
        sys.stdout.write(data.decode("utf-8"))
    return 1 if any(f.get("severity") == "error" for f in report.findings) else 0


def _numbers(tables: dict) -> dict:
    """Every cell an int, the fee a number (万元)."""
    from decimal import Decimal

    return {t: {r: {c: (float(v) if isinstance(v, Decimal) else v) for c, v in cols.items()}
                for r, cols in rows.items()} for t, rows in tables.items()}
