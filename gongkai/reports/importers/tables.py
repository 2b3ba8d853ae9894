"""Recover tables 二, 三 and 四 from the lines of a report.

The parser is anchored on the format's row labels, never on positions in a page: a row is a line
whose label text names one of the format's rows, its values are the numbers (and blank markers)
after the label — on the same line, or on the following value-only lines when extraction broke
the row (one cell per line, a page break inside the row). Separated lines (tabs, ``|``, real
table grids) show blank cells; a row with more positions than the table has columns is aligned
the way the table's other rows are (``_fit``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from gongkai.reports.importers.normalize import (BLANK, NULL, NUM, TEXT, Token, norm, squeeze,
                                                 tokenize_cell)
from gongkai.reports.importers.reading import Line
from gongkai.rules import annual_format as af


@dataclass(frozen=True)
class RowSpec:
    key: str | None                    # the spec's row key; None: a row we read but do not map
    phrases: tuple[str, ...]           # any of these (squeezed) in the label names the row
    columns: tuple[str | None, ...]    # spec column keys in order; None: shown, not mapped
    exact: tuple[str, ...] = ()        # the label must be exactly one of these
    max_extra: int = 14                # label text allowed beyond the phrase (wrapped labels)
    after: tuple[str, ...] = ()        # only once one of these rows was seen ("其他", "总计")


def _app(key: str, *phrases: str, exact: tuple[str, ...] = (), after: tuple[str, ...] = ()) -> RowSpec:
    return RowSpec(key, phrases, tuple(c.key for c in af.APPLICATION_COLUMNS), exact,
                   max_extra=40, after=after)


_OUTCOMES = tuple(af.OUTCOME_KEYS)


APPLICATION_SPECS: tuple[RowSpec, ...] = (
    _app("new_received", "本年新收"),
    _app("carried_in", "上年结转"),
    _app("granted", "予以公开"),
    _app("partially_granted", "部分公开"),
    _app("denied_state_secret", "国家秘密"),
    _app("denied_prohibited_by_law", "法律行政法规禁止", "禁止公开"),
    _app("denied_security_stability", "三安全一稳定", "危及"),
    _app("denied_third_party_rights", "第三方合法权益", "第三方"),
    _app("denied_internal_affairs", "内部事务"),
    _app("denied_process_info", "过程性信息", "过程性"),
    _app("denied_enforcement_file", "执法案卷"),
    _app("denied_administrative_query", "行政查询"),
    _app("unavailable_not_held", "不掌握"),
    _app("unavailable_needs_creation", "另行制作", "没有现成"),
    _app("unavailable_unclear", "仍不明确", "补正后"),
    _app("rejected_petition", "信访", "举报投诉"),
    _app("rejected_duplicate", "重复申请"),
    _app("rejected_publication", "出版物"),
    _app("rejected_mass_repeated", "大量反复"),
    _app("rejected_confirm_or_reissue", "重新出具", "确认或"),
    _app("other_no_correction", "不补正"),
    _app("other_fee_unpaid", "缴纳费用", "收费通知"),
    _app("other_other", exact=("其他", "其他情形"), after=_OUTCOMES[10:]),
    _app("processed_total", "总计", exact=("总计", "合计"), after=_OUTCOMES),
    _app("carried_out", "结转下年", "下年度继续"),
)
APPLICATION_GROUPS = ("本年度办理结果", "不予公开", "无法提供", "不予处理", "其他处理")
APPLICATION_HEADER_WORDS = ("申请人情况", "自然人", "商业企业", "科研机构", "社会公益组织",
                            "法律服务机构", "法人或其他组织", "勾稽关系")


def _pro(key, phrase, columns, **kw) -> RowSpec:
    return RowSpec(key, (phrase,), columns, max_extra=kw.get("max_extra", 6))


PROACTIVE_SPECS_2021: tuple[RowSpec, ...] = tuple(
    _pro(r.key, {"normative_documents": "规范性文件", "fees": "事业性收费"}.get(r.key, r.label),
         r.columns)
    for r in af.PROACTIVE_ROWS
)
PROACTIVE_SPECS_2019: tuple[RowSpec, ...] = (
    _pro("regulations", "规章", ("issued", None, None)),
    _pro("normative_documents", "规范性文件", ("issued", None, None)),
    _pro("licensing", "行政许可", (None, None, "decisions")),
    _pro(None, "对外管理服务", (None, None, None), max_extra=10),
    _pro("punishment", "行政处罚", (None, None, "decisions")),
    _pro("coercion", "行政强制", (None, None, "decisions")),
    _pro("fees", "事业性收费", (None, None)),
    _pro(None, "集中采购", (None, None)),
)
PROACTIVE_HEADER_WORDS = ("信息内容", "本年制发件数", "本年废止件数", "现行有效件数", "处理决定数量",
                          "本年收费金额", "第二十条", "本年新制作数量", "本年新公开数量",
                          "对外公开总数量", "上一年项目数量", "本年增", "采购项目数量", "采购总金额")

APPEALS_HEADER_WORDS = ("行政复议", "行政诉讼", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计",
                        "未经复议直接起诉", "复议后起诉", "直接起诉", "合计")
APPEALS_SPECS: tuple[RowSpec, ...] = tuple(
    RowSpec(r.key, phrases, tuple(c.key for c in af.APPEALS_COLUMNS), max_extra=8)
    for r, phrases in zip(af.APPEALS_ROWS, (("行政复议",), ("直接起诉",), ("复议后起诉",)))
)
APPEALS_WIDTH = len(af.APPEALS_ROWS) * len(af.APPEALS_COLUMNS)

_NUMBERING = re.compile(
    r"[(（]\s*[一二三四五六七八九十]{1,3}\s*[)）]|(?:^|(?<=\s))[一二三四五六七八九十]{1,3}\s*[、.]"
    r"|(?:\d{1,2}\s*[.、]|[(（]\d{1,2}[)）])(?=\s*[\u4e00-\u9fff“\"])|第[一二三四五六]部分")


def label_core(text: str) -> str:
    return squeeze(_NUMBERING.sub(" ", norm(text)))


def is_sentence(text: str) -> bool:
    """Narrative prose, not a table row."""
    return ("。" in text and len(text) >= 12) or len(text) >= 70


# ---- tokens of a line -----------------------------------------------------------------------

def line_tokens(line: Line, index: int) -> list[Token]:
    out: list[Token] = []
    for ci, cell in enumerate(line.cells):
        toks = tokenize_cell(cell)
        if not toks and line.separated:
            toks = [Token(BLANK, "")]
        for t in toks:
            t.line, t.cell = index, ci
        out.extend(toks)
    return out


def _label_text(tokens: list[Token]) -> str:
    return " ".join(t.text for t in tokens if t.kind == TEXT)


def _values_after_label(tokens: list[Token]) -> list[Token]:
    last = max((i for i, t in enumerate(tokens) if t.kind == TEXT), default=-1)
    return [t for t in tokens[last + 1:] if t.kind != TEXT]


# ---- rows -----------------------------------------------------------------------------------

@dataclass
class RowResult:
    spec: RowSpec
    line_index: int
    tokens: list[Token] = field(default_factory=list)
    single_line: bool = True       # all tokens came from the label's own separated line
    line_tokens: list[Token] = field(default_factory=list)  # every token of the label's line
    n_cells: int = 0               # cells of the label's line
    fitted: list[Token] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # "short", "long", "run_together"

    @property
    def width(self) -> int:
        return len(self.spec.columns)

    def cells(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for tok, col in zip(self.fitted, self.spec.columns):
            if col is None:
                continue
            out[col] = tok.value if tok.kind == NUM else None
        return out

    def cell_lines(self) -> dict[str, int]:
        return {col: tok.line for tok, col in zip(self.fitted, self.spec.columns) if col}


@dataclass
class ParsedTable:
    key: str
    rows: dict[str, RowResult] = field(default_factory=dict)   # by spec row key
    first_line: int | None = None
    last_line: int | None = None
    found: bool = False
    appeals_flat: RowResult | None = None   # table 四 read as one 15-cell line

    def values(self) -> dict[str, dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {}
        if self.appeals_flat is not None:
            cols = [c.key for c in af.APPEALS_COLUMNS]
            for i, tok in enumerate(self.appeals_flat.fitted):
                row = af.APPEALS_ROWS[i // len(cols)].key
                out.setdefault(row, {})[cols[i % len(cols)]] = tok.value if tok.kind == NUM else None
            return out
        for key, rr in self.rows.items():
            if key is None:
                continue
            cells = rr.cells()
            if cells:
                out[key] = cells
        return out

    def cell_lines(self) -> dict[tuple[str, str], int]:
        out: dict[tuple[str, str], int] = {}
        if self.appeals_flat is not None:
            cols = [c.key for c in af.APPEALS_COLUMNS]
            for i, tok in enumerate(self.appeals_flat.fitted):
                out[(af.APPEALS_ROWS[i // len(cols)].key, cols[i % len(cols)])] = tok.line
            return out
        for key, rr in self.rows.items():
            if key:
                for col, ln in rr.cell_lines().items():
                    out[(key, col)] = ln
        return out

    def row_lines(self) -> dict[str, int]:
        if self.appeals_flat is not None:
            return {r.key: self.appeals_flat.line_index for r in af.APPEALS_ROWS}
        return {k: rr.line_index for k, rr in self.rows.items() if k}


def _is_header(label: str, words: tuple[str, ...]) -> bool:
    core = squeeze(label)
    if not core:
        return False
    hits = [w for w in words if w in core]
    if not hits:
        return False
    rest = core
    for w in sorted(hits, key=len, reverse=True):
        rest = rest.replace(w, "")
    # a header line holds header words and little else
    return len(rest) <= max(4, len(core) // 3)


def match_row(label: str, specs: tuple[RowSpec, ...], taken: set, groups: tuple[str, ...] = ()
              ) -> RowSpec | None:
    core = label_core(label)
    for g in groups:
        core = core.replace(g, "")
    if not core:
        return None
    for spec in specs:
        if (spec.key or spec.phrases) in taken:
            continue
        if spec.after and not any(k in taken for k in spec.after):
            continue
        if spec.exact and core in spec.exact:
            return spec
        for ph in spec.phrases:
            if ph in core and len(core) <= len(ph) + spec.max_extra:
                if spec.exact and ph not in spec.exact and core not in spec.exact:
                    continue
                return spec
    return None


_FULL_LABELS = {r.key: r.label for r in af.PROACTIVE_ROWS + af.APPLICATION_ROWS}
_ROW_NUMBER = re.compile(r"^\s*(?:(\d{1,2})\s*[.、]|[(（](\d{1,2})[)）])")
#: how alike a damaged label must be to the format's label of the row expected at its place
FUZZY_RATIO = 0.7


def _row_number(text: str) -> int | None:
    m = _ROW_NUMBER.match(norm(text))
    return int(m[1] or m[2]) if m else None


def fuzzy_row(label: str, specs: tuple[RowSpec, ...], taken: set, groups: tuple[str, ...] = ()
              ) -> RowSpec | None:
    """A row label that lost characters or has a typo (``政许可``, ``2.其他法律行政止公开``): taken
    for the row the table expects at this place — the first row not yet read after the last row
    read — when its words are close to that row's label and its numbering, if it has one, is
    that row's. Never a row further on: unsure, the label is left unread."""
    from difflib import SequenceMatcher

    core = label_core(label)
    for g in groups:
        core = core.replace(g, "")
    if len(core) < 2:
        return None
    keys = [s.key or s.phrases for s in specs]
    last = max((i for i, k in enumerate(keys) if k in taken), default=-1)
    spec = next((s for s in specs[last + 1:] if (s.key or s.phrases) not in taken), None)
    if spec is None or spec.key not in _FULL_LABELS or spec.after:
        return None
    full = _FULL_LABELS[spec.key]
    number, want = _row_number(label), _row_number(full)
    if number is not None and number != want:
        return None
    target = label_core(full)
    if SequenceMatcher(None, core, target).ratio() < FUZZY_RATIO:
        return None
    return spec


