"""The report's frame: its six section headings (with the variants real reports use), the agency,
the year, the publication date, and which edition of the format it follows."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass

from gongkai.reports.importers.normalize import chinese_number, norm, squeeze
from gongkai.reports.importers.reading import Line
from gongkai.rules import annual_format as af

SECTION_NUMBERS = {s.key: s.number for s in af.SECTIONS}

# title variants per section, tested on the squeezed heading text (no numbering, no punctuation)
_VARIANTS: dict[str, tuple[str, ...]] = {
    "overview": (r"^总体情况", r"^(工作)?总体概况", r"^基本情况", r"^(工作)?开展情况$", r"^工作开展情况",
                 r"^概述$", r"^整体情况", r"^总体工作情况", r"^(政府信息公开)?工作(概况|情况|综述)$",
                 r"^总体情况概述", r"^概况$"),
    "proactive": (r"^主动公开(政府信息)?(的)?(工作)?情况", r"^主动公开政府信息$", r"^主动公开$"),
    "applications": (r"^(收到|受理)(和|及|与)?(处理|办理)(政府信息公开)?申请(的)?情况",
                     r"^依申请公开(政府信息)?(的)?(工作)?情况", r"^依申请公开$",
                     r"^收到和处理政府信息公开申请"),
    "appeals": (r"^(政府信息公开)?(被申请)?行政复议(、|和|及|与)?(提起)?行政诉讼(的)?情况",
                r"^因政府信息公开(工作)?被申请行政复议", r"^政府信息公开行政复议",
                r"^行政复议(和|及|、)?行政诉讼"),
    "problems": (r"^(政府信息公开)?(工作)?存在的?(主要)?问题", r"^(主要)?问题(及|和|与)",
                 r"存在的?(主要)?问题(及|和|与)(改进|整改|下一步|今后)"),
    "other": (r"^其他需要报告的?事项", r"^其他需报告的?事项", r"^其他事项$", r"^其他需要说明的?事项"),
}
_VARIANT_RE = {k: [re.compile(p) for p in v] for k, v in _VARIANTS.items()}

_HEADING = re.compile(
    r"^\s*(?:第(?P<part>[一二三四五六七八])部分\s*[、.:]?"
    r"|(?P<num>[一二三四五六七八])\s*[、.,]"
    r"|[(](?P<par>[一二三四五六七八])[)])?\s*(?P<title>.*)$"
)
# the table rows that look like headings ("一、本年新收政府信息公开申请数量")
_TABLE_ROW_WORDS = ("本年新收", "上年结转", "本年度办理结果", "结转下年", "申请数量")


@dataclass
class Heading:
    key: str
    index: int          # line index in the document
    number: str | None  # the numeral the report used
    text: str
    inline: str = ""    # text after the heading on the same line ("其他需要报告的事项：无。")


def find_headings(lines: list[Line]) -> dict[str, Heading]:
    found: dict[str, Heading] = {}
    for idx, line in enumerate(lines):
        if line.grid or (line.separated and len([c for c in line.cells if c]) > 1):
            continue
        h = match_heading(line.text, idx)
        if h is None and "。" in line.text:
            # a heading glued to the end of the paragraph before it ("……联系。一、总体情况")
            tail = line.text.rsplit("。", 1)[1]
            if re.match(r"^\s*[一二三四五六]\s*[、.]", tail):
                h = match_heading(tail, idx)
        if h and h.key not in found:
            found[h.key] = h
    return found


#: how alike a numbered heading with a typo must be to its section's title ("主动公开政府政府情况")
HEADING_RATIO = 0.8
_TITLES = {s.number: (s.key, squeeze(s.title)) for s in af.SECTIONS}


def match_heading(text: str, idx: int = 0) -> Heading | None:
    text = norm(text)
    m = _HEADING.match(text)
    if not m:
        return None
    number = m.group("part") or m.group("num") or m.group("par")
    title = m.group("title")
    inline = ""
    colon = re.search(r"[:：]", title)
    if colon:
        title, inline = title[:colon.start()], title[colon.end():].strip()
    core = squeeze(title)
    if not core or len(core) > 34 or any(w in core for w in _TABLE_ROW_WORDS):
        return None
    if not colon and len(norm(text)) > 40:
        return None
    # mirrors and agencies put 行政机关 before the title ("二、行政机关主动公开政府信息情况")
    core = re.sub(r"^(本)?行政机关", "", core)
    for key, pats in _VARIANT_RE.items():
        if not any(p.search(core) for p in pats):
            continue
        if m.group("par") and m.group("par") != SECTION_NUMBERS[key]:
            return None  # "（一）主动公开" is a sub-heading of 一, not section 二
        if number is None and key in ("problems",) and not colon and len(core) > 20:
            return None
        if number is None and key in ("overview", "proactive", "applications") and len(core) < 4:
            return None
        return Heading(key, idx, number, text, inline)
    if number and number in _TITLES and not m.group("par"):
        from difflib import SequenceMatcher

        key, title = _TITLES[number]
        if SequenceMatcher(None, core, title).ratio() >= HEADING_RATIO:
            return Heading(key, idx, number, text, inline)
    return None


# ---- agency, year, date ---------------------------------------------------------------------

_YEAR_TITLE = re.compile(r"(?P<year>(?:19|20)\d{2})\s*年\s*(?:度)?\s*(?:的)?\s*(?:政府信息公开|政务公开|信息公开)")
_YEAR_AGENCY_TITLE = re.compile(r"(?P<year>(?:19|20)\d{2})\s*年\s*度?\s*[\u4e00-\u9fff]{2,30}?\s*(?:政府信息公开|政务公开)"
                                r"(?:工作)?\s*(?:年度)?\s*(?:报告|年报)")
_CN_YEAR_TITLE = re.compile(r"(?P<year>[二〇○零一三四五六七八九]{4})\s*年\s*度?\s*政府信息公开")
_AGENCY_SUFFIX = re.compile(
    r"(人民政府|政府|办公厅|办公室|委员会|管理局|局|厅|委|办|院|署|中心|街道办事处|街道|镇|乡|处|所|站|队|会|馆|部|总局|分局|监狱|"
    r"公司|集团|大学|学院|学校|医院|法院|检察院|党校|银行|海关)$")
_DATE = re.compile(r"(?P<y>(?:19|20)\d{2})\s*[年\-/.]\s*(?P<m>\d{1,2})\s*[月\-/.]\s*(?P<d>\d{1,2})\s*日?")
_CN_DATE = re.compile(r"(?P<y>[二〇○零一三四五六七八九]{4})\s*年\s*(?P<m>[一二三四五六七八九十]{1,3})\s*月\s*"
                      r"(?P<d>[一二三四五六七八九十]{1,3})\s*日")
_PERIOD = re.compile(r"(?P<y>(?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日\s*(?:至|到|-|—)\s*(?:(?P<y2>(?:19|20)\d{2})\s*年\s*)?12\s*月\s*31\s*日")


@dataclass
class Meta:
    agency: str | None = None
    year: int | None = None
    published_on: dt.date | None = None
    title_index: int | None = None
    agency_index: int | None = None
    date_index: int | None = None
    signature_index: int | None = None   # the 落款 date line (agency above it): the report ends there
    period_year: int | None = None
    period_index: int | None = None


def _date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def parse_date(text: str) -> dt.date | None:
    text = norm(text)
    m = _DATE.search(text)
    if m:
        return _date(int(m["y"]), int(m["m"]), int(m["d"]))
    m = _CN_DATE.search(text)
    if m:
        y, mo, d = chinese_number(m["y"]), chinese_number(m["m"]), chinese_number(m["d"])
        if y and mo and d:
            return _date(y, mo, d)
    return None


def _clean_agency(text: str) -> str | None:
    text = re.sub(r"^(关于)", "", norm(text))
    text = re.sub(r"[\s:：]+", "", text)
    text = text.strip("《》“”\"()（）【】[]")
    if re.match(r"^(我|本)[\u4e00-\u9fff]{1,2}$", text):
        return None  # 本镇, 我局: the report speaking of itself, not a name
    if 2 <= len(text) <= 40 and _AGENCY_SUFFIX.search(text):
        return text
    return None


_CUE = re.compile(r"(?:现予以公布|现予公布|现公布|现公开|现将|特向社会公布|向社会公布|公布|发布|关于|根据)")
_PREAMBLE_AGENCY = (
    # "现公布威海市人民政府2024年政府信息公开工作年度报告" / "现将深圳市……龙华监管局(以下简称龙华局)2023年……"
    re.compile(r"(?:现予以公布|现予公布|现公布|现公开|现将|特向社会公布|向社会公布)\s*(?P<a>[\u4e00-\u9fff]{2,30}?)"
               r"\s*(?:[(（]以下简称[^)）]*[)）])?\s*(?:19|20)\d{2}\s*年"),
    # "……有关规定由天津市司法局编制"
    re.compile(r"由\s*(?P<a>[\u4e00-\u9fff]{2,30}?)\s*(?:负责)?编制"),
    # "2023年，在区委、区政府的坚强领导下，官洲街道办事处认真贯彻落实……"
    re.compile(r"(?:^|[，,。；;])\s*(?P<a>[\u4e00-\u9fff]{2,30}?(?:街道办事处|人民政府|办公室|委员会|管理局|局|厅|委|中心))"
               r"(?=认真|坚持|深入|严格|高度重视|全面|持续|始终|进一步|紧紧围绕)"),
)


def _after_cue(prefix: str) -> str:
    """The title's prefix without the sentence it sits in: the text after the last cue word
    (现公布, 关于 …) or punctuation."""
    prefix = re.split(r"[，,。；;：:》)）]", prefix)[-1]
    # a page's metadata row "名 称 | 淮安市人民政府2025年……": the label is not the agency's name
    prefix = re.sub(r"^\s*(?:文件)?(?:名\s*称|标\s*题|题\s*目)\s+", "", prefix)
    parts = _CUE.split(prefix)
    return parts[-1] if parts else prefix


def _agency_in_preamble(lines: list[Line]) -> str | None:
    for pat in _PREAMBLE_AGENCY:
        for line in lines:
            m = pat.search(norm(line.text))
            if m:
                agency = _clean_agency(m["a"])
                if agency and not agency.startswith(("我", "本")):
                    return agency
    return None


def _date_line(line: Line) -> dt.date | None:
    """The date of a line that is a date and nothing else (``2025年1月13日``)."""
    t = norm(line.text)
    if len(t) > 24 or not re.fullmatch(r"[\d\s年月日\-/.二〇○零一三四五六七八九十]+", t):
        return None
    return parse_date(t)


def _signature_above(lines: list[Line], idx: int) -> int | None:
    """The line of the agency's name just above a date line (blank lines between)."""
    for back in range(idx - 1, max(-1, idx - 3), -1):
        if not lines[back].text.strip():
            continue
        return back if _clean_agency(lines[back].text) else None
    return None


