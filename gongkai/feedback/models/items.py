"""Feedback items: who sent what through which channel, who owns it, when it is due, the replies."""

from __future__ import annotations

import hashlib
import hmac
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from gongkai.accounts.models import Agency


class Kind(models.TextChoices):
    SUGGESTION = "suggestion", "建议"
    OPINION = "opinion", "意见"
    CRITICISM = "criticism", "批评"
    INQUIRY = "inquiry", "咨询"
    COMPLAINT = "complaint", "投诉"


class Channel(models.TextChoices):
    WEBSITE = "website", "网站"
    PHONE = "phone", "电话"
    IN_PERSON = "in_person", "当面"
    LETTER = "letter", "信件"
    EMAIL = "email", "电子邮件"
    WECHAT = "wechat", "微信公众号"
    WEIBO = "weibo", "微博"
    OTHER_MEDIA = "other_media", "其他政务新媒体"


# channels whose entries point back to an original post
SOCIAL_CHANNELS = (Channel.WECHAT, Channel.WEIBO, Channel.OTHER_MEDIA)


class Status(models.TextChoices):
    NEW = "new", "待分派"
    ASSIGNED = "assigned", "办理中"
    REPLIED = "replied", "已答复"
    REOPENED = "reopened", "重新办理"
    CLOSED = "closed", "已关闭（无效）"


OPEN_STATUSES = (Status.NEW, Status.ASSIGNED, Status.REOPENED)


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", "满意"
    BASICALLY = "basically", "基本满意"
    UNSATISFIED = "unsatisfied", "不满意"


# Reply periods in working days when an agency has not set its own (docs/feedback.md).
DEFAULT_DAYS = {
    Kind.INQUIRY: 5,
    Kind.COMPLAINT: 10,
    Kind.SUGGESTION: 15,
    Kind.OPINION: 15,
    Kind.CRITICISM: 15,
}
DEFAULT_REMIND_DAYS = 2


class FeedbackSettings(models.Model):
    """An agency's reply periods (working days, per kind) and how early owners are reminded."""

    agency = models.OneToOneField(Agency, verbose_name="机关", on_delete=models.CASCADE,
                                  related_name="feedback_settings")
    suggestion_days = models.PositiveSmallIntegerField("建议答复期限（工作日）", default=DEFAULT_DAYS[Kind.SUGGESTION])
    opinion_days = models.PositiveSmallIntegerField("意见答复期限（工作日）", default=DEFAULT_DAYS[Kind.OPINION])
    criticism_days = models.PositiveSmallIntegerField("批评答复期限（工作日）", default=DEFAULT_DAYS[Kind.CRITICISM])
    inquiry_days = models.PositiveSmallIntegerField("咨询答复期限（工作日）", default=DEFAULT_DAYS[Kind.INQUIRY])
    complaint_days = models.PositiveSmallIntegerField("投诉答复期限（工作日）", default=DEFAULT_DAYS[Kind.COMPLAINT])
    remind_days = models.PositiveSmallIntegerField(
        "提前提醒（工作日）", default=DEFAULT_REMIND_DAYS,
        help_text="到期前第几个工作日起提醒承办人；0 表示只在到期当天提醒。")
    accepts_public = models.BooleanField("接受网上提交", default=True)

    class Meta:
        verbose_name = "互动设置"
        verbose_name_plural = "互动设置"

    def __str__(self) -> str:
        return f"{self.agency} 互动设置"

    def days_for(self, kind: str) -> int:
        return getattr(self, f"{Kind(kind).value}_days")

    @classmethod
    def for_agency(cls, agency: Agency) -> "FeedbackSettings":
        """The stored settings, or unsaved defaults."""
        try:
            return cls.objects.get(agency=agency)
        except cls.DoesNotExist:
            return cls(agency=agency)


