"""The admin reads as natural Chinese: Django's word-for-word renderings ("选择 机关 来修改",
"以 类型", "增加 机关") are overridden in gongkai/portal/locale."""

import json
import re
from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

#: Django's own zh_Hans phrasing that must not show (and what replaced it)
MACHINE_PHRASES = ["来修改", "来查看", " 以 ", "以 ", "过滤器", "增加 ", "取消选中", "个中 0 个被选", "选中所有的",
                   "总共 ", "动作", "条结果。", "Django"]
#: two Chinese characters with a space between them: a placeholder Django filled in with spaces
SPACED = re.compile(r"[\u4e00-\u9fff（）“”] +[\u4e00-\u9fff（）“”]")


class _Text(HTMLParser):
    """The text a reader sees, one text node at a time (no scripts, styles or attributes)."""

    def __init__(self):
        super().__init__()
        self.nodes, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("script", "style")
        for name, value in attrs:
            if name in ("title", "aria-label", "placeholder") and value:
                self.nodes.append(value)
            if tag == "input" and name == "value" and dict(attrs).get("type") in ("submit", "button") and value:
                self.nodes.append(value)

    def handle_endtag(self, tag):
        self._skip -= tag in ("script", "style")

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.nodes.append(data.strip())


def _problems(html: str) -> list[str]:
    parser = _Text()
    parser.feed(html)
    out = []
    for node in parser.nodes:
        if "空格" in node:  # a help text showing how to separate words with spaces
            continue
        out += [f"{p!r} in {node!r}" for p in MACHINE_PHRASES if p in f" {node} "]
        out += [f"space in {node!r}" for _ in SPACED.findall(node)]
    return out


def _changelists():
    for model, model_admin in admin.site._registry.items():
        yield model, model_admin, reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


@pytest.mark.parametrize("which", ["changelist", "add"])
def test_it_words_every_admin_list_and_form_in_natural_chinese(client, world, which):
    client.force_login(world.admin)
    problems, seen = [], 0
    for model, model_admin, url in _changelists():
        if which == "add":
            if not model_admin.has_add_permission(_request(world.admin)):
                continue
            url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")
        response = client.get(url)
        assert response.status_code == 200, url
        seen += 1
        problems += [f"{url}: {p}" for p in _problems(response.content.decode())]
    assert seen > 5
    assert problems == []


def test_it_says_select_to_change_and_filter_by_as_chinese_does(client, world):
    client.force_login(world.admin)
    html = client.get(reverse("admin:accounts_agency_changelist")).content.decode()
    assert "选择要修改的机关" in html and "选择 机关 来修改" not in html
    assert "删除所选机关" in html and "已选0个，共" in html
    assert re.search(r"共\d+个机关", html)
    with_filter = next((url for model, model_admin, url in _changelists() if model_admin.list_filter), None)
    html = client.get(with_filter).content.decode()
    assert re.search(r"按[^<>\s]+筛选", html) and "以 " not in html, with_filter


def test_the_admin_scripts_count_the_selection_in_chinese(client, world):
    client.force_login(world.admin)
    script = client.get(reverse("admin:jsi18n")).content.decode()
    catalog = json.loads(re.search(r"const newcatalog = (\{.*?\});\n", script, re.S).group(1))
    assert catalog["%(sel)s of %(cnt)s selected"] == ["已选%(sel)s个，共%(cnt)s个"]
    assert catalog["Available %s"] == "可选的%s"


def _request(user):
    from django.test import RequestFactory

    request = RequestFactory().get("/admin/")
    request.user = user
    return request


# -- labels: no English field names, permission names or "object (21)" on any admin page -------

#: acronyms a Chinese label may carry as they are
ACRONYMS = {"API", "URL", "PDF", "DOCX", "IP", "ICP", "HTTP", "GET", "POST", "TXT", "SHA"}
ENGLISH_WORD = re.compile(r"[A-Za-z]{3,}")
#: Django's English the admin shows when a label or name was never given, and a raw JSON blob
LEFT_IN_ENGLISH = ["object (", "Can add", "Can change", "Can delete", "Can view", '{"']
#: the elements that hold a column heading, a field label or a section title
LABEL_TAGS = ("th", "label", "h1", "h2", "h3", "caption", "legend")


class _Labels(HTMLParser):
    """The text of the headings and labels of a page (not the cells, nor a list row's first cell
    (``<th class="field-…">``): they hold the data)."""

    def __init__(self):
        super().__init__()
        self.labels, self._open = [], 0

    def handle_starttag(self, tag, attrs):
        if tag == "th" and (dict(attrs).get("class") or "").startswith("field-"):
            tag = "td"
        self._open += tag in LABEL_TAGS
        if tag in LABEL_TAGS:
            self.labels.append("")

    def handle_endtag(self, tag):
        self._open -= tag in LABEL_TAGS and self._open > 0

    def handle_data(self, data):
        if self._open:
            self.labels[-1] += data


def _english_labels(html: str, shown: str = "") -> list[str]:
    """Labels with an English word; ``shown`` is the object a change page is about (its name is data)."""
    parser = _Labels()
    parser.feed(html)
    return [label.strip() for label in parser.labels
            if any(word.upper() not in ACRONYMS for word in ENGLISH_WORD.findall(label.replace(shown, "")))]


