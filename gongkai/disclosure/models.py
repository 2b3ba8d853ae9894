"""依申请公开: applications, their event history, handlings (for the annual counts), letters, releases.

What is stored is what people decided and when (style.md rule 4); time states (due soon, overdue)
are derived from ``due_on`` and today's date. ``due_on`` itself is recomputed by every action in
``actions.py`` from the event list through ``gongkai.rules.clock`` — nothing else writes it.

Counting for table 三 (docs/applications.md): one :class:`Handling` per handling of an application
— the first starts on the statutory receipt date, a reopen after an appeal starts another. Each
handling starts once and closes at most once, so ``new + carried_in = decided + carried_out``
holds for every year and column by construction.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import date

from django.conf import settings
from django.db import connections, models
from django.db.models import Func, Q

from gongkai.accounts.models import Agency
from gongkai.rules import personal_data
from gongkai.rules.annual_format import APPLICATION_COLUMNS, APPLICANT_TYPES
from gongkai.rules.clock import CHANNELS
from gongkai.rules.outcomes import CHOICES as OUTCOME_CHOICES
from gongkai.rules.periods import DELIVERY_CHANNELS

# -- choices ------------------------------------------------------------------------------------

ApplicantType = models.TextChoices(
    "ApplicantType",
    [(c.key.upper(), (c.key, c.label if c.key == "natural_person" else f"法人或其他组织·{c.label}"))
     for c in APPLICATION_COLUMNS if c.key in APPLICANT_TYPES],
)


class Channel(models.TextChoices):
    IN_PERSON = "in_person", CHANNELS["in_person"]
    POST = "post", CHANNELS["post"]
    ORDINARY_MAIL = "ordinary_mail", CHANNELS["ordinary_mail"]
    ONLINE = "online", CHANNELS["online"]
    FAX = "fax", CHANNELS["fax"]


#: channels whose receipt date is the day both sides confirmed (第三十一条第（二）项后段、第（三）项)
CONFIRMED_CHANNELS = (Channel.ORDINARY_MAIL, Channel.ONLINE, Channel.FAX)


class IdType(models.TextChoices):
    RESIDENT_ID = "resident_id", "居民身份证"
    PASSPORT = "passport", "护照"
    HK_MACAO = "hk_macao_permit", "港澳居民来往内地通行证"
    TAIWAN = "taiwan_permit", "台湾居民来往大陆通行证"
    FOREIGN_RESIDENT = "foreign_resident", "外国人永久居留身份证"
    CREDIT_CODE = "credit_code", "统一社会信用代码证书"
    OTHER = "other", "其他身份证明"


class InfoForm(models.TextChoices):
    """条例第二十九条第（三）项: the form the information is wanted in."""

    PAPER = "paper", "纸质"
    EMAIL = "email", "电子邮件"
    DISC = "disc", "光盘"
    DOWNLOAD = "download", "网站下载"
    INSPECTION = "inspection", "当场查阅"


class Delivery(models.TextChoices):
    POST = "post", "邮寄"
    EMAIL = "email", "电子邮件"
    PICKUP = "pickup", "自行领取"
    ONLINE = "online", "网上查询下载"
    FAX = "fax", "传真"


class Status(models.TextChoices):
    SUBMITTED = "submitted", "待确认收到"
    IN_PROGRESS = "in_progress", "办理中"
    AWAITING_CORRECTION = "awaiting_correction", "待补正"
    IN_CONSULTATION = "in_consultation", "征求意见中"
    AWAITING_PAYMENT = "awaiting_payment", "待缴费"
    CLOSED = "closed", "已办结"


OPEN_STATUSES = (Status.IN_PROGRESS, Status.AWAITING_CORRECTION, Status.IN_CONSULTATION,
                 Status.AWAITING_PAYMENT)

Outcome = models.TextChoices("Outcome", [(k.upper(), (k, label)) for k, label in OUTCOME_CHOICES])


class EventType(models.TextChoices):
    SUBMITTED = "submitted", "网上提交申请"
    REGISTERED = "registered", "登记申请"
    RECEIVED = "received", "收到申请"
    OFFICER_ASSIGNED = "officer_assigned", "指定经办人"
    CORRECTION_REQUESTED = "correction_requested", "告知补正"
    CORRECTION_RECEIVED = "correction_received", "收到补正申请"
    CORRECTION_LAPSED = "correction_lapsed", "逾期未补正"
    CONSULTATION_STARTED = "consultation_started", "开始征求意见"
    CONSULTATION_ENDED = "consultation_ended", "征求意见结束"
    EXTENSION_REQUESTED = "extension_requested", "申请延期答复"
    EXTENDED = "extended", "批准延期答复"
    EXTENSION_REFUSED = "extension_refused", "不批准延期答复"
    FEE_NOTIFIED = "fee_notified", "发出收费通知"
    FEE_PAID = "fee_paid", "申请人缴费"
    FEE_LAPSED = "fee_lapsed", "逾期未缴费"
    DELAYED_REPLY_SET = "delayed_reply_set", "确定延迟答复期限"
    DECIDED = "decided", "作出答复"
    WITHDRAWN = "withdrawn", "申请人撤回申请"
    REOPENED = "reopened", "重新办理"
    RELEASE_PREPARED = "release_prepared", "制作区分处理文本"
    CORRECTION_SUBMITTED = "correction_submitted", "网上提交补正"
    INFORMATION_PROVIDED = "information_provided", "提供政府信息"
    LETTER_RECEIVED = "letter_received", "登记文书送达（对方收到）"


#: how the released information was provided (条例第四十条), recorded by the 提供政府信息 event
PROVIDED_BY = {
    "email": "电子邮件发送",
    "email_not_sent": "电子邮件未发出（平台未配置邮件服务）",
    "post": "邮寄",
    "pickup": "当面领取",
    "inspection": "当场查阅",
    "disc": "光盘",
}

#: the outcomes that provide information to the applicant (予以公开、部分公开)
PROVIDING_OUTCOMES = ("granted", "partially_granted")


#: the letters whose addressee's period runs from receipt (``actions.record_delivery``, deliveries.py)
DELIVERED_LETTERS = {"consultation": "征求意见书", "fee_notice": "收费通知"}


class ConsultationParty(models.TextChoices):
    THIRD_PARTY = "third_party", "第三方"  # 条例第三十二条
    AGENCY = "agency", "其他机关"  # 条例第三十四条


class FeeMethod(models.TextChoices):
    PER_PIECE = "per_piece", "按件计收"
    PER_VOLUME = "per_volume", "按量计收"


# -- applications ---------------------------------------------------------------------------------


class ApplicationCounter(models.Model):
    """The last number handed out per agency and year; locked with SELECT … FOR UPDATE."""

    agency = models.ForeignKey(Agency, verbose_name="机关", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveIntegerField("年份")
    last = models.PositiveIntegerField("已用流水号", default=0)

    class Meta:
        verbose_name = "申请编号计数器"
        verbose_name_plural = "申请编号计数器"
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="unique_application_counter")]

    def __str__(self) -> str:
        return f"{self.agency} {self.year}年：{self.last}"


class ApplicationQuerySet(models.QuerySet):
    # -- who may see what
    def for_agencies(self, agencies):
        return self.filter(agency__in=agencies)

    # -- states
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def awaiting_confirmation(self):
        return self.filter(status=Status.SUBMITTED)

    def in_hand(self):
        """Every case that needs someone: open, or waiting for its receipt to be confirmed."""
        return self.filter(status__in=(Status.SUBMITTED, *OPEN_STATUSES))

    def unconfirmed_since(self, day: date):
        """Waiting for confirmation, submitted on or before ``day``
        (``rules.periods.waiting_since`` turns "for N working days" into ``day``)."""
        return self.awaiting_confirmation().filter(submitted_on__lte=day)

    def overdue(self, *, on: date):
        """Open, with a fixed due date already past (the reply was due by the end of ``due_on``)."""
        return self.open().filter(due_on__lt=on)

    def due_within(self, *, on: date, until: date):
        """Open and due between ``on`` and ``until`` inclusive (``until`` = 5 working days on)."""
        return self.open().filter(due_on__gte=on, due_on__lte=until)

    def awaiting_correction(self):
        return self.filter(status=Status.AWAITING_CORRECTION)

    def awaiting_payment(self):
        return self.filter(status=Status.AWAITING_PAYMENT)

    def in_consultation(self):
        return self.filter(status=Status.IN_CONSULTATION)

    def extension_pending(self):
        return self.open().filter(extension_requested_on__isnull=False)

    # -- the year boundary (docs/applications.md): application-level views for lists and
    # dashboards. Table 三 counts handlings: use ``Handling.objects`` (same method names).
    def received_in(self, year: int):
        """First statutory receipt in ``year`` (本年新收)."""
        return self.filter(received_on__year=year)

    def open_at(self, on: date):
        """Received by the end of ``on`` and not closed by then (结转 at a year end)."""
        return self.filter(received_on__lte=on).filter(Q(decided_on__isnull=True) | Q(decided_on__gt=on))

    def decided_in(self, year: int):
        return self.filter(decided_on__year=year)

    # -- the applicant
    def same_applicant(self, application: "Application"):
        return self.filter(agency_id=application.agency_id, id_type=application.id_type,
                           id_number=application.id_number)


def _hash_code(number: str, code: str) -> str:
    return hashlib.sha256(f"{number}:{code.strip().upper()}".encode()).hexdigest()


QUERY_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
QUERY_CODE_LENGTH = 10


class Application(models.Model):
    """One 政府信息公开申请 (条例第二十九条)."""

    agency = models.ForeignKey(Agency, verbose_name="受理机关", on_delete=models.PROTECT,
                               related_name="applications")
    number = models.CharField("申请编号", max_length=80, unique=True,
                              help_text="机关代码-年份-流水号，如 huzhu-zrj-2025-00012；网址安全。")
    year = models.PositiveIntegerField("编号年份")
    serial = models.PositiveIntegerField("流水号")
    query_code_hash = models.CharField("查询码散列", max_length=64, editable=False)

    # applicant (第二十九条第（一）项) — identity and contact data: case file only
    applicant_type = models.CharField("申请人类型", max_length=30, choices=ApplicantType.choices)
    name = models.CharField("申请人姓名或名称", max_length=100)
    contact_name = models.CharField("联系人", max_length=50, blank=True)
    id_type = models.CharField("身份证明类型", max_length=30, choices=IdType.choices)
    id_number = models.CharField("证件号码", max_length=40)
    phone = models.CharField("联系电话", max_length=30)
    email = models.EmailField("电子邮箱", blank=True)
    address = models.CharField("通信地址", max_length=200, blank=True)
    postcode = models.CharField("邮政编码", max_length=6, blank=True)
    applicant = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="申请人账号", null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="disclosure_applications")

    # what is asked for (第二十九条第（二）、（三）项)
    info_name = models.CharField("信息名称", max_length=200, blank=True)
    info_doc_number = models.CharField("文号", max_length=100, blank=True)
    content = models.TextField("所需信息的内容描述")
    form = models.CharField("信息的指定提供形式", max_length=20, choices=InfoForm.choices)
    delivery = models.CharField("获取信息的方式", max_length=20, choices=Delivery.choices)

    # intake (第三十一条)
    channel = models.CharField("提交方式", max_length=20, choices=Channel.choices)
    submitted_on = models.DateField("提交日期")
    signed_for_on = models.DateField("签收日期", null=True, blank=True)
    confirmed_on = models.DateField("确认日期", null=True, blank=True)
    received_on = models.DateField("收到申请日期", null=True, blank=True, db_index=True,
                                   help_text="条例第三十一条确定的收到申请之日（首次收到）。")

    # handling
    status = models.CharField("状态", max_length=30, choices=Status.choices, default=Status.SUBMITTED)
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="经办人", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="disclosure_cases")
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True,
                                      on_delete=models.SET_NULL, related_name="+")
    clock_started_on = models.DateField("答复期限起算日", null=True, blank=True,
                                        help_text="补正或重新办理后重新起算。")
    due_on = models.DateField("答复期限", null=True, blank=True)
    correction_deadline = models.DateField("补正期限", null=True, blank=True)
    payment_due_on = models.DateField("缴费期限", null=True, blank=True)
    fee_amount = models.PositiveIntegerField("信息处理费（元）", null=True, blank=True)
    extension_requested_on = models.DateField("延期待批准（申请日期）", null=True, blank=True)
    outcome = models.CharField("办理结果", max_length=40, choices=Outcome.choices, null=True, blank=True)
    decided_on = models.DateField("办结日期", null=True, blank=True, db_index=True)
    reopened_on = models.DateField("重新办理日期", null=True, blank=True)

    # reminders (idempotent sweep, tasks.py)
    due_soon_reminded_for = models.DateField("已提醒即将到期（答复期限）", null=True, blank=True, editable=False)
    overdue_reminded_on = models.DateField("逾期提醒日期", null=True, blank=True, editable=False)
    extension_reminded_on = models.DateField("延期待批提醒日期", null=True, blank=True, editable=False)
    unconfirmed_reminded_on = models.DateField("待确认提醒日期", null=True, blank=True, editable=False)

    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = "政府信息公开申请"
        verbose_name_plural = "政府信息公开申请"
        ordering = ["-year", "-serial", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year", "serial"], name="unique_application_serial"),
            models.CheckConstraint(
                condition=Q(status=Status.CLOSED, outcome__isnull=False, decided_on__isnull=False)
                | (~Q(status=Status.CLOSED) & Q(outcome__isnull=True)),
                name="closed_iff_outcome"),
        ]
        indexes = [
            models.Index(fields=["agency", "status", "due_on"], name="disclosure_app_work_idx"),
            models.Index(fields=["status", "due_on"], name="disclosure_app_due_idx"),
            models.Index(fields=["officer", "status"], name="disclosure_app_officer_idx"),
            models.Index(fields=["agency", "id_number"], name="disclosure_app_applicant_idx"),
            models.Index(fields=["status", "extension_requested_on"], name="disclosure_app_ext_idx"),
            models.Index(fields=["agency", "status", "submitted_on"], name="disclosure_app_unconf_idx"),
            # 已办结, newest first: by agency (one agency's closed cases sort in a moment; by status
            # alone SQLite walked every agency's closed cases to find one agency's 50)
            models.Index(fields=["agency", "status", "decided_on"], name="disclosure_app_decided_idx"),
        ]

    def __str__(self) -> str:  # never personal data
        return self.number

    # -- query code
    @staticmethod
    def new_query_code() -> str:
        return "".join(secrets.choice(QUERY_CODE_ALPHABET) for _ in range(QUERY_CODE_LENGTH))

    def set_query_code(self, code: str) -> None:
        self.query_code_hash = _hash_code(self.number, code)

    def check_query_code(self, code: str | None) -> bool:
        if not code or len(code) > 40:
            return False
        return hmac.compare_digest(self.query_code_hash, _hash_code(self.number, code))

    # -- masked personal data: everything but the case file shows these
    @property
    def masked_id_number(self) -> str:
        return personal_data.mask_id_number(self.id_number)

    @property
    def masked_phone(self) -> str:
        return personal_data.mask_phone(self.phone)

    @property
    def masked_email(self) -> str:
        if not self.email or "@" not in self.email:
            return ""
        local, _, domain = self.email.partition("@")
        return f"{local[:1]}***@{domain}"

    @property
    def masked_name(self) -> str:
        """Natural persons: surname + ＊; organisations keep their name."""
        if self.applicant_type != ApplicantType.NATURAL_PERSON or len(self.name) < 2:
            return self.name
        return self.name[0] + "＊" * (len(self.name) - 1)

    # -- one-record values
    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_closed(self) -> bool:
        return self.status == Status.CLOSED

    @property
    def outcome_label(self) -> str:
        return self.get_outcome_display() if self.outcome else ""

    def is_overdue(self, on: date) -> bool:
        return self.is_open and self.due_on is not None and self.due_on < on

    def released_to_applicant(self):
        """The released copies (redacted PDFs) the applicant may download: only once the reply
        予以公开 or 部分公开 has been made; before it they are the agency's working files."""
        if self.status != Status.CLOSED or self.outcome not in PROVIDING_OUTCOMES:
            return self.releases.none()
        return self.releases.filter(state=Release.State.RELEASED).order_by("pk")

    @property
    def request_summary(self) -> str:
        parts = [p for p in (self.info_name, self.info_doc_number) if p]
        head = "；".join(parts)
        return f"{head}：{self.content}" if head else self.content


