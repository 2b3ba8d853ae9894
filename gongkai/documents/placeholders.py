"""Placeholders in letter templates: ``{申请人}``, ``{收到日期}``, … and optional segments ``[[…]]``.

Templates are plain text, not a template language, so an agency editing one cannot run code or
read anything but the listed values. Rules (documented for staff in docs/letters.md):

* ``{名称}`` is replaced by the value; a value that is missing prints as a blank ``＿＿＿＿`` so the
  officer sees what must still be filled in;
* ``[[ … ]]`` is an optional segment: it is printed only when every placeholder inside has a value
  (``[[您可以通过以下途径获取：{获取途径}。]]``);
* a line is a paragraph; lines left empty after replacement are dropped;
* an unknown placeholder is refused when the template is saved.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from gongkai.portal.dates import prose
from gongkai.rules.outcomes import OUTCOMES

from . import citations

BLANK = "＿＿＿＿"
PLACEHOLDER_RE = re.compile(r"\{([^{}\s]{1,20})\}")
OPTIONAL_RE = re.compile(r"\[\[(.*?)\]\]", re.S)


def cn_date(value: date | None) -> str:
    """``2025年2月21日`` (Arabic numerals, no leading zeros — GB/T 9704 style), the site's prose date."""
    return prose(value)


@dataclass
class RenderContext:
    agency: Any  # accounts.Agency
    kind: str
    variant: str
    context: dict
    on: date
    number: str

    def part(self, name: str) -> dict:
        value = self.context.get(name) or {}
        return value if isinstance(value, dict) else {}


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return cn_date(value)
    return str(value).strip()


def _numbered(items) -> str:
    lines = [f"{i}. {_text(item)}" for i, item in enumerate(items or [], 1) if _text(item)]
    return "\n".join(lines)


def _withheld(items) -> str:
    lines = []
    for i, item in enumerate(items or [], 1):
        if not isinstance(item, dict):
            continue
        part, reason, basis = _text(item.get("part")), _text(item.get("reason")), _text(item.get("basis"))
        if not part:
            continue
        line = f"{i}. {part}：{(reason or BLANK).rstrip('。')}。"
        cited = citations.cite(citations.merge(citations.parse(basis)))
        if cited:
            line += f"依据：{cited}。"
        lines.append(line)
    return "\n".join(lines)


#: applicant types that are a person (annual_format's column key); every other type is an organisation
PERSON_TYPES = ("natural_person",)
_ORG_NAME_RE = re.compile(r"(公司|集团|企业|厂|店|行|社|所|院|校|中心|协会|学会|商会|基金会|委员会|合作社|事务所|局|厅|部|委|办|处|站|队|会|单位|政府)$")


def is_organisation(kind: str | None, name: str = "") -> bool:
    """An organisation (法人或者其他组织) — by the recorded type, else by how the name ends."""
    if kind:
        return kind not in PERSON_TYPES
    return bool(_ORG_NAME_RE.search((name or "").strip()))


def pronoun(rc: "RenderContext") -> str:
    """How the letter addresses its reader in the body: “您” (a person) or “贵单位” (法人或者其他组织)."""
    if rc.kind == "consultation":
        c = rc.part("consultation")
        if c.get("party") == "agency":
            return "贵机关"
        return "贵单位" if is_organisation(c.get("party_type"), c.get("party_name") or "") else "您"
    a = rc.part("applicant")
    return "贵单位" if is_organisation(a.get("type"), a.get("name") or "") else "您"


def _decision_citations(rc: "RenderContext", *, extra_only: bool = False) -> str:
    """The one citation of a decision: the outcome's articles (narrowed to what the letter does),
    the officer's own basis and each withheld part's basis, each once, in order."""
    d = rc.part("decision")
    outcome = OUTCOMES.get(d.get("outcome") or rc.variant)
    usual = citations.parse(outcome.basis) if outcome else []
    if outcome and outcome.key == "granted":
        # 第（一）项: already public (tell where); 第（二）项: provided now
        keep = {1 if d.get("where") else None, 2 if d.get("released") or not d.get("where") else None}
        usual = [c for c in usual if not (c.article == 36 and c.item and c.item not in keep)]
    if outcome and outcome.key == "unavailable_not_held" and not d.get("referral_agency"):
        usual = [c for c in usual if not (c.article == 36 and c.item == 5)]
    # the disclosure app records the outcome's usual basis when the officer gave none
    own_text = _text(d.get("basis"))
    own = [] if outcome and own_text == outcome.basis else citations.parse(own_text)
    if extra_only:
        return citations.cite([c for c in citations.merge(own) if c not in usual])
    withheld = d.get("withheld") if outcome and outcome.key == "partially_granted" else []
    parts = [citations.parse(_text(w.get("basis"))) for w in withheld or [] if isinstance(w, dict)]
    return citations.cite(citations.merge(usual, own, *parts))