def parse_rows(lines: list[Line], start: int, end: int, specs: tuple[RowSpec, ...], table: str,
               header_words: tuple[str, ...], groups: tuple[str, ...] = (),
               last_key: str | None = None) -> ParsedTable:
    result = ParsedTable(table)
    taken: set = set()
    current: RowResult | None = None
    orphans: list[Token] = []
    unlabelled: list[Token] = []   # values before the table's first row label
    end = min(end, len(lines))
    # the usual number of cells of a separated row line: a row line with fewer was cut short
    widths: dict[int, int] = {}
    for idx in range(start, end):
        if lines[idx].separated and len(lines[idx].cells) > 1:
            widths[len(lines[idx].cells)] = widths.get(len(lines[idx].cells), 0) + 1
    usual = max(widths, key=lambda w: (widths[w], w)) if widths else 0
    for idx in range(start, end):
        line = lines[idx]
        toks = line_tokens(line, idx)
        label = _label_text(toks)
        if label and is_sentence(label):
            current, orphans = None, []
            if result.found and last_key and last_key in result.rows:
                break
            continue
        if label and _is_header(label, header_words) and not any(t.kind == NUM for t in toks):
            continue
        spec = match_row(label, specs, taken, groups) if label else None
        fuzzy = False
        if spec is None and label and not is_sentence(label):
            spec = fuzzy_row(label, specs, taken, groups)
            fuzzy = spec is not None
        if spec is not None:
            taken.add(spec.key or spec.phrases)
            current = RowResult(spec, idx)
            current.tokens = _values_after_label(toks)
            current.single_line = line.separated
            current.line_tokens = toks
            current.n_cells = len(line.cells)
            if fuzzy:
                current.notes.append("fuzzy_label")
            if not result.found and unlabelled and spec is specs[1] and specs[0].key \
                    and len(unlabelled) == len(specs[0].columns) and specs[0].key not in taken:
                # the first row of the table printed without its label (its label cell lost):
                # its figures sit between the header and the second row, exactly as many as it has
                first = RowResult(specs[0], unlabelled[0].line, list(unlabelled), False)
                first.notes.append("label_missing")
                taken.add(specs[0].key)
                result.rows[specs[0].key] = first
                result.first_line = first.line_index
            unlabelled = []
            if not current.tokens and orphans and len(orphans) >= current.width:
                current.tokens, orphans = orphans[:current.width], []
                current.single_line = False
            orphans = []
            result.rows[spec.key or "|".join(spec.phrases)] = current
            result.found = True
            result.first_line = idx if result.first_line is None else result.first_line
            result.last_line = idx
            continue
        values = _values_after_label(toks) if label else [t for t in toks if t.kind != TEXT]
        if not values:
            continue
        if current is not None and not label and _need(current) <= 0 and line.separated \
                and all(t.kind == BLANK for t in current.tokens) and any(t.kind == NUM for t in values):
            # the label's row shows only empty cells, its numbers come on the next line (a PDF
            # table rendered as markdown: the wrapped label took a row of its own)
            current.tokens = values
            current.line_tokens = toks
            current.n_cells = len(line.cells)
            current.single_line = True
            result.last_line = idx
        elif current is not None and (_need(current) > 0 or _cut_short(current, usual, line)):
            current.tokens.extend(values)
            if current.single_line and (line.separated or len(toks) == 1) and not label:
                for t in toks:  # the rest of a row cut by a page break: its cells continue the line's
                    t.cell += current.n_cells
                current.line_tokens = current.line_tokens + toks
                current.n_cells += len(line.cells)
            else:
                current.single_line = False
            result.last_line = idx
        elif result.found:
            orphans.extend(values)
        elif not label:
            unlabelled.extend(values)
        if last_key and last_key in result.rows and _need(result.rows[last_key]) <= 0 \
                and not _cut_short(result.rows[last_key], usual, None):
            break
    _fit_table(result)
    return result


