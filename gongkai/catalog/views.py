"""Public pages of the 政府信息公开 column: 目录, 法定主动公开内容, item pages, search, feeds,
exports and subscriptions. Server-rendered; nothing needs JavaScript."""

from __future__ import annotations

import csv

from django.db.models import Count
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.templatetags.static import static
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from gongkai.accounts.models import Agency
from gongkai.portal import cache as page_cache
from gongkai.portal import ratelimit
from gongkai.portal.spreadsheet import safe_row

from . import actions, mail
from .forms import SearchForm, SubscribeForm
from .models import ExtraItem, Item, StatutoryItem, Subscription, Topic, Validity
from .permissions import get_public_agency, get_public_attachment, get_public_item
from .search import querylog, search, site
from .search.suggest import suggestions

PER_PAGE = 20
FEED_ITEMS = 50


def _page_links(request, page):
    def url(n):
        params = request.GET.copy()
        params["page"] = n
        return "?" + params.urlencode()

    return {
        "previous": url(page.page - 1) if page.has_previous else "",
        "next": url(page.page + 1) if page.has_next else "",
    }


#: the 目录 table's sortable columns (``?sort=published`` / ``?sort=-published`` …); browsing only —
#: a keyword search stays in order of relevance
SORTS = {"index": ("index_number",), "title": ("title", "pk"), "signed": ("signed_on", "pk"),
         "published": ("published_on", "pk")}
SORT_LABELS = {"index": "索引号", "title": "名称", "signed": "成文日期", "published": "发布日期"}


def _sort(request) -> tuple[str, tuple[str, ...]]:
    key = request.GET.get("sort", "")
    name = key.removeprefix("-")
    if name not in SORTS:
        return "-published", ("-published_on", "-pk")
    fields = SORTS[name]
    return key, tuple(("-" + f if key.startswith("-") else f) for f in fields)


def _run_search(request, *, agency=None, agencies=None, order=("-published_on", "-pk")):
    form = SearchForm(request.GET or None, agencies=agencies)
    if form.is_bound:
        form.is_valid()
    f = form.filters()
    agency_filter = agency if agency is not None else (f.get("agency") or None)
    page = search(f["q"], agency=agency_filter, limit=PER_PAGE, page=f["page"], item=f["item"],
                  category=f["category"], year=f["year"], validity=f["validity"], order=order)
    return form, page


def _identified(request, agency) -> list:
    """What the first page's ``q`` names as an identifier within ``agency`` (an Agency, a code or
    None: every agency), counted as a search that found it when it names one thing."""
    q = (request.GET.get("q") or "").strip()[:100]
    if not q or request.GET.get("page"):
        return []
    named = site.identified(q, agency)
    if len(named) == 1:
        querylog.record(q, getattr(agency, "code", agency) or "", 1)
    return named


def agency_catalog(request, code):
    """目录: browse and search one agency's items by 第二十条 item, 主题分类, year and 有效性."""
    agency = get_public_agency(code)
    named = _identified(request, agency)  # a 索引号 or 文号 of this agency's
    if len(named) == 1:
        return redirect(named[0].url)
    sort, order = _sort(request)
    form, page = _run_search(request, agency=agency, order=order)
    if page.count and page.page > page.num_pages:  # ?page=99 of 2 pages: to the last page
        params = request.GET.copy()
        params["page"] = page.num_pages
        return redirect(f"{request.path}?{params.urlencode()}")
    public = Item.objects.public().for_agency(agency)
    years = [d.year for d in public.dates("published_on", "year", order="DESC")]
    item_counts = dict(public.values_list("statutory_item").annotate(n=Count("pk")))
    topic_counts = dict(public.values_list("topic__parent_id").annotate(n=Count("pk")))
    topics = [(t, topic_counts.get(t.pk, 0)) for t in Topic.objects.active().top_level() if topic_counts.get(t.pk)]
    response = render(request, "catalog/catalog.html", {
        "agency": agency, "form": form, "page": page, "links": _page_links(request, page),
        "years": years, "topics": topics,
        "items": [(v, StatutoryItem(v).short, item_counts[v]) for v in StatutoryItem.values if item_counts.get(v)],
        "validities": Validity.choices, "filtered": any(request.GET.get(k) for k in ("q", "item", "category", "year", "validity")),
        "sort_columns": _sort_columns(request, sort),
    })
    q = form.filters()["q"]
    if q and page.page == 1 and "sort" not in request.GET:  # a search of the 目录, not a re-sorting of it
        querylog.record_page(response, q, agency.code, page.count)
    return response


