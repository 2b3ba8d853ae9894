"""What an evaluator checks in an annual report's text (domain.md §2.1, §2.6 P-2, §6.2): each part
has content of its own, 五 is not last year's and says how last year's problems were addressed, the
text does not contradict itself, its rates have the base printed beside them, 六 reports fees and
the year's work items, a government's summary says what it covers and who compiled it, and no
sentence is printed twice.

One set of rules for the reports the platform builds (``reports.builder.findings_for``, the
publication gate) and for the reports others published (``reports.importers``, the checker). Pure
functions over the section texts; Django-free.

Severity: ``error`` — the text is unfinished (empty, headings only); it must be fixed before the
report is submitted. ``warning`` — what an evaluator would mark down; the head may acknowledge it
with a reason. The wording of 六's required items in the 2021 format is UNCONFIRMED (domain.md
§2.1), so :data:`WORK_ITEM_WORDS` is a list one can change.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .annual_format import ERROR, WARNING, Finding

SECTION_LABELS = {"overview": "一、总体情况", "proactive": "二、主动公开政府信息情况",
                  "applications": "三、收到和处理政府信息公开申请情况",
                  "appeals": "四、政府信息公开行政复议、行政诉讼情况",
                  "problems": "五、存在的主要问题及改进情况", "other": "六、其他需要报告的事项"}

#: the five parts of 一 (国办公开办函〔2021〕30号: 主动公开、依申请公开、政府信息管理、
#: 政府信息公开平台建设、监督保障) and how a report names them
OVERVIEW_PARTS = (
    ("proactive", "主动公开", re.compile(r"(?<!依申请)主动公开")),
    ("requests", "依申请公开", re.compile(r"依申请|公开申请")),
    ("management", "政府信息管理", re.compile(r"信息管理|保密审查|公开属性|有效性|清理")),
    ("platform", "政府信息公开平台建设", re.compile(r"平台|网站|专栏|政务新媒体")),
    ("oversight", "监督保障", re.compile(r"监督|保障|考核|培训|责任")),
)
#: 条例第五十条第四项: a 人民政府 reports 工作考核、社会评议和责任追究结果
ACCOUNTABILITY = (("工作考核", re.compile(r"考核")), ("社会评议", re.compile(r"评议")),
                  ("责任追究", re.compile(r"责任追究|追究责任|问责")))
#: what 六 should report beside fees (UNCONFIRMED wording of the 2021 format, domain.md §2.1)
WORK_ITEM_WORDS = re.compile(r"工作要点|考核|督查|督促检查|建议提案|建议和提案|代表建议|政协提案|提案办理|创新")

_NUMBERING = r"(?:[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十]{1,3}[、.．]|\d{1,2}[、.．]|[一二三四五]是)"
_SUBHEADING = re.compile(rf"^\s*{_NUMBERING}\s*(?P<title>[^。：:；;，,\n]{{2,24}}?)\s*(?:[。：:]\s*|$)")
_SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?]?")
_TOKEN_WORDS = re.compile(r"存在的?主要问题|存在的?问题|改进情况|改进措施|及|和|下一步工作(打算|计划)?|本(年度|年)|"
                          r"我(局|委|办|单位|机关)|暂|无|没有|略|等|发现|情况|问题|方面|工作|详见|见附表|同上")
_PREVIOUS_YEAR = r"上一?年度?|去年|前一年|以往|往年"
_LATE = r"不够及时|不及时|超期|逾期|滞后|较慢|未能按期|未按期"
#: things a report may say it received none of, and how it names each
_RECEIVED_KINDS = (("互动事项", r"建议|咨询|投诉|留言|互动|来信|诉求"), ("政府信息公开申请", r"政府信息公开申请|依申请公开申请"),
                   ("行政复议", r"行政复议|复议申请"), ("行政诉讼", r"行政诉讼"))
_NONE_VERB = r"(?:未|没有)(?:收到|接到|受理|发生|出现|产生)[^。；;\d]{0,16}?"
_RATE = re.compile(r"(?P<name>按期答复率|按时答复率|答复率|办结率|公开率|回复率|办理率|及时率|按时办结率)"
                   r"\s*(?:为|达到?|是)?\s*(?P<r>\d+(?:\.\d+)?)\s*[%％]")
_COUNT = re.compile(r"(?<![\d.])(?P<n>\d+)\s*(?:件|条|次|个|份)")


@dataclass(frozen=True)
class FeeFacts:
    """The year's 信息处理费 records: notices sent, paid, the amount paid (元)."""

    notices: int = 0
    paid: int = 0
    yuan: float = 0