def find_meta(lines: list[Line], headings: dict[str, Heading], meta_dates: list[str]) -> Meta:
    meta = Meta()
    first_heading = min((h.index for h in headings.values()), default=len(lines))
    head = range(0, min(len(lines), max(first_heading, 1), 40))
    # the title: "XX局2024年度政府信息公开工作年度报告"
    for idx in head:
        t = norm(lines[idx].text)
        if "报告" not in t and "年报" not in t:
            continue
        m = _YEAR_TITLE.search(t) or _YEAR_AGENCY_TITLE.search(t)
        cn = _CN_YEAR_TITLE.search(t) if not m else None
        if not (m or cn):
            continue
        meta.year = int(m["year"]) if m else chinese_number(cn["year"])
        meta.title_index = idx
        prefix = _after_cue(t[:(m or cn).start()])
        agency = _clean_agency(prefix)
        if not agency:
            # "2022年度螅镇政府信息公开工作年度报告": the agency between the year and the subject
            after = re.match(r"\s*(?:年度|年)?\s*(?P<a>[\u4e00-\u9fff（）()]{2,30}?)\s*(?:政府信息公开|政务公开|信息公开)",
                             t[(m or cn).end("year"):])
            agency = _clean_agency(after["a"]) if after and after["a"] not in ("政府", "政务") else None
        if agency:
            meta.agency, meta.agency_index = agency, idx
        else:
            for back in range(idx - 1, max(-1, idx - 4), -1):
                agency = _clean_agency(lines[back].text)
                if agency:
                    meta.agency, meta.agency_index = agency, back
                    break
        break
    # the date line at the end, and the signature above it
    tail_start = max(0, len(lines) - 8)
    for idx in range(len(lines) - 1, tail_start - 1, -1):
        d = _date_line(lines[idx])
        if d:
            meta.published_on, meta.date_index = d, idx
            back = _signature_above(lines, idx)
            if back is not None:
                meta.signature_index = idx
            if meta.agency is None:
                for back in range(idx - 1, max(-1, idx - 3), -1):
                    agency = _clean_agency(lines[back].text)
                    if agency:
                        meta.agency, meta.agency_index = agency, back
                        break
            break
    if meta.published_on is None:
        # the 落款 followed by the page's own lines (a web page's footer, links, a note after the
        # article): a date line of its own right under the agency's name, after the last heading
        last_heading = max((h.index for h in headings.values()), default=-1)
        for idx in range(len(lines) - 1, last_heading, -1):
            d = _date_line(lines[idx])
            back = _signature_above(lines, idx) if d else None
            if back is not None:
                meta.published_on, meta.date_index, meta.signature_index = d, idx, idx
                if meta.agency is None:
                    meta.agency, meta.agency_index = _clean_agency(lines[back].text), back
                break
    if meta.published_on is None:
        for idx, line in enumerate(lines):
            t = norm(line.text)
            m = re.search(r"(发布|公开|成文|印发)(日期|时间)\s*[:：]?\s*", t)
            if m:
                d = parse_date(t[m.end():])
                if d:
                    meta.published_on, meta.date_index = d, idx
                    break
        else:
            for raw in meta_dates:
                d = parse_date(raw)
                if d:
                    meta.published_on = d
                    break
    # the statistical period "本报告中所列数据的统计期限自2024年1月1日起至2024年12月31日止"
    for idx, line in enumerate(lines):
        m = _PERIOD.search(norm(line.text).replace("起", ""))
        if m:
            meta.period_year, meta.period_index = int(m["y"]), idx
            break
    if meta.year is None:
        if meta.period_year:
            meta.year = meta.period_year
        else:
            years = Counter()
            for line in lines[:first_heading + 5]:
                for y in re.findall(r"((?:19|20)\d{2})\s*年(?:度)?", norm(line.text)):
                    years[int(y)] += 1
            if years:
                meta.year = years.most_common(1)[0][0]
            elif meta.published_on:
                meta.year = meta.published_on.year - 1
    preamble = _agency_in_preamble(lines[:first_heading + 3])
    if meta.agency is None or (preamble and len(preamble) > len(meta.agency) and preamble.endswith(meta.agency)):
        # "市人民政府办公室2025年……报告" titled, "现公开天门市人民政府办公室2025年……" in the preamble
        meta.agency = preamble or meta.agency
    if meta.agency is None:
        # "2024年，互助县自然资源局认真贯彻落实……" — the subject of the opening sentence
        for line in lines[:first_heading + 3]:
            m = re.match(r"^(?:(?:19|20)\d{2}\s*年(?:度)?\s*[,，]?\s*)(?P<a>[\u4e00-\u9fff]{3,30}?"
                         r"(?:人民政府|办公室|委员会|管理局|局|厅|委|办|中心|街道办事处|镇|乡))",
                         norm(line.text))
            if m:
                meta.agency = m["a"]
                break
    return meta


