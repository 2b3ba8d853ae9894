"""Staff pages of the catalogue: drafting, review, revision, withdrawal, the 第二十六条 list, the
search dictionary, the 索引号 pattern and the table 二 figures. Each view starts with a permission
helper that returns the object or raises 404; forms validate; actions change."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.accounts.permissions import staff_agencies
from gongkai.portal.staff_views import query_without_page
from gongkai.rules.periods import PUBLICATION_LIMIT_WORKING_DAYS

from . import actions, index_numbers
from .search import querylog
from .figures import proactive_figures
from .forms import (AttachmentForm, FiguresForm, ItemForm, NoteForm, PublishForm, RevisionForm, SettingsForm,
                    SynonymForm, TermForm)
from .models import (CatalogSettings, DEFAULT_INDEX_PATTERN, Item, SearchQueryCount, SearchSynonym, SearchTerm,
                     YearlyFigures)
from .permissions import (can_edit, can_review, get_editable_item, get_editing_agency, get_reviewable_item,
                          get_reviewing_agency, get_staff_attachment, get_staff_item, search_count_scopes)
from gongkai.rules.annual_format import PROACTIVE_COLUMN_LABELS, PROACTIVE_ROWS


def _fail(request, error: actions.ActionError):
    messages.error(request, error.message)


ITEMS_PER_PAGE = 30


@login_required
def items(request):
    agencies = staff_agencies(request.user)
    if not agencies.exists():
        raise Http404("没有可办理的机关。")
    qs = Item.objects.filter(agency__in=agencies).select_related("agency", "topic__parent")
    status = request.GET.get("status", "")
    if status in Item.Status.values:
        qs = qs.filter(status=status)
    agency_code = request.GET.get("agency", "")
    if agency_code:
        qs = qs.filter(agency__code=agency_code)
    q = request.GET.get("q", "").strip()[:100]
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(index_number__icontains=q) | Q(doc_number__icontains=q))
    page = Paginator(qs.order_by("-updated_at", "-pk"), ITEMS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "catalog/staff/items.html", {
        "page": page, "query": query_without_page(request), "q": q, "statuses": Item.Status.choices, "status": status,
        "agencies": agencies.order_by("parent_id", "code"), "agency_code": agency_code,
        "editable": [a for a in agencies if can_edit(request.user, a)],
        # 索引号规则 is for reviewers (settings_view): never show an officer a link that answers 404
        "reviewable": {a.pk for a in agencies if can_review(request.user, a)},
        "report_year": timezone.localdate().year - 1,
        "awaiting": qs.model.objects.filter(agency__in=agencies).awaiting_review().count(),
    })


@login_required
def new_item(request, code):
    agency = get_editing_agency(request.user, code)
    form = ItemForm(request.POST or None, agency=agency)
    if request.method == "POST" and form.is_valid():
        try:
            item = actions.create_item(agency=agency, data=form.cleaned_data, actor=request.user)
        except actions.ActionError as e:
            form.add_error(None, e.message)
        else:
            messages.success(request, "已保存草稿。")
            return redirect("catalog_staff:item", item.pk)
    return render(request, "catalog/staff/item_form.html", {"form": form, "agency": agency, "title": "新建目录信息"})


@login_required
def item(request, pk):
    it = get_staff_item(request.user, pk)
    hits = actions.screen_hits(it)
    confirmed = {(c["kind"], c["text"]) for c in it.screen_confirmed}
    return render(request, "catalog/staff/item.html", {
        "item": it, "events": it.events.select_related("actor"), "versions": it.versions.all(),
        "attachments": it.attachments.all(), "can_edit": can_edit(request.user, it.agency),
        "can_review": can_review(request.user, it.agency),
        "hits": [(m, (m.kind, m.text) in confirmed) for m in hits],
        "uncleared": actions.uncleared_hits(it), "publish_form": PublishForm(initial={"published_on": timezone.localdate()}),
        "attachment_form": AttachmentForm(), "note_form": NoteForm(),
        "draft_like": it.status in (Item.Status.DRAFT, Item.Status.SUBMITTED), "limit": PUBLICATION_LIMIT_WORKING_DAYS,
    })


@login_required
def edit_item(request, pk):
    it = get_editable_item(request.user, pk)
    if it.status not in (Item.Status.DRAFT, Item.Status.SUBMITTED):
        raise Http404("已发布的信息请使用“修订”。")
    form = ItemForm(request.POST or None, instance=it, agency=it.agency)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_item(it, data=form.cleaned_data, actor=request.user)
        except actions.ActionError as e:
            form.add_error(None, e.message)
        else:
            messages.success(request, "已保存。")
            return redirect("catalog_staff:item", it.pk)
    return render(request, "catalog/staff/item_form.html", {"form": form, "agency": it.agency, "item": it,
                                                             "title": "修改草稿"})


@login_required
def revise_item(request, pk):
    it = get_reviewable_item(request.user, pk)
    if it.status != Item.Status.PUBLISHED:
        raise Http404("只有已发布的信息可以修订。")
    form = RevisionForm(request.POST or None, instance=it, agency=it.agency,
                        initial={"changed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("reason", "changed_on")}
        try:
            actions.revise_item(Item.objects.get(pk=it.pk), data=data, actor=request.user,
                                reason=form.cleaned_data["reason"], changed_on=form.cleaned_data["changed_on"])
        except actions.ActionError as e:
            form.add_error(None, e.message)
        else:
            messages.success(request, "已修订并重新发布，索引号不变。")
            return redirect("catalog_staff:item", it.pk)
    return render(request, "catalog/staff/item_form.html", {"form": form, "agency": it.agency, "item": it,
                                                             "title": "修订已发布信息"})


def _post_action(request, pk, run, success, getter=get_staff_item):
    it = getter(request.user, pk)
    try:
        run(it)
    except actions.ActionError as e:
        _fail(request, e)
    else:
        messages.success(request, success)
    return redirect("catalog_staff:item", it.pk)


@login_required
@require_POST
def submit_item(request, pk):
    return _post_action(request, pk, lambda it: actions.submit_item(it, actor=request.user), "已提交负责人审核。",
                        get_editable_item)


@login_required
@require_POST
def return_item(request, pk):
    form = NoteForm(request.POST)
    note = form.data.get("note", "")
    return _post_action(request, pk, lambda it: actions.return_item(it, actor=request.user, note=note),
                        "已退回经办人修改。", get_reviewable_item)


@login_required
@require_POST
def publish_item(request, pk):
    form = PublishForm(request.POST)
    it = get_reviewable_item(request.user, pk)
    if not form.is_valid():
        for errors in form.errors.values():
            for e in errors:
                messages.error(request, e)
        return redirect("catalog_staff:item", it.pk)
    return _post_action(request, pk, lambda it: actions.publish_item(
        it, actor=request.user, published_on=form.cleaned_data["published_on"]), "已发布。", get_reviewable_item)


@login_required
@require_POST
def withdraw_item(request, pk):
    note = request.POST.get("note", "")
    return _post_action(request, pk, lambda it: actions.withdraw_item(it, actor=request.user, reason=note),
                        "已撤回，公众不再能看到或检索到这条信息。", get_reviewable_item)


@login_required
@require_POST
def confirm_screen(request, pk):
    texts = request.POST.getlist("text")
    return _post_action(request, pk, lambda it: actions.confirm_screen_hits(it, texts=texts, actor=request.user),
                        "已确认：所选内容属于应当公开的信息。", get_editable_item)


@login_required
@require_POST
def add_attachment(request, pk):
    it = get_staff_item(request.user, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "请选择要上传的文件。")
        return redirect("catalog_staff:item", it.pk)
    return _post_action(request, pk, lambda it: actions.add_attachment(it, upload=form.cleaned_data["file"],
                                                                       actor=request.user), "已上传附件。")


@login_required
@require_POST
def remove_attachment(request, pk):
    attachment = get_staff_attachment(request.user, pk)
    try:
        actions.remove_attachment(attachment, actor=request.user)
    except actions.ActionError as e:
        _fail(request, e)
    else:
        messages.success(request, "已删除附件。")
    return redirect("catalog_staff:item", attachment.item_id)


@login_required
def download_attachment(request, pk):
    attachment = get_staff_attachment(request.user, pk)
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name,
                        content_type=attachment.mime)


@login_required
def late(request):
    """条例第二十六条: items published later than the limit after 形成或变更日期 (``rules.periods``)."""
    agencies = staff_agencies(request.user)
    if not agencies.exists():
        raise Http404("没有可办理的机关。")
    qs = Item.objects.filter(agency__in=agencies).late().select_related("agency").order_by("-published_on")
    year = request.GET.get("year", "")
    if year.isdigit():
        qs = qs.filter(published_on__year=int(year))
    return render(request, "catalog/staff/late.html", {"items": qs[:500], "year": year,
                                                       "limit": PUBLICATION_LIMIT_WORKING_DAYS})


@login_required
def terms(request, code):
    agency = get_editing_agency(request.user, code)
    form = TermForm(request.POST or None)
    if request.method == "POST":
        if "remove" in request.POST:
            row = SearchTerm.objects.filter(agency=agency, pk=request.POST.get("remove")).first()
            if row is None:
                raise Http404("没有这个词语。")
            try:
                actions.remove_search_term(row, actor=request.user)
            except actions.ActionError as e:
                _fail(request, e)
            else:
                messages.success(request, f"已删除“{row.term}”，相关信息将重新建立索引。")
            return redirect("catalog_staff:terms", agency.code)
        if form.is_valid():
            try:
                actions.add_search_term(agency, term=form.cleaned_data["term"], actor=request.user)
            except actions.ActionError as e:
                form.add_error("term", e.message)
            else:
                messages.success(request, f"已添加“{form.cleaned_data['term']}”，相关信息将重新建立索引。")
                return redirect("catalog_staff:terms", agency.code)
    return render(request, "catalog/staff/terms.html", {"agency": agency, "form": form,
                                                        "terms": agency.search_terms.select_related("created_by")})


@login_required
def synonyms(request, code):
    """The agency's synonym list (低保 ↔ 最低生活保障): every agency's groups apply to every search."""
    agency = get_editing_agency(request.user, code)
    form = SynonymForm(request.POST or None)
    if request.method == "POST":
        if "remove" in request.POST:
            row = SearchSynonym.objects.filter(agency=agency, pk=request.POST.get("remove")).first()
            if row is None:
                raise Http404("没有这个同义词组。")
            actions.remove_synonym_group(row, actor=request.user)
            messages.success(request, f"已删除同义词组“{row}”。")
            return redirect("catalog_staff:synonyms", agency.code)
        if form.is_valid():
            try:
                row = actions.add_synonym_group(agency, words=form.cleaned_data["words"], actor=request.user)
            except actions.ActionError as e:
                form.add_error("words", e.message)
            else:
                messages.success(request, f"已添加同义词组“{row}”，下一次检索起生效。")
                return redirect("catalog_staff:synonyms", agency.code)
    return render(request, "catalog/staff/synonyms.html", {"agency": agency, "form": form,
                                                           "groups": agency.search_synonyms.all()},
                  status=400 if form.errors else 200)


@login_required
def settings_view(request, code):
    agency = get_reviewing_agency(request.user, code)
    current = CatalogSettings.objects.filter(agency=agency).first()
    form = SettingsForm(request.POST or None,
                        initial={"index_pattern": current.index_pattern if current else DEFAULT_INDEX_PATTERN})
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_catalog_settings(agency, index_pattern=form.cleaned_data["index_pattern"], actor=request.user)
        except actions.ActionError as e:
            form.add_error("index_pattern", e.message)
        else:
            messages.success(request, "已保存。今后发布的信息按新规则编号，已有索引号不变。")
            return redirect("catalog_staff:settings", agency.code)
    try:
        example = index_numbers.preview(form["index_pattern"].value() or "", agency, timezone.localdate())
    except index_numbers.PatternError as e:
        example = f"（无法生成：{e}）"
    return render(request, "catalog/staff/settings.html", {"agency": agency, "form": form, "example": example})


@login_required
def figures(request, code, year):
    agency = get_editing_agency(request.user, code)
    if not 2008 <= year <= timezone.localdate().year:
        raise Http404("年度不正确。")
    row = YearlyFigures.objects.filter(agency=agency, year=year).first()
    form = FiguresForm(request.POST or None, instance=row)
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_yearly_figures(agency, year, data=form.cleaned_data, actor=request.user)
        except actions.ActionError as e:
            form.add_error(None, e.message)
        else:
            messages.success(request, format_html(
                "已保存{}年数据。<a href=\"{}\">回到{}年度报告</a>（草稿的表二打开时即按这些数字统计）。",
                year, reverse("reports:workspace", args=[agency.code, year]), year))
            return redirect("catalog_staff:figures", agency.code, year)
    table = proactive_figures(agency, year)
    rows = [(r, [(PROACTIVE_COLUMN_LABELS[c], table[r.key][c]) for c in r.columns]) for r in PROACTIVE_ROWS]
    return render(request, "catalog/staff/figures.html", {"agency": agency, "year": year, "form": form, "rows": rows,
                                                          "years": range(timezone.localdate().year, 2019, -1)})


SEARCH_ROWS = 50


@login_required
def searches(request):
    """What people searched for (issue 18, 6): per agency and month, the most frequent queries and
    the most frequent that found nothing — to publish what people look for. An agency's staff see
    the searches within their agency; the disclosure office also the site-wide box."""
    scopes = search_count_scopes(request.user)
    if not scopes:
        raise Http404("没有可查看的机关。")
    code = request.GET.get("agency", scopes[0][0])
    if code not in dict(scopes):
        raise Http404("没有找到该机关。")
    this_month = timezone.localdate().replace(day=1)
    month, error = this_month, ""
    if request.GET.get("month"):
        try:
            month = timezone.datetime.strptime(request.GET["month"], "%Y-%m").date()
        except ValueError:
            error = "月份格式不正确，应为“年-月”，如 2025-03。"
    months = [(m.strftime("%Y-%m"), f"{m.year}年{m.month}月", m == month)
              for m in sorted(set(SearchQueryCount.objects.dates("month", "month")) | {this_month, month}, reverse=True)]
    return render(request, "catalog/staff/searches.html", {
        "scopes": scopes, "code": code, "scope_label": dict(scopes)[code], "month": month, "month_label": f"{month.year}年{month.month}月", "months": months,
        "error": error, "limit": SEARCH_ROWS,
        "top": [] if error else querylog.top_queries(month, code, limit=SEARCH_ROWS),
        "empty": [] if error else querylog.top_queries(month, code, empty=True, limit=SEARCH_ROWS),
    }, status=400 if error else 200)
