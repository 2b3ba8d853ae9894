"""The annual-report format of 国办公开办函〔2021〕30号 and its arithmetic identities.

The keys are those of ``shared/spec/annual-report-2021.json``; a test holds these definitions to
that file. Tables are passed around as plain dicts::

    {"proactive": {ROW: {COL: value}}, "applications": {...}, "appeals": {...}}

A value is an ``int`` (a ``Decimal`` or ``float`` for the fee cell in 万元) or ``None`` when the
cell was blank in the source. A cell that is absent from the dict was not shown at all; both are
treated as "not known" by the checks, never as 0.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Iterable, Mapping

FORMAT_NAME = "中华人民共和国政府信息公开工作年度报告格式 (国办公开办函〔2021〕30号)"


@dataclass(frozen=True)
class Section:
    key: str
    number: str
    title: str

    @property
    def heading(self) -> str:
        return f"{self.number}、{self.title}"


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    group: str | None = None
    article: str | None = None
    columns: tuple[str, ...] = ()


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    group: str | None = None


SECTIONS: tuple[Section, ...] = (
    Section("overview", "一", "总体情况"),
    Section("proactive", "二", "主动公开政府信息情况"),
    Section("applications", "三", "收到和处理政府信息公开申请情况"),
    Section("appeals", "四", "政府信息公开行政复议、行政诉讼情况"),
    Section("problems", "五", "存在的主要问题及改进情况"),
    Section("other", "六", "其他需要报告的事项"),
)

# ---- table 二 -------------------------------------------------------------------------------

PROACTIVE_LABEL = "二、主动公开政府信息情况"
PROACTIVE_ROWS: tuple[Row, ...] = (
    Row("regulations", "规章", article="第二十条第（一）项", columns=("issued", "abolished", "in_force")),
    Row("normative_documents", "行政规范性文件", article="第二十条第（一）项",
        columns=("issued", "abolished", "in_force")),
    Row("licensing", "行政许可", article="第二十条第（五）项", columns=("decisions",)),
    Row("punishment", "行政处罚", article="第二十条第（六）项", columns=("decisions",)),
    Row("coercion", "行政强制", article="第二十条第（六）项", columns=("decisions",)),
    Row("fees", "行政事业性收费", article="第二十条第（八）项", columns=("amount_10k_yuan",)),
)
PROACTIVE_COLUMN_LABELS: dict[str, str] = {
    "issued": "本年制发件数",
    "abolished": "本年废止件数",
    "in_force": "现行有效件数",
    "decisions": "本年处理决定数量",
    "amount_10k_yuan": "本年收费金额（单位：万元）",
}
#: the only cell that is money (万元) and may be a decimal
DECIMAL_CELLS = frozenset({("proactive", "fees", "amount_10k_yuan")})

# ---- table 三 -------------------------------------------------------------------------------

APPLICATIONS_LABEL = "三、收到和处理政府信息公开申请情况"
APPLICANT_GROUP = "法人或其他组织"
APPLICATION_COLUMNS: tuple[Column, ...] = (
    Column("natural_person", "自然人"),
    Column("commercial_enterprise", "商业企业", APPLICANT_GROUP),
    Column("research_institution", "科研机构", APPLICANT_GROUP),
    Column("social_welfare_org", "社会公益组织", APPLICANT_GROUP),
    Column("legal_service_org", "法律服务机构", APPLICANT_GROUP),
    Column("other_org", "其他", APPLICANT_GROUP),
    Column("total", "总计"),
)
#: the six applicant types (table 三's columns without 总计)
APPLICANT_TYPES: tuple[str, ...] = tuple(c.key for c in APPLICATION_COLUMNS if c.key != "total")

_RESULTS = "三、本年度办理结果"
_DENIED = "（三）不予公开"
_UNAVAILABLE = "（四）无法提供"
_REJECTED = "（五）不予处理"
_OTHER = "（六）其他处理"

APPLICATION_ROWS: tuple[Row, ...] = (
    Row("new_received", "一、本年新收政府信息公开申请数量"),
    Row("carried_in", "二、上年结转政府信息公开申请数量"),
    Row("granted", "（一）予以公开", _RESULTS),
    Row("partially_granted", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", _RESULTS),
    Row("denied_state_secret", "1. 属于国家秘密", _DENIED),
    Row("denied_prohibited_by_law", "2. 其他法律行政法规禁止公开", _DENIED),
    Row("denied_security_stability", "3. 危及“三安全一稳定”", _DENIED),
    Row("denied_third_party_rights", "4. 保护第三方合法权益", _DENIED),
    Row("denied_internal_affairs", "5. 属于三类内部事务信息", _DENIED),
    Row("denied_process_info", "6. 属于四类过程性信息", _DENIED),
    Row("denied_enforcement_file", "7. 属于行政执法案卷", _DENIED),
    Row("denied_administrative_query", "8. 属于行政查询事项", _DENIED),
    Row("unavailable_not_held", "1. 本机关不掌握相关政府信息", _UNAVAILABLE),
    Row("unavailable_needs_creation", "2. 没有现成信息需要另行制作", _UNAVAILABLE),
    Row("unavailable_unclear", "3. 补正后申请内容仍不明确", _UNAVAILABLE),
    Row("rejected_petition", "1. 信访举报投诉类申请", _REJECTED),
    Row("rejected_duplicate", "2. 重复申请", _REJECTED),
    Row("rejected_publication", "3. 要求提供公开出版物", _REJECTED),
    Row("rejected_mass_repeated", "4. 无正当理由大量反复申请", _REJECTED),
    Row("rejected_confirm_or_reissue", "5. 要求行政机关确认或重新出具已获取信息", _REJECTED),
    Row("other_no_correction",
        "1. 申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", _OTHER),
    Row("other_fee_unpaid",
        "2. 申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", _OTHER),
    Row("other_other", "3. 其他", _OTHER),
    Row("processed_total", "（七）总计", _RESULTS),
    Row("carried_out", "四、结转下年度继续办理"),
)
#: the 21 leaf outcome rows: exactly one per decided application (I-2)
OUTCOME_KEYS: tuple[str, ...] = tuple(
    r.key for r in APPLICATION_ROWS
    if r.key not in ("new_received", "carried_in", "processed_total", "carried_out")
)

# ---- table 四 -------------------------------------------------------------------------------

APPEALS_LABEL = "四、政府信息公开行政复议、行政诉讼情况"
APPEALS_ROWS: tuple[Row, ...] = (
    Row("reconsideration", "行政复议"),
    Row("litigation_direct", "行政诉讼·未经复议直接起诉"),
    Row("litigation_after_reconsideration", "行政诉讼·复议后起诉"),
)
APPEALS_COLUMNS: tuple[Column, ...] = (
    Column("upheld", "结果维持"),
    Column("corrected", "结果纠正"),
    Column("other", "其他结果"),
    Column("pending", "尚未审结"),
    Column("total", "总计"),
)
APPEAL_RESULTS: tuple[str, ...] = ("upheld", "corrected", "other", "pending")

IDENTITIES: tuple[tuple[str, str], ...] = (
    ("applications.row_total", "表三每一行：总计＝自然人＋商业企业＋科研机构＋社会公益组织＋法律服务机构＋其他"),
    ("applications.processed_total", "表三每一列：（七）总计＝（一）至（六）各项之和"),
    ("applications.balance", "表三每一列：第一项加第二项之和，等于第三项加第四项之和"),
    ("appeals.row_total", "表四每一组：总计＝结果维持＋结果纠正＋其他结果＋尚未审结"),
    ("carry_chain", "本年“上年结转”各列＝上年“结转下年度继续办理”各列"),
)

TABLE_KEYS = ("proactive", "applications", "appeals")


def table_cells(table: str) -> list[tuple[str, str]]:
    """Every (row, column) cell of one table, in the format's order."""
    if table == "proactive":
        return [(r.key, c) for r in PROACTIVE_ROWS for c in r.columns]
    if table == "applications":
        return [(r.key, c.key) for r in APPLICATION_ROWS for c in APPLICATION_COLUMNS]
    if table == "appeals":
        return [(r.key, c.key) for r in APPEALS_ROWS for c in APPEALS_COLUMNS]
    raise KeyError(table)