#: how event data keys read to people; keys not listed (internal ids) are not shown
EVENT_DATA_LABELS = {
    "channel": "提交方式", "how": "确认方式", "officer_name": "经办人", "previous_officer_name": "原经办人", "items": "补正事项",
    "deadline": "补正期限", "party": "征求对象", "name": "名称", "opinion": "意见",
    "working_days": "延长工作日", "reason": "理由", "approved_by_name": "批准人", "method": "收费方式",
    "pages": "页数", "ordinal": "本月申请序号", "amount_yuan": "金额（元）", "pay_by": "缴费期限",
    "reply_by": "答复期限", "outcome": "办理结果", "basis": "依据", "released": "提供的信息",
    "where": "获取方式、途径", "withheld": "不予公开的部分", "referral_agency": "负责公开的机关",
    "referral_contact": "联系方式", "earlier_reply": "前次答复", "previous_outcome": "原办理结果",
    "previous_decided_on": "原办结日期", "title": "名称", "warnings": "提示",
    "provided_by": "提供方式", "tracking_number": "邮件单号", "files": "文件", "note": "说明",
    "attachments": "附件",
    "refused_by_name": "决定人", "backdate_reason": "补录理由（日期早于登记日）",
    "letter": "文书", "via": "送达方式", "ends_on": "对方期限届满日",
    "letter_sent_on": "纸质文书寄出日期（文书按此日落款）", "letter_reason": "按纸质文书日期落款的理由",
    "unredacted": "按原件提供（未遮盖）", "personal_data": "筛查发现的个人信息（处）", "unscreened": "无法筛查（无可提取文字）",
}
_HOW = {"registered": "工作人员登记", "confirmed": "双方确认", "signed_for": "签收"}


