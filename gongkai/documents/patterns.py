"""文号 patterns (letters.md §1.1), without the database: what a pattern may contain and how it prints.

Pattern placeholders: ``{机关代字}`` (the agency's 简称, or its name), ``{年}`` (four digits),
``{序号}`` (1, 2, …) or ``{三位序号}`` (001, 002, …). Everything else is printed as written, so an
agency can use 〔〕, [] or （）, “第”, “字” as its practice requires.
"""

from __future__ import annotations

import re

from .kinds import KIND_CODES

PATTERN_FIELDS = {
    "机关代字": "本机关简称（未设置简称时为全称）",
    "年": "年度，如 2025",
    "序号": "当年该类文书的顺序号，如 12",
    "三位序号": "三位顺序号，如 012",
}
_FIELD_RE = re.compile(r"\{([^{}]*)\}")
DEFAULT_PATTERN = "{机关代字}公{类别}〔{年}〕{序号}号"


def default_pattern(kind: str) -> str:
    return DEFAULT_PATTERN.replace("{类别}", KIND_CODES[kind])


def check_pattern(pattern: str) -> list[str]:
    """Problems with a 文号 pattern, as Chinese messages."""
    problems = []
    pattern = pattern or ""
    if not pattern.strip():
        return ["文号格式不能为空。"]
    if len(pattern) > 60:
        problems.append("文号格式不能超过60个字符。")
    names = _FIELD_RE.findall(pattern)
    unknown = sorted({n for n in names if n not in PATTERN_FIELDS})
    if unknown:
        problems.append("未知的占位符：" + "、".join("{" + n + "}" for n in unknown)
                        + "。可用：{机关代字}、{年}、{序号}、{三位序号}。")
    if "年" not in names:
        problems.append("文号格式必须包含 {年}，否则各年度的文号会重复。")
    if not ({"序号", "三位序号"} & set(names)):
        problems.append("文号格式必须包含 {序号} 或 {三位序号}。")
    if pattern.count("{") != pattern.count("}"):
        problems.append("文号格式中的花括号没有成对出现。")
    return problems


def format_number(pattern: str, agency, year: int, seq: int) -> str:
    values = {
        "机关代字": agency.short_name or agency.name,
        "年": str(year),
        "序号": str(seq),
        "三位序号": f"{seq:03d}",
    }
    return _FIELD_RE.sub(lambda m: values.get(m.group(1), m.group(0)), pattern)