def _sort_columns(request, sort: str) -> list[dict]:
    """For each sortable column: its label, the link that sorts by it (ascending, or descending
    when it is already ascending) and the ``aria-sort`` value of its header."""
    columns = []
    for name, label in SORT_LABELS.items():
        params = request.GET.copy()
        params.pop("page", None)
        params["sort"] = "-" + name if sort == name else name
        state = "ascending" if sort == name else "descending" if sort == "-" + name else "none"
        columns.append({"name": name, "label": label, "url": "?" + params.urlencode(), "state": state})
    return columns


def statutory(request, code):
    """法定主动公开内容: 第二十条 （一）…（十五） and the 第二十一条 extras, with counts."""
    agency = get_public_agency(code)
    public = Item.objects.public().for_agency(agency)
    counts = dict(public.values_list("statutory_item").annotate(n=Count("pk")))
    extra_counts = dict(public.exclude(extra_item="").values_list("extra_item").annotate(n=Count("pk")))
    return render(request, "catalog/statutory.html", {
        "agency": agency,
        "items": [(v, label, counts.get(v, 0)) for v, label in StatutoryItem.choices],
        "extras": [(v, label, extra_counts.get(v, 0)) for v, label in ExtraItem.choices],
    })


def _search_agencies() -> list[Agency]:
    return list(Agency.objects.active().only("code", "name", "kind", "parent_id").order_by("parent_id", "code"))


def search_view(request):
    """The one box: an exact 索引号/文号/申请编号 goes straight to it; otherwise catalogue items
    (forgiving) and, on the first page, the other kinds of page that match, labelled."""
    q = (request.GET.get("q") or "").strip()[:100]
    named = _identified(request, request.GET.get("agency") or None)
    if len(named) == 1:
        return redirect(named[0].url)
    agencies = page_cache.memo("search-agencies", _search_agencies)
    form, page = _run_search(request, agencies=agencies)
    others = []
    agency = form.filters().get("agency") or None
    if q and page.page == 1:
        others = site.other_kinds(page.corrected or q, page.terms, agency)
    response = render(request, "catalog/search.html", {"form": form, "page": page,
                                                       "links": _page_links(request, page),
                                                       "searched": bool(request.GET), "others": others,
                                                       "candidates": named})
    if q and page.page == 1:
        querylog.record_page(response, q, agency or "", page.count + len(others) + len(named),
                             corrected=bool(page.corrected))
    return response


def suggest_view(request):
    """Completions for the search box (JSON list; the page works without it)."""
    return JsonResponse(suggestions(request.GET.get("q", "")), safe=False,
                        json_dumps_params={"ensure_ascii": False})


def item_detail(request, index_number):
    item = get_public_item(index_number)
    return render(request, "catalog/item.html", {"item": item, "attachments": item.attachments.all()})


def item_print(request, index_number):
    item = get_public_item(index_number)
    return render(request, "catalog/item_print.html", {"item": item, "attachments": item.attachments.all()})