def _event_value(key: str, value) -> str:
    choices = {"channel": Channel, "party": ConsultationParty, "method": FeeMethod,
               "outcome": Outcome, "previous_outcome": Outcome}
    if key in choices:
        try:
            return str(choices[key](value).label)
        except ValueError:
            return str(value)
    if key == "how":
        return _HOW.get(value, str(value))
    if key == "provided_by":
        return PROVIDED_BY.get(value, str(value))
    if key == "via":
        return DELIVERY_CHANNELS.get(value, str(value))
    if key == "letter":
        return DELIVERED_LETTERS.get(value, str(value))
    if key == "withheld" and isinstance(value, list):
        return "；".join(f"{w.get('part', '')}（{w.get('reason', '')}）" for w in value if isinstance(w, dict))
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


class ApplicationEvent(models.Model):
    """The audit trail: every step, with the statutory date it happened and who recorded it."""

    application = models.ForeignKey(Application, verbose_name="申请", on_delete=models.CASCADE, related_name="events")
    type = models.CharField("事项", max_length=40, choices=EventType.choices)
    date = models.DateField("日期", help_text="该步骤依法发生的日期（纸质办理可补录过去的日期）。")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField("记录时间", auto_now_add=True)
    data = models.JSONField("内容", default=dict, blank=True)

    class Meta:
        verbose_name = "办理记录"
        verbose_name_plural = "办理记录"
        ordering = ["date", "pk"]
        indexes = [models.Index(fields=["application", "type"], name="disclosure_event_type_idx")]

    def __str__(self) -> str:
        return f"{self.application} {self.get_type_display()} {self.date}"

    @property
    def details(self) -> list[tuple[str, str]]:
        """The event's data as (Chinese label, Chinese value) pairs for people to read, in the
        order of EVENT_DATA_LABELS (PostgreSQL's jsonb does not keep the keys' order)."""
        data = self.data or {}
        out = []
        for key, label in EVENT_DATA_LABELS.items():
            value = data.get(key)
            if value in (None, "", [], {}):
                continue
            out.append((label, _event_value(key, value)))
        return out


