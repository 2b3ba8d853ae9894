"""Agencies (a tree: people's government → its departments), people, roles, API tokens, holidays."""

from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

code_validator = RegexValidator(r"^[a-z0-9][a-z0-9-]{1,62}$", "代码只能包含小写字母、数字和连字符，2至63个字符。")
org_code_validator = RegexValidator(r"^[0-9A-Z]{8}-?[0-9X]$", "组织机构代码应为9位（8位本体代码和1位校验码）。")
def credit_code_problem(value: str) -> str:
    """Why ``value`` is not a 统一社会信用代码 (GB 32100-2015), in Chinese, or "" when it is one
    (python-stdnum checks the alphabet, the region digits and the check character)."""
    from stdnum.cn import uscc
    from stdnum.exceptions import InvalidChecksum, ValidationError

    try:
        uscc.validate(value)
    except InvalidChecksum:
        return "统一社会信用代码的校验码（第18位）不对，请核对后重新填写。"
    except ValidationError:
        return "统一社会信用代码为18位，由数字和大写字母组成（不含 I、O、S、V、Z），第3至8位为行政区划代码。"
    return ""


credit_code_validator = RegexValidator(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$", "统一社会信用代码应为18位。")
division_code_validator = RegexValidator(r"^\d{6}$", "行政区划代码应为6位数字。")


#: levels below a government that ``AgencyQuerySet.under`` follows (a cycle would end here too)
MAX_TREE_DEPTH = 8


class AgencyQuerySet(models.QuerySet):
    def governments(self):
        return self.filter(kind=Agency.Kind.GOVERNMENT)

    def active(self):
        return self.filter(is_active=True)

    def under(self, agency: "Agency"):
        """The agency itself and every agency below it (any depth), as a condition on the tree — not
        a list of ids: a province's 2,000 agencies as literals made every query of a page compile
        and send 2,000 parameters (most of a province dashboard's time)."""
        return self.filter(self.below(agency))

    def below(self, agency: "Agency") -> Q:
        """``Q`` for the agency and its descendants: one ``parent__…__parent`` step per level that
        has any agency (a tree is a few levels deep: province, city, county, department)."""
        condition, path = Q(pk=agency.pk), "parent"
        for _ in range(MAX_TREE_DEPTH):
            level = Q(**{f"{path}_id": agency.pk})
            if not self.model.objects.filter(level).exists():
                break
            condition |= level
            path += "__parent"
        return condition


class Agency(models.Model):
    """An administrative agency that discloses information in its own name (条例第二十七条)."""

    class Kind(models.TextChoices):
        GOVERNMENT = "government", "人民政府"
        DEPARTMENT = "department", "政府工作部门"
        OTHER = "other", "其他机关"

    code = models.SlugField("代码", max_length=63, unique=True, validators=[code_validator],
                            help_text="用于网址和接口的简短代码，如 huzhu-zrj。")
    name = models.CharField("机关全称", max_length=100, unique=True)
    short_name = models.CharField("简称", max_length=40, blank=True)
    kind = models.CharField("类型", max_length=20, choices=Kind.choices, default=Kind.DEPARTMENT)
    parent = models.ForeignKey("self", verbose_name="上级政府", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="children")
    org_code = models.CharField("组织机构代码", max_length=10, blank=True, validators=[org_code_validator])
    credit_code = models.CharField("统一社会信用代码", max_length=18, blank=True, validators=[credit_code_validator])
    division_code = models.CharField("行政区划代码", max_length=6, blank=True, validators=[division_code_validator])
    # 指南 fields of 条例第十二条
    office_name = models.CharField("政府信息公开工作机构", max_length=100, blank=True)
    address = models.CharField("办公地址", max_length=200, blank=True)
    postcode = models.CharField("邮政编码", max_length=6, blank=True)
    office_hours = models.CharField("办公时间", max_length=200, blank=True)
    phone = models.CharField("联系电话", max_length=50, blank=True)
    fax = models.CharField("传真号码", max_length=50, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    website = models.URLField("互联网联系方式", blank=True)
    guide_intro = models.TextField("指南说明", blank=True, help_text="政府信息的分类、编排体系和获取方式。")
    reconsideration_body = models.CharField(
        "行政复议机关", max_length=100, blank=True,
        help_text="答复书救济条款中写明的复议机关；留空时按行政复议法第二十四条推定（部门→本级人民政府）。")
    court = models.CharField("管辖法院", max_length=100, blank=True)
    is_active = models.BooleanField("启用", default=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = AgencyQuerySet.as_manager()

    class Meta:
        verbose_name = "机关"
        verbose_name_plural = "机关"
        ordering = ["parent_id", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def government(self) -> "Agency":
        """The people's government this agency belongs to (itself, for a government)."""
        node = self
        while node.kind != Agency.Kind.GOVERNMENT and node.parent_id:
            node = node.parent
        return node

    @property
    def default_reconsideration_body(self) -> str:
        """行政复议法第二十四条: a department → 本级人民政府; a government → the next-higher one."""
        if self.reconsideration_body:
            return self.reconsideration_body
        if self.kind == Agency.Kind.DEPARTMENT and self.parent_id:
            return self.parent.name
        if self.kind == Agency.Kind.GOVERNMENT and self.parent_id:
            return self.parent.name
        return "上一级人民政府"

    @property
    def guide_fields(self) -> list[tuple[str, str]]:
        names = ["office_name", "address", "postcode", "office_hours", "phone", "fax", "email", "website"]
        return [(self._meta.get_field(n).verbose_name, getattr(self, n)) for n in names]


class User(AbstractUser):
    display_name = models.CharField("姓名", max_length=50, blank=True)
    phone = models.CharField("联系电话", max_length=30, blank=True)

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    def __str__(self) -> str:
        return self.display_name or self.username


class Role(models.TextChoices):
    OFFICER = "officer", "经办人"
    HEAD = "head", "负责人"
    DISCLOSURE_OFFICE = "disclosure_office", "政务公开办"
    ADMIN = "admin", "管理员"


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Membership(models.Model):
    """A person's role in one agency. A disclosure-office role on a government covers every agency under it."""

    user = models.ForeignKey(User, verbose_name="用户", on_delete=models.CASCADE, related_name="memberships")
    agency = models.ForeignKey(Agency, verbose_name="机关", on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField("角色", max_length=30, choices=Role.choices)
    is_active = models.BooleanField("有效", default=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = "岗位"
        verbose_name_plural = "岗位"
        constraints = [models.UniqueConstraint(fields=["user", "agency", "role"], name="unique_membership")]

    def __str__(self) -> str:
        return f"{self.user} · {self.agency} · {self.get_role_display()}"


def _hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def authenticate(self, raw: str):
        """The user behind a raw bearer token, or None. Tokens are stored hashed."""
        if not raw or len(raw) > 200:
            return None
        token = (self.select_related("user")
                 .filter(key_hash=_hash_token(raw), revoked_at__isnull=True, user__is_active=True)
                 .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now()))
                 .first())
        if token is None:
            return None
        self.filter(pk=token.pk).update(last_used_at=timezone.now())
        return token.user


class ApiToken(models.Model):
    user = models.ForeignKey(User, verbose_name="用户", on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField("用途", max_length=100, blank=True)
    prefix = models.CharField("前缀", max_length=8, editable=False)
    key_hash = models.CharField("令牌散列", max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField("签发时间", auto_now_add=True)
    last_used_at = models.DateTimeField("最近使用时间", null=True, blank=True, editable=False)
    expires_at = models.DateTimeField("到期时间", null=True, blank=True)
    revoked_at = models.DateTimeField("吊销时间", null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = "接口令牌"
        verbose_name_plural = "接口令牌"

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @classmethod
    def issue(cls, user: User, name: str = "") -> tuple["ApiToken", str]:
        raw = "gk_" + secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, name=name, prefix=raw[:8], key_hash=_hash_token(raw))
        return token, raw


class Holiday(models.Model):
    """An agency-editable calendar entry that overrides ``chinesecalendar`` for one date.

    ``is_workday`` False = 放假 (a weekday off); True = 调休上班 (a weekend day worked).
    """

    date = models.DateField("日期", unique=True)
    is_workday = models.BooleanField("上班", default=False)
    name = models.CharField("名称", max_length=50, blank=True)
    source = models.CharField("依据", max_length=200, blank=True, help_text="如：国办发明电〔2024〕12号")

    class Meta:
        verbose_name = "节假日调整"
        verbose_name_plural = "节假日调整"
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {'上班' if self.is_workday else '放假'} {self.name}"


class HolidayYear(models.Model):
    """A year whose official arrangement has been entered in full (so its dates are not provisional)."""

    year = models.PositiveIntegerField("年份", unique=True)
    source = models.CharField("依据", max_length=200, blank=True)
    imported_at = models.DateTimeField("录入时间", auto_now=True)

    class Meta:
        verbose_name = "已录入年度放假安排"
        verbose_name_plural = "已录入年度放假安排"
        ordering = ["year"]

    def __str__(self) -> str:
        return f"{self.year}年（{self.source}）"
