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

BLANK = "＿＿＿＿"
PLACEHOLDER_RE = re.compile(r"\{([^{}\s]{1,20})\}")
OPTIONAL_RE = re.compile(r"\[\[(.*?)\]\]", re.S)


def cn_date(value: date | None) -> str:
    """``2025年2月21日`` (Arabic numerals, no leading zeros — GB/T 9704 style)."""
    if value is None:
        return ""
    return f"{value.year}年{value.month}月{value.day}日"


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
        line = f"{i}. {part}：{reason or BLANK}"
        if basis:
            line += f"（依据：{basis}）"
        lines.append(line.rstrip("。") + "。")
    return "\n".join(lines)


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
    _p("法律依据", "另行援引的法律依据，如禁止公开的法律名称和条款", lambda c: _text(c.part("decision").get("basis")), "答复"),
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