class HandlingQuerySet(models.QuerySet):
    """Table 三 counts (docs/applications.md): one row per handling; same names as on applications."""

    def for_agencies(self, agencies):
        return self.filter(application__agency__in=agencies)

    def received_in(self, year: int):
        return self.filter(started_on__year=year)

    def open_at(self, on: date):
        return self.filter(started_on__lte=on).filter(Q(closed_on__isnull=True) | Q(closed_on__gt=on))

    def decided_in(self, year: int):
        return self.filter(closed_on__year=year)

    def table_three(self, year: int) -> dict[str, dict[str, int]]:
        """``{row_key: {applicant_type: n}}`` for rows new_received, carried_in, the 21 outcomes
        and carried_out (no totals). Balance per column holds by construction."""
        from gongkai.rules.annual_format import OUTCOME_KEYS

        rows = ["new_received", "carried_in", *OUTCOME_KEYS, "carried_out"]
        table = {r: dict.fromkeys(APPLICANT_TYPES, 0) for r in rows}
        first, last, before = date(year, 1, 1), date(year, 12, 31), date(year - 1, 12, 31)
        # One pass over the handlings that touch the year (started by its end, not closed before
        # it began), counted by conditional aggregation — the same definitions as the QuerySet
        # methods above: received_in, open_at(before), decided_in, open_at(last).
        qs = self
        started, closed = "started_on", "closed_on"
        if connections[self.db].vendor == "sqlite":
            # SQLite has no histogram: it reads "started by 31 Dec" through the date index even when
            # that is nearly every row, then fetches the rows one by one (2.4 s for a province of
            # 600,000 handlings, bench/reports.py). Unary + keeps the planner off the date indexes:
            # it goes by agency, or reads the table in order (0.57 s; one agency unchanged).
            qs = qs.alias(started=Func("started_on", template="+%(expressions)s", output_field=models.DateField()),
                          closed=Func("closed_on", template="+%(expressions)s", output_field=models.DateField()))
            started, closed = "started", "closed"
        touching = qs.filter(**{f"{started}__lte": last}).filter(
            Q(**{f"{closed}__isnull": True}) | Q(**{f"{closed}__gte": first}))
        counts = touching.values("application__applicant_type", "outcome").annotate(
            new=models.Count("pk", filter=Q(started_on__gte=first)),
            carried_in=models.Count("pk", filter=Q(started_on__lte=before)),
            decided=models.Count("pk", filter=Q(closed_on__lte=last)),
            carried_out=models.Count("pk", filter=Q(closed_on__isnull=True) | Q(closed_on__gt=last)),
        )
        for item in counts:
            column = item["application__applicant_type"]
            table["new_received"][column] += item["new"]
            table["carried_in"][column] += item["carried_in"]
            table["carried_out"][column] += item["carried_out"]
            if item["outcome"] and item["decided"]:
                table[item["outcome"]][column] += item["decided"]
        return table


