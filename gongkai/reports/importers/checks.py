"""Findings about a report beyond the tables' identities (those live in
``gongkai.rules.annual_format.check_tables``): missing parts, blank tables, rows the extraction
damaged, the narrative against the tables, the year, section 五 and 六, the publication deadline,
the format's edition. Each finding has a stable code; ``docs/checks.md`` lists them."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from gongkai.portal.dates import prose
from gongkai.reports.importers.normalize import BLANK, NUM, chinese_number, norm, squeeze
from gongkai.reports.importers.tables import ParsedTable
from gongkai.rules import annual_format as af
from gongkai.rules import narrative
from gongkai.rules.annual_format import ERROR, INFO, WARNING, Finding

TABLE_NUMBER = {"proactive": "二", "applications": "三", "appeals": "四"}
SECTION_TITLE = {s.key: s.heading for s in af.SECTIONS}


def _t(table: str) -> str:
    return f"表{TABLE_NUMBER[table]}"


# ---- parts of the report --------------------------------------------------------------------

def structure_findings(sections_present: dict[str, bool], headings: dict, tables: dict[str, ParsedTable],
                       values: dict[str, dict], line_loc) -> list[Finding]:
    out: list[Finding] = []
    for s in af.SECTIONS:
        if not sections_present[s.key]:
            out.append(Finding("section.missing", ERROR, f"缺少第{s.number}部分“{s.title}”。",
                               {"section": s.key}))
        elif s.key not in headings:
            table = tables.get(s.key)
            loc = {"section": s.key, **(line_loc(table.first_line) if table and table.first_line is not None else {})}
            out.append(Finding("section.untitled", WARNING,
                               f"第{s.number}部分“{s.title}”没有标题，只找到了它的表格。", loc))
    order = sorted((h.index, h.key) for h in headings.values())
    expected = [s.key for s in af.SECTIONS]
    keys = [k for _, k in order]
    if keys != sorted(keys, key=expected.index):
        out.append(Finding("section.out_of_order", WARNING,
                           "各部分的顺序与统一格式不一致（应为：总体情况、主动公开、依申请公开、复议诉讼、问题及改进、其他事项）。",
                           {"sections": keys}))
    for key in af.TABLE_KEYS:
        table = tables.get(key)
        tno = TABLE_NUMBER[key]
        if table is None or not table.found:
            out.append(Finding("table.missing", ERROR, f"缺少表{tno}（{SECTION_TITLE[key]}的统计表）。",
                               {"section": key, "table": key}))
            continue
        vals = values.get(key, {})
        shown = [v for row in vals.values() for v in row.values()]
        loc = {"section": key, "table": key, **line_loc(table.first_line)}
        if not shown or all(v is None for v in shown):
            out.append(Finding("table.blank", ERROR,
                               f"表{tno}有表格但没有填写任何数字（全部单元格为空）。", loc))
            continue
        blanks = sum(1 for v in shown if v is None)
        if blanks:
            out.append(Finding("table.incomplete", WARNING,
                               f"表{tno}有{blanks}个空白单元格（空白不等于0，请填写数字）。", dict(loc, blank_cells=blanks)))
    return out


def _printed_label(rr) -> str:
    return " ".join(t.text for t in rr.line_tokens if t.kind == "text")


def row_findings(tables: dict[str, ParsedTable], fmt: str | None, line_loc,
                 other_one_row: bool = False) -> list[Finding]:
    out: list[Finding] = []
    for key, table in tables.items():
        if not table.found:
            continue
        tno = TABLE_NUMBER[key]
        rows = [table.appeals_flat] if table.appeals_flat is not None else list(table.rows.values())
        shown = [v for row in table.values().values() for v in row.values()]
        blank = not shown or all(v is None for v in shown)  # table.blank says it once for the table
        for rr in rows:
            if rr is None:
                continue
            row_key = rr.spec.key if key != "appeals" or table.appeals_flat is None else None
            label = af.row_label(key, row_key) if row_key and row_key in _row_keys(key) else "数据行"
            loc = {"section": key, "table": key, **({"row": row_key} if row_key in _row_keys(key) else {}),
                   **line_loc(rr.line_index)}
            if "short" in rr.notes and not blank:
                out.append(Finding("table.row_short", WARNING,
                                   f"表{tno}“{label}”只读到{len(rr.fitted)}个单元格（应有{rr.width}个），"
                                   f"其余单元格在文本中没有显示，该行涉及的合计关系未核对。", dict(loc, cells=len(rr.fitted), expected_cells=rr.width)))
            if "long" in rr.notes:
                out.append(Finding("table.row_long", WARNING,
                                   f"表{tno}“{label}”读到的数字比列数多（{len([t for t in rr.tokens if t.kind != BLANK])}个，应有{rr.width}个），"
                                   "多出的数字未采用，请核对。", loc))
            if "fuzzy_label" in rr.notes:
                out.append(Finding("table.label_inexact", INFO,
                                   f"表{tno}的行名“{_printed_label(rr)}”与格式不完全一致，按其在表中的位置和编号"
                                   f"读作“{label}”，请核对。", dict(loc, printed=_printed_label(rr))))
            if "label_missing" in rr.notes:
                out.append(Finding("table.label_missing", INFO,
                                   f"表{tno}第一行没有行名，其数字位于表头和第二行之间，按位置读作“{label}”，请核对。",
                                   loc))
            if "subtotal" in rr.notes:
                out.append(Finding("table.subtotal_column", INFO,
                                   f"表{tno}“{label}”多一列“法人或其他组织”小计（等于五类组织之和），已略去该列，请核对。", loc))
            if "inferred" in rr.notes:
                run = " ".join(t.text for t in rr.tokens if t.kind != BLANK)
                split = "、".join(str(t.value) for t in rr.fitted)
                out.append(Finding("table.cells_inferred", INFO,
                                   f"表{tno}“{label}”的数字连在一起（“{run}”），按表内合计关系只有一种拆分："
                                   f"{split}，已按此读取，请核对原件。", dict(loc, run=run)))
            if "ambiguous" in rr.notes:
                run = " ".join(t.text for t in rr.tokens if t.kind != BLANK)
                out.append(Finding("table.cells_ambiguous", WARNING,
                                   f"表{tno}“{label}”的数字连在一起（“{run}”），有多种拆分都符合表内合计关系，"
                                   "无法确定各单元格，该行未读取，请核对原件。", dict(loc, run=run)))
            if "unsplittable" in rr.notes:
                run = " ".join(t.text for t in rr.tokens if t.kind != BLANK)
                out.append(Finding("table.cells_ambiguous", WARNING,
                                   f"表{tno}“{label}”的数字连在一起（“{run}”），没有一种拆分符合该行的合计关系，"
                                   "该行未读取，请核对原件。", dict(loc, run=run)))
            if "run_together" in rr.notes:
                out.append(Finding("table.cells_run_together", INFO,
                                   f"表{tno}“{label}”的数字粘连在一起（如“规章000”），已按单个数字拆分，请核对。", loc))
        if key == "appeals" or not table.rows:
            continue
        if fmt == "2019" and key == "proactive":
            continue
        expected = [r.key for r in (af.APPLICATION_ROWS if key == "applications" else af.PROACTIVE_ROWS)]
        if (fmt == "2019" or other_one_row) and key == "applications":
            expected = [k for k in expected if k not in ("other_no_correction", "other_fee_unpaid")]
        missing = [k for k in expected if k not in table.rows]
        if missing:
            labels = "、".join(f"“{af.row_label(key, k)}”" for k in missing[:6])
            more = f"等{len(missing)}行" if len(missing) > 6 else ""
            out.append(Finding("table.row_missing", WARNING, f"表{tno}中找不到以下行：{labels}{more}。",
                               {"section": key, "table": key, "rows": missing, **line_loc(table.first_line)}))
    return out


def _row_keys(table: str) -> set[str]:
    rows = {"proactive": af.PROACTIVE_ROWS, "applications": af.APPLICATION_ROWS,
            "appeals": af.APPEALS_ROWS}[table]
    return {r.key for r in rows}


# ---- extraction hints -----------------------------------------------------------------------

def split_number_hints(tables: dict[str, ParsedTable], line_loc) -> list[Finding]:
    """Where joining two adjacent single digits makes a broken sum hold, the extraction probably
    split one number in two ("1 2" for 12)."""
    out: list[Finding] = []
    apps = tables.get("applications")
    if apps is not None:
        for key, rr in apps.rows.items():
            nums = [t for t in rr.tokens if t.kind != BLANK]
            if len(nums) != rr.width + 1 or any(t.kind != NUM for t in nums):
                continue
            current = [t.value for t in rr.fitted]
            if None not in current and sum(current[:-1]) == current[-1]:
                continue
            for i in range(len(nums) - 1):
                a, b = nums[i], nums[i + 1]
                if len(a.text) == 1 and len(b.text) == 1:
                    vals = [t.value for t in nums[:i]] + [int(a.text + b.text)] + [t.value for t in nums[i + 2:]]
                    if sum(vals[:-1]) == vals[-1]:
                        out.append(Finding(
                            "extraction.split_number", INFO,
                            f"表三“{af.row_label('applications', key)}”：把相邻的“{a.text} {b.text}”合并为"
                            f"{a.text}{b.text}后合计关系成立，原文的数字可能在提取时被拆开，请核对原件。",
                            {"section": "applications", "table": "applications", "row": key,
                             "suggested": vals, **line_loc(rr.line_index)}))
                        break
    appeals = tables.get("appeals")
    flat = appeals.appeals_flat if appeals is not None else None
    if flat is not None and len(flat.tokens) == 16:
        toks = flat.tokens

        def holds(vals):
            groups = [vals[k:k + 5] for k in (0, 5, 10)]
            complete = [g for g in groups if None not in g]
            return bool(complete) and all(sum(g[:4]) == g[4] for g in complete)

        current = [t.value if t.kind == NUM else None for t in flat.fitted]
        if len(current) == 15 and holds(current):
            return out
        for i in range(len(toks) - 1):
            a, b = toks[i], toks[i + 1]
            if not (a.kind == NUM == b.kind and len(a.text) == 1 and len(b.text) == 1):
                continue
            vals = [t.value if t.kind == NUM else None for t in toks[:i]] + [int(a.text + b.text)] + \
                   [t.value if t.kind == NUM else None for t in toks[i + 2:]]
            if holds(vals):
                out.append(Finding(
                    "extraction.split_number", INFO,
                    f"表四：把相邻的“{a.text} {b.text}”合并为{a.text}{b.text}后各组总计成立，"
                    "原文的数字可能在提取时被拆开，请核对原件。",
                    {"section": "appeals", "table": "appeals", "suggested": vals,
                     **line_loc(flat.line_index)}))
                break
    return out


# ---- narrative against the tables -----------------------------------------------------------

_N = r"(?P<n>\d[\d,]*|[零一二两三四五六七八九十百]+)"
_GAP = r"[^。；;，,：:]{0,12}?"
NARRATIVE_FIGURES: tuple[tuple[str, str, tuple[str, ...], str], ...] = (
    # regex, table, rows summed (their total column), what it is
    (r"(?:新收|收到|受理|接收)" + _GAP + r"(?:政府信息公开)?申请" + r"[^。；;，,]{0,6}?" + _N + r"\s*(?:件|份|条|个|宗)",
     "applications", ("new_received",), "本年新收政府信息公开申请"),
    (r"(?:办结|答复办结|已办结)" + _GAP + _N + r"\s*件", "applications", ("processed_total",), "本年办结"),
    (r"结转(?:至|到)?下(?:一)?年度?" + _GAP + _N + r"\s*件", "applications", ("carried_out",), "结转下年度"),
    (r"上年结转" + _GAP + _N + r"\s*件", "applications", ("carried_in",), "上年结转"),
    (r"(?<!不)予以公开" + r"[^。；;，,]{0,4}?" + _N + r"\s*件", "applications", ("granted",), "予以公开"),
    (r"部分公开" + r"[^。；;，,]{0,4}?" + _N + r"\s*件", "applications", ("partially_granted",), "部分公开"),
    (r"行政复议" + r"[^。；;，,、和及]{0,6}?" + _N + r"\s*(?:件|起|宗|次)", "appeals", ("reconsideration",),
     "行政复议"),
    (r"行政诉讼" + r"[^。；;，,、和及]{0,6}?" + _N + r"\s*(?:件|起|宗|次)", "appeals",
     ("litigation_direct", "litigation_after_reconsideration"), "行政诉讼"),
)
_NEGATED = (
    (re.compile(r"(?:未|没有|无)(?:收到|受理|发生)[^。；;，,]{0,8}?政府信息公开申请"), "applications", ("new_received",),
     "本年新收政府信息公开申请"),
    (re.compile(r"(?:未|没有|无)[^。；;，,]{0,24}?行政复议"), "appeals", ("reconsideration",), "行政复议"),
    (re.compile(r"(?:未|没有|无)[^。；;，,]{0,24}?行政诉讼"), "appeals",
     ("litigation_direct", "litigation_after_reconsideration"), "行政诉讼"),
)


def _number(text: str) -> int | None:
    text = text.replace(",", "")
    if text.isdigit():
        return int(text)
    return chinese_number(text)


def _table_total(values: dict, table: str, rows: tuple[str, ...]) -> int | None:
    total = 0
    for r in rows:
        v = values.get(table, {}).get(r, {}).get("total")
        if v is None:
            return None
        total += v
    return total


def narrative_findings(narrative: list[tuple[int, str]], values: dict, line_loc) -> list[Finding]:
    out: list[Finding] = []
    seen: set = set()
    for idx, text in narrative:
        t = norm(text)
        for pattern, table, rows, what in NARRATIVE_FIGURES:
            for m in re.finditer(pattern, t):
                said = _number(m["n"])
                actual = _table_total(values, table, rows)
                if said is None or actual is None or said == actual:
                    continue
                if rows == ("new_received",):
                    carried = _table_total(values, "applications", ("carried_in",))
                    if carried is not None and said == actual + carried:
                        continue  # "共受理" counted with last year's carried-over applications
                key = (table, rows, said)
                if key in seen:
                    continue
                seen.add(key)
                out.append(Finding(
                    "narrative.contradicts_table", ERROR,
                    f"正文说{what}{said}件（“{m.group(0)}”），但{_t(table)}为{actual}件。",
                    {"table": table, "row": rows[0], "column": "total", "said": said, "table_value": actual,
                     **line_loc(idx)}))
        for clause in re.split(r"[。；;，,]", t):
            for pattern, table, rows, what in _NEGATED:
                if not pattern.search(clause) or re.search(r"\d", clause):
                    continue
                actual = _table_total(values, table, rows)
                key = (table, rows, 0)
                if actual and key not in seen:
                    seen.add(key)
                    out.append(Finding(
                        "narrative.contradicts_table", ERROR,
                        f"正文说没有{what}（“{clause.strip()}”），但{_t(table)}为{actual}件。",
                        {"table": table, "row": rows[0], "column": "total", "said": 0, "table_value": actual,
                         **line_loc(idx)}))
    return out


_YEAR_MENTION = re.compile(r"(?<![较比与同至到])(?P<y>(?:19|20)\d{2})\s*年(?P<how>度|以来|全年|[,，])")
_FUTURE_WORDS = re.compile(r"将|计划|下一步|拟|打算|明年|今后")


def year_findings(meta, narrative: list[tuple[int, str]], line_loc) -> list[Finding]:
    out: list[Finding] = []
    year = meta.year
    if year is None:
        return out
    if meta.period_year is not None and meta.period_year != year:
        out.append(Finding("narrative.other_year", ERROR,
                           f"报告的统计期限写的是{meta.period_year}年，但报告年度是{year}年。",
                           {"year": year, "mentioned": meta.period_year, **line_loc(meta.period_index)}))
        return out
    mentions: dict[int, list[int]] = {}
    for idx, text in narrative:
        t = norm(text)
        if re.search(r"条例|〔|\[|号|办法|规定|通知", t) and len(t) < 60:
            continue
        for m in _YEAR_MENTION.finditer(t):
            y = int(m["y"])
            if y == year + 1 and _FUTURE_WORDS.search(t):
                continue
            mentions.setdefault(y, []).append(idx)
    own = len(mentions.get(year, []))
    for y, idxs in sorted(mentions.items()):
        if y in (year, year + 1) or abs(y - year) > 5:
            continue
        if len(idxs) > own or own == 0:
            out.append(Finding(
                "narrative.other_year", WARNING,
                f"正文{len(idxs)}处写的是{y}年（本年度{year}年只出现{own}处），可能沿用了其他年度的报告内容。",
                {"year": year, "mentioned": y, **line_loc(idxs[0])}))
    return out


# ---- sections 五 and 六 ---------------------------------------------------------------------

_TOKEN_WORDS = re.compile(r"存在的?主要问题|存在的?问题|改进情况|改进措施|及|和|下一步工作(打算|计划)?|本(年度|年)|"
                          r"我(局|委|办|单位|机关)|暂|无|没有|略|等|发现|情况|问题|方面|工作")


def problems_findings(body: str | None, loc: dict) -> list[Finding]:
    if body is None:
        return []
    core = squeeze(body)
    if not core:
        return [Finding("problems.empty", WARNING, "第五部分“存在的主要问题及改进情况”没有内容。",
                        dict(loc, section="problems"))]
    residue = _TOKEN_WORDS.sub("", core)
    if len(core) < 20 or len(residue) < 12:
        return [Finding("problems.token", WARNING,
                        f"第五部分“存在的主要问题及改进情况”只有一句套话（“{body.strip()[:40]}”），"
                        "应写明具体问题和改进措施。", dict(loc, section="problems"))]
    return []


_FEE_AMOUNT = re.compile(r"信息处理费[^。；;]{0,14}?(?P<n>\d[\d,]*(?:\.\d+)?)\s*(?P<unit>万元|元)")
_FEE_NONE = re.compile(r"(未|没有|无|不)[^。；;，,]{0,6}收取[^。；;，,]{0,6}(信息处理费|费用)|信息处理费[^。；;，,]{0,4}(为0|为零|(?<![\d.])0元)")
_FEE_MENTION = re.compile(r"信息处理费|收费|费用|缴费|收取")


def fee_findings(all_text: list[tuple[int, str]], other_body: str | None, values: dict, line_loc
                 ) -> list[Finding]:
    collected_at: int | None = None
    amount = None
    for idx, text in all_text:
        t = norm(text)
        m = _FEE_AMOUNT.search(t)
        clause = re.split(r"[。；;]", t[:m.end()])[-1] if m else ""
        if m and not _FEE_NONE.search(clause):
            try:
                amount = float(m["n"].replace(",", ""))
            except ValueError:
                continue
            if amount > 0:
                collected_at = idx
                break
    unpaid = values.get("applications", {}).get("other_fee_unpaid", {})
    notices = any(isinstance(v, int) and v > 0 for v in unpaid.values())
    if collected_at is None and not notices:
        return []
    if other_body and _FEE_MENTION.search(norm(other_body)):
        return []
    why = (f"正文写明收取信息处理费{amount:g}元" if collected_at is not None
           else "表三“申请人逾期未按收费通知要求缴纳费用”一行不为0（说明发出过收费通知）")
    loc = line_loc(collected_at) if collected_at is not None else {"table": "applications", "row": "other_fee_unpaid"}
    return [Finding("other.fees_not_reported", WARNING,
                    f"{why}，但第六部分“其他需要报告的事项”没有说明信息处理费的收取情况。",
                    dict(loc, section="other"))]


def text_findings(texts: dict[str, str | None], meta, previous: dict[str, str] | None, found: list[Finding],
                  problems_loc: dict) -> list[Finding]:
    """The text as an evaluator reads it — the rules the platform's own publication gate applies
    (``rules.narrative``). 五's emptiness and token sentences keep their codes here
    (``problems.empty``/``problems.token``); a fee collected but not reported is
    ``other.fees_not_reported``."""
    have = {f.code for f in found}
    out = []
    for f in narrative.check_sections(texts, year=meta.year, government=is_government(meta.agency),
                                      previous=previous, required=("overview", "other")):
        if f.code == "other.fees_missing" and "other.fees_not_reported" in have:
            continue
        if f.location.get("section") == "problems":
            f.location.update({k: v for k, v in problems_loc.items() if k not in f.location})
        out.append(f)
    return out


# ---- dates and format -----------------------------------------------------------------------

def is_government(agency: str | None) -> bool:
    return bool(agency) and norm(agency).endswith("人民政府")


def deadline_for(agency: str | None, year: int) -> dt.date:
    return dt.date(year + 1, 3, 31) if is_government(agency) else dt.date(year + 1, 1, 31)


def date_findings(meta, line_loc) -> list[Finding]:
    out: list[Finding] = []
    if meta.year is None or meta.published_on is None:
        return out
    loc = line_loc(meta.date_index) if meta.date_index is not None else {}
    deadline = deadline_for(meta.agency, meta.year)
    who = "人民政府的年度报告" if is_government(meta.agency) else "政府部门的年度报告"
    if meta.published_on > deadline:
        out.append(Finding("published.late", ERROR,
                           f"报告落款日期为{prose(meta.published_on)}，晚于{who}的法定发布期限"
                           f"{prose(deadline)}（条例第四十九条）。",
                           dict(loc, published_on=meta.published_on.isoformat(), deadline=deadline.isoformat())))
    elif meta.published_on <= dt.date(meta.year, 12, 31):
        out.append(Finding("published.before_year_end", WARNING,
                           f"报告落款日期{prose(meta.published_on)}早于报告年度{meta.year}年结束，"
                           "年度或日期可能有误。", dict(loc, published_on=meta.published_on.isoformat())))
    return out


def meta_findings(meta, fmt: str | None) -> list[Finding]:
    out: list[Finding] = []
    if meta.agency is None:
        out.append(Finding("report.agency_unknown", WARNING, "没有找到发布报告的机关名称（标题或落款）。", {}))
    if meta.year is None:
        out.append(Finding("report.year_unknown", WARNING, "没有找到报告年度。", {}))
    if meta.published_on is None:
        out.append(Finding("report.date_unknown", INFO, "报告没有写明落款或发布日期，无法核对是否按时发布。", {}))
    if fmt == "2019":
        late = meta.year is None or meta.year >= 2021
        out.append(Finding(
            "format.outdated", ERROR if late else INFO,
            "报告使用的是2019年试行格式（国办公开办函〔2019〕60号），"
            + ("2021年度起应使用国办公开办函〔2021〕30号的格式。" if late else "该格式适用于2019、2020年度报告。"),
            {}))
    return out


def previous_findings(meta, previous_year: int | None) -> list[Finding]:
    if previous_year is None or meta.year is None or previous_year == meta.year - 1:
        return []
    return [Finding("previous.not_preceding_year", WARNING,
                    f"用于衔接核对的上年报告是{previous_year}年度的，不是{meta.year - 1}年度。",
                    {"year": meta.year, "previous_year": previous_year})]


def json_ready(v: Any) -> Any:
    from decimal import Decimal

    if isinstance(v, Decimal):
        return float(v) if v != v.to_integral_value() else int(v)
    if isinstance(v, dict):
        return {k: json_ready(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [json_ready(x) for x in v]
    if isinstance(v, (dt.date,)):
        return v.isoformat()
    return v