def empty_tables(fill: Any = 0) -> dict[str, dict[str, dict[str, Any]]]:
    """All three tables with every cell set to ``fill``."""
    out: dict[str, dict[str, dict[str, Any]]] = {}
    for table in TABLE_KEYS:
        t: dict[str, dict[str, Any]] = {}
        for row, col in table_cells(table):
            t.setdefault(row, {})[col] = fill
        out[table] = t
    return out


def complete_tables(raw: Mapping[str, Any]) -> dict[str, dict[str, dict[str, Any]]]:
    """The tables with their totals filled in from the leaf cells, so they hold by construction:

    - table 三: the （七）总计 row (the 21 outcome rows summed, I-4) and the 总计 column of every
      row (the six applicant types summed, I-3); ``raw["applications"]`` has new_received,
      carried_in, the 21 outcomes and carried_out, each by applicant type;
    - table 四: the 总计 of each row (the four results summed, I-5).

    Table 二 has no totals and is passed through; a table absent from ``raw`` stays absent.
    """
    out: dict[str, dict[str, dict[str, Any]]] = {k: {r: dict(c) for r, c in v.items()} for k, v in raw.items()}
    if "applications" in raw:
        leaves = raw["applications"]
        processed = {c: sum(leaves[k][c] for k in OUTCOME_KEYS) for c in APPLICANT_TYPES}
        out["applications"] = {}
        for r in APPLICATION_ROWS:
            cells = processed if r.key == "processed_total" else {c: leaves[r.key][c] for c in APPLICANT_TYPES}
            out["applications"][r.key] = {**cells, "total": sum(cells.values())}
    if "appeals" in raw:
        out["appeals"] = {}
        for r in APPEALS_ROWS:
            cells = {c: raw["appeals"][r.key][c] for c in APPEAL_RESULTS}
            out["appeals"][r.key] = {**cells, "total": sum(cells.values())}
    return out