class Route(models.Model):
    """An agency rule: items of this kind are assigned to this person automatically."""

    agency = models.ForeignKey(Agency, verbose_name="机关", on_delete=models.CASCADE, related_name="feedback_routes")
    kind = models.CharField("类别", max_length=20, choices=Kind.choices)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="承办人", on_delete=models.CASCADE,
                              related_name="feedback_routes")

    class Meta:
        verbose_name = "自动分派规则"
        verbose_name_plural = "自动分派规则"
        constraints = [models.UniqueConstraint(fields=["agency", "kind"], name="feedback_route_one_per_kind")]

    def __str__(self) -> str:
        return f"{self.agency} · {self.get_kind_display()} → {self.owner}"


def hash_code(code: str) -> str:
    return hashlib.sha256(code.strip().upper().encode("utf-8")).hexdigest()


class ItemQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, on: date):
        return self.open().filter(due_on__lt=on)

    def due_soon(self, on: date, until: date):
        return self.open().filter(due_on__gte=on, due_on__lte=until)

    def for_agencies(self, agencies):
        return self.filter(agency__in=agencies)

    def received_in(self, year: int):
        return self.filter(received_on__year=year)

    def published(self):
        return self.filter(published_at__isnull=False, publish_consent=True)

    def owned_by(self, user):
        return self.filter(owner=user)


