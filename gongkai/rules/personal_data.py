"""The personal-data screen: what must not be published or released by mistake.

Finds 居民身份证号码 (18 digits with the GB 11643 check character; 15-digit old numbers by their
date), mainland mobile numbers, bank card numbers (Luhn), e-mail addresses and landline numbers.
Pure Python; used before a catalogue item is published and to propose redactions for 部分公开.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

KINDS = {
    "id_card": "居民身份证号码",
    "mobile": "手机号码",
    "bank_card": "银行卡号",
    "email": "电子邮箱",
    "landline": "固定电话",
}

_ID18 = re.compile(r"(?<![0-9A-Za-z])([1-9]\d{5})(\d{4})(\d{2})(\d{2})(\d{3})([0-9Xx])(?![0-9A-Za-z])")
_ID15 = re.compile(r"(?<!\d)([1-9]\d{5})(\d{2})(\d{2})(\d{2})(\d{3})(?!\d)")
_MOBILE = re.compile(r"(?<!\d)(?:\+?86[- ]?)?(1[3-9]\d[- ]?\d{4}[- ]?\d{4})(?!\d)")
_CARD = re.compile(r"(?<!\d)((?:\d[ -]?){15,18}\d)(?!\d)")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
_LANDLINE = re.compile(r"(?<!\d)(0\d{2,3}-?\d{7,8})(?!\d)")

_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
_ID_CHECK = "10X98765432"


@dataclass(frozen=True)
class Match:
    kind: str
    start: int
    end: int
    text: str

    @property
    def label(self) -> str:
        return KINDS[self.kind]


def id_check_character(first17: str) -> str:
    """GB 11643 check character of an 18-digit 居民身份证号码."""
    return _ID_CHECK[sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS)) % 11]


def _valid_date(y: int, m: int, d: int) -> bool:
    try:
        born = date(y, m, d)
    except ValueError:
        return False
    return date(1900, 1, 1) <= born <= date.today()


def is_id_number(value: str) -> bool:
    value = value.strip().upper()
    if len(value) == 18 and value[:17].isdigit():
        if not _valid_date(int(value[6:10]), int(value[10:12]), int(value[12:14])):
            return False
        return id_check_character(value[:17]) == value[17]
    if len(value) == 15 and value.isdigit():
        return _valid_date(1900 + int(value[6:8]), int(value[8:10]), int(value[10:12]))
    return False


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, c in enumerate(reversed(digits)):
        n = int(c)
        if i % 2 == 1:
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return total % 10 == 0


def find(text: str) -> list[Match]:
    """Every piece of personal data in ``text``, ordered by position, without overlaps."""
    found: list[Match] = []

    def add(kind: str, start: int, end: int) -> None:
        if any(m.start < end and start < m.end for m in found):
            return
        found.append(Match(kind, start, end, text[start:end]))

    for m in _ID18.finditer(text):
        if is_id_number(m.group(0)):
            add("id_card", m.start(), m.end())
    for m in _ID15.finditer(text):
        if is_id_number(m.group(0)):
            add("id_card", m.start(), m.end())
    for m in _CARD.finditer(text):
        digits = re.sub(r"\D", "", m.group(1))
        if 16 <= len(digits) <= 19 and luhn_ok(digits) and digits[0] in "3456789":
            add("bank_card", m.start(1), m.end(1))
    for m in _MOBILE.finditer(text):
        add("mobile", m.start(), m.end())
    for m in _EMAIL.finditer(text):
        add("email", m.start(), m.end())
    for m in _LANDLINE.finditer(text):
        add("landline", m.start(), m.end())
    return sorted(found, key=lambda m: m.start)


def redact(text: str, matches: list[Match] | None = None, mark: str = "■") -> str:
    """``text`` with each match replaced by ``mark`` characters (the text is really removed)."""
    matches = find(text) if matches is None else sorted(matches, key=lambda m: m.start)
    out, pos = [], 0
    for m in matches:
        if m.start < pos:
            continue
        out.append(text[pos:m.start])
        out.append(mark * max(1, min(len(m.text), 18)))
        pos = m.end
    out.append(text[pos:])
    return "".join(out)


def mask_id_number(value: str) -> str:
    """Show the first 6 and last 4 characters: 630223********1234."""
    value = (value or "").strip()
    if len(value) <= 10:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def mask_phone(value: str) -> str:
    digits = (value or "").strip()
    if len(digits) < 7:
        return "*" * len(digits)
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]