class Handling(models.Model):
    """One handling of an application: from its receipt (or a reopen after an appeal) to its close."""

    application = models.ForeignKey(Application, verbose_name="申请", on_delete=models.CASCADE,
                                    related_name="handlings")
    ordinal = models.PositiveSmallIntegerField("轮次", default=1)
    started_on = models.DateField("开始日期", db_index=True)
    closed_on = models.DateField("办结日期", null=True, blank=True, db_index=True)
    outcome = models.CharField("办理结果", max_length=40, choices=Outcome.choices, null=True, blank=True)

    objects = HandlingQuerySet.as_manager()

    class Meta:
        verbose_name = "办理轮次"
        verbose_name_plural = "办理轮次"
        ordering = ["application_id", "ordinal"]
        constraints = [
            models.UniqueConstraint(fields=["application", "ordinal"], name="unique_handling_ordinal"),
            models.CheckConstraint(condition=Q(closed_on__isnull=True, outcome__isnull=True)
                                   | Q(closed_on__isnull=False, outcome__isnull=False),
                                   name="handling_closed_iff_outcome"),
        ]

    def __str__(self) -> str:
        return f"{self.application} 第{self.ordinal}轮"


class Letter(models.Model):
    """A letter issued to the applicant (or a third party) — composed by ``gongkai.documents``."""

    application = models.ForeignKey(Application, verbose_name="申请", on_delete=models.CASCADE, related_name="letters")
    event = models.ForeignKey(ApplicationEvent, verbose_name="办理记录", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="letters")
    kind = models.CharField("文书类型", max_length=40)
    number = models.CharField("文号", max_length=100)
    title = models.CharField("标题", max_length=200)
    issued_on = models.DateField("日期")
    to_applicant = models.BooleanField("送达申请人", default=True,
                                       help_text="征求第三方意见书等不给申请人的文书为否。")
    text = models.TextField("正文")
    docx = models.BinaryField("DOCX 文件", null=True, blank=True)
    pdf = models.BinaryField("PDF 文件", null=True, blank=True)
    paper_scan = models.BinaryField("纸质文书扫描件", null=True, blank=True,
                                    help_text="纸质文书已于较早日期寄出的，其扫描件；此时落款日期为寄出之日。")
    paper_scan_name = models.CharField("扫描件文件名", max_length=200, blank=True)
    paper_reason = models.TextField("按纸质文书日期落款的理由", blank=True)
    created_at = models.DateTimeField("生成时间", auto_now_add=True)

    class Meta:
        verbose_name = "文书"
        verbose_name_plural = "文书"
        ordering = ["issued_on", "pk"]

    def __str__(self) -> str:
        return f"{self.title}（{self.number}）"

    @property
    def is_paper(self) -> bool:
        """Dated the day a paper letter went out (its scan kept), not the day it was generated."""
        return bool(self.paper_scan_name)