class Item(models.Model):
    """One suggestion, opinion, criticism, inquiry or complaint."""

    agency = models.ForeignKey(Agency, verbose_name="机关", on_delete=models.PROTECT, related_name="feedback_items")
    number = models.CharField("编号", max_length=20, unique=True)
    query_code_hash = models.CharField("查询码散列", max_length=64, blank=True, editable=False)
    kind = models.CharField("类别", max_length=20, choices=Kind.choices)
    channel = models.CharField("渠道", max_length=20, choices=Channel.choices, default=Channel.WEBSITE)
    source_url = models.URLField("原帖链接", max_length=500, blank=True)
    subject = models.CharField("标题", max_length=100)
    content = models.TextField("内容", max_length=5000)
    is_anonymous = models.BooleanField("匿名", default=False)
    contact_name = models.CharField("姓名（称呼）", max_length=50, blank=True)
    contact_phone = models.CharField("联系电话", max_length=30, blank=True)
    contact_email = models.EmailField("电子邮箱", blank=True)
    publish_consent = models.BooleanField("同意公开", default=False)
    received_on = models.DateField("收到日期")
    initial_due_on = models.DateField("首次答复期限")
    due_on = models.DateField("答复期限")
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.NEW)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="承办人", null=True, blank=True,
                              on_delete=models.PROTECT, related_name="feedback_items")
    assigned_at = models.DateTimeField("分派时间", null=True, blank=True)
    first_replied_at = models.DateTimeField("首次答复时间", null=True, blank=True)
    reminded_at = models.DateTimeField("到期提醒时间", null=True, blank=True)
    escalated_at = models.DateTimeField("超期报告时间", null=True, blank=True)
    published_at = models.DateTimeField("公开时间", null=True, blank=True)
    public_question = models.TextField("公开的问题", blank=True)
    public_answer = models.TextField("公开的答复", blank=True)
    closed_reason = models.CharField("关闭原因", max_length=200, blank=True)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True,
                                      on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = ItemQuerySet.as_manager()

    class Meta:
        verbose_name = "互动事项"
        verbose_name_plural = "互动事项"
        ordering = ["-received_on", "-id"]
        indexes = [
            models.Index(fields=["agency", "status", "due_on"]),
            models.Index(fields=["agency", "received_on"]),
        ]
        constraints = [
            models.UniqueConstraint(fields=["agency", "source_url"], condition=~Q(source_url=""),
                                    name="feedback_item_one_per_post"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.subject}"

    @property
    def public_title(self) -> str:
        """How a published item is named in search results: its kind and the public question's
        first line (never the submitter's own subject)."""
        first = self.public_question.strip().splitlines()[0][:60] if self.public_question.strip() else self.number
        return f"{self.get_kind_display()}：{first}"

    @property
    def public_url(self) -> str:
        return reverse("feedback:questions", args=[self.agency.code]) + f"?kind={self.kind}"

    # -- derived states ------------------------------------------------------------------------

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_overdue(self, on: date | None = None) -> bool:
        return self.is_open and self.due_on < (on or timezone.localdate())

    @property
    def can_be_tracked(self) -> bool:
        """Every item submitted online has a query code, anonymous ones too: its writer reads the
        reply with the number and the code."""
        return bool(self.query_code_hash)

    @property
    def has_private_reply_path(self) -> bool:
        """Anonymous items get no e-mail and no rating link (their writer can still track them)."""
        return not self.is_anonymous and bool(self.query_code_hash)

    def check_query_code(self, code: str) -> bool:
        if not self.can_be_tracked or not code:
            return False
        return hmac.compare_digest(self.query_code_hash, hash_code(code))

    @property
    def first_replied_on(self) -> date | None:
        return timezone.localdate(self.first_replied_at) if self.first_replied_at else None

    @property
    def replied_on_time(self) -> bool | None:
        if self.first_replied_on is None:
            return None
        return self.first_replied_on <= self.initial_due_on

    @property
    def is_published(self) -> bool:
        return self.published_at is not None and self.publish_consent

    @property
    def latest_reply(self):
        return self.replies.order_by("-created_at", "-id").first()


def attachment_path(instance: "Attachment", filename: str) -> str:
    return f"feedback/{instance.item.received_on:%Y/%m}/{instance.item.number}/{filename}"


class Attachment(models.Model):
    item = models.ForeignKey(Item, verbose_name="互动事项", on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField("文件", upload_to=attachment_path, max_length=300)
    name = models.CharField("文件名", max_length=200)
    content_type = models.CharField("文件类型", max_length=100)
    size = models.PositiveIntegerField("大小（字节）")

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"

    def __str__(self) -> str:
        return self.name


class Reply(models.Model):
    item = models.ForeignKey(Item, verbose_name="互动事项", on_delete=models.CASCADE, related_name="replies")
    text = models.TextField("答复内容", max_length=10000)
    replied_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="答复人", on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField("答复时间", default=timezone.now)

    class Meta:
        verbose_name = "答复"
        verbose_name_plural = "答复"
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.item.number} 答复 {self.created_at:%Y-%m-%d}"


class Rating(models.Model):
    """The submitter's one rating of one reply (the one-time link is tied to the reply)."""

    reply = models.OneToOneField(Reply, verbose_name="答复", on_delete=models.CASCADE, related_name="rating")
    value = models.CharField("评价", max_length=20, choices=Satisfaction.choices)
    comment = models.TextField("意见", max_length=1000, blank=True)
    created_at = models.DateTimeField("评价时间", default=timezone.now)

    class Meta:
        verbose_name = "满意度评价"
        verbose_name_plural = "满意度评价"

    def __str__(self) -> str:
        return f"{self.reply.item.number} {self.get_value_display()}"


class Event(models.Model):
    """The audit trail of an item: everything that happened to it, by whom, when."""

    class Type(models.TextChoices):
        SUBMITTED = "submitted", "收到"
        REGISTERED = "registered", "登记"
        ASSIGNED = "assigned", "分派"
        REASSIGNED = "reassigned", "改派"
        REPLIED = "replied", "答复"
        REMINDED = "reminded", "到期提醒"
        ESCALATED = "escalated", "超期报告负责人"
        RATED = "rated", "评价"
        REOPENED = "reopened", "重新办理"
        PUBLISHED = "published", "公开"
        UNPUBLISHED = "unpublished", "撤回公开"
        CLOSED = "closed", "关闭"

    item = models.ForeignKey(Item, verbose_name="互动事项", on_delete=models.CASCADE, related_name="events")
    type = models.CharField("事件", max_length=20, choices=Type.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField("时间", default=timezone.now)
    note = models.CharField("说明", max_length=500, blank=True)
    data = models.JSONField("内容", default=dict, blank=True)

    class Meta:
        verbose_name = "事项记录"
        verbose_name_plural = "事项记录"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.item.number} {self.get_type_display()}"