def attachment_download(request, index_number, pk):
    attachment = get_public_attachment(index_number, pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404("附件文件不存在。") from None
    return FileResponse(handle, as_attachment=True, filename=attachment.name, content_type=attachment.mime)


# ---- feeds and exports ---------------------------------------------------------------------------

def _feed_items(agency=None, request=None):
    qs = Item.objects.public().select_related("agency", "topic__parent")
    if agency is not None:
        qs = qs.for_agency(agency)
    item = request.GET.get("item", "") if request else ""
    if item in StatutoryItem.values or item in ExtraItem.values:
        qs = qs.browse(item=item)
    category = request.GET.get("category", "") if request else ""
    topic = Topic.objects.filter(pk=category).first() if category.isdigit() else None
    if category and topic is None:
        raise Http404("没有这个主题分类。")
    if topic is not None:
        qs = qs.browse(topic=topic)
    return qs.order_by("-published_on", "-pk")[:FEED_ITEMS], topic, item


def _atom(request, title, link, items):
    feed = Atom1Feed(title=title, link=request.build_absolute_uri(link), description=title, language="zh-hans",
                     feed_url=request.build_absolute_uri())
    for it in items:
        feed.add_item(
            title=it.title, link=request.build_absolute_uri(it.get_absolute_url()),
            description=it.summary or it.body_text[:200], unique_id=f"urn:gongkai:catalog:{it.index_number}",
            unique_id_is_permalink=False, pubdate=timezone.make_aware(
                timezone.datetime.combine(it.published_on, timezone.datetime.min.time())),
            updateddate=it.revised_at or it.published_at, author_name=it.publisher_name,
            categories=[it.topic.path, it.statutory_item_short])
    # a browser shows the feed as a readable page through the XSL stylesheet; readers ignore it
    xml = feed.writeString("utf-8")
    declaration, _, rest = xml.partition("?>")
    xml = f'{declaration}?>\n<?xml-stylesheet type="text/xsl" href="{static("catalog/feed.xsl")}"?>{rest}'
    return HttpResponse(xml, content_type="application/atom+xml; charset=utf-8")


def agency_feed(request, code):
    agency = get_public_agency(code)
    items, topic, item = _feed_items(agency, request)
    title = f"{agency.name} · 主动公开" + (f" · {topic.path}" if topic else "") + (
        f" · {dict(StatutoryItem.choices + ExtraItem.choices)[item]}" if item else "")
    return _atom(request, title, reverse("catalog:agency_catalog", args=[agency.code]), items)


def site_feed(request):
    items, topic, item = _feed_items(None, request)
    return _atom(request, "主动公开" + (f" · {topic.path}" if topic else ""), reverse("catalog:search"), items)


EXPORT_FIELDS = [
    ("index_number", "索引号"), ("title", "名称"), ("doc_number", "文号"), ("publisher", "发布机构"),
    ("signed_on", "成文日期"), ("formed_on", "形成或变更日期"), ("published_on", "发布日期"), ("topic", "主题分类"),
    ("statutory_item", "法定主动公开内容"), ("doc_form", "文种"), ("doc_type", "文件类型"), ("validity", "有效性"),
    ("effective_on", "施行日期"), ("repealed_on", "废止日期"), ("summary", "内容概述"), ("keywords", "关键词"),
    ("url", "网址"),
]


def export_rows(request, agency):
    for it in Item.objects.public().for_agency(agency).select_related("agency", "topic__parent").order_by("published_on", "pk"):
        yield {
            "index_number": it.index_number, "title": it.title, "doc_number": it.doc_number,
            "publisher": it.publisher_name, "signed_on": it.signed_on, "formed_on": it.formed_on,
            "published_on": it.published_on, "topic": it.topic.path, "statutory_item": it.get_statutory_item_display(),
            "doc_form": it.get_doc_form_display(), "doc_type": it.get_doc_type_display(),
            "validity": it.get_validity_display(), "effective_on": it.effective_on, "repealed_on": it.repealed_on,
            "summary": it.summary, "keywords": it.keywords, "url": request.build_absolute_uri(it.get_absolute_url()),
        }


def export_csv(request, code):
    agency = get_public_agency(code)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(agency.name)}%E7%9B%AE%E5%BD%95.csv"
    response.write("\ufeff")  # so that Excel opens it as UTF-8
    writer = csv.writer(response)
    writer.writerow([label for _, label in EXPORT_FIELDS])
    for row in export_rows(request, agency):  # titles and summaries are typed by staff: never a formula
        writer.writerow(safe_row("" if row[k] is None else row[k] for k, _ in EXPORT_FIELDS))
    return response


def export_json(request, code):
    agency = get_public_agency(code)
    rows = [{k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in row.items()}
            for row in export_rows(request, agency)]
    response = JsonResponse({"agency": agency.name, "count": len(rows), "fields": dict(EXPORT_FIELDS),
                             "results": rows}, json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(agency.name)}%E7%9B%AE%E5%BD%95.json"
    return response


