"""gongkai check — 年度报告体检: read published annual reports and say what is wrong with them.

Runs without Django or a database. Exit codes: 0 no errors found, 1 a report has errors,
2 a file cannot be read or is not an annual report.
"""

from __future__ import annotations

import json
import sys

from gongkai.cli import CommandError

HELP = "检查政府信息公开工作年度报告（TXT、HTML、DOCX、PDF，扫描件和图片用文字识别读取）：读出统计表，列出缺失和不一致之处。"

TABLE_NAMES = (("proactive", "表二"), ("applications", "表三"), ("appeals", "表四"))


def add_arguments(parser):
    parser.add_argument("files", nargs="+", metavar="文件", help="要检查的年度报告（可以有多个）")
    parser.add_argument("--format", choices=("text", "json"), default="text",
                        help="输出格式：text（默认）或 json")
    parser.add_argument("--previous", metavar="文件",
                        help="上一年度的年度报告，用于核对结转衔接（表三“上年结转”、表二“现行有效件数”）；"
                             "不指定时，多个文件中同一机关相邻年度的报告自动逐年核对")


def run(args) -> int:
    from gongkai.reports.importers import ReportReadError, check_file

    previous = None
    if args.previous:
        try:
            previous = check_file(args.previous)
        except ReportReadError as e:
            raise CommandError(f"上年报告 {args.previous} 无法读取：{e}") from None
    results = []
    code = 0
    for path in args.files:
        try:
            result = check_file(path, previous=previous)
        except ReportReadError as e:
            print(f"gongkai check: {path}：{e}", file=sys.stderr)
            results.append({"file": path, "error": str(e)})
            code = 2
            continue
        results.append(result)
    if previous is None:
        _pair(results)
    if code == 0 and any(not isinstance(r, dict) and r.has_errors for r in results):
        code = 1
    if args.format == "json":
        out = [r if isinstance(r, dict) else as_json(r) for r in results]
        print(json.dumps(out[0] if len(out) == 1 else out, ensure_ascii=False, indent=2))
    else:
        for i, r in enumerate(results):
            if i:
                print()
            if isinstance(r, dict):
                print(f"文件：{r['file']}\n  无法检查：{r['error']}")
            else:
                print(render_text(r))
    return code


def _pair(results) -> None:
    """Several years of one agency among the files: each is checked against the year before
    (``importers.pairs``), as ``--previous`` would."""
    from gongkai.reports.importers.checker import SEVERITY_ORDER
    from gongkai.reports.importers.pairs import pair_findings
    from gongkai.rules.annual_format import Finding

    checked = [r for r in results if not isinstance(r, dict)]
    for r, found in zip(checked, pair_findings([r.as_dict() for r in checked], [r.file for r in checked])):
        if found:
            r.findings.extend(Finding(f["code"], f["severity"], f["message"], f["location"]) for f in found)
            r.findings.sort(key=lambda f: (SEVERITY_ORDER.get(f.severity, 3), f.location.get("line") or 0))


def as_json(result) -> dict:
    """``result.as_dict()`` with each finding's Chinese name (``name``) beside its code."""
    from gongkai.reports.importers.codes import finding_name

    d = result.as_dict()
    d["findings"] = [{**f, "name": finding_name(f["code"])} for f in d["findings"]]
    return d


def render_text(result) -> str:
    d = result.as_dict()
    fmt = {"2021": "2021年格式", "2019": "2019年试行格式（已过时）"}.get(d["format"], "未能识别")
    lines = [
        f"文件：{d['file']}",
        f"机关：{d['agency'] or '（未识别）'}　年度：{d['year'] or '（未识别）'}　格式：{fmt}　"
        f"落款日期：{d['published_on'] or '（未写明）'}",
    ]
    from gongkai.reports.importers.codes import SEVERITY_NAMES, finding_name, severity_name
    from gongkai.rules.annual_format import SECTIONS

    marks = "　".join(f"{s.number}{'✓' if d['sections'].get(s.key) else '✗'}" for s in SECTIONS)
    lines.append(f"各部分：{marks}")
    parts = []
    for key, name in TABLE_NAMES:
        table = d["tables"].get(key)
        if table is None:
            parts.append(f"{name}未找到")
            continue
        cells = [v for row in table.values() for v in row.values()]
        blank = sum(1 for v in cells if v is None)
        parts.append(f"{name}{len(table)}行{len(cells)}格" + (f"（空白{blank}格）" if blank else ""))
    lines.append("统计表：" + "；".join(parts))
    counts = {s: sum(1 for f in d["findings"] if f["severity"] == s) for s in SEVERITY_NAMES}
    if not d["findings"]:
        lines.append("没有发现问题。")
    else:
        lines.append(f"发现问题：错误{counts['error']}个，警告{counts['warning']}个，提示{counts['info']}个")
        for f in d["findings"]:
            loc = f["location"]
            where = f"第{loc['line']}行" if loc.get("line") else ""
            if loc.get("page"):
                where = f"第{loc['page']}页" + where
            lines.append(f"  [{severity_name(f['severity'])}] {finding_name(f['code'])}（{f['code']}"
                         f"{'，' + where if where else ''}）：{f['message']}")
    return "\n".join(lines)