PROVIDED_AS = {"paper": "纸质文本", "disc": "光盘"}


def delivery_sentence(rc: "RenderContext") -> str:
    """How and where the information is provided, in the form the applicant chose (条例第四十条)."""
    d, a = rc.part("decision"), rc.part("application")
    if not d.get("released"):
        return ""
    you = pronoun(rc)
    form, delivery = a.get("form") or "", a.get("delivery") or ""
    agency = rc.agency
    place = "、".join(x for x in (getattr(agency, "office_name", "") or agency.name,) if x)
    address = getattr(agency, "address", "") or ""
    hours = getattr(agency, "office_hours", "") or ""
    at = f"{place}（{address}）" if address else place
    when = f"于办公时间（{hours.rstrip('。')}）" if hours else "于工作日办公时间"
    number = _text(a.get("number"))
    if form == "download" or (form not in PROVIDED_AS and form not in ("email", "inspection")
                              and delivery == "online"):
        return (f"{you}可以凭申请编号（{number}）和查询码，在本平台的申请办理进度查询页面下载上述政府信息；"
                "通过本平台账号提出申请的，也可以登录后在本人的申请记录中下载。")
    if form == "email":
        email = _text(a.get("email"))
        to = f"{you}提供的电子邮箱（{email}）" if email else f"{you}在申请中提供的电子邮箱"
        return f"本机关以电子邮件方式将上述政府信息发送至{to}，请注意查收。"
    if form == "inspection":
        return f"请{you}持本答复书和身份证明，{when}到{at}当场查阅上述政府信息。"
    what = PROVIDED_AS.get(form, "纸质文本")
    postal = _text(a.get("address"))
    if delivery == "pickup" or (delivery != "post" and not postal):
        return f"请{you}持本答复书和身份证明，{when}到{at}领取上述政府信息的{what}。"
    to = f"{you}提供的通信地址（{postal}）" if postal else f"{you}在申请中提供的通信地址"
    return f"本机关以邮寄方式将上述政府信息的{what}随本答复书一并寄送至{to}。"


def contact_person(rc: "RenderContext") -> str:
    """The case officer with the agency's 政府信息公开工作机构 (from its 指南), or either alone."""
    office = getattr(rc.agency, "office_name", "") or ""
    officer = _text(rc.part("application").get("officer_name"))
    return f"{officer}（{office}）" if officer and office else (officer or office)


def contact_line(rc: "RenderContext") -> str:
    """联系人 and 电话 from the agency's 指南 (its 政府信息公开工作机构 and phone), with the case officer."""
    agency = rc.agency
    person = contact_person(rc)
    parts = []
    if person:
        parts.append(f"联系人：{person}")
    if getattr(agency, "phone", ""):
        parts.append(f"联系电话：{agency.phone}")
    return "；".join(parts) + "。" if parts else ""


FEE_METHODS = {"per_piece": "按件计收", "per_volume": "按量计收"}
FEE_STANDARDS = {
    "per_piece": "同一申请人一个自然月内累计申请10件以下（含10件）的，不收费；11—30件（含30件）的部分，"
                 "100元/件；31件以上的部分，以10件为一档，每增加一档，收费标准提高100元/件",
    "per_volume": "30页以下（含30页）的，不收费；31—100页（含100页）的部分，10元/页；"
                  "101—200页（含200页）的部分，20元/页；201页以上的部分，40元/页",
}


@dataclass(frozen=True)
class Placeholder:
    name: str
    help: str
    get: Callable[[RenderContext], str]
    group: str = "通用"


