"""Letters (告知书/答复书): the agency's template, a 文号, and the letter as text, DOCX and PDF.

The contract with the disclosure app::

    compose(*, agency, kind, context, on, number=None) -> Composed

``context`` is a plain dict (see docs/letters.md); for ``LetterKind.DECISION`` it carries
``decision.outcome`` (one of the 21 keys of ``gongkai.rules.outcomes``), for the consultation kinds
``consultation.party`` (``third_party`` or ``agency``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.db import transaction

from gongkai.rules.outcomes import OUTCOMES

from . import rendering
from .defaults import default_template
from .kinds import LetterKind, Remedy, check_slot, default_remedy, fixed_remedy
from .models import LetterTemplate
from .numbering import allocate_number, pattern_for
from .patterns import format_number
from .citations import abbreviate
from .placeholders import RenderContext, cn_date, contact_line, fill, paragraphs, pronoun

#: where the agency's seal goes, above the 落款 (letters.md §1.0 row 8)
SEAL = "（盖章）"

__all__ = ["Composed", "LetterKind", "compose", "resolve_template", "variant_from_context",
           "remedy_clause", "layout_letter", "SAMPLE_CONTEXT"]


#: where a letter's wording comes from (``ResolvedTemplate.source``)
SOURCE_LABELS = {"agency": "本机关模板", "platform": "平台默认（已修改）", "builtin": "平台默认"}


@dataclass
class Composed:
    kind: str
    number: str
    title: str
    text: str
    docx: bytes
    pdf: bytes


@dataclass
class ResolvedTemplate:
    kind: str
    variant: str
    title: str
    body: str
    closing: str
    remedy: Remedy
    source: str  # "agency" | "platform" | "builtin"
    row: LetterTemplate | None = None

    @property
    def source_label(self) -> str:
        return SOURCE_LABELS[self.source]


def variant_from_context(kind: str, context: dict) -> str:
    """Which template of ``kind`` the context asks for; ValueError (in Chinese) when it cannot tell."""
    if kind == LetterKind.DECISION:
        outcome = (context.get("decision") or {}).get("outcome")
        if outcome not in OUTCOMES:
            raise ValueError(f"答复书需要有效的办理结果（decision.outcome），收到的是：{outcome!r}。")
        return outcome
    if kind in (LetterKind.CONSULTATION, LetterKind.CONSULTATION_NOTICE):
        party = (context.get("consultation") or {}).get("party") or "third_party"
        if party not in ("third_party", "agency"):
            raise ValueError(f"征求意见对象应为 third_party 或 agency，收到的是：{party!r}。")
        return party
    return ""


def resolve_template(agency, kind: str, variant: str = "") -> ResolvedTemplate:
    """The agency's template for (kind, variant), else the platform row, else the built-in text."""
    check_slot(kind, variant)
    row = LetterTemplate.objects.for_slot(agency, kind, variant).first()
    fixed = fixed_remedy(kind, variant)
    if row is not None:
        return ResolvedTemplate(kind, variant, row.title, row.body, row.closing,
                                fixed or Remedy(row.remedy), "agency" if row.agency_id else "platform", row)
    d = default_template(kind, variant)
    return ResolvedTemplate(kind, variant, d.title, d.body, d.closing, default_remedy(kind, variant), "builtin")


_NOUN_RE = re.compile(r"(答复书|告知书|通知书|意见书|决定书|回执|函)$")


def letter_noun(title: str) -> str:
    """What the letter calls itself in the remedy clause: “本答复书”, “本告知书”, …"""
    m = _NOUN_RE.search(title or "")
    return m.group(1) if m else "答复"


def remedy_clause(remedy: str, agency, title: str, you: str = "您") -> str:
    """The 救济条款 (letters.md §1.4, 行政复议法 2023 第二十条、第二十三条、第二十四条)."""
    noun = letter_noun(title)
    body = agency.default_reconsideration_body
    if remedy == Remedy.RECONSIDERATION_FIRST:
        return (f"如对本{noun}不服，根据《中华人民共和国行政复议法》第二十三条的规定，{you}应当自收到本{noun}"
                f"之日起60日内先向{body}申请行政复议；对行政复议决定不服的，可以再依法向人民法院提起行政诉讼。")
    if remedy == Remedy.STANDARD:
        court = agency.court or "有管辖权的人民法院"
        return (f"如对本{noun}不服，可以自收到本{noun}之日起60日内向{body}申请行政复议，"
                f"也可以自收到本{noun}之日起6个月内向{court}提起行政诉讼。")
    return ""


def layout_letter(template: ResolvedTemplate, *, agency, context: dict, on: date, number: str
                  ) -> rendering.LetterLayout:
    rc = RenderContext(agency=agency, kind=template.kind, variant=template.variant, context=context,
                       on=on, number=number)
    title = fill(template.title, rc).strip() or LetterKind(template.kind).label
    if template.kind == LetterKind.CONSULTATION:
        addressee = ((context.get("consultation") or {}).get("party_name") or "").strip()
    else:
        addressee = ((context.get("applicant") or {}).get("name") or "").strip()
    you = pronoun(rc)
    # templates saved before the salutation followed the applicant type say “您（单位）”
    body = [p.replace("您（单位）", you) for p in paragraphs(fill(template.body, rc))]
    application = context.get("application") or {}
    return rendering.LetterLayout(
        title=title,
        number=number,
        salutation=f"{addressee or '＿＿＿＿'}：",
        paragraphs=abbreviate(body),
        remedy=remedy_clause(template.remedy, agency, title, you),
        closing=fill(template.closing, rc).strip(),
        signature=agency.name,
        date_text=cn_date(on),
        contact=contact_line(rc),
        seal=SEAL,
        keep_whole=[n for n in (number, str(application.get("number") or "")) if n],
    )


