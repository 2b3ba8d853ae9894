"""Public pages that belong to no single app: home, agency pages, 指南, errors, health."""

from __future__ import annotations

from pathlib import Path

from django.db import connection
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache

from gongkai.accounts.models import Agency


def _public_agency(code: str) -> Agency:
    return get_object_or_404(Agency.objects.active().select_related("parent"), code=code)


def home(request):
    governments = list(Agency.objects.active().governments().prefetch_related("children"))
    others = Agency.objects.active().exclude(kind=Agency.Kind.GOVERNMENT).filter(parent__isnull=True)
    from .models import SiteIdentity

    host = SiteIdentity.current().host_agency
    return render(request, "portal/home.html", {
        "governments": governments, "others": others, "site_links": _links(SITE_LINKS), "host": host,
        "columns": _links(COLUMNS, code=host.code) if host else [],
        "interaction": _links(INTERACTION, code=host.code) if host else []})


#: the 政府信息公开 专栏 of an agency page, in the order agencies and evaluators expect (指南、制度、
#: 法定主动公开内容、目录、年度报告、依申请公开), then 互动 and subscriptions: (label, url name, hint);
#: a link whose app is not installed is left out
COLUMNS = (
    ("政府信息公开指南", "portal:guide", "分类、编排体系、获取方式、工作机构，申请的方式和程序，监督和救济"),
    ("政府信息公开制度", "portal:rules", "政府信息公开工作所依据的法规和本机关的工作制度"),
    ("法定主动公开内容", "catalog:statutory", "条例第二十条、第二十一条规定应当主动公开的信息"),
    ("政府信息公开目录", "catalog:agency_catalog", "按索引号、名称、发布日期排序和检索，查阅和下载"),
    ("政府信息公开年度报告", "annual_reports:list", "历年政府信息公开工作年度报告"),
    ("依申请公开", "disclosure:apply", "在线提交政府信息公开申请"),
)
#: 互动交流, on the home page for the host government and on every agency's page
INTERACTION = (
    ("建议、咨询和投诉", "feedback:submit", "提出建议、意见、咨询或投诉，限期答复"),
    ("公开答复", "feedback:questions", "经同意公开的问题和答复"),
    ("在线问卷", "feedback:agency_surveys", "参与问卷调查"),
)
AGENCY_COLUMNS = COLUMNS + INTERACTION + (
    ("订阅更新", "catalog:subscribe", "用邮件或阅读器（Atom）订阅本机关新公开的信息"),
    ("目录下载", "catalog:export_csv", "本机关政府信息公开目录（CSV）"),
)
SITE_LINKS = (
    ("查询申请办理进度", "disclosure:track"),
    ("查询建议、咨询办理进度", "feedback:track"),
    ("订阅全部新公开信息", "catalog:subscribe"),
)


#: site-wide pages that an agency's column opens for that agency (``?agency=<code>``)
FOR_AGENCY = {"catalog:subscribe"}


def _links(entries, **kwargs):
    return [{"label": label, "hint": rest[0] if rest else "",
             "url": reverse(name) + f"?agency={kwargs['code']}" if name in FOR_AGENCY and kwargs
             else reverse(name, kwargs=kwargs or None)}
            for label, name, *rest in entries]


def agency(request, code: str):
    agency = _public_agency(code)
    children = agency.children.filter(is_active=True) if agency.kind == Agency.Kind.GOVERNMENT else []
    return render(request, "portal/agency.html", {"agency": agency, "children": children,
                                                  "columns": _links(AGENCY_COLUMNS, code=agency.code)})


def guide(request, code: str):
    """指南 with every content of 条例第十二条 (and the application form of 第二十九条)."""
    agency = _public_agency(code)
    links = {key: reverse(name, args=[agency.code]) for key, name in (
        ("statutory", "catalog:statutory"), ("catalog", "catalog:agency_catalog"),
        ("apply", "disclosure:apply"))}
    links["feed"] = reverse("catalog:subscribe") + f"?agency={agency.code}"
    links["form_docx"] = reverse("application_form", args=[agency.code, "docx"])
    links["form_pdf"] = reverse("application_form", args=[agency.code, "pdf"])
    links["track"] = reverse("disclosure:track")
    org = agency.org_code.replace("-", "") or "000014349"
    government = agency.government
    oversight = government.office_name if government.pk != agency.pk else ""
    return render(request, "portal/guide.html", {
        "agency": agency, "links": links, "oversight": oversight,
        "index_example": f"{org}/{timezone.localdate().year}-00001"})