def _cut_short(rr: RowResult, usual: int, line: Line | None) -> bool:
    """A separated row line with fewer cells than the table's other rows, continued by a line of
    values only (a page break inside the row)."""
    return (rr.single_line and usual > 0 and rr.n_cells < usual
            and (line is None or ((line.separated or len(line.cells) == 1)
                                  and rr.n_cells + len(line.cells) <= usual + 1)))


def _need(rr: RowResult) -> int:
    return rr.width - len(rr.tokens)


def _fit_table(result: ParsedTable) -> None:
    rows = [rr for rr in result.rows.values()]
    if result.key == "applications":
        _fit_rows(result, rows)
        _drop_subtotal_column(rows)
        _split_runs(result, rows)
        return
    _fit_rows(result, rows)
    if result.key == "appeals":
        _split_runs(result, rows)  # a group's row: 总计 = the four results


def _drop_subtotal_column(rows: list[RowResult]) -> None:
    """A table 三 with an extra 小计 column for 法人或其他组织 (eight numbers a row): where every
    such row has subtotal = the five organisation columns and 总计 = 自然人 + subtotal, the
    subtotal is dropped; otherwise the rows stay as read (and say they are too long)."""
    eight = []
    for rr in rows:
        nums = [t for t in rr.tokens if t.kind != BLANK]
        if len(nums) == rr.width + 1 and all(t.kind == NUM for t in nums):
            eight.append((rr, nums))
    if len(eight) < 2:
        return
    for _rr, nums in eight:
        v = [t.value for t in nums]
        if not (v[6] == sum(v[1:6]) and v[7] == v[0] + v[6]):
            return
    for rr, nums in eight:
        rr.fitted = nums[:6] + nums[7:]
        rr.notes = [n for n in rr.notes if n != "long"] + ["subtotal"]