def _p(name, help, get, group="通用"):
    return Placeholder(name, help, get, group)


PLACEHOLDERS: dict[str, Placeholder] = {p.name: p for p in (
    _p("申请人", "申请人姓名或者名称", lambda c: _text(c.part("applicant").get("name"))),
    _p("称谓", "正文中对收件人的称呼：个人为“您”，法人或者其他组织为“贵单位”", pronoun),
    _p("申请编号", "平台上的申请编号", lambda c: _text(c.part("application").get("number"))),
    _p("收到日期", "收到申请之日（条例第三十一条），如“2025年2月21日”",
       lambda c: _text(c.part("application").get("received_on"))),
    _p("申请内容", "申请获取的政府信息（名称、文号或描述）", lambda c: _text(c.part("application").get("content"))),
    _p("提交方式", "申请的提交方式，如“当面提交”“互联网”", lambda c: _text(c.part("application").get("channel_label"))),
    _p("信息形式", "申请人要求的信息形式，如“纸质”“电子邮件”", lambda c: _text(c.part("application").get("form_label"))),
    _p("文号", "本文书的文号", lambda c: c.number),
    _p("日期", "成文日期（落款日期）", lambda c: cn_date(c.on)),
    _p("机关名称", "本机关全称", lambda c: c.agency.name),
    _p("机关简称", "本机关简称（未设置时为全称）", lambda c: c.agency.short_name or c.agency.name),
    _p("联系电话", "本机关政府信息公开工作机构的联系电话", lambda c: c.agency.phone),
    _p("办公地址", "本机关办公地址", lambda c: c.agency.address),
    _p("工作机构", "本机关政府信息公开工作机构（指南所列）", lambda c: getattr(c.agency, "office_name", "")),
    _p("办公时间", "工作机构的办公时间（指南所列）", lambda c: getattr(c.agency, "office_hours", "")),
    _p("联系人", "联系人（经办人和工作机构）", contact_person),
    _p("复议机关", "行政复议机关（行政复议法第二十四条）", lambda c: c.agency.default_reconsideration_body),
    _p("管辖法院", "管辖法院（未设置时为“有管辖权的人民法院”）", lambda c: c.agency.court or "有管辖权的人民法院"),
    # 补正
    _p("补正事项", "需要补正的事项（可多行）", lambda c: _text(c.part("correction").get("items")), "补正"),
    _p("补正期限", "补正期限（日期）", lambda c: _text(c.part("correction").get("deadline")), "补正"),
    # 延期
    _p("延期工作日数", "延长的工作日数（最长20个工作日）", lambda c: _text(c.part("extension").get("working_days")), "延期"),
    _p("延期理由", "延期的理由", lambda c: _text(c.part("extension").get("reason")).rstrip("。"), "延期"),
    _p("延期后答复期限", "延期后的答复期限（日期）", lambda c: _text(c.part("extension").get("new_due")), "延期"),
    # 征求意见
    _p("征求意见对象", "被征求意见的第三方或机关名称", lambda c: _text(c.part("consultation").get("party_name")), "征求意见"),
    _p("征求意见期限", "提出意见的期限（工作日数，条例规定15个工作日）",
       lambda c: _text(c.part("consultation").get("reply_within_working_days") or 15), "征求意见"),
    _p("意见截止日", "提出意见的截止日期（如已确定）", lambda c: _text(c.part("consultation").get("reply_by")), "征求意见"),
    # 收费
    _p("收费方式", "按件计收或按量计收", lambda c: FEE_METHODS.get(c.part("fee").get("method"), ""), "收费"),
    _p("收费标准", "所适用的收费标准（国办函〔2020〕109号）", lambda c: FEE_STANDARDS.get(c.part("fee").get("method"), ""), "收费"),
    _p("收费金额", "应缴金额（元）", lambda c: _text(c.part("fee").get("amount_yuan")), "收费"),
    _p("申请件次", "本件申请是申请人当月的第几件（按件计收）", lambda c: _text(c.part("fee").get("ordinal")), "收费"),
    _p("页数", "提供信息的页数（按量计收）", lambda c: _text(c.part("fee").get("pages")), "收费"),
    _p("缴费期限", "缴费期限（工作日数，收到通知次日起20个工作日）",
       lambda c: _text(c.part("fee").get("pay_within_working_days") or 20), "收费"),
    # 延迟答复
    _p("延迟答复日期", "确定的延迟答复期限（条例第三十五条）", lambda c: _text(c.part("delayed_reply").get("reply_by")), "延迟答复"),
    _p("延迟理由", "延迟答复的理由", lambda c: _text(c.part("delayed_reply").get("reason")).rstrip("。"), "延迟答复"),
    # 答复
    _p("理由", "答复的理由（由经办人填写，完整的句子）", lambda c: _text(c.part("decision").get("reason")), "答复"),
    _p("依据", "答复的法律依据：该结果的条款、经办人另行援引的依据和各不予公开部分的依据，合并为一句",
       _decision_citations, "答复"),
    _p("法律依据", "经办人另行援引的法律依据（不含该结果的通常条款），如禁止公开的法律名称和条款",
       lambda c: _decision_citations(c, extra_only=True), "答复"),
    _p("提供方式说明", "按申请人要求的形式提供信息的方式和地点（网站下载、电子邮件、邮寄、领取、当场查阅）",
       delivery_sentence, "答复"),
    _p("提供的信息", "提供的政府信息名称（每项一行，自动编号）", lambda c: _numbered(c.part("decision").get("released")), "答复"),
    _p("获取途径", "已主动公开信息的获取途径（网站栏目、网址、发布日期、文号）或其他渠道",
       lambda c: _text(c.part("decision").get("where")).rstrip("。"), "答复"),
    _p("不予公开部分", "部分公开时不予公开的每一部分及其理由、依据（每项一行，自动编号）",
       lambda c: _withheld(c.part("decision").get("withheld")), "答复"),
    _p("移送机关", "负责公开该信息的行政机关名称（条例第三十六条第（五）项）",
       lambda c: _text(c.part("decision").get("referral_agency")), "答复"),
    _p("移送机关联系方式", "该机关的联系方式", lambda c: _text(c.part("decision").get("referral_contact")).rstrip("。"), "答复"),
    _p("前次答复", "前次答复的日期和文号（重复申请）", lambda c: _text(c.part("decision").get("earlier_reply")), "答复"),
)}


