"""Render a complete, consistent annual report from given tables — as text, HTML, DOCX or PDF —
and garble it the ways real extracted reports are garbled. Used by the checker's tests and by
``bench/check.py``.

The tables a report is rendered from are the truth: tests write them by hand, the bench draws
them at random (``random_tables``). Nothing here reads the parser's output.

Text garbles (each can be combined with the others):

* ``layout``: ``tabs`` (flattened like a PDF-to-text tool: tab-separated, blank cells as empty
  positions, merged label cells as extra tabs — the shared example), ``spaces`` (one space
  between cells, blanks written as ``/``), ``pipes`` (one cell per line between ``|``).
* ``split_header``: the tables' header words one character per line.
* ``run_together``: cells glued to their label and to each other (``规章000``).
* ``trailing_missing``: some rows lose their last cells (those cells are then not shown).
* ``fullwidth``: full-width digits and brackets.
* ``page_breaks``: page number, footer and running header lines between table rows.
* ``cut_rows``: a row cut at the end of a page, its last cells on the next page.
* ``traditional``: traditional characters.
* ``numbering``: (一) / 一. / 1、 instead of （一） / 一、 / 1.
* ``thousands``: numbers ≥ 1000 written with thousands separators.
* ``variant_headings``: headings as the shared example words them.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import html as htmllib
import io
import random
import re
import subprocess
import tempfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from gongkai.rules import annual_format as af

TEXT_GARBLES = ("split_header", "run_together", "trailing_missing", "fullwidth", "page_breaks",
                "cut_rows", "traditional", "numbering", "thousands", "variant_headings")


# ---- tables ---------------------------------------------------------------------------------

def tables_from_lists(proactive: dict[str, list], applications: dict[str, list],
                      appeals: dict[str, list]) -> dict[str, dict[str, dict[str, Any]]]:
    """Tables in the spec's keys from rows written as lists in the format's column order.
    Application rows not given are all 0."""
    out: dict[str, dict[str, dict[str, Any]]] = {"proactive": {}, "applications": {}, "appeals": {}}
    for r in af.PROACTIVE_ROWS:
        out["proactive"][r.key] = dict(zip(r.columns, proactive[r.key]))
    cols = [c.key for c in af.APPLICATION_COLUMNS]
    for r in af.APPLICATION_ROWS:
        out["applications"][r.key] = dict(zip(cols, applications.get(r.key, [0] * 7)))
    acols = [c.key for c in af.APPEALS_COLUMNS]
    for r in af.APPEALS_ROWS:
        out["appeals"][r.key] = dict(zip(acols, appeals[r.key]))
    return out


def random_tables(rng: random.Random, big: bool = False) -> dict[str, dict[str, dict[str, Any]]]:
    """A consistent set of tables (every identity holds)."""
    scale = 400 if big else 6
    apps: dict[str, list[int]] = {}
    cols = len(af.APPLICANT_TYPES)
    outcome_rows = {k: [0] * cols for k in af.OUTCOME_KEYS}
    new = [0] * cols
    carried_in = [0] * cols
    carried_out = [0] * cols
    for c in range(cols):
        weight = 1.0 if c == 0 else 0.25
        n = int(rng.random() * scale * weight) if rng.random() < (0.95 if c == 0 else 0.4) else 0
        cin = rng.randint(0, 2) if rng.random() < 0.3 else 0
        new[c], carried_in[c] = n, cin
        pool = n + cin
        cout = rng.randint(0, min(pool, 3)) if pool and rng.random() < 0.4 else 0
        carried_out[c] = cout
        left = pool - cout
        keys = list(af.OUTCOME_KEYS)
        favoured = ["granted", "partially_granted", "unavailable_not_held", "rejected_duplicate"]
        while left:
            k = rng.choice(favoured) if rng.random() < 0.7 else rng.choice(keys)
            step = rng.randint(1, max(1, left // 3))
            outcome_rows[k][c] += step
            left -= step
    def with_total(v):
        return v + [sum(v)]
    apps["new_received"] = with_total(new)
    apps["carried_in"] = with_total(carried_in)
    for k in af.OUTCOME_KEYS:
        apps[k] = with_total(outcome_rows[k])
    apps["processed_total"] = with_total([sum(outcome_rows[k][c] for k in af.OUTCOME_KEYS) for c in range(cols)])
    apps["carried_out"] = with_total(carried_out)

    def group():
        v = [rng.choice([0, 0, 0, 1, 2, 3, 9]) for _ in range(4)]
        return v + [sum(v)]
    issued = rng.randint(0, 9)
    abolished = rng.randint(0, 3)
    proactive = {
        "regulations": [0, 0, rng.choice([0, 0, 2])],
        "normative_documents": [issued, abolished, issued + rng.randint(abolished, 40)],
        "licensing": [rng.randint(0, 30000 if big else 900)],
        "punishment": [rng.randint(0, 2000 if big else 90)],
        "coercion": [rng.randint(0, 20)],
        "fees": [Decimal(rng.randint(0, 99999)) / 100 if rng.random() < 0.5 else 0],
    }
    appeals = {r.key: group() for r in af.APPEALS_ROWS}
    return tables_from_lists(proactive, apps, appeals)


def blank_some(tables: dict, rng: random.Random, share: float = 0.1) -> dict:
    """Blank (None) a share of the cells, as reports that leave zeros empty do."""
    t = copy.deepcopy(tables)
    for table in t.values():
        for row in table.values():
            for col, v in row.items():
                if v == 0 and rng.random() < share:
                    row[col] = None
    return t


# ---- the report -----------------------------------------------------------------------------

@dataclass
class Report:
    agency: str
    year: int
    tables: dict
    published_on: dt.date | None = None
    overview: str = ""
    problems: str = ""
    other: str = ""
    sections: tuple[str, ...] = ("overview", "proactive", "applications", "appeals", "problems", "other")
    intro: str = ""

    def __post_init__(self):
        new = self.tables["applications"]["new_received"]["total"]
        self.intro = self.intro or (
            f"本报告依据《中华人民共和国政府信息公开条例》第五十条的规定编制。本报告中所列数据的统计期限自"
            f"{self.year}年1月1日起至{self.year}年12月31日止。")
        self.overview = self.overview or (
            f"{self.year}年，{self.agency}认真贯彻落实《中华人民共和国政府信息公开条例》，"
            f"全面推进政务公开工作。\n（一）主动公开。全年在门户网站主动公开政府信息，重点公开行政许可和行政处罚结果。\n"
            f"（二）依申请公开。全年共收到政府信息公开申请{_fmt_plain(new)}件，均在法定期限内答复。\n"
            "（三）政府信息管理。公开前逐件开展保密审查，规范性文件逐件标注有效性。\n"
            "（四）政府信息公开平台建设。政府信息公开专栏按法定主动公开内容设置栏目，及时更新。\n"
            "（五）监督保障。政府信息公开工作纳入年度考核，办公室负责日常工作。")
        self.problems = self.problems or (
            "一是部分公开内容的时效性和解读质量有待提高；二是依申请公开答复文书的规范化程度仍需加强。"
            "下一步，我们将建立公开内容审核台账，每季度开展答复文书质量评查，并组织业务培训两次。")
        self.other = self.other or (
            f"依据《政府信息公开信息处理费管理办法》，本年度未收取信息处理费。认真落实{self.year}年政务公开工作要点。")


def _fmt_plain(v) -> str:
    return "" if v is None else str(v)


SECTION_HEADINGS = {s.key: s.heading for s in af.SECTIONS}
VARIANT_HEADINGS = {"overview": "一、工作开展情况", "problems": "五、存在的问题及下一步工作打算"}


# ---- text -----------------------------------------------------------------------------------

_TRAD_REVERSE = None


def to_traditional(text: str) -> str:
    global _TRAD_REVERSE
    if _TRAD_REVERSE is None:
        from gongkai.reports.importers.normalize import _TRAD_MAP
        _TRAD_REVERSE = {}
        for trad, simp in _TRAD_MAP.items():
            _TRAD_REVERSE.setdefault(ord(simp), chr(trad))
    return text.translate(_TRAD_REVERSE)


_FULL = str.maketrans("0123456789().,:", "０１２３４５６７８９（）．，：")


def _app_label_cells(key: str) -> list[str]:
    """The three label columns of a table-三 row, as a flattened PDF shows them."""
    labels = {r.key: r.label for r in af.APPLICATION_ROWS}
    first_of_group = {"denied_state_secret": "（三）不予公开", "unavailable_not_held": "（四）无法提供",
                      "rejected_petition": "（五）不予处理", "other_no_correction": "（六）其他处理"}
    label = labels[key].replace("1. ", "1.").replace("2. ", "2.").replace("3. ", "3.").replace(
        "4. ", "4.").replace("5. ", "5.").replace("6. ", "6.").replace("7. ", "7.").replace("8. ", "8.")
    if key in ("new_received", "carried_in", "carried_out"):
        return [label, "", ""]
    if key == "granted":
        return ["三、本年度办理结果", label, ""]
    if key in ("partially_granted", "processed_total"):
        return ["", label, ""]
    return ["", first_of_group.get(key, ""), label]


def _cell_text(v, garbles, rng, blank: str) -> str:
    if v is None:
        return blank
    if isinstance(v, Decimal):
        s = format(v.normalize(), "f") if v != v.to_integral_value() else str(int(v))
    else:
        s = str(v)
    if "thousands" in garbles and isinstance(v, int) and abs(v) >= 1000:
        s = f"{v:,}"
    return s


def render_text(report: Report, layout: str = "tabs", garbles: tuple[str, ...] = (),
                seed: int = 0) -> tuple[str, dict]:
    """The report as extracted text, and the tables as the text shows them (cells a garble
    removed are left out)."""
    rng = random.Random(seed)
    garbles = tuple(garbles)
    shown = copy.deepcopy(report.tables)
    out: list[str] = []
    blank = {"tabs": "", "pipes": "", "spaces": "/"}[layout]
    sep = {"tabs": "\t", "spaces": " ", "pipes": None}[layout]
    page = [1]
    running = f"{report.agency}{report.year}年度政府信息公开工作年度报告"
    rows_since_break = [0]

    def page_break():
        page[0] += 1
        out.append(rng.choice([f"- {page[0] - 1} -", f"第 {page[0] - 1} 页 共 9 页", f"— {page[0] - 1} —"]))
        out.append(running)

    def maybe_break():
        rows_since_break[0] += 1
        if "page_breaks" in garbles and rows_since_break[0] % 7 == 0:
            page_break()

    def emit_row(label_cells: list[str], values: list, table: str, row: str, columns: list[str]):
        cells = [_cell_text(v, garbles, rng, blank) for v in values]
        cut = None
        truncated = False
        if "trailing_missing" in garbles and table == "applications" and rng.random() < 0.25 and len(cells) > 1:
            truncated = True
            drop = rng.randint(1, min(3, len(cells) - 1))
            for col in columns[len(cells) - drop:]:
                shown[table][row].pop(col, None)
            cells = cells[:len(cells) - drop]
        if "cut_rows" in garbles and len(cells) > 2 and rng.random() < 0.15:
            cut = rng.randint(1, len(cells) - 1)
        labels = [c for c in label_cells]
        if layout == "pipes":
            for c in labels:
                if c:
                    out.append(f"| {c} |")
            for i, c in enumerate(cells):
                if cut is not None and i == cut:
                    page_break()
                out.append(f"| {c} |" if c else "| |")
            maybe_break()
            return
        if layout == "spaces":
            labels = [c for c in labels if c]
        if "run_together" in garbles and cells and all(c not in ("", blank) for c in cells):
            # a row of single digits glued together ("规章000"), and glued to its label
            if all(len(c) == 1 for c in cells) and len(cells) <= 3:
                cells = ["".join(cells)]
            while labels and not labels[-1]:
                labels.pop()
            if labels:
                labels[-1] = labels[-1] + cells[0]
                cells = cells[1:]
        head = sep.join(labels)
        trailer = [""] if layout == "tabs" and table == "applications" and not truncated else []
        if cut is not None and cut < len(cells):
            first, rest = cells[:cut], cells[cut:]
            out.append(sep.join([head] + first) if head else sep.join(first))
            page_break()
            out.append(sep.join(rest + trailer))
        else:
            line = sep.join(([head] if head else []) + cells + trailer)
            out.append(line)
        maybe_break()

    def header_words(words: list[str]):
        if "split_header" in garbles:
            for w in words:
                out.extend(list(w))
        elif layout == "pipes":
            out.extend(f"| {w} |" for w in words)
        else:
            out.append(sep.join(words))

    def heading(key: str):
        text = SECTION_HEADINGS[key]
        if "variant_headings" in garbles and key in VARIANT_HEADINGS:
            text = VARIANT_HEADINGS[key]
        return text

    out.append(report.agency)
    out.append("")
    out.append(f"{report.year}年度政府信息公开工作年度报告")
    out.append("")
    out.append(report.intro)
    for key in report.sections:
        out.append("")
        if key == "other" and "variant_headings" in garbles:
            out.append(f"其他需要报告的事项：{report.other}")
            continue
        out.append(heading(key))
        out.append("")
        if key == "overview":
            out.append(report.overview)
        elif key == "problems":
            out.append(report.problems)
        elif key == "other":
            out.append(report.other)
        elif key == "proactive":
            t = report.tables["proactive"]
            blocks = [("第二十条第（一）项", ["本年制发件数", "本年废止件数", "现行有效件数"],
                       ["regulations", "normative_documents"]),
                      ("第二十条第（五）项", ["本年处理决定数量"], ["licensing"]),
                      ("第二十条第（六）项", ["本年处理决定数量"], ["punishment", "coercion"]),
                      ("第二十条第（八）项", ["本年收费金额（单位：万元）"], ["fees"])]
            rows = {r.key: r for r in af.PROACTIVE_ROWS}
            for article, cols, keys in blocks:
                out.append(f"| {article} |" if layout == "pipes" else article)
                header_words(["信息内容"] + cols)
                for k in keys:
                    emit_row([rows[k].label], [t[k][c] for c in rows[k].columns], "proactive", k,
                             list(rows[k].columns))
        elif key == "applications":
            t = report.tables["applications"]
            header_words(["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况"])
            header_words(["自然人", "法人或其他组织", "总计"])
            header_words(["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"])
            cols = [c.key for c in af.APPLICATION_COLUMNS]
            for r in af.APPLICATION_ROWS:
                emit_row(_app_label_cells(r.key), [t[r.key][c] for c in cols], "applications", r.key, cols)
        elif key == "appeals":
            t = report.tables["appeals"]
            header_words(["行政复议", "行政诉讼"])
            res = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
            header_words(res + ["未经复议直接起诉", "复议后起诉"])
            header_words(res + res)
            values = [t[r.key][c.key] for r in af.APPEALS_ROWS for c in af.APPEALS_COLUMNS]
            cells = [_cell_text(v, garbles, rng, blank) for v in values]
            if layout == "pipes":
                out.extend(f"| {c} |" if c else "| |" for c in cells)
            else:
                out.append(sep.join(cells))
    out.append("")
    out.append(report.agency)
    if report.published_on:
        out.append(f"{report.published_on.year}年{report.published_on.month}月{report.published_on.day}日")
    text = "\n".join(out) + "\n"
    if "numbering" in garbles:
        text = re.sub(r"（([一二三四五六七])）", r"(\1)", text)
        text = re.sub(r"(?m)^([一二三四五六])、", r"\1.", text)
        text = re.sub(r"(?<![\d.])([1-8])\.(?=[\u4e00-\u9fff“])", r"\1、", text)
    if "fullwidth" in garbles:
        text = text.translate(_FULL)
    if "traditional" in garbles:
        text = to_traditional(text)
    for table in shown.values():
        for row in list(table):
            if not table[row]:
                del table[row]
    return text, shown


# ---- HTML -----------------------------------------------------------------------------------

def _td(text: Any = "", colspan: int = 1, rowspan: int = 1) -> str:
    attrs = (f' colspan="{colspan}"' if colspan > 1 else "") + (f' rowspan="{rowspan}"' if rowspan > 1 else "")
    return f"<td{attrs}>{htmllib.escape(str(text))}</td>"


def _v(v, thousands=False) -> str:
    return _cell_text(v, ("thousands",) if thousands else (), None, "")


def render_html(report: Report, thousands: bool = False, wrap_layout_table: bool = False,
                css: str = "") -> str:
    t = report.tables
    parts = [f"<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
             f"<title>{htmllib.escape(report.agency)}{report.year}年度政府信息公开工作年度报告</title>"
             f"<style>{css}</style></head><body>"]
    if wrap_layout_table:
        parts.append("<table class=\"layout\"><tr><td><div>导航：首页 &gt; 政务公开</div></td></tr><tr><td>")
    parts.append(f"<h1>{htmllib.escape(report.agency)}{report.year}年度政府信息公开工作年度报告</h1>")
    parts.append(f"<p>{htmllib.escape(report.intro)}</p>")
    for key in report.sections:
        parts.append(f"<h2>{SECTION_HEADINGS[key]}</h2>")
        if key in ("overview", "problems", "other"):
            parts.append(f"<p>{htmllib.escape(getattr(report, key))}</p>")
        elif key == "proactive":
            p = t["proactive"]
            rows = [
                _td("第二十条第（一）项", 4),
                _td("信息内容") + _td("本年制发件数") + _td("本年废止件数") + _td("现行有效件数"),
                _td("规章") + "".join(_td(_v(p["regulations"][c], thousands)) for c in ("issued", "abolished", "in_force")),
                _td("行政规范性文件") + "".join(_td(_v(p["normative_documents"][c], thousands)) for c in ("issued", "abolished", "in_force")),
                _td("第二十条第（五）项", 4),
                _td("信息内容") + _td("本年处理决定数量", 3),
                _td("行政许可") + _td(_v(p["licensing"]["decisions"], thousands), 3),
                _td("第二十条第（六）项", 4),
                _td("信息内容") + _td("本年处理决定数量", 3),
                _td("行政处罚") + _td(_v(p["punishment"]["decisions"], thousands), 3),
                _td("行政强制") + _td(_v(p["coercion"]["decisions"], thousands), 3),
                _td("第二十条第（八）项", 4),
                _td("信息内容") + _td("本年收费金额（单位：万元）", 3),
                _td("行政事业性收费") + _td(_v(p["fees"]["amount_10k_yuan"], thousands), 3),
            ]
            parts.append("<table class=\"data\">" + "".join(f"<tr>{r}</tr>" for r in rows) + "</table>")
        elif key == "applications":
            a = t["applications"]
            cols = [c.key for c in af.APPLICATION_COLUMNS]
            rows = [
                _td("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 3, 3) + _td("申请人情况", 7),
                _td("自然人", 1, 2) + _td("法人或其他组织", 5) + _td("总计", 1, 2),
                "".join(_td(w) for w in ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")),
            ]
            groups = {"denied_state_secret": ("（三）不予公开", 8), "unavailable_not_held": ("（四）无法提供", 3),
                      "rejected_petition": ("（五）不予处理", 5), "other_no_correction": ("（六）其他处理", 3)}
            in_group = {"denied", "unavailable", "rejected", "other"}
            for r in af.APPLICATION_ROWS:
                vals = "".join(_td(_v(a[r.key][c], thousands)) for c in cols)
                label = r.label.replace(". ", ".")
                if r.key in ("new_received", "carried_in", "carried_out"):
                    cells = _td(label, 3)
                elif r.key == "granted":
                    cells = _td("三、本年度办理结果", 1, 22) + _td(label, 2)
                elif r.key in ("partially_granted", "processed_total"):
                    cells = _td(label, 2)
                elif r.key in groups:
                    g, span = groups[r.key]
                    cells = _td(g, 1, span) + _td(label)
                else:
                    assert r.key.split("_")[0] in in_group
                    cells = _td(label)
                rows.append(cells + vals)
            parts.append("<table class=\"data\">" + "".join(f"<tr>{r}</tr>" for r in rows) + "</table>")
        elif key == "appeals":
            ap = t["appeals"]
            res = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
            rows = [
                _td("行政复议", 5) + _td("行政诉讼", 10),
                "".join(_td(w, 1, 2) for w in res) + _td("未经复议直接起诉", 5) + _td("复议后起诉", 5),
                "".join(_td(w) for w in res + res),
                "".join(_td(_v(ap[r.key][c.key], thousands)) for r in af.APPEALS_ROWS for c in af.APPEALS_COLUMNS),
            ]
            parts.append("<table class=\"data\">" + "".join(f"<tr>{r}</tr>" for r in rows) + "</table>")
    parts.append(f"<p style=\"text-align:right\">{htmllib.escape(report.agency)}</p>")
    if report.published_on:
        d = report.published_on
        parts.append(f"<p style=\"text-align:right\">{d.year}年{d.month}月{d.day}日</p>")
    if wrap_layout_table:
        parts.append("</td></tr></table>")
    parts.append("</body></html>")
    return "\n".join(parts)


# ---- DOCX -----------------------------------------------------------------------------------

def render_docx(report: Report) -> bytes:
    """The report as a DOCX with real merged cells (gridSpan / vMerge), like an agency's Word file."""
    import docx

    d = docx.Document()
    t = report.tables
    d.add_paragraph(f"{report.agency}{report.year}年度政府信息公开工作年度报告")
    d.add_paragraph(report.intro)

    def grid(rows: int, cols: int):
        table = d.add_table(rows=rows, cols=cols)
        table.style = "Table Grid"
        return table

    def put(table, r, c, text, r2=None, c2=None):
        cell = table.cell(r, c)
        if r2 is not None or c2 is not None:
            cell = cell.merge(table.cell(r if r2 is None else r2, c if c2 is None else c2))
        cell.text = str(text)

    for key in report.sections:
        d.add_paragraph(SECTION_HEADINGS[key])
        if key in ("overview", "problems", "other"):
            d.add_paragraph(getattr(report, key))
        elif key == "proactive":
            p = t["proactive"]
            tb = grid(14, 4)
            layout = [("第二十条第（一）项", None), (["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"], None),
                      ("regulations", 3), ("normative_documents", 3), ("第二十条第（五）项", None),
                      (["信息内容", "本年处理决定数量"], None), ("licensing", 1), ("第二十条第（六）项", None),
                      (["信息内容", "本年处理决定数量"], None), ("punishment", 1), ("coercion", 1),
                      ("第二十条第（八）项", None), (["信息内容", "本年收费金额（单位：万元）"], None), ("fees", 1)]
            rowdefs = {r.key: r for r in af.PROACTIVE_ROWS}
            for i, (what, ncols) in enumerate(layout):
                if isinstance(what, list):
                    if len(what) == 4:
                        for c, w in enumerate(what):
                            put(tb, i, c, w)
                    else:
                        put(tb, i, 0, what[0])
                        put(tb, i, 1, what[1], c2=3)
                elif what in rowdefs:
                    r = rowdefs[what]
                    put(tb, i, 0, r.label)
                    if ncols == 3:
                        for c, col in enumerate(r.columns):
                            put(tb, i, c + 1, _v(p[what][col]))
                    else:
                        put(tb, i, 1, _v(p[what][r.columns[0]]), c2=3)
                else:
                    put(tb, i, 0, what, c2=3)
        elif key == "applications":
            a = t["applications"]
            tb = grid(28, 10)
            put(tb, 0, 0, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", r2=2, c2=2)
            put(tb, 0, 3, "申请人情况", c2=9)
            put(tb, 1, 3, "自然人", r2=2)
            put(tb, 1, 4, "法人或其他组织", c2=8)
            put(tb, 1, 9, "总计", r2=2)
            for c, w in enumerate(("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")):
                put(tb, 2, 4 + c, w)
            groups = {"denied_state_secret": ("（三）不予公开", 8), "unavailable_not_held": ("（四）无法提供", 3),
                      "rejected_petition": ("（五）不予处理", 5), "other_no_correction": ("（六）其他处理", 3)}
            cols = [c.key for c in af.APPLICATION_COLUMNS]
            for i, r in enumerate(af.APPLICATION_ROWS):
                row = 3 + i
                label = r.label.replace(". ", ".")
                if r.key in ("new_received", "carried_in", "carried_out"):
                    put(tb, row, 0, label, c2=2)
                elif r.key == "granted":
                    put(tb, row, 0, "三、本年度办理结果", r2=row + 21)
                    put(tb, row, 1, label, c2=2)
                elif r.key in ("partially_granted", "processed_total"):
                    put(tb, row, 1, label, c2=2)
                elif r.key in groups:
                    g, span = groups[r.key]
                    put(tb, row, 1, g, r2=row + span - 1)
                    put(tb, row, 2, label)
                else:
                    put(tb, row, 2, label)
                for c, col in enumerate(cols):
                    put(tb, row, 3 + c, _v(a[r.key][col]))
        elif key == "appeals":
            ap = t["appeals"]
            tb = grid(4, 15)
            res = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
            put(tb, 0, 0, "行政复议", c2=4)
            put(tb, 0, 5, "行政诉讼", c2=14)
            for c, w in enumerate(res):
                put(tb, 1, c, w, r2=2)
            put(tb, 1, 5, "未经复议直接起诉", c2=9)
            put(tb, 1, 10, "复议后起诉", c2=14)
            for c, w in enumerate(res + res):
                put(tb, 2, 5 + c, w)
            values = [ap[r.key][c.key] for r in af.APPEALS_ROWS for c in af.APPEALS_COLUMNS]
            for c, v in enumerate(values):
                put(tb, 3, c, _v(v))
    d.add_paragraph(report.agency)
    if report.published_on:
        p = report.published_on
        d.add_paragraph(f"{p.year}年{p.month}月{p.day}日")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


# ---- PDF ------------------------------------------------------------------------------------

PDF_CSS = """
@page { size: A4; margin: 18mm 14mm; }
body { font-family: %(family)s; font-size: 10pt; }
table.data { border-collapse: collapse; width: 100%%; margin: 6pt 0; }
table.data td { border: 0.6pt solid #000; padding: 2pt 3pt; font-size: 8pt; text-align: center; }
"""


@functools.lru_cache(maxsize=1)
def system_cjk_family() -> str | None:
    """A CJK font family fontconfig knows (Noto CJK when fonts-noto-cjk is installed)."""
    try:
        out = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True,
                             timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    families = [f.split(",")[0].strip() for f in out.splitlines() if f.strip()]
    return sorted(families)[0] if families else None


def box_font(chars: str, path: Path) -> Path:
    """A font whose every glyph is a box, covering ``chars``: enough for text to survive into a
    PDF (with its ToUnicode map) where no CJK font is installed."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    codepoints = sorted({ord(c) for c in chars if ord(c) > 0x7f and not c.isspace()})
    pen = TTGlyphPen(None)
    pen.moveTo((100, 0))
    pen.lineTo((100, 800))
    pen.lineTo((900, 800))
    pen.lineTo((900, 0))
    pen.closePath()
    glyph = pen.glyph()
    names = [".notdef"] + [f"uni{cp:04X}" for cp in codepoints]
    fb = FontBuilder(1000, isTTF=True)
    fb.setupGlyphOrder(names)
    fb.setupCharacterMap({cp: f"uni{cp:04X}" for cp in codepoints})
    fb.setupGlyf({n: glyph for n in names})
    fb.setupHorizontalMetrics({n: (1000, 100) for n in names})
    fb.setupHorizontalHeader(ascent=880, descent=-120)
    fb.setupNameTable({"familyName": "GongkaiBox", "styleName": "Regular"})
    fb.setupOS2(sTypoAscender=880, usWinAscent=880, usWinDescent=120)
    fb.setupPost()
    fb.save(str(path))
    return path


def render_pdf(report: Report, thousands: bool = False) -> bytes:
    import logging

    import weasyprint

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    family = system_cjk_family()
    html = render_html(report, thousands=thousands, css="%s")
    with tempfile.TemporaryDirectory() as tmp:
        if family:
            css = PDF_CSS % {"family": f"'DejaVu Sans', '{family}', sans-serif"}
        else:
            font = box_font(html, Path(tmp) / "box.ttf")
            css = (f"@font-face {{ font-family: GongkaiBox; src: url('{font.as_uri()}'); }}\n"
                   + PDF_CSS % {"family": "'DejaVu Sans', GongkaiBox"})
        html = html.replace("<style>%s</style>", f"<style>{css}</style>")
        return weasyprint.HTML(string=html).write_pdf()


# ---- fixtures used by tests -----------------------------------------------------------------

#: a typical county bureau's year, written by hand (every identity holds: 12+2 = 13+1 for 自然人,
#: 14+2 = 15+1 in total; 5+2+1+1+2+1+1 = 13 outcomes for 自然人)
TABLES_A = tables_from_lists(
    proactive={"regulations": [0, 0, 0], "normative_documents": [3, 1, 25], "licensing": [1286],
               "punishment": [57], "coercion": [4], "fees": [Decimal("12.35")]},
    applications={
        "new_received": [12, 1, 0, 0, 1, 0, 14],
        "carried_in": [2, 0, 0, 0, 0, 0, 2],
        "granted": [5, 1, 0, 0, 0, 0, 6],
        "partially_granted": [2, 0, 0, 0, 0, 0, 2],
        "denied_third_party_rights": [1, 0, 0, 0, 0, 0, 1],
        "denied_process_info": [1, 0, 0, 0, 0, 0, 1],
        "unavailable_not_held": [2, 0, 0, 0, 1, 0, 3],
        "rejected_duplicate": [1, 0, 0, 0, 0, 0, 1],
        "other_no_correction": [1, 0, 0, 0, 0, 0, 1],
        "processed_total": [13, 1, 0, 0, 1, 0, 15],
        "carried_out": [1, 0, 0, 0, 0, 0, 1],
    },
    appeals={"reconsideration": [1, 0, 0, 1, 2], "litigation_direct": [0, 1, 0, 0, 1],
             "litigation_after_reconsideration": [0, 0, 0, 0, 0]},
)


def report_a(**kw) -> Report:
    """A typical county bureau, rendered from TABLES_A."""
    defaults = dict(agency="某县市场监督管理局", year=2023, tables=copy.deepcopy(TABLES_A),
                    published_on=dt.date(2024, 1, 20))
    defaults.update(kw)
    return Report(**defaults)