def rules(request, code: str):
    """政府信息公开制度: the rules the agency's disclosure work follows."""
    agency = _public_agency(code)
    return render(request, "portal/rules.html", {"agency": agency, "guide_url": reverse("portal:guide", args=[code])})


def _queue_health() -> dict:
    """The background queue (django-tasks-db): what waits, what runs, what failed, and how long
    the oldest ready task has waited — the sign that no worker is running or they cannot keep up."""
    from django.conf import settings
    from django.db.models import Count, Min, Q
    from django.utils import timezone
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult, get_date_max

    now = timezone.now()
    due = Q(status=TaskResultStatus.READY) & (Q(run_after=get_date_max()) | Q(run_after__lte=now))
    figures = DBTaskResult.objects.aggregate(
        ready=Count("pk", filter=due),
        scheduled=Count("pk", filter=Q(status=TaskResultStatus.READY) & ~(Q(run_after=get_date_max())
                                                                          | Q(run_after__lte=now))),
        running=Count("pk", filter=Q(status=TaskResultStatus.RUNNING)),
        failed=Count("pk", filter=Q(status=TaskResultStatus.FAILED)),
        failed_24h=Count("pk", filter=Q(status=TaskResultStatus.FAILED,
                                        finished_at__gte=now - timezone.timedelta(hours=24))),
    )
    # a task waits from when it became due: its run_after, or its enqueueing when it has none
    oldest = DBTaskResult.objects.filter(due).aggregate(
        enqueued=Min("enqueued_at", filter=Q(run_after=get_date_max())),
        due=Min("run_after", filter=~Q(run_after=get_date_max())))
    starts = [t for t in oldest.values() if t is not None]
    age = max(0, round((now - min(starts)).total_seconds())) if starts else 0
    figures["oldest_ready_age_seconds"] = age
    figures["status"] = "stale" if age > settings.QUEUE_MAX_AGE_SECONDS else "ok"
    return figures


@never_cache
def healthz(request):
    """``{"status", "database", "storage", "queue"}``. 200 while the database answers and the
    data directory (and the media directory, when files are kept on disk) takes a write (a load
    balancer should keep sending traffic); ``status`` is ``degraded`` when the queue is stale, and
    503 when the database is down or nothing can be written."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        db = "ok"
    except Exception:  # noqa: BLE001 - any database failure is "down" here
        return JsonResponse({"status": "down", "database": "down", "queue": None}, status=503)
    from django.conf import settings

    from .writable import write_problem

    dirs = [Path(settings.DATA_DIR)]
    if Path(settings.MEDIA_ROOT).is_dir():  # files on disk (not in an object store)
        dirs.append(Path(settings.MEDIA_ROOT))
    if any(write_problem(d) for d in dirs):
        return JsonResponse({"status": "down", "database": db, "storage": "read-only", "queue": None}, status=503)
    try:
        queue = _queue_health()
    except Exception:  # noqa: BLE001 - e.g. the queue table is missing before migrations
        queue = {"status": "unknown"}
    status = "ok" if queue["status"] == "ok" else "degraded"
    return JsonResponse({"status": status, "database": db, "storage": "ok", "queue": queue})


def not_found(request, exception=None):
    return render(request, "portal/404.html", status=404)


def server_error(request):
    return render(request, "portal/500.html", status=500)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: an expired session or blocked cookies, explained in the site's own page,
    with a way back to the form (the Referer when it is this site, else the home page)."""
    back = request.META.get("HTTP_REFERER", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        back = ""
    return render(request, "portal/403_csrf.html", {"back": back}, status=403)
