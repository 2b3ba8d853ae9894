"""``check_file``: read one annual report, recover its tables, and say what is wrong with it."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from gongkai.reports.importers import checks
from gongkai.reports.importers.layout import clean_lines
from gongkai.reports.importers.normalize import NUM, squeeze
from gongkai.reports.importers.reading import (MAX_BYTES, Document, Line, ReportReadError,
                                               read_document)
from gongkai.reports.importers.sections import detect_format, find_headings, find_meta
from gongkai.reports.importers.tables import (APPEALS_HEADER_WORDS, APPLICATION_GROUPS,
                                              APPLICATION_HEADER_WORDS, APPLICATION_SPECS,
                                              PROACTIVE_HEADER_WORDS, PROACTIVE_SPECS_2019,
                                              PROACTIVE_SPECS_2021, ParsedTable, RowSpec,
                                              _app, _is_header, _label_text, is_sentence, label_core,
                                              line_tokens, match_row, parse_appeals, parse_rows)
from gongkai.rules import annual_format as af
from gongkai.rules.annual_format import ERROR, Finding

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
SECTION_KEYS = tuple(s.key for s in af.SECTIONS)

# the 2019 trial format has one row （六）其他处理 where 2021 has three; it is read into other_other
APPLICATION_SPECS_2019: tuple[RowSpec, ...] = tuple(
    s for s in APPLICATION_SPECS if s.key not in ("other_no_correction", "other_fee_unpaid", "other_other")
)[:-2] + (_app("other_other", "其他处理", exact=("其他处理", "其他")),) + APPLICATION_SPECS[-2:]


@dataclass
class CheckResult:
    file: str
    agency: str | None = None
    year: int | None = None
    format: str = "unknown"
    published_on: dt.date | None = None
    sections: dict[str, bool] = field(default_factory=dict)
    tables: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    source_kind: str = "text"
    texts: dict[str, str] = field(default_factory=dict, repr=False)  # each section's text (not in as_dict)

    @property
    def has_errors(self) -> bool:
        return any(f.severity == ERROR for f in self.findings)

    @property
    def exit_code(self) -> int:
        return 1 if self.has_errors else 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "agency": self.agency,
            "year": self.year,
            "format": self.format,
            "published_on": self.published_on.isoformat() if self.published_on else None,
            "sections": dict(self.sections),
            "tables": checks.json_ready(self.tables),
            "findings": [checks.json_ready(f.as_dict()) for f in self.findings],
        }


def check_file(path_or_bytes: str | os.PathLike | bytes, filename: str | None = None,
               previous: Any = None) -> CheckResult:
    """Check one annual report.

    ``path_or_bytes`` is a path or the file's bytes (then ``filename``, if given, names it and
    hints at its type). ``previous`` is last year's report for the carry-over checks: a
    :class:`CheckResult`, a tables dict (``{"applications": {...}, ...}``), a path or bytes.
    Raises :class:`ReportReadError` (a Chinese message) when the file cannot be read or is not
    an annual report.
    """
    data, name = _load(path_or_bytes, filename)
    doc = read_document(data, name)
    if previous is not None and not isinstance(previous, (CheckResult, Mapping)):
        previous = check_file(previous)
    prev_tables, prev_year = _previous(previous)
    return analyse(doc, name, prev_tables, prev_year,
                   prev_texts=previous.texts if isinstance(previous, CheckResult) else None)


def check_outcome(data: bytes, name: str) -> dict[str, Any]:
    """One file of a batch: ``{"result": check_file(...).as_dict()}`` or ``{"error": why}`` in
    Chinese. Never raises: one broken file must not stop the batch."""
    try:
        return {"result": check_file(data, filename=name).as_dict()}
    except ReportReadError as e:
        return {"error": str(e)}
    except Exception as e:  # noqa: BLE001 - whatever a broken file makes a library raise
        return {"error": f"无法读取该文件（{type(e).__name__}）。"}


def _load(path_or_bytes, filename):
    if isinstance(path_or_bytes, (bytes, bytearray, memoryview)):
        return bytes(path_or_bytes), filename or "<上传的文件>"
    path = Path(path_or_bytes)
    name = filename or str(path_or_bytes)
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise ReportReadError(f"{name} 不是文件。")
        if size > MAX_BYTES:
            raise ReportReadError(f"文件过大（{size // (1024 * 1024)} MB），上限为 {MAX_BYTES // (1024 * 1024)} MB。")
        return path.read_bytes(), name
    except FileNotFoundError:
        raise ReportReadError(f"找不到文件：{name}") from None
    except PermissionError:
        raise ReportReadError(f"没有权限读取文件：{name}") from None
    except IsADirectoryError:
        raise ReportReadError(f"{name} 是目录，不是文件。") from None
    except OSError as e:
        raise ReportReadError(f"无法读取文件 {name}（{e.strerror or e}）。") from None


def _previous(previous) -> tuple[Mapping | None, int | None]:
    if previous is None:
        return None, None
    if isinstance(previous, CheckResult):
        return previous.tables, previous.year
    if isinstance(previous, Mapping):
        return previous, None
    result = check_file(previous)
    return result.tables, result.year


# ---- the analysis ---------------------------------------------------------------------------

def _find(lines: list[Line], start: int, end: int, pred) -> int | None:
    for idx in range(max(0, start), min(end, len(lines))):
        if pred(lines[idx]):
            return idx
    return None


def analyse(doc: Document, name: str, prev_tables=None, prev_year=None, prev_texts=None) -> CheckResult:
    lines = clean_lines(doc.lines)
    headings = find_headings(lines)
    fmt = detect_format(lines)
    heading_idx = {k: h.index for k, h in headings.items()}
    n = len(lines)

    def next_heading(after: int, keys) -> int:
        return min((heading_idx[k] for k in keys if k in heading_idx and heading_idx[k] > after), default=n)

    def line_loc(idx: int | None) -> dict:
        if idx is None or idx >= n:
            return {}
        return lines[idx].location()

    # table 三: its header or its first rows
    # older layouts of the 2021 format print （六）其他处理 as one row, as the trial format did
    other_one_row = fmt == "2019" or _other_as_one_row(lines, heading_idx.get("applications", 0), n)
    app_specs = APPLICATION_SPECS_2019 if other_one_row else APPLICATION_SPECS
    app_groups = tuple(g for g in APPLICATION_GROUPS if not (other_one_row and g == "其他处理"))

    def app_anchor(line: Line) -> bool:
        text = line.text
        if not text or is_sentence(text):
            return False
        core = squeeze(text)
        if sum(1 for w in APPLICATION_HEADER_WORDS if w in core) >= 2 or "勾稽关系" in core:
            return True
        spec = match_row(text, app_specs[:3], set(), app_groups)
        return spec is not None

    search_from = heading_idx.get("applications", 0)
    app_start = _find(lines, search_from, n, app_anchor)
    if app_start is None and search_from:
        app_start = _find(lines, 0, n, app_anchor)

    # table 四: its header words, after section 四's heading when there is one
    def appeals_anchor(line: Line) -> bool:
        core = squeeze(line.text)
        if is_sentence(line.text) or (line.grid is False and len(core) > 60):
            return False
        if "结果维持" in core or "复议后起诉" in core or "尚未审结" in core:
            return True
        return "行政复议" in core and "行政诉讼" in core and "情况" not in core

    ap_from = heading_idx.get("appeals", app_start if app_start is not None else 0)
    ap_start = _find(lines, ap_from, n, appeals_anchor)
    if ap_start is None and "appeals" in heading_idx:
        ap_start = heading_idx["appeals"] + 1

    tables: dict[str, ParsedTable] = {}
    if app_start is not None:
        app_end = min(next_heading(app_start, ("appeals", "problems", "other")),
                      ap_start if ap_start is not None and ap_start > app_start else n)
        tables["applications"] = parse_rows(lines, app_start, app_end, app_specs, "applications",
                                            APPLICATION_HEADER_WORDS, app_groups, last_key="carried_out")
    else:
        tables["applications"] = ParsedTable("applications")
    if ap_start is not None:
        ap_end = next_heading(ap_start - 1, ("problems", "other"))
        tables["appeals"] = parse_appeals(lines, ap_start, ap_end)
    else:
        tables["appeals"] = ParsedTable("appeals")

    # table 二: after its heading, or at its article header
    def proactive_anchor(line: Line) -> bool:
        core = squeeze(line.text)
        return (not is_sentence(line.text)) and ("第二十条第" in core or "信息内容" in core
                                                 or "本年制发件数" in core or "本年新制作数量" in core)

    pro_start = heading_idx["proactive"] + 1 if "proactive" in heading_idx else _find(lines, 0, n, proactive_anchor)
    if pro_start is not None:
        bounds = [next_heading(pro_start - 1, ("applications", "appeals", "problems", "other"))]
        if app_start is not None and app_start >= pro_start:
            bounds.append(app_start)
        if ap_start is not None and ap_start >= pro_start:
            bounds.append(ap_start)
        specs = PROACTIVE_SPECS_2019 if fmt == "2019" else PROACTIVE_SPECS_2021
        tables["proactive"] = parse_rows(lines, pro_start, min(bounds), specs, "proactive",
                                         PROACTIVE_HEADER_WORDS)
    else:
        tables["proactive"] = ParsedTable("proactive")

    meta = find_meta(lines, headings, doc.meta_dates)
    found_tables = [k for k, t in tables.items() if t.found]
    if meta.title_index is None and not found_tables and len(headings) < 3 \
            and not _speaks_of_annual_report(lines):
        raise ReportReadError("文件中没有找到政府信息公开工作年度报告的标题、章节或统计表，不像一份年度报告。")
    if fmt is None and found_tables:
        fmt = "2021"

    values = {k: tables[k].values() for k in af.TABLE_KEYS}
    values = {k: v for k, v in values.items() if v or tables[k].found}
    sections = {s.key: (s.key in headings) or (s.key in tables and tables[s.key].found) for s in af.SECTIONS}

    # which lines are table lines, headings, title, date: the rest is narrative
    table_lines: set[int] = set()
    for t in tables.values():
        if t.found and t.first_line is not None:
            table_lines.update(range(t.first_line, (t.last_line or t.first_line) + 1))
    special = set(heading_idx.values()) | {i for i in (meta.title_index, meta.date_index, meta.agency_index)
                                           if i is not None}
    narrative = [(i, ln.text) for i, ln in enumerate(lines)
                 if i not in table_lines and i not in special and not ln.grid]
    inline = [(h.index, h.inline) for h in headings.values() if h.inline]
    narrative_all = sorted(narrative + inline)

    def body(key: str) -> str | None:
        if key not in headings:
            return None
        h = headings[key]
        end = next_heading(h.index, [k for k in heading_idx if k != key])
        if meta.signature_index is not None and h.index < meta.signature_index < end:
            end = meta.signature_index  # the 落款 ends the report: a web page's own lines follow it
        parts = [h.inline] + [lines[i].text for i in range(h.index + 1, end)
                              if i not in table_lines and i != meta.date_index and i != meta.agency_index]
        return "\n".join(p for p in parts if p)

    findings: list[Finding] = []
    findings += checks.meta_findings(meta, fmt)
    findings += checks.structure_findings(sections, headings, tables, values, line_loc)
    findings += checks.row_findings(tables, fmt, line_loc, other_one_row)
    if other_one_row and fmt != "2019" and "other_other" in values.get("applications", {}):
        findings.append(Finding("table.other_one_row", "info",
                                "表三的“（六）其他处理”只有一行（旧版表式），已读作“3. 其他”，"
                                "“1. 申请人无正当理由逾期不补正”和“2. 申请人逾期未按收费通知要求缴纳费用”两行按0核对合计。",
                                {"section": "applications", "table": "applications", "row": "other_other",
                                 **line_loc(tables["applications"].rows["other_other"].line_index)}))
    checked = values
    if other_one_row and "applications" in values:
        # the trial format has one row （六）其他处理 (read into other_other): its other two rows
        # do not exist there, so they add nothing to （七）总计
        checked = {**values, "applications": {**values["applications"], **{
            k: {c.key: 0 for c in af.APPLICATION_COLUMNS} for k in ("other_no_correction", "other_fee_unpaid")}}}
    table_findings = af.check_tables(checked, prev_tables)
    unplaced = _unplaced_rows(tables)
    table_findings = [f for f in table_findings if not _on_unplaced_row(f, unplaced)]
    row_lines = {k: t.row_lines() for k, t in tables.items()}
    cell_lines = {k: t.cell_lines() for k, t in tables.items()}
    for f in table_findings:
        table = f.location.get("table")
        if table:
            f.location.setdefault("section", table)
            row, col = f.location.get("row"), f.location.get("column")
            idx = cell_lines.get(table, {}).get((row, col)) if row and col else None
            if idx is None and row:
                idx = row_lines.get(table, {}).get(row)
            if idx is None and table == "applications" and col:
                idx = row_lines.get(table, {}).get("processed_total")
            f.location.update(line_loc(idx))
    findings += table_findings
    findings += checks.split_number_hints(tables, line_loc)
    findings += checks.narrative_findings(narrative_all, values, line_loc)
    findings += checks.year_findings(meta, [(i, t) for i, t in narrative_all
                                            if not _in_section(i, heading_idx, "problems", n)], line_loc)
    problems_loc = line_loc(heading_idx.get("problems"))
    findings += checks.problems_findings(body("problems"), problems_loc)
    findings += checks.fee_findings(narrative_all, body("other"), values, line_loc)
    texts = {key: body(key) for key in SECTION_KEYS if key in headings}
    findings += checks.text_findings(texts, meta, prev_texts, findings, problems_loc)
    findings += checks.date_findings(meta, line_loc)
    findings += checks.previous_findings(meta, prev_year)
    if doc.ocr_pages:
        from gongkai.reports.importers import ocr

        findings += ocr.findings(doc, lines, tables)
    findings = _truncation(findings, tables, lines, headings, line_loc,
                           {"proactive": pro_start, "applications": app_start, "appeals": ap_start})
    findings.sort(key=lambda f: (SEVERITY_ORDER.get(f.severity, 3), f.location.get("line") or 0))

    return CheckResult(
        file=name, agency=meta.agency, year=meta.year, format=fmt or "unknown",
        published_on=meta.published_on, sections=sections,
        tables={k: values[k] for k in af.TABLE_KEYS if k in values and tables[k].found},
        findings=findings, source_kind=doc.kind, texts={k: v for k, v in texts.items() if v is not None},
    )


def _unplaced_rows(tables: dict[str, ParsedTable]) -> dict[str, set[str]]:
    """The rows whose cells could not all be placed (``table.row_short``: read left to right, the
    rest left out — a PDF that dropped its blank cells shifts the later ones), by table."""
    out: dict[str, set[str]] = {}
    for key, table in tables.items():
        if table.appeals_flat is not None:
            if "short" in table.appeals_flat.notes:
                out[key] = {r.key for r in af.APPEALS_ROWS}
            continue
        rows = {k for k, rr in table.rows.items() if k and "short" in rr.notes}
        if rows:
            out[key] = rows
    return out


#: the rows each identity of table 三 adds up, beyond a row's own total
_IDENTITY_ROWS = {
    "applications.processed_total": set(af.OUTCOME_KEYS) | {"processed_total"},
    "applications.balance": {"new_received", "carried_in", "processed_total", "carried_out"},
    "carry_chain": {"carried_in"},
}


def _on_unplaced_row(f: Finding, unplaced: dict[str, set[str]]) -> bool:
    """An identity (or its ``.not_assessable``) on a row whose cells could not all be placed: not
    checked — its figures may sit in other columns than printed, and ``table.row_short`` says so."""
    code = f.code.removesuffix(".not_assessable")
    table = f.location.get("table")
    rows = unplaced.get(table)
    if not rows:
        return False
    if code in ("applications.row_total", "appeals.row_total"):
        return f.location.get("row") in rows
    return bool(_IDENTITY_ROWS.get(code, set()) & rows)


def _other_as_one_row(lines: list[Line], start: int, end: int) -> bool:
    """Table 三 has a row labelled only （六）其他处理 with figures, and none of its 2021 sub-rows."""
    one = False
    for idx in range(start, end):
        core = squeeze(lines[idx].text)
        if "不补正" in core or "缴纳费用" in core or "收费通知" in core:
            return False
        toks = line_tokens(lines[idx], idx)
        if label_core(_label_text(toks)) == "其他处理" and any(t.kind == NUM for t in toks):
            one = True
    return one


_LAST_ROW = {"proactive": "fees", "applications": "carried_out"}
_HEADER_WORDS = {"proactive": PROACTIVE_HEADER_WORDS, "applications": APPLICATION_HEADER_WORDS,
                 "appeals": APPEALS_HEADER_WORDS}
_TABLE_NAME = {"proactive": "表二", "applications": "表三", "appeals": "表四"}


def ends_inside(tables: dict[str, ParsedTable], lines: list[Line], headings,
                starts: Mapping[str, int | None] | None = None) -> str | None:
    """The table the text ends in, when it ends before that table's last row (a web excerpt
    cut after its first 2,000 bytes, a truncated download) — or in its header, before its first
    row (``starts``: where each table's header begins)."""
    found = [(t.last_line, k) for k, t in tables.items() if t.found and t.last_line is not None]
    header_only = [(s, k) for k, s in (starts or {}).items()
                   if s is not None and k in tables and not tables[k].rows and tables[k].appeals_flat is None]
    if not found and not header_only:
        return None
    last_line, key = max(found + header_only)
    if (last_line, key) not in found:
        return key if _ends_in_header(key, last_line, lines, headings) else None
    after = [ln for ln in lines[last_line + 1:] if ln.text.strip()]
    if any(is_sentence(ln.text) for ln in after) or any(h.index > last_line for h in headings.values()):
        return None
    # the table's own header lines may follow its last row read (a block's 第二十条第（八）项 /
    # 信息内容 / 本年收费金额, a repeated header); besides them, at most two fragments of a cut row
    words = _HEADER_WORDS[key]
    if len([ln for ln in after if not _is_header(ln.text, words)]) > 2:
        return None
    table = tables[key]
    if key == "appeals":
        flat = table.appeals_flat
        complete = (flat is not None and len([t for t in flat.tokens if t.kind != "blank"]) >= 15) or \
            (flat is None and len(table.rows) == 3 and all(len(r.tokens) >= 5 for r in table.rows.values()))
    else:
        last = table.rows.get(_LAST_ROW[key])
        complete = last is not None and len(last.tokens) >= last.width
    return None if complete else key


#: a table's header is a few short lines; longer, it is not a header the text was cut in
_MAX_HEADER_LINES = 25


def _ends_in_header(key: str, start: int, lines: list[Line], headings) -> bool:
    """The text ends in the header of table ``key`` (its lines from ``start``): no figure, no
    sentence and no heading after it, one line at least of the table's header words."""
    rest = [(i, ln) for i, ln in enumerate(lines[start:], start) if ln.text.strip()]
    if not rest or len(rest) > _MAX_HEADER_LINES or any(h.index > start for h in headings.values()):
        return False
    if any(is_sentence(ln.text) or any(t.kind == NUM for t in line_tokens(ln, i)) for i, ln in rest):
        return False
    return any(_is_header(ln.text, _HEADER_WORDS[key]) for _i, ln in rest)


def _truncation(findings: list[Finding], tables, lines, headings, line_loc, starts=None) -> list[Finding]:
    """One finding for a text that ends inside a table, instead of a warning for every identity
    that the missing rows make unverifiable and an error for every section after it."""
    key = ends_inside(tables, lines, headings, starts)
    if key is None:
        return findings
    table = tables[key]
    header_only = not table.rows and table.appeals_flat is None
    order = [s.key for s in af.SECTIONS]
    later = set(order[order.index(key) + 1:])
    last = max(table.rows.values(), key=lambda r: r.line_index, default=None)
    last_key = last.spec.key if last is not None else None
    last_label = af.row_label(key, last_key) if last_key and key != "appeals" else None
    # cut in its header, the table itself is not missing or blank: its rows were never reached
    gone = later | {key} if header_only else later

    def unverifiable(f: Finding) -> bool:
        loc = f.location
        if f.code.endswith(".not_assessable") and loc.get("table") == key:
            # a column's sums need the rows the text never reached; a complete row's own sum is
            # still a finding of its own
            return loc.get("row") is None or loc.get("row") == last_key or not f.code.startswith(f"{key}.row_total")
        if f.code == "table.row_missing" and loc.get("table") == key:
            return True
        if f.code == "table.row_short" and loc.get("table") == key and loc.get("row") in (last_key, None):
            return True
        if f.code == "table.blank" and header_only and loc.get("table") == key:
            return True
        return f.code in ("section.missing", "table.missing") and (loc.get("section") in gone
                                                                     or loc.get("table") in gone)

    kept = [f for f in findings if not unverifiable(f)]
    if header_only:
        where = "（只有表头，没有读到任何一行）"
        at = (starts or {}).get(key)
    else:
        where = f"（最后读到的一行是“{last_label}”）" if last_label else ""
        at = table.last_line
    kept.append(Finding("text.truncated", ERROR,
                        f"文本在{_TABLE_NAME[key]}中途结束{where}：之后的行和各部分无法检查，"
                        "依赖这些行的合计关系也无法核对。请提供完整的报告。",
                        {"section": key, "table": key, **line_loc(at)}))
    return kept


def _speaks_of_annual_report(lines: list[Line]) -> bool:
    """An excerpt without title or tables that says what it is: a heading of the format and
    ‘年度报告’ with ‘政府信息公开’ in its opening lines (a mirror that dropped the title)."""
    head = squeeze(" ".join(ln.text for ln in lines[:12]))
    return "政府信息公开" in head and ("年度报告" in head or "年报" in head) and bool(find_headings(lines))


def _in_section(idx: int, heading_idx: dict, key: str, n: int) -> bool:
    if key not in heading_idx:
        return False
    start = heading_idx[key]
    end = min((i for i in heading_idx.values() if i > start), default=n)
    return start <= idx < end