def compose(*, agency, kind: str, context: dict, on: date, number: str | None = None) -> Composed:
    """Render the agency's letter of ``kind`` for ``context`` and give it the next 文号.

    The number is allocated (unless ``number`` is given) in the caller's transaction, so a step that
    fails afterwards does not use one up. Raises ValueError (in Chinese) on an unknown kind or outcome.
    """
    if kind not in LetterKind.values:
        raise ValueError(f"未知的文书种类：{kind!r}。")
    if not isinstance(on, date):
        raise ValueError("成文日期（on）应为日期。")
    template = resolve_template(agency, kind, variant_from_context(kind, context))
    with transaction.atomic():
        if number is None:
            number = allocate_number(agency, kind, on.year)
        layout = layout_letter(template, agency=agency, context=context, on=on, number=number)
        docx = rendering.to_docx(layout, author=agency.name)
        pdf = rendering.to_pdf(layout)
    return Composed(kind=kind, number=number, title=layout.title, text=layout.text(), docx=docx, pdf=pdf)


# --- preview ----------------------------------------------------------------------------------

SAMPLE_CONTEXT: dict = {
    "applicant": {"name": "王小明", "type": "natural_person"},
    "application": {
        "number": "2025-0012",
        "form": "email",
        "delivery": "email",
        "email": "wangxm@example.com",
        "address": "互助县威远镇南街12号",
        "officer_name": "李明",
        "received_on": date(2025, 2, 21),
        "content": "2024年本县城区土地征收补偿安置方案",
        "channel_label": "互联网",
        "form_label": "电子邮件",
    },
    "correction": {"items": "1. 请写明所需信息涉及的具体地块或项目名称；\n2. 请写明所需信息的形成时间范围。",
                   "deadline": date(2025, 3, 10)},
    "extension": {"working_days": 20, "reason": "申请内容涉及多个年度的档案，需要检索、核对",
                  "new_due": date(2025, 4, 18)},
    "consultation": {"party": "third_party", "party_name": "互助县某房地产开发有限公司",
                     "reply_within_working_days": 15, "reply_by": date(2025, 3, 24)},
    "fee": {"method": "per_piece", "amount_yuan": 100, "ordinal": 12, "pages": None, "pay_within_working_days": 20},
    "delayed_reply": {"reply_by": date(2025, 5, 30), "reason": "申请数量较大，需要逐件检索"},
    "decision": {
        "outcome": "granted",
        "reason": "",
        "basis": "",
        "released": ["《互助县2024年城区土地征收补偿安置方案》", "《关于征收补偿标准的批复》"],
        "where": "互助县人民政府网站“政府信息公开—重点领域—征地信息”栏目，2024年6月3日发布",
        "withheld": [{"part": "被征收人身份证号码和银行账号", "reason": "属于个人隐私，公开会对第三方合法权益造成损害",
                      "basis": "条例第十五条"}],
        "referral_agency": "互助县住房和城乡建设局",
        "referral_contact": "0972-8322120",
        "earlier_reply": "2025年1月6日，县自然资源局公答〔2025〕3号",
    },
}

SAMPLE_REASONS = {
    "denied": "该信息已由保密工作机构确定为秘密级国家秘密，保密期限尚未届满。",
    "unavailable_not_held": "本机关在档案室、业务科室和电子政务系统中，以“征收补偿”“安置方案”为关键词进行了检索，均未找到该信息。",
    "other_other": "申请人已于2025年3月1日书面撤回该申请。",
}


def sample_context(kind: str, variant: str) -> dict:
    """The preview's sample data, adjusted to the slot (outcome, consultation party)."""
    context = {k: (dict(v) if isinstance(v, dict) else v) for k, v in SAMPLE_CONTEXT.items()}
    if kind == LetterKind.DECISION:
        decision = context["decision"]
        decision["outcome"] = variant
        group = OUTCOMES[variant].group.key
        decision["reason"] = SAMPLE_REASONS.get(variant) or SAMPLE_REASONS.get(group, "")
        if variant == "denied_prohibited_by_law":
            decision["basis"] = "《中华人民共和国统计法》第三十九条"
        if variant != "unavailable_not_held":
            decision["referral_agency"] = ""
    if kind == LetterKind.CONSULTATION and variant == "agency":
        context["consultation"]["party_name"] = "互助县住房和城乡建设局"
    if kind in (LetterKind.CONSULTATION, LetterKind.CONSULTATION_NOTICE):
        context["consultation"]["party"] = variant
    return context


def preview(agency, template: ResolvedTemplate, on: date) -> rendering.LetterLayout:
    """The letter as it would look with sample data (no 文号 is used up)."""
    number = format_number(pattern_for(agency, template.kind), agency, on.year, 1)
    return layout_letter(template, agency=agency, context=sample_context(template.kind, template.variant),
                         on=on, number=number)
