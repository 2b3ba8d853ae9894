"""The personal-data screen: what must not be published or released by mistake.

Finds 居民身份证号码, mainland mobile numbers, bank card numbers, e-mail addresses (also written
"wang at qq dot com"), landline numbers, QQ numbers and 机动车号牌. Pure Python; used before a
catalogue item is published, to propose redactions for 部分公开, and before a 互动 answer is
published (where ``find(text, known=…)`` also masks the submitter's own name, phone, e-mail and the
name and address the text itself gives — ``self_disclosed``).

What counts as which number — by its *shape*, not by whether it is valid, because a citizen who
mistypes one digit still exposes the other 17:

- 居民身份证号码: 6-digit region (not starting 0) + a plausible birth date YYYYMMDD (1900 to today)
  + 3 digits + a digit or X; with ``any_check`` (the 互动 Q&A screen) whatever the check character,
  otherwise the GB 11643 character must be right (catalogue and documents keep their 18-digit file
  numbers unproposed); 15-digit old numbers by their date. ``is_id_number`` (form validation)
  always checks the character.
- 银行卡号: 16–19 digits (grouped by spaces or hyphens or not) that are Luhn-valid and start 3–9, or
  that start 62 (银联), 4 (Visa) or 5 (Mastercard) whatever the Luhn digit. 索引号 such as
  ``015201120/2023-00026`` (a slash, and too few digits on either side), 文号, dates and amounts
  are not that long a run of digits and are left alone.
- QQ号码: QQ/qq/扣扣 (optionally 号/号码 and a colon) followed by 5–11 digits; the digits are masked.
- 机动车号牌: a province abbreviation + a capital letter + 5–6 capitals or digits with at least one
  digit (``青A12345``, ``川AD12345``, ``京A·F0236``).

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
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

KINDS = {
    "id_card": "居民身份证号码",
    "mobile": "手机号码",
    "bank_card": "银行卡号",
    "email": "电子邮箱",
    "landline": "固定电话",
    "qq": "QQ号码",
    "plate": "机动车号牌",
    "name": "姓名",
    "address": "住址",
}

# a letter may come right before a number (ID6302…, Tel139…): only digits around it count
_ID18 = re.compile(r"(?<!\d)([1-9]\d{5})(\d{4})(\d{2})(\d{2})(\d{3})([0-9Xx])(?![0-9Xx])")
_ID15 = re.compile(r"(?<!\d)([1-9]\d{5})(\d{2})(\d{2})(\d{2})(\d{3})(?!\d)")
_MOBILE = re.compile(r"(?<!\d)(?:\+?86[- ]?)?(1[3-9]\d[- ]?\d{4}[- ]?\d{4})(?!\d)")
_CARD = re.compile(r"(?<!\d)((?:\d[ -]?){15,18}\d)(?!\d)")  # bounded: constant work per start
_EMAIL = re.compile(r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_LANDLINE = re.compile(r"(?<!\d)(0\d{2,3}-?\d{7,8})(?!\d)")
_QQ = re.compile(r"(?:QQ|扣扣)(?:号码?|号|帐号|账号)?\s?[:：]?\s?(\d{5,11})(?!\d)", re.IGNORECASE)
_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
_PLATE = re.compile(rf"[{_PROVINCES}][A-Z](?=[A-Z0-9]{{0,5}}\d)[A-Z0-9]{{5,6}}(?![A-Za-z0-9])")
#: "wangfang at qq dot com", "wangfang(at)qq(dot)com", "wangfang艾特qq点com": spelled-out @ and dots
_AT = r"(?:\s+at\s+|\s*[(\[]at[)\]]\s*|\s*(?:艾特|圈a)\s*)"
_DOT = r"(?:\s+dot\s+|\s*[(\[]dot[)\]]\s*|\s*点\s*|\.)"
_SPELLED_EMAIL = re.compile(
    rf"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{{1,64}}{_AT}[A-Za-z0-9-]{{1,63}}(?:{_DOT}[A-Za-z0-9-]{{1,63}}){{0,3}}?"
    rf"{_DOT}(?:com|cn|net|org|edu|gov|top|vip|cc|io|me|info)(?![A-Za-z0-9])", re.IGNORECASE)

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


def _id_shaped(value: str) -> bool:
    """18 characters laid out as an ID number (region, birth date, sequence, check), valid or not."""
    value = value.upper()
    return (len(value) == 18 and value[:17].isdigit() and value[0] != "0" and value[17] in "0123456789X"
            and _valid_date(int(value[6:10]), int(value[10:12]), int(value[12:14])))


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


def find(text: str, known: Iterable[tuple[str, str]] = (), *, any_check: bool = False) -> list[Match]:
    """Every piece of personal data in ``text``, ordered by position, without overlaps; the
    offsets are ``text``'s own, whatever full-width digits or separators the number had.

    ``known`` — ``(kind, value)`` pairs such as the submitter's own name, phone and e-mail, or what
    ``self_disclosed`` found — are masked wherever they occur too, compared on the squeezed shadow
    (``张 伟`` is ``张伟``, ``138 0000 0000`` is ``13800000000``; e-mail in any case). Values
    shorter than two characters are ignored: a lone surname is not a name.

    ``any_check``: an 18-digit ID number of the right shape counts whatever its check character (the
    互动 Q&A screen); without it (catalogue, documents, search log) the GB 11643 character must be
    right, so that their 18-digit file numbers are not proposed."""
    found: list[Match] = []

    def keep(kind: str, a: int, b: int) -> None:
        if not any(m.start < b and a < m.end for m in found):
            found.append(Match(kind, a, b, text[a:b]))

    for squeeze in (False, True):
        seen, where = shadow(text, squeeze=squeeze)
        for kind, start, end in _find_in(seen, any_check):
            keep(kind, where[start], where[end - 1] + 1)
    if known:
        seen, where = shadow(text, squeeze=True)
        seen = seen.lower()
        for kind, value in known:
            value = shadow(value or "", squeeze=True)[0].lower()
            if len(value) < 2:
                continue
            at = seen.find(value)
            while at != -1:
                keep(kind, where[at], where[at + len(value) - 1] + 1)
                at = seen.find(value, at + len(value))
    return sorted(found, key=lambda m: m.start)


# -- names and addresses the writer gives about themselves -------------------------------------

#: common surnames (the first character of a name a cue introduces must be one of them)
_SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
             "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛"
             "郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰"
             "焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁"
             "蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂"
             "全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝马")
_HAN = "\u4e00-\u9fff"
#: a name ends before a character that starts what people write next (住在…, 是…, 反映…, ，)
_NAME = (rf"(?P<name>(?:欧阳|司马|诸葛|上官|东方|[{_SURNAMES}])[{_HAN}]{{1,2}}?)"
         rf"(?=[^{_HAN}]|$|[住家是在的想要反今现因于从和与向咨请电手联])")
_NAME_CUE = re.compile(r"(?:我叫|我名叫|我的名字(?:是|叫)|本人(?:姓名)?(?:是|叫)?|姓名(?:是|为)?[:：]?|我是"
                       r"|署名[:：]?|联系人[:：]?|来信人[:：]?)\s?" + _NAME)
#: an address: after 住在/家住/住址/地址…, up to a house number (12号, 3组, 5栋2单元501室)
_ADDRESS_CUE = re.compile(
    r"(?:住在|家住|住址(?:是|为|在)?[:：]?|地址(?:是|为|在)?[:：]?|居住在|我家在|现住)\s?"
    rf"(?P<address>[{_HAN}A-Za-z0-9#-]{{1,30}}?\d+[号栋幢组](?:\d+(?:号楼|号|栋|幢|单元|楼|层|室))*)")


def self_disclosed(text: str) -> list[tuple[str, str]]:
    """``(kind, value)`` for each name (``我叫王芳``, ``本人张伟``, ``姓名：李明``) and home address
    (``家住威远镇南街12号``) the writer gives in ``text`` — to pass as ``known`` to ``find``, so the
    answer's ``王芳您好`` is masked too. A heuristic: names and addresses written without such a
    cue (a neighbour's, a relative's) are not found, and staff must check the text themselves."""
    seen = shadow(text or "", squeeze=False)[0]
    found = [("name", m.group("name")) for m in _NAME_CUE.finditer(seen)]
    for m in _ADDRESS_CUE.finditer(seen):
        address = m.group("address")
        found.append(("address", address))
        street = re.match(r".*?\d+[号栋幢组]", address).group(0)  # 威远镇南街12号 of …12号3栋501室
        if street != address:
            found.append(("address", street))
    return list(dict.fromkeys(found))


def _find_in(text: str, any_check: bool = False) -> list[tuple[str, int, int]]:
    found: list[tuple[str, int, int]] = []

    def add(kind: str, start: int, end: int) -> None:
        if any(s < end and start < e for _, s, e in found):
            return
        found.append((kind, start, end))

    for m in _ID18.finditer(text):
        if _id_shaped(m.group(0)) if any_check else is_id_number(m.group(0)):
            add("id_card", m.start(), m.end())
    for m in _ID15.finditer(text):
        if is_id_number(m.group(0)):
            add("id_card", m.start(), m.end())
    for m in _CARD.finditer(text):
        digits = re.sub(r"\D", "", m.group(1))
        if 16 <= len(digits) <= 19 and (digits.startswith(("62", "4", "5"))
                                         or luhn_ok(digits) and digits[0] in "3456789"):
            add("bank_card", m.start(1), m.end(1))
    for m in _MOBILE.finditer(text):
        add("mobile", m.start(), m.end())
    for m in _EMAIL.finditer(text):
        add("email", m.start(), m.end())
    for m in _SPELLED_EMAIL.finditer(text):
        add("email", m.start(), m.end())
    for m in _QQ.finditer(text):
        add("qq", m.start(1), m.end(1))
    for m in _PLATE.finditer(text):
        add("plate", m.start(), m.end())
    for m in _LANDLINE.finditer(text):
        add("landline", m.start(), m.end())
    return found


def redact(text: str, matches: list[Match] | None = None, mark: str = "■", *,
           known: Iterable[tuple[str, str]] = (), any_check: bool = False) -> str:
    """``text`` with each match replaced by ``mark`` characters (the text is really removed)."""
    matches = find(text, known, any_check=any_check) if matches is None else sorted(matches, key=lambda m: m.start)
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
