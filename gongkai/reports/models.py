"""Annual reports (政府信息公开工作年度报告): drafts, published versions, imported past years.

A published version is never overwritten: a correction is a new version that, when published,
marks the old one ``superseded`` (it stays readable). Tables are a snapshot — computed from the
cases while the report is a draft (``builder.compute_tables``), frozen when published.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import models
from django.db.models import Q

from gongkai.accounts.models import Agency
from gongkai.rules.periods import annual_report_deadline


class Status(models.TextChoices):
    DRAFT = "draft", "草稿"
    REVIEW = "review", "待审核"
    PUBLISHED = "published", "已发布"
    SUPERSEDED = "superseded", "已被更正版本取代"
    #: a past year's report imported from the report checker: not public, kept only so the next
    #: year's carry-over can be checked against it (docs/reports.md)
    IMPORTED = "imported", "已导入，不公开"


class Source(models.TextChoices):
    BUILT = "built", "系统生成"
    IMPORTED = "imported", "导入（年度报告体检）"


WORKING_STATUSES = (Status.DRAFT, Status.REVIEW)
FROZEN = (Status.PUBLISHED, Status.SUPERSEDED)  # never changes again; public, by version
#: the six parts of a report's text (``rules.annual_format.SECTIONS``) → their fields
SECTION_FIELDS = {"overview": "overview", "proactive": "proactive_text", "applications": "applications_text",
                  "appeals": "appeals_text", "problems": "problems", "other": "other"}


def encode_tables(tables: dict) -> dict:
    """JSON-safe copy: the fee cell (a Decimal in 万元) is stored as a string, exactly."""
    out = {}
    for table, rows in (tables or {}).items():
        out[table] = {r: {c: (str(v) if isinstance(v, Decimal) else v) for c, v in cols.items()}
                      for r, cols in rows.items()}
    return out


def decode_tables(stored: dict) -> dict:
    out = {}
    for table, rows in (stored or {}).items():
        out[table] = {}
        for r, cols in rows.items():
            out[table][r] = {}
            for c, v in cols.items():
                if isinstance(v, str):
                    try:
                        v = Decimal(v)
                    except InvalidOperation:
                        v = None
                out[table][r][c] = v
    return out


class AnnualReportQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)

    def current_for(self, agency: Agency, year: int):
        """The report that counts for (agency, year): the published one, else the latest imported one."""
        return (self.filter(agency=agency, year=year, status=Status.PUBLISHED).first()
                or self.filter(agency=agency, year=year, status=Status.IMPORTED).order_by("-version").first())

    def working(self):
        return self.filter(status__in=WORKING_STATUSES)


class AnnualReport(models.Model):
    agency = models.ForeignKey(Agency, verbose_name="机关", on_delete=models.PROTECT, related_name="annual_reports")
    year = models.PositiveIntegerField("年度")
    version = models.PositiveIntegerField("版本", default=1)
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.DRAFT)
    source = models.CharField("来源", max_length=20, choices=Source.choices, default=Source.BUILT)

    overview = models.TextField("一、总体情况", blank=True)
    proactive_text = models.TextField("二、主动公开政府信息情况（说明）", blank=True)
    applications_text = models.TextField("三、收到和处理政府信息公开申请情况（说明）", blank=True)
    appeals_text = models.TextField("四、政府信息公开行政复议、行政诉讼情况（说明）", blank=True)
    problems = models.TextField("五、存在的主要问题及改进情况", blank=True)
    other = models.TextField("六、其他需要报告的事项", blank=True)

    tables_data = models.JSONField("统计表", default=dict, blank=True)
    findings = models.JSONField("检查结果", default=list, blank=True)
    reviews = models.JSONField("检查结果的确认", default=dict, blank=True,
                               help_text="负责人对警告的确认或排除：{检查项: {state, reason, by, at}}，重新统计后保留。")
    chart_data = models.JSONField("图表数据", default=dict, blank=True,
                                  help_text="按月新收申请数（本年、上年），随统计表一起冻结。")
    built_at = models.DateTimeField("统计时间", null=True, blank=True)

    correction_note = models.TextField("更正说明", blank=True)
    supersedes = models.ForeignKey("self", verbose_name="更正的版本", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="corrections")
    submitted_at = models.DateTimeField("提交审核时间", null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="提交人", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    published_on = models.DateField("发布日期", null=True, blank=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="发布人", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    imported_file = models.FileField("导入的文件", upload_to="reports/imported/%Y/", blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = AnnualReportQuerySet.as_manager()

    class Meta:
        verbose_name = "年度报告"
        verbose_name_plural = "年度报告"
        ordering = ["-year", "agency_id", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year", "version"], name="report_version_unique"),
            models.UniqueConstraint(fields=["agency", "year"], condition=Q(status__in=WORKING_STATUSES),
                                    name="report_one_working_copy"),
            models.UniqueConstraint(fields=["agency", "year"], condition=Q(status=Status.PUBLISHED),
                                    name="report_one_published"),
        ]

    def __str__(self) -> str:
        return f"{self.agency.name}{self.year}年度报告（第{self.version}版，{self.get_status_display()}）"

    @property
    def tables(self) -> dict:
        return decode_tables(self.tables_data)

    @tables.setter
    def tables(self, value: dict) -> None:
        self.tables_data = encode_tables(value)

    @property
    def is_editable(self) -> bool:
        return self.status in WORKING_STATUSES and self.source == Source.BUILT

    @property
    def has_errors(self) -> bool:
        return any(f.get("severity") == "error" for f in self.findings or [])

    def blocking(self) -> list[dict]:
        """What stops submission and publication: every error, and every warning the head has not
        acknowledged or dismissed (``actions.review_finding``)."""
        return [f for f in self.findings or [] if f.get("severity") == "error"
                or (f.get("severity") == "warning" and finding_key(f) not in (self.reviews or {}))]

    def findings_with_reviews(self) -> list[dict]:
        """The findings, each with its ``key`` and, when reviewed, its ``review``."""
        reviews = self.reviews or {}
        return [dict(f, key=finding_key(f), review=reviews.get(finding_key(f))) for f in self.findings or []]

    @property
    def title(self) -> str:
        return f"{self.agency.name}{self.year}年政府信息公开工作年度报告"

    @property
    def sections(self) -> dict[str, str]:
        return {key: getattr(self, field) for key, field in SECTION_FIELDS.items()}

    def fill_sections(self, texts: dict[str, str]) -> None:
        """Set the sections named in ``texts`` (keys of :data:`SECTION_FIELDS`); the others stay."""
        for key, text in texts.items():
            setattr(self, SECTION_FIELDS[key], text)


def finding_key(finding: dict) -> str:
    """A finding's identity across re-runs of the checks: its code and where it is."""
    loc = finding.get("location") or {}
    where = ",".join(f"{k}={loc[k]}" for k in ("section", "table", "row", "column", "part", "kind") if k in loc)
    return f"{finding.get('code')}@{where}"