def row_label(table: str, row: str) -> str:
    rows = {"proactive": PROACTIVE_ROWS, "applications": APPLICATION_ROWS, "appeals": APPEALS_ROWS}[table]
    for r in rows:
        if r.key == row:
            return r.label
    raise KeyError(row)


def column_label(table: str, column: str) -> str:
    if table == "proactive":
        return PROACTIVE_COLUMN_LABELS[column]
    cols = APPLICATION_COLUMNS if table == "applications" else APPEALS_COLUMNS
    for c in cols:
        if c.key == column:
            return c.label
    raise KeyError(column)


# ---- findings -------------------------------------------------------------------------------

ERROR = "error"
WARNING = "warning"
INFO = "info"


@dataclass
class Finding:
    code: str
    severity: str
    message: str
    location: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "severity": self.severity, "message": self.message,
                "location": dict(self.location)}


def _cell(tables: Mapping[str, Any], table: str, row: str, col: str) -> Any:
    return ((tables.get(table) or {}).get(row) or {}).get(col)


def _fmt(v: Any) -> str:
    if isinstance(v, Decimal):
        return format(v.normalize(), "f")
    return str(v)


def _sum_check(tables, findings, *, code, table, target, parts, loc, what):
    """Check ``target == sum(parts)``; each is (row, col). Blank cells make it not assessable."""
    t_val = _cell(tables, table, *target)
    p_vals = [_cell(tables, table, *p) for p in parts]
    if t_val is None and all(v is None for v in p_vals):
        return  # nothing to check: the whole line is blank (reported elsewhere)
    if t_val is None or any(v is None for v in p_vals):
        findings.append(Finding(
            f"{code}.not_assessable", WARNING,
            f"{what}：有空白单元格，无法核对该合计关系（空白不按0计算）。", dict(loc)))
        return
    if not all(isinstance(v, (int, Decimal, float)) for v in [t_val, *p_vals]):
        return
    total = sum(p_vals)
    if total != t_val:
        shown = "＋".join(_fmt(v) for v in p_vals)
        findings.append(Finding(
            code, ERROR, f"{what}：{shown}＝{_fmt(total)}，但表中为{_fmt(t_val)}。",
            dict(loc, expected=total if not isinstance(total, Decimal) else float(total),
                 actual=t_val if not isinstance(t_val, Decimal) else float(t_val))))