def _split_runs(result: ParsedTable, rows: list[RowResult]) -> None:
    """Rows of table 三 whose cells ran together (``801000081``): split by the identities."""
    from gongkai.reports.importers.runs import resolve_columns, row_candidates

    ambiguous: dict[str, list[list[int]]] = {}
    runs: dict[str, RowResult] = {}
    for rr in rows:
        if rr.spec.key is None:
            continue
        nums = [t for t in rr.tokens if t.kind != BLANK]
        if rr is rows[-1] and len(nums) > 1:
            continue  # the text may end inside this row: its last number may be cut
        readings = row_candidates(nums, rr.width, row_total=True)
        if readings is None:
            continue
        if not readings:
            if any(len(t.text) >= 5 for t in nums):
                rr.fitted, rr.notes = [], [n for n in rr.notes if n not in ("short", "run_together")] + ["unsplittable"]
            continue
        runs[rr.spec.key] = rr
        ambiguous[rr.spec.key] = readings
    if not runs:
        return
    known = {k: [t.value if t.kind == NUM else None for t in rr.fitted] + [None] * (rr.width - len(rr.fitted))
             for k, rr in result.rows.items() if k and k not in runs}
    single = {k: v[0] for k, v in ambiguous.items() if len(v) == 1}
    known.update(single)
    for k in single:
        del ambiguous[k]
    resolve_columns(known, ambiguous)
    for key, rr in runs.items():
        keep = [n for n in rr.notes if n not in ("short", "run_together")]
        if key in known:
            like = [t for t in rr.tokens if t.kind == NUM][0]
            rr.fitted = [_num(str(v), like) for v in known[key]]
            rr.notes = keep + ["inferred"]
        else:
            rr.fitted = []
            rr.notes = keep + ["ambiguous"]


