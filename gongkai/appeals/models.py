"""The appeals ledger: 行政复议 and 行政诉讼 about information-disclosure decisions (feeds table 四)."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q

from gongkai.accounts.models import Agency


class Kind(models.TextChoices):
    RECONSIDERATION = "reconsideration", "行政复议"
    LITIGATION_DIRECT = "litigation_direct", "行政诉讼（未经复议直接起诉）"
    LITIGATION_AFTER = "litigation_after_reconsideration", "行政诉讼（复议后起诉）"


class Result(models.TextChoices):
    """Table 四's columns (spec keys)."""

    UPHELD = "upheld", "维持"
    CORRECTED = "corrected", "纠正"
    OTHER = "other", "其他结果"
    PENDING = "pending", "尚未审结"


class AppealQuerySet(models.QuerySet):
    def counted_in(self, year: int):
        """The cases table 四 of ``year`` counts: filed in the year (see docs/appeals.md)."""
        return self.filter(filed_on__year=year)

    def for_agencies(self, agencies):
        return self.filter(agency__in=agencies)


class Appeal(models.Model):
    agency = models.ForeignKey(Agency, verbose_name="被申请人/被告机关", on_delete=models.PROTECT,
                               related_name="appeals")
    kind = models.CharField("类型", max_length=40, choices=Kind.choices)
    applications = models.ManyToManyField("disclosure.Application", verbose_name="涉及的申请", blank=True,
                                          related_name="appeals")
    reconsideration = models.ForeignKey("self", verbose_name="此前的行政复议", null=True, blank=True,
                                        on_delete=models.SET_NULL, related_name="litigations",
                                        limit_choices_to={"kind": Kind.RECONSIDERATION})
    appellant = models.CharField("申请人/原告", max_length=100)
    body = models.CharField("复议机关/人民法院", max_length=100)
    case_number = models.CharField("案号", max_length=100, blank=True)
    filed_on = models.DateField("申请/立案日期")
    summary = models.TextField("请求和争议要点", blank=True)
    result = models.CharField("结果", max_length=20, choices=Result.choices, default=Result.PENDING)
    concluded_on = models.DateField("审结日期", null=True, blank=True)
    conclusion = models.TextField("决定/裁判要旨", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = AppealQuerySet.as_manager()

    class Meta:
        verbose_name = "复议诉讼案件"
        verbose_name_plural = "复议诉讼案件"
        ordering = ["-filed_on", "-pk"]
        indexes = [models.Index(fields=["agency", "filed_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(result=Result.PENDING, concluded_on__isnull=True)
                | (~Q(result=Result.PENDING) & Q(concluded_on__isnull=False)),
                name="appeal_concluded_iff_result"),
        ]

    def __str__(self) -> str:
        """The case number, else the day it was filed (never a bare id)."""
        return f"{self.get_kind_display()} {self.case_number or f'{self.filed_on:%Y-%m-%d}立案'}"

    @property
    def is_pending(self) -> bool:
        return self.result == Result.PENDING

    def result_on(self, day: date) -> str:
        """The result as it stood on ``day`` (a case concluded later was still 尚未审结 then)."""
        if self.result == Result.PENDING or self.concluded_on is None or self.concluded_on > day:
            return Result.PENDING
        return self.result


class AppealDocument(models.Model):
    appeal = models.ForeignKey(Appeal, verbose_name="案件", on_delete=models.CASCADE, related_name="documents")
    title = models.CharField("名称", max_length=200)
    file = models.FileField("文件", upload_to="appeals/%Y/")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "案件材料"
        verbose_name_plural = "案件材料"

    def __str__(self) -> str:
        return self.title


class AppealEvent(models.Model):
    """Audit trail: who recorded what about the case, and when."""

    class Type(models.TextChoices):
        RECORDED = "recorded", "登记"
        CONCLUDED = "concluded", "记录审结结果"
        CONCLUSION_UNDONE = "conclusion_undone", "撤销审结"

    appeal = models.ForeignKey(Appeal, verbose_name="案件", on_delete=models.CASCADE, related_name="events")
    type = models.CharField("事项", max_length=40, choices=Type.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", on_delete=models.PROTECT,
                              related_name="+")
    recorded_at = models.DateTimeField("记录时间", auto_now_add=True)
    data = models.JSONField("内容", default=dict, blank=True)

    class Meta:
        verbose_name = "案件记录"
        verbose_name_plural = "案件记录"
        ordering = ["recorded_at", "pk"]

    def __str__(self) -> str:
        return f"{self.appeal} · {self.get_type_display()}"