def check_values(tables: Mapping[str, Any]) -> list[Finding]:
    """Cells must be non-negative integers (the fee cell: a non-negative number)."""
    findings: list[Finding] = []
    for table in TABLE_KEYS:
        for row, col in table_cells(table):
            v = _cell(tables, table, row, col)
            if v is None:
                continue
            loc = {"table": table, "row": row, "column": col}
            where = f"表{dict(proactive='二', applications='三', appeals='四')[table]}“{row_label(table, row)}”“{column_label(table, col)}”"
            if isinstance(v, bool) or not isinstance(v, (int, float, Decimal)):
                findings.append(Finding("cell.not_number", ERROR, f"{where}不是数字：{v!r}。", loc))
                continue
            if v < 0:
                findings.append(Finding("cell.negative", ERROR, f"{where}为负数（{_fmt(v)}）。", loc))
            if (table, row, col) not in DECIMAL_CELLS and v != int(v):
                findings.append(Finding("cell.not_integer", ERROR, f"{where}应为整数，实为{_fmt(v)}。", loc))
    return findings


def check_tables(tables: Mapping[str, Any], previous: Mapping[str, Any] | None = None) -> list[Finding]:
    """Check every identity of the spec; ``previous`` is last year's tables (for the carry chain)."""
    findings = check_values(tables)
    apps = "applications"
    leaf_cols = APPLICANT_TYPES
    # I-3: row totals of table 三
    for r in APPLICATION_ROWS:
        _sum_check(tables, findings, code="applications.row_total", table=apps,
                   target=(r.key, "total"), parts=[(r.key, c) for c in leaf_cols],
                   loc={"table": apps, "row": r.key, "column": "total"},
                   what=f"表三“{r.label}”行的总计")
    for c in APPLICATION_COLUMNS:
        # I-4: (七)总计 = sum of the 21 outcome rows
        _sum_check(tables, findings, code="applications.processed_total", table=apps,
                   target=("processed_total", c.key), parts=[(k, c.key) for k in OUTCOME_KEYS],
                   loc={"table": apps, "row": "processed_total", "column": c.key},
                   what=f"表三“{c.label}”列的（七）总计")
        # I-1: 一 + 二 = 三(七) + 四
        a, b = _cell(tables, apps, "new_received", c.key), _cell(tables, apps, "carried_in", c.key)
        p, o = _cell(tables, apps, "processed_total", c.key), _cell(tables, apps, "carried_out", c.key)
        loc = {"table": apps, "column": c.key}
        vals = [a, b, p, o]
        if all(v is None for v in vals):
            continue
        if any(v is None for v in vals):
            findings.append(Finding("applications.balance.not_assessable", WARNING,
                                    f"表三“{c.label}”列：有空白单元格，无法核对“第一项加第二项之和等于第三项加第四项之和”。",
                                    loc))
        elif all(isinstance(v, (int, float, Decimal)) for v in vals) and a + b != p + o:
            findings.append(Finding(
                "applications.balance", ERROR,
                f"表三“{c.label}”列：第一项加第二项之和（{_fmt(a)}＋{_fmt(b)}＝{_fmt(a + b)}）"
                f"不等于第三项加第四项之和（{_fmt(p)}＋{_fmt(o)}＝{_fmt(p + o)}）。",
                dict(loc, expected=a + b, actual=p + o)))
    # I-5: appeals row totals
    for r in APPEALS_ROWS:
        _sum_check(tables, findings, code="appeals.row_total", table="appeals",
                   target=(r.key, "total"), parts=[(r.key, c) for c in APPEAL_RESULTS],
                   loc={"table": "appeals", "row": r.key, "column": "total"},
                   what=f"表四“{r.label}”的总计")
    if previous is not None:
        findings.extend(check_continuity(tables, previous))
    return findings