class Release(models.Model):
    """A document the reply provides: for 部分公开 its proposed/confirmed redactions and the released
    copy; or, when nothing needs masking (予以公开, or a file of a 部分公开 that needs none), the file
    provided as it is (``unredacted``: a PDF unchanged, TXT/DOCX rendered to PDF), with the reason
    staff gave when the personal-data screen found something or could not read the file."""

    class State(models.TextChoices):
        PROPOSED = "proposed", "待确认"
        RELEASED = "released", "已制作公开文本"

    application = models.ForeignKey(Application, verbose_name="申请", on_delete=models.CASCADE, related_name="releases")
    filename = models.CharField("文件名", max_length=200)
    title = models.CharField("文件标题", max_length=200)
    original = models.BinaryField("原件")
    proposed = models.JSONField("建议遮盖", default=list, blank=True)
    state = models.CharField("状态", max_length=20, choices=State.choices, default=State.PROPOSED)
    released_pdf = models.BinaryField("公开文本 PDF", null=True, blank=True)
    released_text = models.TextField("公开文本文字", blank=True)
    log = models.JSONField("遮盖记录", default=list, blank=True,
                           help_text="每处遮盖一条：位置、类型、依据（不含被遮盖的文字）。")
    has_text = models.BooleanField("可提取文字", default=True,
                                   help_text="否：扫描版 PDF 等没有可提取的文字，无法筛查和遮盖，只能按原件提供。")
    unredacted = models.BooleanField("按原件提供", default=False, help_text="无需遮盖，按原件提供（未作区分处理）。")
    unredacted_reason = models.TextField("按原件提供的理由", blank=True,
                                         help_text="筛查发现个人信息或无法筛查时必填。")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="上传人", null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("上传时间", auto_now_add=True)
    released_at = models.DateTimeField("制作公开文本时间", null=True, blank=True)

    class Meta:
        verbose_name = "区分处理文件"
        verbose_name_plural = "区分处理文件"
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.title or self.filename

    @property
    def public_name(self) -> str:
        """The name the applicant downloads it under: the released copy is always a PDF."""
        if self.unredacted:
            return f"{self.title or self.filename}.pdf"
        return f"{self.title or self.filename}（公开文本）.pdf"

    @property
    def notice(self) -> str:
        """The redaction notice shown beside the file (the PDF carries the full list)."""
        if self.unredacted:
            return "本文件按原件提供，未作遮盖。"
        if not self.log:
            return "本文件未作遮盖。"
        bases = sorted({entry.get("basis", "") for entry in self.log if entry.get("basis")})
        return f"本文件已作区分处理，遮盖{len(self.log)}处，依据：{'；'.join(bases)}。"


