"""“我为政府网站找错”: a visitor reports a wrong word, a dead link or a broken page.

The message lands in 互动 as an item of the site's host agency (``SiteIdentity.host_agency``),
through the same ``submit_item`` action as every other message, with the page it is about.
"""

from __future__ import annotations

from django import forms
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from gongkai.portal import ratelimit
from gongkai.portal.models import SiteIdentity
from gongkai.portal.widgets import Select

from . import abuse, actions
from .forms import REQUIRED, ContactMixin, _text
from .models import Kind
from .views import SUBMITTED_KEY

PROBLEMS = [("", "请选择问题类型"), ("content", "内容错误（错别字、数据有误、信息过时）"),
            ("link", "链接无法打开或指向错误"), ("page", "页面无法访问或显示异常"),
            ("access", "无障碍或适老化问题"), ("other", "其他问题")]


class SiteErrorForm(ContactMixin, forms.Form):
    required_css_class = "required"
    contact_required = False

    problem = forms.ChoiceField(label="问题类型", choices=PROBLEMS, widget=Select,
                                error_messages={**REQUIRED, "invalid_choice": "请选择问题类型。"})
    page = _text("出错页面", 500, help_text="出错页面的网址或栏目名称。")
    content = _text("问题描述", 2000, textarea=True, rows=6)
    contact_name = _text("姓名或称呼", 50, required=False)
    contact_phone = _text("联系电话", 30, required=False)
    contact_email = forms.EmailField(label="电子邮箱", required=False, max_length=254,
                                     error_messages={"invalid": "电子邮箱格式不对。"})
    website = forms.CharField(label="网址（请留空）", required=False,
                              widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}))

    def clean_page(self):
        return self._plain("page")


def report(request):
    agency = SiteIdentity.current().host_agency
    if agency is None:
        raise Http404("尚未设置受理机关。")
    came_from = request.GET.get("from", "")
    if not url_has_allowed_host_and_scheme(came_from, allowed_hosts={request.get_host()}):
        came_from = ""
    form = SiteErrorForm(request.POST or None, initial={"page": came_from})
    context = {"agency": agency, "form": form}
    if request.method == "POST":
        if wait := abuse.wait_seconds(request, "submit"):  # only accepted reports count
            return ratelimit.too_many(request, "feedback/site_error.html", context, wait)
        if abuse.honeypot_filled(request.POST):
            abuse.count(request, "submit")
            form.is_valid()
            form.add_error(None, "提交未成功，请刷新页面后重试。")
        elif form.is_valid():
            d = form.cleaned_data
            abuse.count(request, "submit")
            problem = dict(PROBLEMS)[d["problem"]]
            contact = actions.Contact(d["contact_name"], d["contact_phone"], d["contact_email"])
            try:
                item, code = actions.submit_item(
                    agency=agency, kind=Kind.OPINION, subject=f"网站找错：{problem}"[:100],
                    content=f"出错页面：{d['page']}\n问题类型：{problem}\n\n{d['content']}",
                    contact=None if contact.empty else contact, publish_consent=False)
            except actions.FeedbackError as e:
                form.add_error(None, str(e))
            else:
                request.session[SUBMITTED_KEY] = {"number": item.number, "code": code}
                return redirect("feedback:submitted")
    return render(request, "feedback/site_error.html", context, status=400 if form.errors else 200)