def plain(text: str | None) -> str:
    """NFKC, no whitespace: the text as compared."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


def check_sections(sections: dict[str, str | None], *, year: int | None, government: bool = False,
                   previous: dict[str, str | None] | None = None, fees: FeeFacts | None = None,
                   printed: tuple[str, ...] = (), required: tuple[str, ...] = ("overview", "problems", "other"),
                   ) -> list[Finding]:
    """Findings about the text. ``sections`` maps the six keys to their text (``None``: the part
    is absent, which the caller reports). ``previous`` is last year's sections; ``printed`` are
    sentences the rendering adds to the text (notes), checked for repetition with it."""
    out: list[Finding] = []
    for key in required:
        text = sections.get(key)
        if text is None:
            continue
        out += _content(key, text)
    overview, problems, other = sections.get("overview"), sections.get("problems"), sections.get("other")
    if overview and plain(overview):
        out += _overview_parts(overview, government)
        if government:
            out += _scope(sections)
    if problems and plain(problems) and previous is not None:
        out += _problems_against(problems, previous.get("problems"), year)
    if other is not None and plain(other):
        out += _other(other, fees)
    out += _self_contradiction(sections)
    out += _rates(sections)
    out += _repeated(sections, printed)
    return out


def _loc(key: str, **extra) -> dict:
    return {"section": key, **extra}


def _strip_headings(text: str) -> str:
    """The text without its numbered sub-headings (an inline heading keeps the text after it)."""
    kept = []
    for line in text.splitlines():
        m = _SUBHEADING.match(line)
        kept.append(line[m.end():] if m else line)
    return "\n".join(kept)


def _content(key: str, text: str) -> list[Finding]:
    label = SECTION_LABELS[key]
    core = plain(text)
    if not core:
        return [Finding("section.empty", ERROR, f"“{label}”尚未填写。", _loc(key))]
    body = plain(_strip_headings(text))
    if not body:
        return [Finding("section.heading_only", ERROR, f"“{label}”只有小标题，没有内容。", _loc(key))]
    if key == "other":
        return []  # 六 may be short; what it must say is checked by _other
    residue = _TOKEN_WORDS.sub("", re.sub(r"[\W\d_]", "", body))
    if len(body) < 20 or len(residue) < 12:
        return [Finding("section.token", WARNING,
                        f"“{label}”只有一句套话（“{text.strip()[:40]}”），应写明具体情况。", _loc(key))]
    return []


def _blocks(text: str) -> list[tuple[str | None, str]]:
    """``[(sub-heading title or None, its text)]`` in order."""
    blocks: list[tuple[str | None, list[str]]] = [(None, [])]
    for line in text.splitlines():
        m = _SUBHEADING.match(line)
        if m and len(plain(m["title"])) <= 24:
            blocks.append((m["title"], [line[m.end():]]))
        else:
            blocks[-1][1].append(line)
    return [(title, "\n".join(lines)) for title, lines in blocks]


def _part_of(title: str) -> str | None:
    for key, _label, pattern in OVERVIEW_PARTS:
        if pattern.search(title):
            return key
    return None


def _overview_parts(overview: str, government: bool) -> list[Finding]:
    out: list[Finding] = []
    labels = {key: label for key, label, _ in OVERVIEW_PARTS}
    found: dict[str, str] = {}
    for title, body in _blocks(overview):
        part = _part_of(title) if title else None
        if part and part not in found:
            found[part] = body
            if len(plain(body)) < 15:
                out.append(Finding("overview.part_empty", ERROR,
                                   f"“一、总体情况”中的“{title.strip()}”只有标题或一句话，没有具体内容。",
                                   _loc("overview", part=part)))
    # a part without its own sub-heading counts when a sentence speaks of it (not the opening
    # sentence that lists all five)
    sentences = [s for s in _SENTENCE.findall(overview)
                 if sum(1 for _, _, p in OVERVIEW_PARTS if p.search(s)) < 3]
    missing = [labels[key] for key, _, pattern in OVERVIEW_PARTS
               if key not in found and not any(pattern.search(s) for s in sentences)]
    if missing:
        out.append(Finding("overview.part_missing", WARNING,
                           f"“一、总体情况”应分别报告主动公开、依申请公开、政府信息管理、平台建设和监督保障，"
                           f"缺少：{'、'.join(missing)}。", _loc("overview", parts=missing)))
    if government:
        text = plain(overview)
        absent = [name for name, pattern in ACCOUNTABILITY if not pattern.search(text)]
        if absent:
            out.append(Finding("overview.accountability_missing", WARNING,
                               "人民政府的年度报告应在“监督保障”中报告工作考核、社会评议和责任追究结果情况"
                               f"（条例第五十条第四项），缺少：{'、'.join(absent)}。", _loc("overview", absent=absent)))
    return out


def _scope(sections: dict[str, str | None]) -> list[Finding]:
    text = plain("".join(t or "" for t in sections.values()))
    absent = []
    if not re.search(r"统计范围|(?:本级|所属|各)[^。]{0,30}(?:部门|单位|乡镇|街道|机关)", text):
        absent.append("统计范围（本级政府和哪些部门）")
    # “本报告由…办公室根据《条例》和《…格式》的通知（国办公开办函〔2021〕30号）要求编制”: the office and
    # the verb stand a long citation apart in most real reports
    if not re.search(r"(?:由|经)[^。]{0,40}(?:编制|编写|汇总|编报|起草)|(?:编制|编写)(?:单位|机构)"
                     r"|本(?:年度)?报告[^。]{0,6}由[^。]{0,200}(?:编制|编写|汇总|编报|起草)", text):
        absent.append("编制机构")
    if not absent:
        return []
    return [Finding("overview.scope_missing", WARNING,
                    f"政府的年度报告应说明{'和'.join(absent)}。", _loc("overview", absent=absent))]


def _shingles(text: str, n: int = 4) -> set[str]:
    t = re.sub(r"[\W\d_]", "", plain(text))
    return {t[i:i + n] for i in range(max(len(t) - n + 1, 0))}


def similarity(a: str, b: str) -> float:
    """The share of ``a``'s 4-character runs that also occur in ``b`` (1.0: copied word for word)."""
    sa, sb = _shingles(a), _shingles(b)
    return len(sa & sb) / len(sa) if sa else 0.0


