"""The personal-data screen: what must not be published or released by mistake.

Finds 居民身份证号码 (18 digits with the GB 11643 check character; 15-digit old numbers by their
date), mainland mobile numbers, bank card numbers (Luhn), e-mail addresses and landline numbers.
Pure Python; used before a catalogue item is published and to propose redactions for 部分公开.

Numbers are found however they are typed: the patterns run on a *shadow* of the text — each
character NFKC-normalised (full-width ``６３０２…`` and ``＠`` become ASCII, U+3000 a space) and
zero-width characters dropped — once as it is and once with the separators (spaces, hyphens,
dots) removed, so ``139 1234 5678``, ``139.1234.5678`` and ``6302​23…`` are found too. Each shadow
keeps the original position of every character, and matches are reported at the original
offsets, so a redaction lands on the characters the reader sees. Every pattern starts only where
a run of its characters starts (no pattern is retried inside a run), so the screen is linear
in the length of the text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

KINDS = {
    "id_card": "居民身份证号码",
    "mobile": "手机号码",
    "bank_card": "银行卡号",
    "email": "电子邮箱",
    "landline": "固定电话",
}

# a letter may come right before a number (ID6302…, Tel139…): only digits around it count
_ID18 = re.compile(r"(?<!\d)([1-9]\d{5})(\d{4})(\d{2})(\d{2})(\d{3})([0-9Xx])(?![0-9Xx])")
_ID15 = re.compile(r"(?<!\d)([1-9]\d{5})(\d{2})(\d{2})(\d{2})(\d{3})(?!\d)")
_MOBILE = re.compile(r"(?<!\d)(?:\+?86[- ]?)?(1[3-9]\d[- ]?\d{4}[- ]?\d{4})(?!\d)")
_CARD = re.compile(r"(?<!\d)((?:\d[ -]?){15,18}\d)(?!\d)")  # bounded: constant work per start
_EMAIL = re.compile(r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_LANDLINE = re.compile(r"(?<!\d)(0\d{2,3}-?\d{7,8})(?!\d)")

#: dropped from both shadows: zero-width spaces and joiners, word joiner, BOM, soft hyphen
_INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e")
#: dropped from the second shadow (after NFKC): what people put inside a number
_SEPARATORS = frozenset(" \t\r\n\u00a0-\u2010\u2011\u2012\u2013\u2014\u2212.\u00b7\u30fb\uff65")

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


def shadow(text: str, *, squeeze: bool) -> tuple[str, list[int]]:
    """``text`` NFKC-normalised character by character without invisible characters (and, when
    ``squeeze``, without separators), and for each shadow character its index in ``text``."""
    if text.isascii():  # nothing to normalise, nothing invisible
        pairs = list(enumerate(text))
    else:
        pairs = [(i, n) for i, c in enumerate(text) if c not in _INVISIBLE
                 for n in (unicodedata.normalize("NFKC", c) if ord(c) > 127 else c) if n not in _INVISIBLE]
    if squeeze:
        pairs = [(i, n) for i, n in pairs if n not in _SEPARATORS and not n.isspace()]
    return "".join(n for _, n in pairs), [i for i, _ in pairs]


def find(text: str) -> list[Match]:
    """Every piece of personal data in ``text``, ordered by position, without overlaps; the
    offsets are ``text``'s own, whatever full-width digits or separators the number had."""
    found: list[Match] = []
    for squeeze in (False, True):
        seen, where = shadow(text, squeeze=squeeze)
        for kind, start, end in _find_in(seen):
            a, b = where[start], where[end - 1] + 1
            if not any(m.start < b and a < m.end for m in found):
                found.append(Match(kind, a, b, text[a:b]))
    return sorted(found, key=lambda m: m.start)


def _find_in(text: str) -> list[tuple[str, int, int]]:
    found: list[tuple[str, int, int]] = []

    def add(kind: str, start: int, end: int) -> None:
        if any(s < end and start < e for _, s, e in found):
            return
        found.append((kind, start, end))

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
    return found


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