def legal_deadline(agency: Agency, year: int) -> date:
    """The last day to publish ``agency``'s report for ``year`` (``rules.periods``, 第四十九条)."""
    return annual_report_deadline(year, government=agency.kind == Agency.Kind.GOVERNMENT)


class EventType(models.TextChoices):
    STARTED = "started", "新建"
    REFRESHED = "refreshed", "重新统计"
    EDITED = "edited", "修改"
    SUBMITTED = "submitted", "提交审核"
    RETURNED = "returned", "退回修改"
    PUBLISHED = "published", "发布"
    SUPERSEDED = "superseded", "被更正版本取代"
    IMPORTED = "imported", "导入"
    REVIEWED = "reviewed", "确认检查结果"


class ReportEvent(models.Model):
    report = models.ForeignKey(AnnualReport, verbose_name="年度报告", on_delete=models.CASCADE, related_name="events")
    type = models.CharField("事项", max_length=40, choices=EventType.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField("记录时间", auto_now_add=True)
    data = models.JSONField("内容", default=dict, blank=True)

    class Meta:
        verbose_name = "年度报告记录"
        verbose_name_plural = "年度报告记录"
        ordering = ["recorded_at", "pk"]

    def __str__(self) -> str:
        return f"{self.report} · {self.get_type_display()}"


class CheckBatch(models.Model):
    """One upload to the report checker (年度报告体检): one or more files, checked in the background."""

    class State(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "检查中"
        DONE = "done", "已完成"

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.CASCADE,
                                   related_name="+")
    created_at = models.DateTimeField("上传时间", auto_now_add=True)
    state = models.CharField("状态", max_length=20, choices=State.choices, default=State.QUEUED)
    total = models.PositiveIntegerField("文件数", default=0)
    checked = models.PositiveIntegerField("已检查文件数", default=0)

    class Meta:
        verbose_name = "体检批次"
        verbose_name_plural = "体检批次"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"体检批次 {self.created_at:%Y-%m-%d %H:%M}（{self.checked}/{self.total}）"


class CheckedFile(models.Model):
    batch = models.ForeignKey(CheckBatch, verbose_name="体检批次", on_delete=models.CASCADE, related_name="files")
    name = models.CharField("文件名", max_length=255)
    data = models.BinaryField("文件内容")
    result = models.JSONField("检查结果", null=True, blank=True)
    error = models.TextField("错误", blank=True)
    checked_at = models.DateTimeField("检查时间", null=True, blank=True)
    attached = models.ForeignKey(AnnualReport, verbose_name="关联的年度报告", null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "体检文件"
        verbose_name_plural = "体检文件"
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def errors(self) -> int:
        return sum(1 for f in (self.result or {}).get("findings", []) if f.get("severity") == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for f in (self.result or {}).get("findings", []) if f.get("severity") == "warning")


class InspectionMail(models.Model):
    """The 网站自查 warning mailed to an agency's head: at most one per agency per day."""

    agency = models.ForeignKey(Agency, verbose_name="机关", on_delete=models.CASCADE, related_name="+")
    sent_on = models.DateField("发送日期")
    recipients = models.JSONField("收件人", default=list)
    lines = models.JSONField("提示事项", default=list)

    class Meta:
        verbose_name = "网站自查提醒"
        verbose_name_plural = "网站自查提醒"
        constraints = [models.UniqueConstraint(fields=["agency", "sent_on"],
                                               name="reports_inspection_mail_once_a_day")]

    def __str__(self) -> str:
        return f"{self.agency} {self.sent_on:%Y-%m-%d}"