class Correction(models.Model):
    """The corrected application (条例第三十条) — kept beside the original, which is never changed.

    Online, the applicant submits it on the tracking page or the API (``received_on`` empty until
    staff confirm the day it was received, which restarts the clock); on paper, staff record its
    content with a scan when they register 收到补正."""

    class Via(models.TextChoices):
        ONLINE = "online", "网上提交"
        PAPER = "paper", "纸质（工作人员录入）"

    application = models.ForeignKey(Application, verbose_name="申请", on_delete=models.CASCADE,
                                    related_name="corrections")
    via = models.CharField("提交方式", max_length=10, choices=Via.choices)
    content = models.TextField("补正后的申请内容")
    submitted_on = models.DateField("提交日期")
    received_on = models.DateField("收到补正日期", null=True, blank=True,
                                   help_text="工作人员确认收到之日；答复期限自该日起重新计算。")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="录入人", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "补正申请"
        verbose_name_plural = "补正申请"
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.application} 补正"


class CorrectionAttachment(models.Model):
    """A file sent with a correction (or the scan of a paper one); bytes in the database."""

    correction = models.ForeignKey(Correction, verbose_name="补正申请", on_delete=models.CASCADE,
                                   related_name="attachments")
    filename = models.CharField("文件名", max_length=200)
    data = models.BinaryField("内容")
    size = models.PositiveIntegerField("大小（字节）")

    class Meta:
        verbose_name = "补正附件"
        verbose_name_plural = "补正附件"
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.filename


