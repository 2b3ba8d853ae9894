"""The admin reads as natural Chinese: Django's word-for-word renderings ("选择 机关 来修改",
"以 类型", "增加 机关") are overridden in gongkai/portal/locale."""

import json
import re
from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.urls import reverse

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