def _problems_against(problems: str, last: str | None, year: int | None) -> list[Finding]:
    out: list[Finding] = []
    if last and plain(last):
        share = similarity(problems, last)
        if share >= 0.8:
            out.append(Finding("problems.same_as_last_year", WARNING,
                               f"“五、存在的主要问题及改进情况”与上年报告的约{round(share * 100)}%相同（内容雷同），"
                               "应写本年度的问题和改进情况。", _loc("problems", share=round(share, 2))))
    last_year = rf"|{year - 1}年" if year else ""
    if not re.search(_PREVIOUS_YEAR + last_year, plain(problems)):
        out.append(Finding("problems.no_follow_up", WARNING,
                           "“五、存在的主要问题及改进情况”没有说明上年度报告所列问题的改进情况。", _loc("problems")))
    return out


def _other(other: str, fees: FeeFacts | None) -> list[Finding]:
    out: list[Finding] = []
    text = plain(other)
    if not re.search(r"信息处理费|收费|收取[^。]{0,6}费", text):
        out.append(Finding("other.fees_missing", WARNING,
                           "“六、其他需要报告的事项”应说明信息处理费的收取情况（收取的金额，或本年度未收取）。",
                           _loc("other")))
    elif fees is not None and fees.notices > fees.paid and not (
            re.search(r"通知", text) and re.search(r"未缴|未交|未按|逾期|未付|缴费期限内", text)):
        out.append(Finding("other.fee_notices_missing", WARNING,
                           f"本年发出收费通知{fees.notices}件、缴费{fees.paid}件，“六、其他需要报告的事项”"
                           "应写明发出通知的件数、金额和缴费情况，不能只写已收取的费用。",
                           _loc("other", notices=fees.notices, paid=fees.paid)))
    if not WORK_ITEM_WORDS.search(text):
        out.append(Finding("other.work_items_missing", WARNING,
                           "“六、其他需要报告的事项”应报告本年度政务公开工作要点落实、考核督查、"
                           "人大代表建议和政协提案办理结果公开等情况。", _loc("other")))
    return out