def _fit_rows(result: ParsedTable, rows: list[RowResult]) -> None:
    if result.key == "applications" and _fit_by_position(rows):
        return
    trailing = []
    for rr in rows:
        if rr.single_line and len(rr.tokens) > rr.width:
            last = max((i for i, t in enumerate(rr.tokens) if t.kind != BLANK), default=None)
            if last is not None:
                trailing.append(len(rr.tokens) - 1 - last)
    junk = min(trailing) if trailing else 0
    for rr in rows:
        rr.fitted, notes = fit(rr.tokens, rr.width, junk)
        rr.notes.extend(notes)


def _fit_by_position(rows: list[RowResult]) -> bool:
    """Rows flattened with tabs keep every cell's position: find the table's value columns from
    its full-width rows (the last columns, less any trailing empty positions every row has)
    and read each row — a truncated one too — at those positions."""
    from collections import Counter

    flat = [rr for rr in rows if rr.single_line and rr.n_cells > 1]
    if len(flat) < max(3, len(rows) // 2):
        return False
    width, _ = Counter(rr.n_cells for rr in flat).most_common(1)[0]
    n = rows[0].width
    junk = []
    for rr in flat:
        if rr.n_cells != width:
            continue
        filled = [t.cell for t in rr.line_tokens if t.kind in (NUM, NULL)]
        if filled:
            junk.append(width - 1 - max(filled))
    trailing = min(junk) if junk else 0
    start = width - trailing - n
    if start < 1:
        return False
    for rr in rows:
        label_end = max((t.cell for t in rr.line_tokens if t.kind == TEXT), default=-1)
        glued = any(t.kind == NUM and t.cell == label_end for t in rr.line_tokens)
        if not (rr in flat and rr.n_cells <= width and label_end < start and not glued):
            rr.fitted, notes = fit(rr.tokens, rr.width, trailing)
            rr.notes.extend(notes)
            continue
        # a row without the group label cell (（三）不予公开 spans its rows in the page, so only its
        # first row has it) starts its values one cell earlier: right after its own label
        row_start = start
        if any(label_end < t.cell < start and t.kind in (NUM, NULL) for t in rr.line_tokens):
            row_start = label_end + 1
        cells: list[Token] = []
        for c in range(row_start, min(row_start + n, rr.n_cells)):
            in_cell = [t for t in rr.line_tokens if t.cell == c]
            if len(in_cell) > 1:
                break
            cells.append(in_cell[0] if in_cell else Token(BLANK, "", None, rr.line_index, c))
        else:
            rr.fitted = cells
            if len(cells) < n:
                rr.notes.append("short")
            continue
        rr.fitted, notes = fit(rr.tokens, rr.width, trailing)
        rr.notes.extend(notes)
    return True


def fit(tokens: list[Token], n: int, trailing_junk: int = 0) -> tuple[list[Token], list[str]]:
    """Align a row's value tokens to its ``n`` columns."""
    toks = list(tokens)
    notes: list[str] = []
    if len(toks) == n:
        return toks, notes
    if len(toks) > n:
        shown = [t for t in toks if t.kind != BLANK]
        if len(shown) == n:
            return shown, notes
        excess = len(toks) - n
        k = 0
        while excess and k < trailing_junk and toks and toks[-1].kind == BLANK:
            toks.pop()
            excess -= 1
            k += 1
        while excess and toks and toks[0].kind == BLANK:
            toks.pop(0)
            excess -= 1
        while excess and toks and toks[-1].kind == BLANK:
            toks.pop()
            excess -= 1
        if excess:
            notes.append("long")
            toks = toks[:n]
        return toks, notes
    # fewer tokens than columns: numbers run together, or trailing cells not shown
    changed = False
    if len(toks) == 1 and n > 1 and toks[0].kind == NUM and toks[0].text.isdigit() \
            and len(toks[0].text) == n:
        t = toks[0]
        toks = [_num(d, t) for d in t.text]  # "规章000": one digit a cell is the only reading
        changed = True
    while len(toks) < n:
        idx = next((i for i, t in enumerate(toks) if t.kind == NUM and t.text.isdigit()
                    and len(t.text) > 1 and t.text[0] == "0"), None)
        if idx is None:
            break
        t = toks[idx]
        toks[idx:idx + 1] = [_num("0", t), _num(t.text[1:], t)]  # no count starts with 0
        changed = True
    if changed:
        notes.append("run_together")
    if len(toks) < n:
        notes.append("short")
    return toks, notes


def _num(text: str, like: Token) -> Token:
    return Token(NUM, text, int(text), like.line, like.cell)


# ---- table 四 -------------------------------------------------------------------------------

def parse_appeals(lines: list[Line], start: int, end: int) -> ParsedTable:
    """Table 四: the usual layout is three header lines and one line of 15 cells; some reports
    put one line per group (行政复议 / 直接起诉 / 复议后起诉) with 5 cells each."""
    result = ParsedTable("appeals")
    flat = RowResult(RowSpec("appeals", (), tuple(["x"] * APPEALS_WIDTH)), start)
    flat_lines = 0
    by_row = parse_rows(lines, start, end, APPEALS_SPECS, "appeals", ())
    # row layout only when the group labels carry numbers on their own lines
    if by_row.found and sum(1 for rr in by_row.rows.values()
                            if any(t.kind == NUM for t in rr.tokens)) >= 2:
        by_row.found = True
        return by_row
    for idx in range(start, min(end, len(lines))):
        toks = line_tokens(lines[idx], idx)
        label = _label_text(toks)
        if label and is_sentence(label):
            if flat.tokens:
                break
            continue
        has_num = any(t.kind in (NUM, NULL) for t in toks)
        if label and _is_header(label, APPEALS_HEADER_WORDS) and not has_num:
            result.found = True
            result.first_line = idx if result.first_line is None else result.first_line
            continue
        values = _values_after_label(toks) if label else toks
        if not values or (not has_num and not flat.tokens and not lines[idx].separated):
            continue
        if not flat.tokens:
            flat.line_index = idx
            flat.single_line = lines[idx].separated
        else:
            flat.single_line = False
        flat.tokens.extend(values)
        flat_lines += 1
        result.found = True
        result.first_line = idx if result.first_line is None else result.first_line
        result.last_line = idx
        if len(flat.tokens) >= APPEALS_WIDTH:
            break
    if flat.tokens:
        flat.fitted, notes = fit(flat.tokens, APPEALS_WIDTH, 0)
        flat.notes.extend(notes)
        _split_flat_appeals(flat)
        result.appeals_flat = flat
    return result


def _split_flat_appeals(flat: RowResult) -> None:
    """Table 四's one line of 15 cells run together: split where each group's 总计 = its four
    results for exactly one reading."""
    from gongkai.reports.importers.runs import row_candidates

    nums = [t for t in flat.tokens if t.kind != BLANK]
    readings = row_candidates(nums, APPEALS_WIDTH, row_total=True, groups=len(af.APPEALS_ROWS))
    if readings is None:
        return
    keep = [n for n in flat.notes if n not in ("short", "run_together")]
    if len(readings) == 1:
        flat.fitted = [_num(str(v), nums[0]) for v in readings[0]]
        flat.notes = keep + ["inferred"]
    elif readings or any(len(t.text) >= 5 for t in nums):
        flat.fitted = []
        flat.notes = keep + (["ambiguous"] if readings else ["unsplittable"])


def blank_count(values: dict[str, dict[str, Any]]) -> tuple[int, int]:
    """(blank cells, shown cells) of a parsed table."""
    shown = sum(len(r) for r in values.values())
    blank = sum(1 for r in values.values() for v in r.values() if v is None)
    return blank, shown


def to_json_value(v: Any) -> Any:
    if isinstance(v, Decimal):
        return float(v) if v != v.to_integral_value() else int(v)
    return v