# ---- the edition of the format --------------------------------------------------------------

#: the trial format's own rows of table 二 (其他对外管理服务事项, 政府集中采购) and columns (上一年项目数量, 本年增/减)
MARKERS_2019 = ("其他对外管理服务事项", "对外管理服务", "上一年项目数量", "政府集中采购", "集中采购")
#: column headers of the trial format that some 2021-format reports kept for the block 第(一)项
WEAK_MARKERS_2019 = ("本年新制作数量", "本年新公开数量", "对外公开总数量")
MARKERS_2021 = ("本年制发件数", "本年废止件数", "现行有效件数", "本年处理决定数量", "逾期不补正", "缴纳费用",
                "本年收费金额", "收费金额")


def detect_format(lines: list[Line]) -> str | None:
    """The edition of the format, from the tables' own words: lines of prose are left out (a
    2021 report's overview may list 政府集中采购 among what it published)."""
    text = squeeze(" ".join(line.text for line in lines
                            if not (("。" in line.text and len(line.text) >= 12) or len(line.text) >= 70)))
    strong = sum(1 for w in MARKERS_2019 if w in text)
    weak = sum(1 for w in WEAK_MARKERS_2019 if w in text)
    n2021 = sum(1 for w in MARKERS_2021 if w in text)
    if strong and strong + weak > n2021:
        return "2019"
    if n2021:
        return "2021"
    if strong or weak:
        return "2019"
    return None