def unknown_placeholders(text: str) -> list[str]:
    """Names in ``text`` that are not placeholders (the template is refused when there are any)."""
    return sorted({name for name in PLACEHOLDER_RE.findall(text or "") if name not in PLACEHOLDERS})


def check_template_text(text: str) -> list[str]:
    """Problems with a template text, as Chinese messages (empty when it is fine)."""
    problems = []
    unknown = unknown_placeholders(text)
    if unknown:
        problems.append("未知的占位符：" + "、".join("{" + n + "}" for n in unknown)
                        + "。可用的占位符见本页“占位符”一栏。")
    if text.count("[[") != text.count("]]"):
        problems.append("可选段落的“[[”与“]]”没有成对出现。")
    elif any("[[" in seg for seg in OPTIONAL_RE.findall(text or "")):
        problems.append("可选段落不能嵌套。")
    return problems


def _values(rc: RenderContext) -> dict[str, str]:
    return {name: p.get(rc) or "" for name, p in PLACEHOLDERS.items()}


def fill(text: str, rc: RenderContext, values: dict[str, str] | None = None) -> str:
    """Replace placeholders and resolve optional segments in ``text``."""
    values = _values(rc) if values is None else values

    def optional(m: re.Match) -> str:
        inner = m.group(1)
        names = PLACEHOLDER_RE.findall(inner)
        if any(not values.get(n) for n in names):
            return ""
        return PLACEHOLDER_RE.sub(lambda p: values.get(p.group(1), p.group(0)), inner)

    text = OPTIONAL_RE.sub(optional, text or "")

    def required(m: re.Match) -> str:
        name = m.group(1)
        if name not in values:
            return m.group(0)
        return values[name] or BLANK

    return PLACEHOLDER_RE.sub(required, text)


def paragraphs(text: str) -> list[str]:
    """Non-empty lines of ``text`` (each one paragraph of the letter)."""
    return [line.strip() for line in (text or "").replace("\r\n", "\n").split("\n") if line.strip()]