def _left_in_english(html: str) -> list[str]:
    parser = _Text()
    parser.feed(html)
    return [node for node in parser.nodes for phrase in LEFT_IN_ENGLISH if phrase in node]


def _one_of_each(world):
    """A row of every model the admin shows (through the apps' actions where they have one)."""
    from datetime import date

    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.contrib.auth.models import Group, Permission
    from django_tasks_db.models import DBTaskResult

    from gongkai.accounts.models import Holiday, HolidayYear
    from gongkai.appeals import actions as appeals
    from gongkai.appeals.models import Kind as AppealKind
    from gongkai.catalog.models import SearchQueryCount, SearchSynonym
    from gongkai.documents import actions as documents
    from gongkai.documents.numbering import allocate_number
    from gongkai.feedback import actions as feedback
    from gongkai.feedback.models import Kind as FeedbackKind
    from gongkai.feedback.models import Survey

    world.token(world.officer)
    Group.objects.create(name="经办人").permissions.set(Permission.objects.filter(codename__endswith="_agency"))
    Holiday.objects.create(date=date(2025, 10, 8), name="国庆节", source="国办发明电〔2024〕12号")
    HolidayYear.objects.create(year=2025, source="国办发明电〔2024〕12号")
    appeals.record_appeal(agency=world.agency, kind=AppealKind.RECONSIDERATION, appellant="王小二",
                          body="测试县人民政府", filed_on=date(2025, 3, 2), actor=world.officer)
    SearchSynonym.objects.create(agency=world.agency, words="低保 最低生活保障")
    SearchQueryCount.objects.create(month=date(2025, 3, 1), query="低保", searches=3)
    documents.set_number_pattern(world.agency, "acknowledgement", actor=world.head, pattern="测自然资回〔{年}〕{序号}号")
    documents.save_letter_template(world.agency, "acknowledgement", "", actor=world.head, title="接收回执",
                                   body="{申请人}：\n本机关已收到您的申请。", remedy="none")
    allocate_number(world.agency, "acknowledgement", 2025)
    feedback.save_settings(world.agency, values={"inquiry_days": 5}, routes={FeedbackKind.INQUIRY: world.officer},
                           actor=world.head)
    item, _code = feedback.submit_item(agency=world.agency, kind=FeedbackKind.INQUIRY, subject="不动产登记要带什么材料",
                                       content="请问办理不动产登记需要哪些材料？", contact=None, publish_consent=False)
    feedback.reply_item(item, text="请携带身份证和权属证明。", actor=world.officer)
    Survey.objects.create(agency=world.agency, title="政务公开满意度调查", opens_on=date(2025, 3, 1),
                          closes_on=date(2025, 3, 31), created_by=world.head)
    seen = {"username": "officer", "ip_address": "203.0.113.5", "user_agent": "Firefox", "http_accept": "text/html",
            "path_info": "/admin/login/"}
    AccessAttempt.objects.create(**seen, get_data="", post_data="username=officer", failures_since_start=3)
    AccessLog.objects.create(**seen)
    AccessFailureLog.objects.create(**seen, locked_out=True)
    DBTaskResult.objects.create(task_path="gongkai.reports.tasks.check_batch", args_kwargs={"args": [1], "kwargs": {}},
                                backend_name="default", run_after=timezone.now(), exception_class_path="",
                                traceback="")


@pytest.mark.parametrize("which", ["changelist", "add", "change"])
def test_it_labels_every_admin_page_in_chinese(client, world, which):
    _one_of_each(world)
    client.force_login(world.admin)
    problems, seen = [], 0
    for model, model_admin, url in _changelists():
        name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        if which == "add":
            if not model_admin.has_add_permission(_request(world.admin)):
                continue
            url = reverse(f"{name}_add")
        elif which == "change":
            row = model._default_manager.order_by("pk").first()
            assert row is not None, f"no {model._meta.label} to open"
            url = reverse(f"{name}_change", args=[row.pk])
        response = client.get(url)
        assert response.status_code == 200, url
        seen += 1
        html = response.content.decode()
        shown = str(response.context.get("original") or "")
        problems += [f"{url}: English label {label!r}" for label in _english_labels(html, shown)]
        problems += [f"{url}: {node!r}" for node in _left_in_english(html)]
    assert seen > (8 if which == "add" else 15)
    assert problems == [], "\n".join(problems)


def test_the_admin_index_names_every_section_in_chinese(client, world):
    client.force_login(world.admin)
    html = client.get(reverse("admin:index")).content.decode()
    assert _english_labels(html) == []


@pytest.mark.parametrize("page", ["admin:login", "admin:index"])
def test_the_admin_pages_carry_the_site_footer_and_the_display_setting(client, world, page):
    from gongkai.portal.models import SiteIdentity

    SiteIdentity.objects.create(site_name="测试县人民政府门户网站", sponsor="测试县人民政府办公室",
                                site_code="6321260001", icp_number="青ICP备12345678号")
    if page == "admin:index":
        client.force_login(world.admin)
    client.cookies["gk_text"] = "large"
    html = client.get(reverse(page)).content.decode()
    assert "网站标识码：6321260001" in html and "主办单位：测试县人民政府办公室" in html
    assert "青ICP备12345678号" in html
    assert re.search(r'<body class="[^"]*\btext-large\b', html)
    assert "portal/admin.css" in html  # the user tools are not upper-cased there
