"""Letter templates, 文号 patterns and counters, and the audit trail of their changes."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from .kinds import LetterKind, Remedy, check_slot, fixed_remedy
from .patterns import check_pattern
from .placeholders import check_template_text


class LetterTemplateQuerySet(models.QuerySet):
    def for_slot(self, agency, kind: str, variant: str = ""):
        """The agency's own template for (kind, variant) first, then the platform default row."""
        return (self.filter(kind=kind, variant=variant)
                .filter(Q(agency=agency) | Q(agency__isnull=True))
                .order_by(models.F("agency").desc(nulls_last=True)))


class LetterTemplate(models.Model):
    """An agency's wording for one kind of letter (agency empty = the platform-wide default).

    When neither the agency nor the platform has a row, the built-in text of ``defaults`` is used.
    """

    agency = models.ForeignKey("accounts.Agency", verbose_name="机关", null=True, blank=True,
                               on_delete=models.CASCADE, related_name="letter_templates",
                               help_text="留空表示平台默认模板。")
    kind = models.CharField("文书种类", max_length=30, choices=LetterKind.choices)
    variant = models.CharField("适用情形", max_length=40, blank=True,
                               help_text="答复书为办理结果（21种之一）；征求意见书为对象（third_party 或 agency）。")
    title = models.CharField("标题", max_length=60)
    body = models.TextField("正文", help_text="每行一段；可用占位符如 {申请人}、{收到日期}；[[…]] 为可选段落。")
    closing = models.CharField("结束语", max_length=40, blank=True, help_text="如“特此告知。”；可留空。")
    remedy = models.CharField("救济条款", max_length=30, choices=Remedy.choices, default=Remedy.STANDARD)
    updated_at = models.DateTimeField("修改时间", auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="修改人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    objects = LetterTemplateQuerySet.as_manager()

    class Meta:
        verbose_name = "文书模板"
        verbose_name_plural = "文书模板"
        ordering = ["agency_id", "kind", "variant"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "kind", "variant"], name="unique_letter_template"),
            models.UniqueConstraint(fields=["kind", "variant"], condition=Q(agency__isnull=True),
                                    name="unique_platform_letter_template"),
        ]

    def __str__(self) -> str:
        return f"{self.agency or '平台默认'} · {self.title}"

    def clean(self):
        try:
            check_slot(self.kind, self.variant)
        except ValueError as e:
            raise ValidationError({"variant": str(e)}) from None
        errors = {}
        problems = check_template_text(self.body) + check_template_text(self.title)
        if problems:
            errors["body"] = problems
        fixed = fixed_remedy(self.kind, self.variant)
        if fixed is not None and self.remedy != fixed:
            errors["remedy"] = f"此类文书的救济条款由法律确定，应为“{fixed.label}”。"
        if errors:
            raise ValidationError(errors)


class NumberPattern(models.Model):
    """How an agency numbers one kind of letter, e.g. ``互自然资公答〔{年}〕{序号}号``."""

    agency = models.ForeignKey("accounts.Agency", verbose_name="机关", on_delete=models.CASCADE,
                               related_name="letter_number_patterns")
    kind = models.CharField("文书种类", max_length=30, choices=LetterKind.choices)
    pattern = models.CharField("文号格式", max_length=60)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "文号格式"
        verbose_name_plural = "文号格式"
        constraints = [models.UniqueConstraint(fields=["agency", "kind"], name="unique_number_pattern")]

    def __str__(self) -> str:
        return f"{self.agency} · {self.get_kind_display()} · {self.pattern}"

    def clean(self):
        problems = check_pattern(self.pattern)
        if problems:
            raise ValidationError({"pattern": problems})


class LetterCounter(models.Model):
    """The last sequence number issued for (agency, kind, year); locked with SELECT … FOR UPDATE."""

    agency = models.ForeignKey("accounts.Agency", verbose_name="机关", on_delete=models.CASCADE,
                               related_name="letter_counters")
    kind = models.CharField("文书种类", max_length=30, choices=LetterKind.choices)
    year = models.PositiveIntegerField("年度")
    last = models.PositiveIntegerField("已用序号", default=0)

    class Meta:
        verbose_name = "文号计数器"
        verbose_name_plural = "文号计数器"
        constraints = [models.UniqueConstraint(fields=["agency", "kind", "year"], name="unique_letter_counter")]

    def __str__(self) -> str:
        return f"{self.agency} · {self.get_kind_display()} · {self.year}：{self.last}"


class DocumentsEvent(models.Model):
    """Who changed which template or 文号 pattern, and what it was before (the audit trail)."""

    class Action(models.TextChoices):
        TEMPLATE_SAVED = "template_saved", "修改文书模板"
        TEMPLATE_RESET = "template_reset", "恢复默认模板"
        PATTERN_SAVED = "pattern_saved", "修改文号格式"

    agency = models.ForeignKey("accounts.Agency", verbose_name="机关", null=True, blank=True,
                               on_delete=models.CASCADE, related_name="+")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", null=True,
                              on_delete=models.SET_NULL, related_name="+")
    action = models.CharField("操作", max_length=30, choices=Action.choices)
    kind = models.CharField("文书种类", max_length=30, choices=LetterKind.choices)
    variant = models.CharField("适用情形", max_length=40, blank=True)
    before = models.JSONField("修改前", default=dict, blank=True)
    after = models.JSONField("修改后", default=dict, blank=True)
    at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "文书设置记录"
        verbose_name_plural = "文书设置记录"
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.get_action_display()}"
