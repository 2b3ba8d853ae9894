"""网站自查: the inspection before the inspectors (国办秘函〔2019〕19号《政府网站与政务新媒体检查指标》).

Per agency (and for the site's home page) the checker lists what an inspector would flag:

* 首页不更新 — the home page (an agency's page) shows nothing new for 2 weeks: 单项否决;
* 栏目不更新 — the 动态、要闻 kind of column not updated for 2 weeks, the 通知公告、政策文件 kind for
  6 months; 空白栏目 — a column with nothing in it; 5 or more such columns: 单项否决;
* 互动回应差 — a 互动 message unanswered for more than 3 months: 单项否决 (and those that will reach
  it within 2 weeks);
* 不可用链接 — links in published items to pages of this site that answer 404, attachments whose
  file is missing, and (only when switched on) external links that fail a HEAD request: 扣分;
* 年度报告逾期 — last year's annual report not published by 条例第四十九条's deadline.

The columns are the catalogue's own (docs/inspection.md): 政策文件 is 第二十条（一）and every 规章 or
行政规范性文件; 通知公告 the 文种 通知、公告、通告; 工作动态 (动态、要闻) the 非公文信息; and each
第二十条 item listed on the agency's 法定主动公开内容 page is a column that can be empty. Every
threshold is a setting (``INSPECTION_*``). The daily job mails an agency's heads, once a day, when
one of its 单项否决 lines is hit or near.
"""

from __future__ import annotations

import logging
import re
import urllib.request
from dataclasses import dataclass, field
from datetime import date, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gongkai.accounts.models import Agency, Membership, Role
from gongkai.catalog.models import RULE_TYPES, DocForm, DocType, StatutoryItem
from gongkai.catalog.models import Item as CatalogItem
from gongkai.feedback.models import Item as FeedbackItem
from gongkai.feedback.models.items import OPEN_STATUSES
from gongkai.portal.dates import prose

from .models import AnnualReport, InspectionMail, Status, legal_deadline

log = logging.getLogger(__name__)

VETO_SOURCE = "国办秘函〔2019〕19号 单项否决指标"
COLUMNS_SOURCE = "国办秘函〔2019〕19号 单项否决指标（栏目不更新、空白栏目，计入合计）"
DEDUCT_SOURCE = "国办秘函〔2019〕19号 扣分指标"
REPORT_SOURCE = "《政府信息公开条例》第四十九条"

# levels, most serious first
VETO, NEAR, DEDUCT, COUNTED, WARN = "veto", "near", "deduct", "counted", "warn"
LEVEL_LABELS = {VETO: "单项否决", NEAR: "即将否决", DEDUCT: "扣分", COUNTED: "计入合计", WARN: "提醒"}

#: every check, in the page's order: what an agency passed is said too, not only what it failed
CHECKS = ("首页不更新", "栏目不更新", "空白栏目", "互动回应差", "不可用链接", "年度报告逾期")


@dataclass
class Line:
    rule: str
    source: str
    level: str
    count: int
    unit: str
    detail: str
    column: str = ""
    links: list[tuple[str, str]] = field(default_factory=list)  # (label, url)

    @property
    def level_label(self) -> str:
        return LEVEL_LABELS[self.level]

    @property
    def is_veto_risk(self) -> bool:
        return self.level in (VETO, NEAR)

    def as_text(self) -> str:
        where = f"（{self.column}）" if self.column else ""
        return f"【{self.level_label}】{self.rule}{where}：{self.count}{self.unit}。{self.detail}依据：{self.source}。"


@dataclass
class AgencyResult:
    agency: Agency | None  # None: the site's home page
    lines: list[Line]

    @property
    def name(self) -> str:
        return self.agency.name if self.agency else "网站首页"

    @property
    def vetoes(self) -> int:
        return sum(1 for line in self.lines if line.level == VETO)

    @property
    def veto_risk(self) -> list[Line]:
        return [line for line in self.lines if line.is_veto_risk]

    @property
    def passed(self) -> list[str]:
        """The checks this agency (or the home page) passed: no line of theirs, near lines included."""
        failed = {"年度报告逾期" if line.rule == "年度报告即将到期" else line.rule for line in self.lines}
        checks = CHECKS if self.agency is not None else CHECKS[:1]
        return [check for check in checks if check not in failed]


