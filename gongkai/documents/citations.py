"""Legal citations in letters: parse the bases a decision records, print one ordered citation.

A decision's bases come from several places — the outcome's usual articles
(``rules.outcomes``), the officer's own “法律依据” and the basis of each withheld part — each a
free string such as ``条例第三十七条、第三十六条第（二）项、第（三）项`` or
``《中华人民共和国统计法》第三十九条``. :func:`parse` reads them into :class:`Citation` tuples;
:func:`cite` prints them once each, grouped by law (the 条例 first) and by article, in the order of
the law::

    《中华人民共和国政府信息公开条例》第十五条、第三十六条第（二）项、第（三）项、第三十七条

Text that names no article of any law (``国办函〔2020〕109号``) is kept as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

REGULATION = "《中华人民共和国政府信息公开条例》"
SHORT = "《条例》"

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
           "八": 8, "九": 9}
_NUM = r"[零〇一二两三四五六七八九十百\d]+"
_TOKEN_RE = re.compile(
    rf"(?P<law>《[^《》]+》|条例)|第(?P<art>{_NUM})条|第(?P<para>{_NUM})款|第[（(](?P<item>{_NUM})[）)]项|第(?P<item2>{_NUM})项")


def cn_to_int(text: str) -> int:
    """``三十六`` → 36, ``一百零五`` → 105, ``12`` → 12."""
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    for ch in text:
        if ch == "百":
            total += (current or 1) * 100
            current = 0
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = _DIGITS[ch]
    return total + current


def int_to_cn(n: int) -> str:
    """36 → ``三十六``, 10 → ``十``, 105 → ``一百零五``, 110 → ``一百一十``."""
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n % 10] if n % 10 else "")
    if n < 100:
        return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")
    rest = n % 100
    head = digits[n // 100] + "百"
    if rest == 0:
        return head
    if rest < 10:
        return head + "零" + digits[rest]
    return head + digits[rest // 10] + "十" + (digits[rest % 10] if rest % 10 else "")


@dataclass(frozen=True, order=True)
class Citation:
    law: str
    article: int = 0  # 0: the law as a whole
    paragraph: int = 0  # 款
    item: int = 0  # 项

    def text(self) -> str:
        out = f"第{int_to_cn(self.article)}条" if self.article else ""
        if self.paragraph:
            out += f"第{int_to_cn(self.paragraph)}款"
        if self.item:
            out += f"第（{int_to_cn(self.item)}）项"
        return out


@dataclass(frozen=True)
class Raw:
    """A basis that names no article (``国办函〔2020〕109号``): printed as written."""

    text: str


def _law(name: str) -> str:
    if name in ("条例", SHORT, REGULATION, "《政府信息公开条例》"):
        return REGULATION
    return name


def parse(text: str | None) -> list[Citation | Raw]:
    """The citations in one basis string (empty list for empty text or text like “—”)."""
    text = (text or "").strip()
    if not text:
        return []
    out: list[Citation | Raw] = []
    law = REGULATION
    law_pending: str | None = None  # a 《law》 named but not yet followed by an article
    last: Citation | None = None
    last_end = -1
    for m in _TOKEN_RE.finditer(text):
        adjacent = m.start() == last_end
        if m.group("law"):
            if law_pending:
                out.append(Citation(law_pending))
            law = _law(m.group("law"))
            law_pending = law if law != REGULATION else None
            last = None
        elif m.group("art"):
            law_pending = None
            last = Citation(law, cn_to_int(m.group("art")))
            out.append(last)
        elif m.group("para"):
            if last is None:
                continue
            cite = Citation(law, last.article, cn_to_int(m.group("para")))
            if adjacent and not last.paragraph and not last.item:
                out[-1] = cite
            else:
                out.append(cite)
            last = cite
        else:
            if last is None:
                continue
            cite = Citation(law, last.article, last.paragraph, cn_to_int(m.group("item") or m.group("item2")))
            if adjacent and not last.item:
                out[-1] = cite
            else:
                out.append(cite)
            last = cite
        last_end = m.end()
    if law_pending:
        out.append(Citation(law_pending))
    if not out:
        cleaned = text.rstrip("。；;，,").removeprefix("根据").removesuffix("的规定")
        if cleaned.strip("—-－ ") and "无专门条款" not in cleaned:
            out.append(Raw(cleaned))
    return out


def merge(*groups) -> list[Citation | Raw]:
    """Every citation once; a bare article is dropped when a part of it is cited too."""
    seen: list[Citation | Raw] = []
    for group in groups:
        for c in group:
            if c not in seen:
                seen.append(c)
    cites = [c for c in seen if isinstance(c, Citation)]
    keep = []
    for c in seen:
        if isinstance(c, Citation) and c.article and not c.paragraph and not c.item and any(
                o.law == c.law and o.article == c.article and (o.paragraph or o.item) for o in cites):
            continue
        if isinstance(c, Citation) and not c.article and any(o.law == c.law and o.article for o in cites):
            continue
        keep.append(c)
    return keep


def cite(citations) -> str:
    """One citation: the 条例 first, then other laws as first named, each article once, in order."""
    laws: list[str] = []
    by_law: dict[str, list[Citation]] = {}
    raws: list[str] = []
    for c in citations:
        if isinstance(c, Raw):
            if c.text not in raws:
                raws.append(c.text)
            continue
        if c.law not in by_law:
            laws.append(c.law)
            by_law[c.law] = []
        if c not in by_law[c.law]:
            by_law[c.law].append(c)
    laws.sort(key=lambda name: name != REGULATION)
    parts = []
    for name in laws:
        items = sorted(by_law[name])
        pieces = []
        previous: Citation | None = None
        for c in items:
            if not c.article:
                continue
            if previous is not None and previous.article == c.article:
                # same article: print only what differs (“第（二）项、第（三）项”, “第一款、第二款”)
                if previous.paragraph == c.paragraph and c.item:
                    pieces.append(f"第（{int_to_cn(c.item)}）项")
                else:
                    piece = f"第{int_to_cn(c.paragraph)}款" if c.paragraph else ""
                    piece += f"第（{int_to_cn(c.item)}）项" if c.item else ""
                    pieces.append(piece)
            else:
                pieces.append(c.text())
            previous = c
        parts.append(name + "、".join(pieces))
    return "和".join(parts + raws)


def abbreviate(paragraphs: list[str]) -> list[str]:
    """The 条例's full name on its first mention (“以下简称《条例》” when it recurs), then 《条例》."""
    joined = "\n".join(paragraphs)
    count = joined.count(REGULATION)
    if count < 2:
        return paragraphs
    first = joined.index(REGULATION) + len(REGULATION)
    rest = joined[first:].replace(REGULATION, SHORT)
    return (joined[:first] + "（以下简称《条例》）" + rest).split("\n")