class IdentityViewQuerySet(models.QuerySet):
    def for_agencies(self, agencies):
        return self.filter(application__agency__in=agencies)


class IdentityView(models.Model):
    """Audit log (等级保护 安全审计): a member of staff was shown an applicant's unmasked identity
    number and contact details — the case page or the staff API's case detail. Heads, the
    disclosure office and admins review it at /staff/applications/identity-log/."""

    class Where(models.TextChoices):
        CASE_PAGE = "case_page", "办理页面"
        API = "api", "接口"

    application = models.ForeignKey(Application, verbose_name="申请", on_delete=models.CASCADE,
                                    related_name="identity_views")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="查看人", null=True, on_delete=models.SET_NULL,
                             related_name="+")
    username = models.CharField("查看人账号", max_length=150, help_text="账号删除后仍可查。")
    where = models.CharField("查看途径", max_length=20, choices=Where.choices)
    address = models.GenericIPAddressField("来源地址", null=True, blank=True)
    viewed_at = models.DateTimeField("查看时间", auto_now_add=True, db_index=True)

    objects = IdentityViewQuerySet.as_manager()

    class Meta:
        verbose_name = "身份信息查看记录"
        verbose_name_plural = "身份信息查看记录"
        ordering = ["-viewed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.username} {self.application} {self.viewed_at:%Y-%m-%d %H:%M}"
