"""The report document every export renders, and the wording and number formats they share."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from gongkai.portal.dates import prose
from gongkai.rules import annual_format as af


@dataclass
class ReportDocument:
    agency_name: str                 # e.g. "互助县自然资源局"
    agency_code: str
    year: int
    kind: str                        # "department" | "government"
    #: narrative per section key (overview, proactive, applications, appeals, problems, other):
    #: plain text, paragraphs separated by blank lines; a line starting with "（一）" etc. is a
    #: sub-heading paragraph. May be "".
    sections: dict[str, str]
    #: {"proactive": {ROW: {COL: value}}, "applications": {...}, "appeals": {...}} in the spec's
    #: keys; ints, the fee cell a Decimal (万元)
    tables: dict
    published_on: date | None = None
    version: int = 1
    status_label: str = ""           # e.g. "草稿" — a draft note on HTML, PDF and DOCX
    previous_tables: dict | None = None   # last year's tables, for "this year against last" charts
    monthly: dict[int, int] = field(default_factory=dict)           # applications received per month
    previous_monthly: dict[int, int] = field(default_factory=dict)  # the same for last year
    #: [{"code", "severity", "message", "location"}] — shown in previews only
    findings: list[dict] = field(default_factory=list)
    counting_note: str = ""          # the counting rule sentence, printed under table 四

    # ---- wording ---------------------------------------------------------------------------

    @property
    def title(self) -> str:
        return f"{self.agency_name}{self.year}年政府信息公开工作年度报告"

    @property
    def draft_note(self) -> str:
        """“（草稿，未发布）” under the title of a report that is not published."""
        label = (self.status_label or "").strip()
        return f"（{label}，未发布）" if label else ""

    @property
    def is_draft(self) -> bool:
        return bool(self.draft_note)

    @property
    def version_note(self) -> str:
        return f"（第{self.version}版）" if self.version and self.version > 1 else ""

    @property
    def preamble(self) -> str:
        return preamble(self.year)

    @property
    def published_text(self) -> str:
        return chinese_date(self.published_on) if self.published_on else ""

    def section_text(self, key: str) -> str:
        return (self.sections or {}).get(key) or ""

    def cell(self, table: str, row: str, column: str) -> Any:
        return (((self.tables or {}).get(table) or {}).get(row) or {}).get(column)


def preamble(year: int) -> str:
    """The opening paragraph every format prints before 一 (the text's own sentences should not
    repeat it: ``builder.findings_for`` checks them against it)."""
    return (
        "本报告依据《中华人民共和国政府信息公开条例》第五十条和国办公开办函〔2021〕30号"
        "规定的年度报告格式编制，全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、"
        "政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项六个部分。"
        f"本报告中所列数据的统计期限为{year}年1月1日至12月31日。"
        "本报告电子版可在本机关政府信息公开平台查阅和下载。"
    )


def chinese_date(d: date) -> str:
    return prose(d)


# ---- numbers -------------------------------------------------------------------------------

_FOUR_PLACES = Decimal("0.0001")


def fee_decimal(value: Any) -> Decimal | None:
    """The fee in 万元 rounded to at most four decimals (None when blank or not a number)."""
    if value is None or isinstance(value, bool):
        return None
    try:
        d = Decimal(str(value)) if not isinstance(value, Decimal) else value
        d = d.quantize(_FOUR_PLACES, rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError):
        return None
    if d == d.to_integral_value():
        return d.quantize(Decimal(1))
    return d.normalize()


def format_value(value: Any, *, decimal_cell: bool = False) -> str:
    """A table cell as printed: 0 is "0" (never blank), the fee with up to four decimals and no
    trailing zeros; a missing cell is blank."""
    if value is None:
        return ""
    if decimal_cell or isinstance(value, (Decimal, float)):
        d = fee_decimal(value)
        return "" if d is None else format(d, "f")
    if isinstance(value, bool):
        return str(int(value))
    return str(value)


def is_decimal_cell(table: str, row: str, column: str) -> bool:
    return (table, row, column) in af.DECIMAL_CELLS


def number_value(table: str, row: str, column: str, value: Any) -> int | float | Decimal | None:
    """A cell as a number for machine-readable exports: int, or the fee as a Decimal."""
    if value is None or isinstance(value, bool):
        return None if value is None else int(value)
    if is_decimal_cell(table, row, column) or isinstance(value, (Decimal, float)):
        return fee_decimal(value)
    if isinstance(value, int):
        return value
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# ---- narrative -----------------------------------------------------------------------------

_SUBHEADING = re.compile(r"^\s*[（(][一二三四五六七八九十]{1,3}[）)]")
#: a sub-heading line longer than this, or with a sentence inside, is a paragraph with a run-in
#: heading (“（一）主动公开。本年度……”) rather than a heading of its own
_MAX_HEADING = 30


@dataclass(frozen=True)
class Block:
    kind: str          # "heading" | "paragraph"
    text: str
    lead: str = ""     # a paragraph's run-in heading (bold), part of ``text``

    @property
    def rest(self) -> str:
        return self.text[len(self.lead):]


def narrative_blocks(text: str) -> list[Block]:
    """Paragraphs (separated by blank lines) and sub-heading lines of one section's narrative.

    Inside a paragraph, single line breaks are kept as paragraph breaks too: staff type them in
    a textarea and mean a new paragraph. A line starting with “（一）” is a sub-heading; when it
    goes on into a sentence, its part up to the first “。” or “：” is a run-in heading instead.
    """
    blocks: list[Block] = []
    for raw in (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.strip()
        if not line:
            continue
        if _SUBHEADING.match(line):
            body = line.rstrip("。")
            if len(line) <= _MAX_HEADING and not re.search(r"[。；：:]", body):
                blocks.append(Block("heading", line))
                continue
            m = re.search(r"[。：:]", line)
            lead = line[:m.end()] if m and m.end() < len(line) else ""
            blocks.append(Block("paragraph", line, lead))
            continue
        blocks.append(Block("paragraph", line))
    return blocks
