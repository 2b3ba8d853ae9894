"""The kinds of letter the platform issues, their variants and remedy clauses (letters.md §1).

``LetterKind`` is part of the contract with the disclosure app (re-exported by ``letters``).
A *variant* narrows a kind: for a decision it is the outcome key (one of the 21 of table 三), for a
consultation the addressee (``third_party`` — 第三十二条, ``agency`` — 第三十四条); other kinds
have the single variant ``""``.
"""

from __future__ import annotations

from django.db import models

from gongkai.rules.outcomes import OUTCOMES


class LetterKind(models.TextChoices):
    ACKNOWLEDGEMENT = "acknowledgement", "政府信息公开申请接收回执"
    CORRECTION = "correction", "政府信息公开申请补正告知书"
    EXTENSION = "extension", "政府信息公开申请延期答复告知书"
    CONSULTATION = "consultation", "征求第三方意见书"  # to the third party / co-producing agency
    CONSULTATION_NOTICE = "consultation_notice", "征求意见告知书"  # to the applicant: the clock is paused
    FEE_NOTICE = "fee_notice", "政府信息公开申请收费通知书"
    DELAYED_REPLY = "delayed_reply", "延迟答复告知书"  # 条例第三十五条
    DECISION = "decision", "政府信息公开申请答复书"  # body depends on the outcome key


class Remedy(models.TextChoices):
    """Which 救济条款 a letter carries (letters.md §1.4)."""

    NONE = "none", "不写救济条款"
    STANDARD = "standard", "可以申请行政复议，也可以提起行政诉讼"
    RECONSIDERATION_FIRST = "reconsideration_first", "行政复议前置（行政复议法第二十三条）"


CONSULTATION_VARIANTS: dict[str, str] = {
    "third_party": "给第三方（条例第三十二条）",
    "agency": "给共同制作机关或其他机关（条例第三十四条）",
}

#: the 文号 letter-type code of each kind (letters.md §1.1: one code and one counter per kind)
KIND_CODES: dict[str, str] = {
    LetterKind.ACKNOWLEDGEMENT: "依",
    LetterKind.CORRECTION: "补",
    LetterKind.EXTENSION: "延",
    LetterKind.CONSULTATION: "征",
    LetterKind.CONSULTATION_NOTICE: "征告",
    LetterKind.FEE_NOTICE: "费",
    LetterKind.DELAYED_REPLY: "迟",
    LetterKind.DECISION: "答",
}


def variants(kind: str) -> dict[str, str]:
    """The variants of ``kind`` with their labels (``{"": ""}`` for a kind without variants)."""
    if kind == LetterKind.DECISION:
        return {key: o.full_label for key, o in OUTCOMES.items()}
    if kind in (LetterKind.CONSULTATION, LetterKind.CONSULTATION_NOTICE):
        return dict(CONSULTATION_VARIANTS)
    return {"": ""}


def all_slots() -> list[tuple[str, str]]:
    """Every (kind, variant) that has its own template, in display order."""
    return [(kind, variant) for kind in LetterKind.values for variant in variants(kind)]


def check_slot(kind: str, variant: str) -> None:
    if kind not in LetterKind.values:
        raise ValueError(f"未知的文书种类：{kind}")
    if variant not in variants(kind):
        raise ValueError(f"文书种类“{LetterKind(kind).label}”没有适用情形“{variant}”。")


def fixed_remedy(kind: str, variant: str) -> Remedy | None:
    """The remedy clause the law fixes for this slot, or None when the agency may choose.

    不予公开 and 部分公开 decisions must tell the applicant to apply for 复议 first (行政复议法第二十三条);
    procedural notices (补正, 延期, 征求意见, 回执, 延迟答复) have no effect on rights and carry none
    (2011 规定第二条（一）).
    """
    if kind == LetterKind.DECISION:
        return Remedy.RECONSIDERATION_FIRST if OUTCOMES[variant].reconsideration_first else None
    if kind == LetterKind.FEE_NOTICE:
        return None
    return Remedy.NONE


def default_remedy(kind: str, variant: str) -> Remedy:
    fixed = fixed_remedy(kind, variant)
    if fixed is not None:
        return fixed
    return Remedy.STANDARD


def slot_label(kind: str, variant: str) -> str:
    label = LetterKind(kind).label
    extra = variants(kind).get(variant, "")
    return f"{label}（{extra}）" if extra else label