def _self_contradiction(sections: dict[str, str | None]) -> list[Finding]:
    """A part says none of something was received while another speaks of handling them."""
    out: list[Finding] = []
    texts = {k: plain(v) for k, v in sections.items() if v}
    for kind, words in _RECEIVED_KINDS:
        for key, text in texts.items():
            claim = re.search(_NONE_VERB + f"(?:{words})", text)
            if not claim:
                continue
            found = None
            for other_key, other in texts.items():
                rest = other.replace(claim.group(0), "")
                late = re.search(rf"(?:{words})[^。；;]{{0,20}}(?:答复|回复|办理|处理)[^。；;]{{0,8}}(?:{_LATE})", rest)
                if late and re.search(r"(?:不存在|没有|未出现|无)[^。；;]{0,6}$", rest[:late.start()][-12:]):
                    late = None
                counted = re.search(rf"(?:收到|受理|接到)[^。；;，,]{{0,10}}(?:{words})[^。；;]{{0,6}}?[1-9]\d*(?:件|条|次)",
                                    rest)
                if late or counted:
                    found = (other_key, (late or counted).group(0))
                    break
            if found:
                out.append(Finding("narrative.self_contradiction", WARNING,
                                   f"“{SECTION_LABELS[key]}”说“{claim.group(0)}”，但“{SECTION_LABELS[found[0]]}”"
                                   f"写有“{found[1]}”，前后矛盾。", _loc(key, other=found[0], kind=kind)))
                break
    return out


def _rates(sections: dict[str, str | None]) -> list[Finding]:
    out: list[Finding] = []
    for key, text in sections.items():
        for paragraph in unicodedata.normalize("NFKC", text or "").splitlines():
            for m in _RATE.finditer(paragraph):
                counts = [int(c["n"]) for c in _COUNT.finditer(paragraph[:m.start()])]
                if len(counts) < 2:
                    continue
                rate = float(m["r"])
                decimals = len(m["r"].split(".")[1]) if "." in m["r"] else 0
                tolerance = 0.5 * 10 ** -decimals + 1e-9
                pairs = [(a, b) for i, a in enumerate(counts) for j, b in enumerate(counts) if i != j and 0 < b and a <= b]
                if not any(abs(100 * a / b - rate) <= tolerance for a, b in pairs):
                    out.append(Finding("narrative.rate_base", WARNING,
                                       f"“{m['name']}{m['r']}%”与同一句中的数字（{'、'.join(map(str, counts))}）"
                                       "对不上：比率的分子、分母应是句中写出的件数。",
                                       _loc(key, rate=rate, counts=counts)))
    return out


def _repeated(sections: dict[str, str | None], printed: tuple[str, ...]) -> list[Finding]:
    """A sentence (of 15 characters or more) printed twice, in the text or by the rendering."""
    seen: dict[str, int] = {}
    out: list[Finding] = []
    sources = [(k, t) for k, t in sections.items() if t] + [(None, t) for t in printed]
    for key, text in sources:
        for sentence in _SENTENCE.findall(text):
            core = plain(sentence).rstrip("。！？!?")
            if len(re.findall(r"[\u4e00-\u9fff]", core)) < 15:
                continue
            seen[core] = seen.get(core, 0) + 1
            if seen[core] == 2:
                out.append(Finding("text.repeated_sentence", WARNING,
                                   f"同一句话在报告中出现了两次：“{core[:40]}…”。", _loc(key or "document")))
    return out