# -- the columns -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # "news" (动态、要闻), "notice" (通知公告、政策文件)
    query: Q
    made_of: str  # what of the catalogue makes the column, said in the line (it has no page of its own)


CADENCE_COLUMNS = (
    Column("工作动态", "news", Q(doc_type=DocType.NON_DOCUMENT), "目录中的非公文信息"),
    Column("通知公告", "notice", Q(doc_form__in=[DocForm.NOTICE, DocForm.ANNOUNCEMENT, DocForm.PUBLIC_NOTICE]),
           "目录中文种为通知、公告、通告的信息"),
    Column("政策文件", "notice", Q(statutory_item=StatutoryItem.REGULATIONS) | Q(doc_type__in=RULE_TYPES),
           "目录中的法规、规章和规范性文件"),
)


def months_before(day: date, months: int) -> date:
    """The same day ``months`` calendar months earlier (the month's last day when it has fewer)."""
    y, m = divmod(day.year * 12 + day.month - 1 - months, 12)
    m += 1
    for d in (day.day, 30, 29, 28):
        try:
            return date(y, m, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _cn(day: date | None) -> str:
    return prose(day) if day else "从未"


# -- links -------------------------------------------------------------------------------------

_HREF = re.compile(r"""<a\s[^>]*?href\s*=\s*["']([^"']+)["']""", re.I)


def _own_hosts() -> set[str]:
    hosts = {h.lstrip(".").lower() for h in settings.ALLOWED_HOSTS if h not in ("*",)}
    site = urlsplit(settings.SITE_URL).hostname
    if site:
        hosts.add(site.lower())
    return hosts


class LinkChecker:
    """Resolves links to this site in-process (a request through Django, no network) and, when
    ``INSPECTION_CHECK_EXTERNAL_LINKS`` is on, external links with a HEAD request."""

    def __init__(self):
        self.hosts = _own_hosts()
        site = urlsplit(settings.SITE_URL)
        host = site.hostname or "localhost"
        if host not in settings.ALLOWED_HOSTS and "*" not in settings.ALLOWED_HOSTS and settings.ALLOWED_HOSTS:
            host = settings.ALLOWED_HOSTS[0].lstrip(".")
        self.client = Client(HTTP_HOST=host, raise_request_exception=False)
        self.secure = site.scheme == "https"
        self.external = settings.INSPECTION_CHECK_EXTERNAL_LINKS
        self.cache: dict[str, bool] = {}

    def is_broken(self, href: str) -> bool:
        href = href.strip()
        if href not in self.cache:
            self.cache[href] = self._check(href)
        return self.cache[href]

    def _check(self, href: str) -> bool:
        if href.startswith(("#", "mailto:", "tel:")):
            return False
        parts = urlsplit(href)
        if parts.scheme in ("http", "https") and (parts.hostname or "").lower() not in self.hosts:
            return self._external(href)
        if parts.scheme not in ("", "http", "https") or (not parts.scheme and parts.netloc):
            return False  # another scheme, or //host: not ours to judge
        path = parts.path or "/"
        if not path.startswith("/"):
            return False  # relative to the item's page: leave to the browser check
        if path.startswith(settings.MEDIA_URL):
            return not default_storage.exists(path[len(settings.MEDIA_URL):])
        response = self.client.get(path + (f"?{parts.query}" if parts.query else ""), secure=self.secure)
        return response.status_code in (404, 410)

    def _external(self, href: str) -> bool:
        if not self.external:
            return False
        request = urllib.request.Request(href, method="HEAD", headers={"User-Agent": "gongkai-inspection"})
        try:
            with urllib.request.urlopen(request, timeout=settings.INSPECTION_EXTERNAL_TIMEOUT_SECONDS) as r:
                return r.status >= 400
        except urllib.error.HTTPError as e:
            return e.code in (404, 410) or e.code >= 500
        except (OSError, ValueError):
            return True


def broken_links(items, checker: LinkChecker) -> list[tuple[CatalogItem, str]]:
    """(item, what is broken) for each dead link or missing attachment file in ``items``."""
    out = []
    for item in items:
        for href in dict.fromkeys(_HREF.findall(item.body or "")):
            if checker.is_broken(href):
                out.append((item, href))
        for attachment in item.attachments.all():
            if not attachment.file or not default_storage.exists(attachment.file.name):
                out.append((item, f"附件“{attachment.name}”的文件缺失"))
    return out


# -- the checks --------------------------------------------------------------------------------

def _home_line(last: date | None, today: date, column: str = "") -> Line | None:
    stale, warn = settings.INSPECTION_HOME_STALE_DAYS, settings.INSPECTION_HOME_WARN_DAYS
    days = (today - last).days if last else None
    if days is not None and days < stale - warn:
        return None
    if days is None or days >= stale:
        level, detail = VETO, f"最近一次更新：{_cn(last)}，{stale}天内首页无更新。"
    else:
        level, detail = NEAR, f"最近一次更新：{_cn(last)}，再过{stale - days}天即满{stale}天未更新。"
    return Line("首页不更新", VETO_SOURCE, level, days if days is not None else 0, "天未更新" if days is not None else "条信息",
                detail, column)


def check_agency(agency: Agency, today: date, checker: LinkChecker) -> AgencyResult:
    lines: list[Line] = []
    public = CatalogItem.objects.public(today).for_agency(agency)
    page = reverse("portal:agency", args=[agency.code])

    line = _home_line(public.aggregate(m=Max("published_on"))["m"], today, "机关首页")
    if line:
        line.links = [("机关首页", page)]
        lines.append(line)

    # 栏目不更新
    stale_columns = 0
    for column in CADENCE_COLUMNS:
        last = public.filter(column.query).aggregate(m=Max("published_on"))["m"]
        if last is None:
            continue  # the column has never had anything: no such column on this agency's pages
        if column.kind == "news":
            limit, since = f"{settings.INSPECTION_NEWS_STALE_DAYS}天", today - timedelta(days=settings.INSPECTION_NEWS_STALE_DAYS)
        else:
            limit, since = f"{settings.INSPECTION_NOTICE_STALE_MONTHS}个月", months_before(today, settings.INSPECTION_NOTICE_STALE_MONTHS)
        if last < since:
            stale_columns += 1
            kind = "动态、要闻类" if column.kind == "news" else "通知公告、政策文件类"
            lines.append(Line("栏目不更新", COLUMNS_SOURCE, COUNTED, (today - last).days, "天未更新",
                              f"{kind}栏目须在{limit}内更新；最近一次更新：{_cn(last)}（本栏目即{column.made_of}）。",
                              column.name))

    # 空白栏目: the 第二十条 items on the 法定主动公开内容 page with nothing public
    used = set(public.values_list("statutory_item", flat=True).distinct())
    empty = [item for item in StatutoryItem if item.value not in used]
    if empty:
        lines.append(Line("空白栏目", COLUMNS_SOURCE, COUNTED, len(empty), "个",
                          "法定主动公开内容中无信息的栏目：" + "、".join(e.label for e in empty) + "。",
                          "法定主动公开内容", [("法定主动公开内容", reverse("catalog:statutory", args=[agency.code]))]))
    total, veto_at = stale_columns + len(empty), settings.INSPECTION_COLUMN_VETO
    if total >= veto_at - 1 and total:
        lines.append(Line("栏目不更新和空白栏目合计", VETO_SOURCE, VETO if total >= veto_at else NEAR, total, "个",
                          f"不更新或空白的栏目达到{veto_at}个即单项否决。"))

    # 互动回应差
    months = settings.INSPECTION_UNANSWERED_MONTHS
    limit_day = months_before(today, months)
    open_items = FeedbackItem.objects.filter(agency=agency, status__in=OPEN_STATUSES)
    over = list(open_items.filter(received_on__lt=limit_day).order_by("received_on"))
    soon = list(open_items.filter(
        received_on__gte=limit_day,
        received_on__lt=months_before(today + timedelta(days=settings.INSPECTION_UNANSWERED_WARN_DAYS), months),
    ).order_by("received_on"))
    if over:
        lines.append(Line("互动回应差", VETO_SOURCE, VETO, len(over), "条",
                          f"超过{months}个月未答复的留言，最早收到于{_cn(over[0].received_on)}。", "互动交流",
                          [(i.number, reverse("feedback_staff:item", args=[i.number])) for i in over[:20]]))
    if soon:
        lines.append(Line("互动回应差", VETO_SOURCE, NEAR, len(soon), "条",
                          f"{settings.INSPECTION_UNANSWERED_WARN_DAYS}天内将满{months}个月未答复的留言。", "互动交流",
                          [(i.number, reverse("feedback_staff:item", args=[i.number])) for i in soon[:20]]))

    # 不可用链接
    broken = broken_links(public.prefetch_related("attachments").only("pk", "body", "index_number", "title"), checker)
    if broken:
        lines.append(Line("不可用链接", DEDUCT_SOURCE, DEDUCT, len(broken), "处",
                          "已发布信息中打不开的链接或缺失的附件：" + "；".join(f"《{i.title}》{what}" for i, what in broken[:10]) + "。",
                          "已发布信息", [(i.title, i.get_absolute_url()) for i, _ in broken[:20]]))

    # 年度报告逾期
    year = today.year - 1
    deadline = legal_deadline(agency, year)
    if not AnnualReport.objects.filter(agency=agency, year=year,
                                       status__in=[Status.PUBLISHED, Status.SUPERSEDED]).exists():
        days = (today - deadline).days
        if days > 0:
            lines.append(Line("年度报告逾期", REPORT_SOURCE, DEDUCT, days, "天",
                              f"{year}年度报告应于{_cn(deadline)}前公布，至今未发布。", "年度报告"))
        elif days >= -settings.INSPECTION_UNANSWERED_WARN_DAYS:
            lines.append(Line("年度报告即将到期", REPORT_SOURCE, WARN, -days, "天",
                              f"{year}年度报告应于{_cn(deadline)}前公布，尚未发布。", "年度报告"))
    order = {VETO: 0, NEAR: 1, COUNTED: 2, DEDUCT: 3, WARN: 4}
    lines.sort(key=lambda line: order[line.level])
    return AgencyResult(agency, lines)


def check_site(today: date) -> AgencyResult:
    last = CatalogItem.objects.public(today).aggregate(m=Max("published_on"))["m"]
    line = _home_line(last, today, "网站首页")
    if line:
        line.links = [("网站首页", reverse("portal:home"))]
    return AgencyResult(None, [line] if line else [])


def inspect(agencies, today: date | None = None) -> list[AgencyResult]:
    today = today or timezone.localdate()
    checker = LinkChecker()
    return [check_agency(a, today, checker) for a in agencies]


# -- the daily job -----------------------------------------------------------------------------

def _heads(agency: Agency) -> list[str]:
    return sorted({m.user.email for m in Membership.objects.active().filter(agency=agency, role=Role.HEAD)
                   .select_related("user") if m.user.email and m.user.is_active})


def mail_heads(results: list[AgencyResult], today: date) -> int:
    """Mail each agency's heads its 单项否决 lines hit or near; at most once per agency per day."""
    sent = 0
    for result in results:
        risk = result.veto_risk
        recipients = _heads(result.agency) if result.agency and risk else []
        if not recipients:
            continue
        texts = [line.as_text() for line in risk]
        try:
            with transaction.atomic():
                InspectionMail.objects.create(agency=result.agency, sent_on=today, recipients=recipients, lines=texts)
        except IntegrityError:
            continue  # already mailed today
        body = (f"{result.agency.name}负责人：\n\n网站自查发现以下事项已触及或即将触及"
                "《政府网站与政务新媒体检查指标》（国办秘函〔2019〕19号）单项否决指标，请及时处理：\n\n"
                + "\n".join(f"{n}. {t}" for n, t in enumerate(texts, start=1))
                + f"\n\n详见网站自查页面：{settings.SITE_URL}{reverse('reports:inspection')}\n")
        send_mail(f"网站自查提醒：{result.agency.name}（{_cn(today)}）", body, settings.DEFAULT_FROM_EMAIL, recipients)
        sent += 1
    return sent


def daily_inspection() -> dict[str, int]:
    today = timezone.localdate()
    results = inspect(Agency.objects.active().order_by("parent_id", "code"), today)
    return {"agencies": len(results), "veto": sum(r.vetoes for r in results), "mailed": mail_heads(results, today)}
