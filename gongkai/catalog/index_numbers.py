"""索引号: an agency-configurable pattern, the national form by default (domain.md §4.2).

National form “前段码/后段码”: the 9-character 组织机构代码 with the hyphen omitted, then the 4-digit
year, “-” and a 5-digit serial: ``015201125/2025-00016``. Numbers are unique and permanent; a
serial is allocated under a row lock on the counter for its prefix, so two officers publishing at
the same moment never get the same number.
"""

from __future__ import annotations

import datetime
import re
import string

from django.db import transaction

from .models import DEFAULT_INDEX_PATTERN, CatalogSettings, IndexCounter, Item

PLACEHOLDERS = {"org", "credit", "division", "code", "year", "month", "item", "seq"}
IDENTIFYING = {"org", "credit", "code"}
_LITERAL_OK = re.compile(r"^[A-Za-z0-9/\-_.]*$")
NATIONAL = re.compile(r"^[0-9A-Z]{9}/\d{4}-\d{5}$")


class PatternError(ValueError):
    pass


def parse_pattern(pattern: str) -> list[tuple[str, str | None, str | None]]:
    """``string.Formatter`` pieces, validated: known placeholders, exactly one ``{seq:N}``."""
    try:
        pieces = list(string.Formatter().parse(pattern))
    except ValueError as e:
        raise PatternError(f"索引号规则格式不正确（{e}）。花括号须成对出现，如 {{year}}。") from None
    fields = [name for _, name, _, _ in pieces if name is not None]
    unknown = [f for f in fields if f not in PLACEHOLDERS]
    if unknown:
        raise PatternError(f"索引号规则中有未知的占位符：{'、'.join('{' + u + '}' for u in unknown)}。")
    if fields.count("seq") != 1:
        raise PatternError("索引号规则必须包含且只包含一个流水号 {seq:位数}，如 {seq:5}。")
    if not IDENTIFYING & set(fields):
        raise PatternError("索引号规则必须包含 {org}、{credit} 或 {code} 之一，以保证各机关的索引号互不重复。")
    out = []
    for literal, name, spec, _conv in pieces:
        if literal and not _LITERAL_OK.match(literal):
            raise PatternError(f"索引号规则中的固定字符“{literal}”只能是字母、数字和 / - _ .。")
        if "null" in literal.lower() or "none" in literal.lower():
            raise PatternError("索引号规则不能包含“null”或“none”。")
        if name == "seq":
            if not (spec or "").isdigit() or not 3 <= int(spec) <= 10:
                raise PatternError("流水号须写明位数（3至10位），如 {seq:5}。")
        elif name is not None and spec:
            raise PatternError(f"只有流水号可以写位数，{{{name}:{spec}}} 不正确。")
        out.append((literal, name, spec))
    return out


def agency_values(agency, published_on: datetime.date, statutory_item: str = "") -> dict[str, str]:
    return {
        "org": (agency.org_code or "").replace("-", "").upper(),
        "credit": (agency.credit_code or "").upper(),
        "division": agency.division_code or "",
        "code": agency.code,
        "year": f"{published_on.year:04d}",
        "month": f"{published_on.month:02d}",
        "item": statutory_item or "",
    }


_MISSING = {"org": "组织机构代码", "credit": "统一社会信用代码", "division": "行政区划代码", "item": "第二十条事项"}


def render(pattern: str, values: dict[str, str], seq: int | None) -> str:
    """The index number; with ``seq=None`` the counter key (the pattern with ``#`` for the serial)."""
    out = []
    for literal, name, spec in parse_pattern(pattern):
        out.append(literal)
        if name is None:
            continue
        if name == "seq":
            width = int(spec)
            if seq is not None and seq >= 10 ** width:
                raise PatternError(f"本期流水号已用完（{width}位），请在目录设置中增加流水号位数。")
            out.append("#" if seq is None else f"{seq:0{width}d}")
            continue
        value = values.get(name, "")
        if not value:
            raise PatternError(f"机关未填写{_MISSING.get(name, name)}，无法按规则“{pattern}”生成索引号。"
                               "请管理员补充机关信息或修改索引号规则。")
        out.append(value)
    result = "".join(out)
    if "null" in result.lower() or "none" in result.lower():
        raise PatternError(f"生成的索引号“{result}”含有“null”，已拒绝。请检查机关代码。")
    if len(result) > 100:
        raise PatternError("生成的索引号超过100个字符。")
    return result


def pattern_for(agency) -> str:
    settings_row = CatalogSettings.objects.filter(agency=agency).first()
    return settings_row.index_pattern if settings_row else DEFAULT_INDEX_PATTERN


def preview(pattern: str, agency, on: datetime.date) -> str:
    return render(pattern, agency_values(agency, on, "01"), 1)


def allocate(item: Item, published_on: datetime.date) -> str:
    """A new, unused index number for ``item`` (call inside the publishing transaction)."""
    pattern = pattern_for(item.agency)
    values = agency_values(item.agency, published_on, item.statutory_item)
    key = render(pattern, values, None)
    with transaction.atomic():
        IndexCounter.objects.get_or_create(agency=item.agency, key=key)
        counter = IndexCounter.objects.select_for_update().get(agency=item.agency, key=key)
        seq = counter.last
        for _ in range(1000):  # skip numbers taken by imported items
            seq += 1
            number = render(pattern, values, seq)
            if not Item.objects.filter(index_number=number).exists():
                break
        else:  # pragma: no cover - a thousand imported numbers in a row
            raise PatternError("无法分配未使用的索引号。")
        IndexCounter.objects.filter(pk=counter.pk).update(last=seq)
    return number