def _quote(text):
    from urllib.parse import quote

    return quote(text)


# ---- subscriptions ----------------------------------------------------------------------------

@require_http_methods(["GET", "POST"])
def subscribe(request):
    agencies = list(Agency.objects.active().order_by("parent_id", "code"))
    form = SubscribeForm(request.POST or None, agencies=agencies, initial={
        k: request.GET.get(k, "") for k in ("agency", "item", "category", "q")})
    if request.method == "POST" and (wait := ratelimit.rate_limited(request, "subscribe")):
        form.is_valid()
        form.add_error(None, ratelimit.message(wait))
        return render(request, "catalog/subscribe.html", {"form": form}, status=429)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        agency = next((a for a in agencies if a.code == d["agency"]), None)
        topic = Topic.objects.filter(pk=d["category"]).first() if d["category"] else None
        try:
            actions.subscribe(email=d["email"], agency=agency, topic=topic, statutory_item=d["item"], query=d["q"])
        except actions.ActionError as e:
            form.add_error(None, e.message)
        else:
            return render(request, "catalog/subscription_message.html", {
                "title": "请查收确认邮件",
                "message": f"我们已向 {d['email']} 发送了一封确认邮件。请在7天内打开邮件中的链接完成订阅；确认之前不会发送任何信息。"})
    return render(request, "catalog/subscribe.html", {"form": form, "feeds": _feeds(request, agencies)})


def _feeds(request, agencies) -> list[dict]:
    """The Atom addresses to copy into a reader: the chosen agency's (from ``?agency=``) and the
    whole site's. A browser is sent here, not to the raw XML (Chromium no longer renders XSLT)."""
    chosen = next((a for a in agencies if a.code == request.GET.get("agency", "")), None)
    feeds = [{"label": f"{chosen.name}新公开的信息", "url": request.build_absolute_uri(
        reverse("catalog:agency_feed", args=[chosen.code]))}] if chosen else []
    return feeds + [{"label": "全部机关新公开的信息", "url": request.build_absolute_uri(reverse("catalog:site_feed"))}]


def _subscription_from(token, purpose, max_age=None):
    pk = mail.read_token(token, purpose, max_age)
    sub = Subscription.objects.filter(pk=pk).select_related("agency", "topic__parent").first() if pk else None
    if sub is None:
        raise Http404("链接无效或已过期。")
    return sub


@require_http_methods(["GET", "POST"])
def subscription_confirm(request, token):
    subscription = _subscription_from(token, "confirm", mail.CONFIRM_MAX_AGE)
    if request.method == "POST" and (wait := ratelimit.rate_limited(request, "subscription")):
        return render(request, "catalog/subscription_message.html", {
            "title": "无法确认", "message": ratelimit.message(wait)}, status=429)
    if request.method == "POST":
        try:
            actions.confirm_subscription(subscription)
        except actions.ActionError as e:
            return render(request, "catalog/subscription_message.html", {"title": "无法确认", "message": e.message})
        return render(request, "catalog/subscription_message.html", {
            "title": "订阅成功", "message": f"今后“{subscription.describe()}”有新公开的信息时，我们会发邮件告诉您。每封邮件都带有退订链接。"})
    return render(request, "catalog/subscription_action.html", {
        "subscription": subscription, "title": "确认订阅", "button": "确认订阅"})


@csrf_exempt  # RFC 8058 one-click unsubscribe: mail clients POST without a CSRF token; the signed link is the secret
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    subscription = _subscription_from(token, "unsubscribe")
    if request.method == "POST" and (wait := ratelimit.rate_limited(request, "subscription")):
        return render(request, "catalog/subscription_message.html", {
            "title": "无法退订", "message": ratelimit.message(wait)}, status=429)
    if request.method == "POST":
        actions.unsubscribe(subscription)
        return render(request, "catalog/subscription_message.html", {
            "title": "已退订", "message": f"您不会再收到“{subscription.describe()}”的邮件。"})
    return render(request, "catalog/subscription_action.html", {
        "subscription": subscription, "title": "退订", "button": "退订"})
