"""主动公开: catalogue items with 索引号, the 主题分类 taxonomy, search entries, subscriptions and the
staff-entered figures of annual-report table 二.

Statuses are stored facts (who decided what, when); "late" under 第二十六条 is the number of working
days between 形成或变更日期 and 发布日期, computed once when the item is published.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from gongkai.accounts.models import Agency


class StatutoryItem(models.TextChoices):
    """条例第二十条 （一）…（十五）."""

    REGULATIONS = "01", "（一）行政法规、规章和规范性文件"
    ORGANISATION = "02", "（二）机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名"
    PLANS = "03", "（三）国民经济和社会发展规划、专项规划、区域规划及相关政策"
    STATISTICS = "04", "（四）国民经济和社会发展统计信息"
    LICENSING = "05", "（五）办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果"
    ENFORCEMENT = "06", "（六）实施行政处罚、行政强制的依据、条件、程序以及本行政机关认为具有一定社会影响的行政处罚决定"
    BUDGET = "07", "（七）财政预算、决算信息"
    FEES = "08", "（八）行政事业性收费项目及其依据、标准"
    PROCUREMENT = "09", "（九）政府集中采购项目的目录、标准及实施情况"
    PROJECTS = "10", "（十）重大建设项目的批准和实施情况"
    WELFARE = "11", "（十一）扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况"
    EMERGENCIES = "12", "（十二）突发公共事件的应急预案、预警信息及应对情况"
    INSPECTIONS = "13", "（十三）环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况"
    CIVIL_SERVICE = "14", "（十四）公务员招考的职位、名额、报考条件等事项以及录用结果"
    OTHER = "15", "（十五）法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息"

    @property
    def short(self) -> str:
        return self.label.split("）", 1)[1]


class ExtraItem(models.TextChoices):
    """条例第二十一条: what 县级 governments and their departments, and 乡（镇）governments, add."""

    MUNICIPAL_CONSTRUCTION = "municipal_construction", "市政建设"
    PUBLIC_SERVICES = "public_services", "公共服务"
    PUBLIC_WELFARE = "public_welfare", "公益事业"
    LAND_EXPROPRIATION = "land_expropriation", "土地征收"
    HOUSING_EXPROPRIATION = "housing_expropriation", "房屋征收"
    PUBLIC_SECURITY = "public_security", "治安管理"
    SOCIAL_ASSISTANCE = "social_assistance", "社会救助"
    AGRICULTURAL_POLICY = "agricultural_policy", "贯彻落实农业农村政策"
    FARMLAND_WATER = "farmland_water", "农田水利工程建设运营"
    LAND_CONTRACT_TRANSFER = "land_contract_transfer", "农村土地承包经营权流转"
    HOMESTEAD_REVIEW = "homestead_review", "宅基地使用情况审核"
    FUNDRAISING_LABOUR = "fundraising_labour", "筹资筹劳"


class DocForm(models.TextChoices):
    """文种 (《党政机关公文处理工作条例》第八条, 15 kinds) plus 其他 (letters.md §2.3)."""

    RESOLUTION = "resolution", "决议"
    DECISION = "decision", "决定"
    ORDER = "order", "命令（令）"
    COMMUNIQUE = "communique", "公报"
    ANNOUNCEMENT = "announcement", "公告"
    PUBLIC_NOTICE = "public_notice", "通告"
    OPINION = "opinion", "意见"
    NOTICE = "notice", "通知"
    CIRCULAR = "circular", "通报"
    REPORT = "report", "报告"
    REQUEST = "request", "请示"
    REPLY = "reply", "批复"
    MOTION = "motion", "议案"
    LETTER = "letter", "函"
    MINUTES = "minutes", "纪要"
    OTHER = "other", "其他"


class DocType(models.TextChoices):
    """文件类型 (letters.md §2.3): 有效性 is kept for the first two."""

    REGULATION = "regulation", "规章"
    NORMATIVE = "normative", "行政规范性文件"
    OTHER_DOCUMENT = "other_document", "其他文件"
    NON_DOCUMENT = "non_document", "非公文信息"


RULE_TYPES = (DocType.REGULATION, DocType.NORMATIVE)


class Validity(models.TextChoices):
    VALID = "valid", "有效"
    EXPIRED = "expired", "失效"
    REPEALED = "repealed", "废止"
    AMENDED = "amended", "修改"


class DecisionKind(models.TextChoices):
    """For agencies that publish their decisions in the catalogue (table 二 (五)(六))."""

    LICENSING = "licensing", "行政许可决定"
    PUNISHMENT = "punishment", "行政处罚决定"
    COERCION = "coercion", "行政强制决定"


# ---- taxonomy ----------------------------------------------------------------------------------

class TopicQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def top_level(self):
        return self.filter(parent__isnull=True)


class Topic(models.Model):
    """主题分类 (letters.md §2.1): two levels, data-driven so labels can be renamed without touching items."""

    parent = models.ForeignKey("self", verbose_name="一级分类", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="children")
    name = models.CharField("名称", max_length=60)
    position = models.PositiveIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)

    objects = TopicQuerySet.as_manager()

    class Meta:
        verbose_name = "主题分类"
        verbose_name_plural = "主题分类"
        ordering = ["position", "pk"]
        constraints = [models.UniqueConstraint(fields=["parent", "name"], name="catalog_unique_topic_name")]

    def __str__(self) -> str:
        return self.path

    @property
    def path(self) -> str:
        """“一级\\二级” as gov.cn displays it."""
        return f"{self.parent.name}\\{self.name}" if self.parent_id else self.name

    def self_and_children_ids(self) -> list[int]:
        return [self.pk, *self.children.values_list("pk", flat=True)]


# ---- per-agency settings and 索引号 ------------------------------------------------------------

DEFAULT_INDEX_PATTERN = "{org}/{year}-{seq:5}"


class CatalogSettings(models.Model):
    agency = models.OneToOneField(Agency, verbose_name="机关", on_delete=models.CASCADE,
                                  related_name="catalog_settings")
    index_pattern = models.CharField(
        "索引号规则", max_length=100, default=DEFAULT_INDEX_PATTERN,
        help_text="可用：{org} 组织机构代码（去掉连字符）、{credit} 统一社会信用代码、{division} 行政区划代码、"
                  "{code} 机关代码、{year} 年、{month} 月、{item} 第二十条事项号、{seq:5} 流水号（位数）。"
                  "默认为国家规则“组织机构代码/年份-五位流水号”。")
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "目录设置"
        verbose_name_plural = "目录设置"

    def __str__(self) -> str:
        return f"{self.agency} 目录设置"


class IndexCounter(models.Model):
    """The last 流水号 handed out for one agency and one pattern prefix (e.g. “015201125/2025-”)."""

    agency = models.ForeignKey(Agency, verbose_name="机关", on_delete=models.CASCADE, related_name="+")
    key = models.CharField("索引号前缀", max_length=100)
    last = models.PositiveIntegerField("已用流水号", default=0)

    class Meta:
        verbose_name = "索引号计数器"
        verbose_name_plural = "索引号计数器"
        constraints = [models.UniqueConstraint(fields=["agency", "key"], name="catalog_unique_counter")]

    def __str__(self) -> str:
        return f"{self.agency} {self.key}：{self.last}"


# ---- catalogue items ---------------------------------------------------------------------------

class ItemQuerySet(models.QuerySet):
    def public(self, on: datetime.date | None = None):
        """What the public may see: published, and the 发布日期 has come."""
        on = on or timezone.localdate()
        return self.filter(status=Item.Status.PUBLISHED, published_on__lte=on)

    def for_agency(self, agency):
        return self.filter(agency=agency)

    def late(self):
        """Published more than 20 working days after 形成或变更日期 (条例第二十六条)."""
        return self.filter(is_late=True).exclude(status=Item.Status.DRAFT)

    def awaiting_review(self):
        return self.filter(status=Item.Status.SUBMITTED)

    def rules(self):
        return self.filter(doc_type__in=RULE_TYPES)

    def browse(self, *, item: str = "", topic: Topic | None = None, year: int | None = None,
               validity: str = ""):
        qs = self
        if item:
            qs = qs.filter(Q(statutory_item=item) | Q(extra_item=item))
        if topic is not None:
            qs = qs.filter(topic_id__in=topic.self_and_children_ids())
        if year:
            qs = qs.filter(published_on__year=year)
        if validity:
            qs = qs.filter(validity=validity)
        return qs


class Item(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        SUBMITTED = "submitted", "待审核"
        PUBLISHED = "published", "已发布"
        WITHDRAWN = "withdrawn", "已撤回"

    agency = models.ForeignKey(Agency, verbose_name="机关", on_delete=models.PROTECT, related_name="catalog_items")
    index_number = models.CharField("索引号", max_length=100, unique=True, null=True, blank=True, editable=False)
    title = models.CharField("名称", max_length=300)
    doc_number = models.CharField("文号", max_length=100, blank=True)
    publisher = models.CharField("发布机构", max_length=100, blank=True,
                                 help_text="留空时为本机关全称。")
    signed_on = models.DateField("成文日期", null=True, blank=True)
    formed_on = models.DateField("形成或变更日期", help_text="条例第二十六条：自此日起20个工作日内公开。")
    published_on = models.DateField("发布日期", null=True, blank=True)
    topic = models.ForeignKey(Topic, verbose_name="主题分类", on_delete=models.PROTECT, related_name="items")
    statutory_item = models.CharField("法定主动公开内容（第二十条）", max_length=2, choices=StatutoryItem.choices)
    extra_item = models.CharField("第二十一条事项", max_length=30, choices=ExtraItem.choices, blank=True)
    doc_form = models.CharField("文种", max_length=20, choices=DocForm.choices, default=DocForm.OTHER)
    doc_type = models.CharField("文件类型", max_length=20, choices=DocType.choices, default=DocType.OTHER_DOCUMENT)
    decision_kind = models.CharField("处理决定类别", max_length=20, choices=DecisionKind.choices, blank=True,
                                     help_text="在目录中公开行政许可、处罚、强制决定时选择，用于年度报告统计。")
    summary = models.TextField("内容概述", max_length=500, blank=True)
    keywords = models.CharField("关键词", max_length=200, blank=True, help_text="以空格或顿号分隔。")
    body = models.TextField("正文", blank=True)
    body_text = models.TextField("正文文字（检索用）", editable=False, blank=True)
    validity = models.CharField("有效性", max_length=10, choices=Validity.choices, blank=True)
    effective_on = models.DateField("施行日期", null=True, blank=True)
    repealed_on = models.DateField("废止日期", null=True, blank=True,
                                   help_text="废止或失效的日期；仍然有效的文件留空。")

    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="创建人", on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    submitted_at = models.DateTimeField("提交审核时间", null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="审核人", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    review_note = models.TextField("审核意见", blank=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    publication_workdays = models.PositiveIntegerField("形成至发布工作日数", null=True, blank=True)
    is_late = models.BooleanField("超期发布", default=False)
    revised_at = models.DateTimeField("修订时间", null=True, blank=True)
    version = models.PositiveIntegerField("版本", default=1)
    withdrawn_at = models.DateTimeField("撤回时间", null=True, blank=True)
    withdrawal_reason = models.TextField("撤回理由", blank=True)
    #: personal-data hits an officer confirmed as intended: [{"kind": …, "text": …}]
    screen_confirmed = models.JSONField("已确认的个人信息筛查结果", default=list, blank=True)

    objects = ItemQuerySet.as_manager()

    class Meta:
        verbose_name = "目录信息"
        verbose_name_plural = "目录信息"
        ordering = ["-published_on", "-pk"]
        indexes = [
            models.Index(fields=["agency", "status", "published_on"], name="catalog_item_browse"),
            models.Index(fields=["status", "published_on"], name="catalog_item_public"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["draft", "submitted"]) | (Q(index_number__isnull=False) & Q(published_on__isnull=False)),
                name="catalog_published_has_index_number",
                violation_error_message="已发布的信息必须有索引号和发布日期。"),
            models.CheckConstraint(
                condition=Q(effective_on__isnull=True) | Q(repealed_on__isnull=True) | Q(repealed_on__gte=models.F("effective_on")),
                name="catalog_repealed_after_effective",
                violation_error_message="废止日期不能早于施行日期。"),
            models.CheckConstraint(
                condition=~Q(doc_type__in=["regulation", "normative"]) | ~Q(validity=""),
                name="catalog_rules_have_validity",
                violation_error_message="规章和行政规范性文件必须标注有效性。"),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        from django.core.exceptions import ValidationError

        errors: dict[str, str] = {}
        if self.doc_type in RULE_TYPES:
            if not self.validity:
                errors["validity"] = "规章和行政规范性文件必须标注有效性。"
            if not self.signed_on:
                errors["signed_on"] = "规章和行政规范性文件必须填写成文日期。"
            if self.validity in (Validity.EXPIRED, Validity.REPEALED) and not self.repealed_on:
                errors["repealed_on"] = "已废止或失效的文件须填写废止日期。"
            if self.validity in (Validity.VALID, Validity.AMENDED) and self.repealed_on \
                    and self.repealed_on <= timezone.localdate():
                errors["validity"] = "废止日期已到的文件，有效性应为“废止”或“失效”。"
        elif self.validity or self.effective_on or self.repealed_on:
            errors["validity"] = "只有规章和行政规范性文件标注有效性、施行日期和废止日期。"
        if self.effective_on and self.repealed_on and self.repealed_on < self.effective_on:
            errors["repealed_on"] = "废止日期不能早于施行日期。"
        if self.signed_on and self.formed_on and self.signed_on > self.formed_on:
            errors["formed_on"] = "形成或变更日期不能早于成文日期。"
        expected = {DecisionKind.LICENSING: StatutoryItem.LICENSING, DecisionKind.PUNISHMENT: StatutoryItem.ENFORCEMENT,
                    DecisionKind.COERCION: StatutoryItem.ENFORCEMENT}
        if self.decision_kind and self.statutory_item != expected[self.decision_kind]:
            errors["decision_kind"] = (f"{DecisionKind(self.decision_kind).label}应归入"
                                       "第二十条" + StatutoryItem(expected[self.decision_kind]).label.split("）")[0] + "）项。")
        if self.topic_id and self.topic.children.exists():
            errors["topic"] = "请选择二级主题分类。"
        if errors:
            raise ValidationError(errors)

    @property
    def is_public(self) -> bool:
        return self.status == Item.Status.PUBLISHED and self.published_on is not None \
            and self.published_on <= timezone.localdate()

    @property
    def is_rule(self) -> bool:
        return self.doc_type in RULE_TYPES

    @property
    def publisher_name(self) -> str:
        return self.publisher or self.agency.name

    @property
    def keyword_list(self) -> list[str]:
        import re

        return [k for k in re.split(r"[\s,，、;；]+", self.keywords) if k]

    @property
    def statutory_item_short(self) -> str:
        return StatutoryItem(self.statutory_item).short

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("catalog:item", args=[self.index_number]) if self.index_number else ""


def attachment_path(instance: "Attachment", filename: str) -> str:
    import uuid

    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"catalog/{instance.item.agency_id}/{uuid.uuid4().hex}.{ext}"


class Attachment(models.Model):
    item = models.ForeignKey(Item, verbose_name="目录信息", on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField("文件", upload_to=attachment_path)
    name = models.CharField("文件名", max_length=200)
    mime = models.CharField("文件类型", max_length=100)
    size = models.PositiveIntegerField("大小（字节）")
    sha256 = models.CharField("文件摘要", max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.PROTECT,
                                    related_name="+")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def kind_label(self) -> str:
        from .content import MIME_LABELS

        return MIME_LABELS.get(self.mime, "文件")


class ItemEvent(models.Model):
    class Kind(models.TextChoices):
        CREATED = "created", "创建"
        EDITED = "edited", "修改草稿"
        SCREEN_CONFIRMED = "screen_confirmed", "确认个人信息筛查结果"
        ATTACHMENT_ADDED = "attachment_added", "上传附件"
        ATTACHMENT_REMOVED = "attachment_removed", "删除附件"
        SUBMITTED = "submitted", "提交审核"
        RETURNED = "returned", "退回修改"
        PUBLISHED = "published", "审核发布"
        REVISED = "revised", "修订"
        WITHDRAWN = "withdrawn", "撤回"

    item = models.ForeignKey(Item, verbose_name="目录信息", on_delete=models.CASCADE, related_name="events")
    kind = models.CharField("事项", max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", on_delete=models.PROTECT,
                              related_name="+")
    at = models.DateTimeField("时间", default=timezone.now)
    note = models.TextField("说明", blank=True)
    data = models.JSONField("内容", default=dict, blank=True)

    class Meta:
        verbose_name = "目录信息记录"
        verbose_name_plural = "目录信息记录"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.item_id} {self.get_kind_display()}"


class ItemVersion(models.Model):
    """What a published item said before a revision."""

    item = models.ForeignKey(Item, verbose_name="目录信息", on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField("版本")
    snapshot = models.JSONField("修订前内容")
    replaced_at = models.DateTimeField("修订时间", default=timezone.now)
    replaced_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="修订人", on_delete=models.PROTECT,
                                    related_name="+")
    reason = models.TextField("修订理由", blank=True)

    class Meta:
        verbose_name = "目录信息历史版本"
        verbose_name_plural = "目录信息历史版本"
        ordering = ["item", "version"]
        constraints = [models.UniqueConstraint(fields=["item", "version"], name="catalog_unique_version")]

    def __str__(self) -> str:
        return f"{self.item} 第{self.version}版"


# ---- search -----------------------------------------------------------------------------------

class SearchTerm(models.Model):
    """An agency-editable dictionary word (e.g. 不动产登记) kept whole by the segmenter."""

    agency = models.ForeignKey(Agency, verbose_name="机关", on_delete=models.CASCADE, related_name="search_terms")
    term = models.CharField("词语", max_length=30)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="添加人", on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField("添加时间", auto_now_add=True)

    class Meta:
        verbose_name = "检索词典词语"
        verbose_name_plural = "检索词典"
        ordering = ["term"]
        constraints = [models.UniqueConstraint(fields=["agency", "term"], name="catalog_unique_term")]

    def __str__(self) -> str:
        return self.term


class SearchEntry(models.Model):
    """The search index row of one public item: narrow, with the columns the search filters need.

    Only published items have an entry (``search.index_item`` keeps it in step in the same
    transaction as every publication, revision and withdrawal). The segmented text is not kept
    here: SQLite indexes it in the FTS5 table ``catalog_searchindex`` (rowid = item id);
    PostgreSQL in the columns ``search_vector`` (title A, body B) and ``title_vector``, each with a
    GIN index. Both are created in migration 0004 (``search/backends.py``).
    """

    item = models.OneToOneField(Item, verbose_name="目录信息", on_delete=models.CASCADE, primary_key=True,
                                related_name="search_entry")
    agency = models.ForeignKey(Agency, verbose_name="机关", on_delete=models.CASCADE, related_name="+", db_index=False)
    topic = models.ForeignKey(Topic, verbose_name="主题分类", on_delete=models.CASCADE, related_name="+", db_index=False)
    published_on = models.DateField("发布日期")
    statutory_item = models.CharField("法定主动公开内容", max_length=2)
    extra_item = models.CharField("第二十一条事项", max_length=30, blank=True)
    validity = models.CharField("有效性", max_length=10, blank=True)
    #: 名称, for the substring fallback: on SQLite scanning this narrow table beats ``catalog_item``
    title = models.CharField("名称", max_length=300, blank=True, default="")
    #: the reading of 名称, for queries typed in pinyin or initials (``search/reading.py``); SQLite
    #: indexes them in the FTS5 table ``catalog_searchreading``, PostgreSQL with trigram indexes
    title_pinyin = models.CharField("名称拼音", max_length=1200, blank=True, default="")
    title_initials = models.CharField("名称拼音首字母", max_length=300, blank=True, default="")
    indexed_at = models.DateTimeField("索引时间", auto_now=True)

    class Meta:
        verbose_name = "检索索引条目"
        verbose_name_plural = "检索索引条目"
        indexes = [
            models.Index(fields=["agency", "item"], name="catalog_search_agency"),
            models.Index(fields=["published_on"], name="catalog_search_published"),
        ]

    def __str__(self) -> str:
        return self.title or str(self.item_id)


class SearchWord(models.Model):
    """A word of the indexed titles (and of the dictionary and synonym lists), with its pinyin:
    the vocabulary that a misspelt or pinyin query is corrected to (``search/forgiving.py``).

    Written by ``search.index_item`` (never removed: a stale word only proposes a correction
    that then finds nothing). ``pinyin`` is the toneless full pinyin without spaces, ``initials``
    the first letter of each syllable; ``seen`` counts the indexings of titles holding it (a rough
    popularity, used to break ties between candidates).
    """

    word = models.CharField("词语", max_length=30, unique=True)
    pinyin = models.CharField("拼音", max_length=180, db_index=True)
    initials = models.CharField("首字母", max_length=30, db_index=True)
    seen = models.PositiveIntegerField("出现次数", default=1)

    class Meta:
        verbose_name = "检索词汇"
        verbose_name_plural = "检索词汇"

    def __str__(self) -> str:
        return self.word


class SearchSynonym(models.Model):
    """An agency-editable group of words searched as one (低保 ↔ 最低生活保障, 公租房 ↔ 公共租赁住房).

    All agencies' groups apply to every search (search spans agencies), on the query side only:
    a change takes effect at the next search, nothing is re-indexed.
    """

    agency = models.ForeignKey(Agency, verbose_name="机关", on_delete=models.CASCADE, related_name="search_synonyms")
    words = models.CharField("同义词、简称", max_length=200,
                             help_text="用空格或顿号分隔，至少两个，如：低保 最低生活保障")
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "检索同义词"
        verbose_name_plural = "检索同义词"
        ordering = ["words"]

    def members(self) -> list[str]:
        import re

        return list(dict.fromkeys(w for w in re.split(r"[\s,，、;；/|]+", self.words) if w))

    def clean(self):
        from django.core.exceptions import ValidationError

        members = self.members()
        if len(members) < 2:
            raise ValidationError({"words": "请至少填写两个词语，用空格或顿号分隔。"})
        if any(len(m) > 30 for m in members):
            raise ValidationError({"words": "每个词语不超过30个字。"})

    def __str__(self) -> str:
        return " ↔ ".join(self.members())


class SearchQueryCount(models.Model):
    """How often a query was searched in one month, and how often it found nothing — per agency
    filter (blank = all agencies). Only the normalised query text and counts are kept: no user,
    address, session or time of day (``search/querylog.py``)."""

    month = models.DateField("月份")  # the first day of the month
    agency_code = models.CharField("机关代码", max_length=63, blank=True)  # blank = all agencies
    query = models.CharField("检索词", max_length=100)
    searches = models.PositiveIntegerField("检索次数", default=0)
    empty = models.PositiveIntegerField("无结果次数", default=0)
    #: searches that found nothing as typed and showed the results of a correction (a typo, or
    #: pinyin read as Chinese): not offered as a completion, which must be what matched
    corrected = models.PositiveIntegerField("自动纠正次数", default=0)

    class Meta:
        verbose_name = "检索词统计"
        verbose_name_plural = "检索词统计"
        constraints = [models.UniqueConstraint(fields=["month", "agency_code", "query"],
                                               name="catalog_unique_query_month")]
        indexes = [models.Index(fields=["month", "agency_code", "-searches"], name="catalog_query_top")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.query}"


# ---- subscriptions ----------------------------------------------------------------------------

class SubscriptionQuerySet(models.QuerySet):
    def active(self):
        return self.filter(confirmed_at__isnull=False, unsubscribed_at__isnull=True)


class Subscription(models.Model):
    email = models.EmailField("电子邮箱")
    agency = models.ForeignKey(Agency, verbose_name="机关", null=True, blank=True, on_delete=models.CASCADE,
                               related_name="catalog_subscriptions")
    topic = models.ForeignKey(Topic, verbose_name="主题分类", null=True, blank=True, on_delete=models.CASCADE)
    statutory_item = models.CharField("法定主动公开内容", max_length=30, blank=True)
    query = models.CharField("检索词", max_length=100, blank=True)
    created_at = models.DateTimeField("订阅时间", auto_now_add=True)
    confirmed_at = models.DateTimeField("确认时间", null=True, blank=True)
    unsubscribed_at = models.DateTimeField("退订时间", null=True, blank=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = "订阅"
        verbose_name_plural = "订阅"

    def __str__(self) -> str:
        return f"{self.email}：{self.describe()}"

    def describe(self) -> str:
        parts = [self.agency.name if self.agency_id else "全部机关"]
        if self.topic_id:
            parts.append(f"主题分类“{self.topic.path}”")
        if self.statutory_item:
            label = dict(StatutoryItem.choices + ExtraItem.choices).get(self.statutory_item, self.statutory_item)
            parts.append(label)
        if self.query:
            parts.append(f"检索“{self.query}”")
        return "，".join(parts)


class Delivery(models.Model):
    """One item sent to one subscriber: the unique constraint makes a repeated run send nothing twice."""

    subscription = models.ForeignKey(Subscription, verbose_name="订阅", on_delete=models.CASCADE,
                                     related_name="deliveries")
    item = models.ForeignKey(Item, verbose_name="目录信息", on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField("发送时间", default=timezone.now)

    class Meta:
        verbose_name = "订阅推送记录"
        verbose_name_plural = "订阅推送记录"
        constraints = [models.UniqueConstraint(fields=["subscription", "item"], name="catalog_unique_delivery")]

    def __str__(self) -> str:
        return f"{self.subscription.email} · {self.item}"


# ---- table 二 figures entered by staff --------------------------------------------------------

class YearlyFigures(models.Model):
    agency = models.ForeignKey(Agency, verbose_name="机关", on_delete=models.CASCADE, related_name="catalog_figures")
    year = models.PositiveIntegerField("年度", validators=[MinValueValidator(2008), MaxValueValidator(2100)])
    licensing = models.PositiveIntegerField("行政许可本年处理决定数量", null=True, blank=True)
    punishment = models.PositiveIntegerField("行政处罚本年处理决定数量", null=True, blank=True)
    coercion = models.PositiveIntegerField("行政强制本年处理决定数量", null=True, blank=True)
    fees_10k_yuan = models.DecimalField("行政事业性收费本年收费金额（万元）", max_digits=14, decimal_places=4,
                                        null=True, blank=True, validators=[MinValueValidator(0)])
    decisions_from_catalog = models.BooleanField(
        "处理决定数量按目录统计", default=False,
        help_text="本机关在目录中公开全部行政许可、处罚、强制决定时勾选，数量按目录中标注的处理决定统计。")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="填报人", on_delete=models.PROTECT,
                                   related_name="+")
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "年度主动公开数据"
        verbose_name_plural = "年度主动公开数据"
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="catalog_unique_figures")]

    def __str__(self) -> str:
        return f"{self.agency} {self.year}年"