def check_continuity(tables: Mapping[str, Any], previous: Mapping[str, Any]) -> list[Finding]:
    """P-1 carry chain of table 三, and table 二's in-force count carried forward. A chain that a
    blank or unread cell on either side leaves unchecked is said once per chain (``info``)."""
    findings: list[Finding] = []
    unchecked: dict[str, list[str]] = {"now": [], "before": []}
    for c in APPLICATION_COLUMNS:
        now = _cell(tables, "applications", "carried_in", c.key)
        before = _cell(previous, "applications", "carried_out", c.key)
        if now is None or before is None:
            unchecked["now" if now is None else "before"].append(c.label)
            continue
        if now != before:
            findings.append(Finding(
                "carry_chain", ERROR,
                f"表三“{c.label}”列：本年“上年结转”为{_fmt(now)}，上年报告“结转下年度继续办理”为{_fmt(before)}。",
                {"table": "applications", "row": "carried_in", "column": c.key,
                 "expected": before, "actual": now}))
    if unchecked["now"] or unchecked["before"]:
        why = "，".join(w for w, cols in (("上年报告的“结转下年度继续办理”", unchecked["before"]),
                                          ("本年的“上年结转”", unchecked["now"])) if cols)
        cols = unchecked["now"] + unchecked["before"]
        where = "" if len(cols) == len(APPLICATION_COLUMNS) else "、".join(f"“{c}”" for c in cols) + "列"
        findings.append(Finding(
            "carry_chain.not_assessable", INFO,
            f"表三{where}：{why}空白或未读到，无法核对结转衔接（本年“上年结转”应等于上年“结转下年度继续办理”）。",
            {"table": "applications", "row": "carried_in"}))
    unread = []
    for row in ("regulations", "normative_documents"):
        prev_in_force = _cell(previous, "proactive", row, "in_force")
        issued = _cell(tables, "proactive", row, "issued")
        abolished = _cell(tables, "proactive", row, "abolished")
        in_force = _cell(tables, "proactive", row, "in_force")
        if not all(isinstance(v, (int, float, Decimal)) and not isinstance(v, bool)
                   for v in (prev_in_force, issued, abolished, in_force)):
            unread.append(row)  # blank, unread (or not a number: cell.not_number says so)
            continue
        expected = prev_in_force + issued - abolished
        if expected != in_force:
            label = row_label("proactive", row)
            findings.append(Finding(
                "proactive.in_force_chain", WARNING,
                f"表二“{label}”：上年现行有效{_fmt(prev_in_force)}＋本年制发{_fmt(issued)}－本年废止{_fmt(abolished)}"
                f"＝{_fmt(expected)}，但本年现行有效为{_fmt(in_force)}（修改、失效也会改变现行有效件数，请核实）。",
                {"table": "proactive", "row": row, "column": "in_force", "expected": expected,
                 "actual": in_force}))
    if unread:
        labels = "、".join(f"“{row_label('proactive', r)}”" for r in unread)
        findings.append(Finding(
            "proactive.in_force_chain.not_assessable", INFO,
            f"表二{labels}：上年“现行有效件数”或本年“本年制发件数”“本年废止件数”“现行有效件数”空白或未读到，"
            "无法核对现行有效件数的衔接。", {"table": "proactive", "rows": unread}))
    return findings


def has_errors(findings: Iterable[Finding]) -> bool:
    return any(f.severity == ERROR for f in findings)
