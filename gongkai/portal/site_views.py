"""The site's identity (footer, titles), the 网站地图 and the favicon.

The administrator edits the identity at ``/staff/site/``; everyone else gets 404 there.
"""

from __future__ import annotations

from pathlib import Path

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import cache_control

from gongkai.accounts.models import Agency
from gongkai.accounts.permissions import is_admin

from .models import SiteIdentity
from .widgets import Select

FAVICON = Path(__file__).resolve().parent / "static" / "portal" / "favicon.ico"


class SiteIdentityForm(forms.ModelForm):
    class Meta:
        model = SiteIdentity
        fields = ["site_name", "sponsor", "organizer", "address", "phone", "email", "site_code",
                  "icp_number", "police_number", "conac_id", "host"]
        widgets = {"host": Select}
        help_texts = {
            "site_code": "由全国政府网站信息报送系统分配的10位标识码；填写后页脚的“我为政府网站找错”"
                         "链接到全国政府网站找错平台（zfwzgl.www.gov.cn），本站的找错留言仍可使用。",
            "conac_id": "党政机关网站开办标识（bszs.conac.cn）链接中的32位编号；填写后页脚显示开办标识。",
            "icp_number": "工业和信息化部ICP备案编号，页脚链接到 beian.miit.gov.cn。",
            "police_number": "公安机关互联网站安全管理服务平台备案号，页脚链接到 beian.mps.gov.cn。",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host"].queryset = Agency.objects.active()
        self.fields["host"].empty_label = "（默认：第一个人民政府）"


def _require_admin(request):
    if not is_admin(request.user):
        raise Http404("页面不存在。")


@login_required
def edit_identity(request):
    _require_admin(request)
    identity = SiteIdentity.current()
    form = SiteIdentityForm(request.POST or None, instance=identity)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "网站标识已保存，各页面页脚即时更新。")
        return redirect("staff:site_identity")
    return render(request, "portal/staff/site_identity.html", {"form": form},
                  status=400 if form.errors else 200)


def sitemap(request):
    """网站地图: every public column, by government and agency."""
    from .views import AGENCY_COLUMNS, SITE_LINKS, _links

    governments = list(Agency.objects.active().governments().order_by("pk"))
    departments = {}
    for dep in Agency.objects.active().exclude(kind=Agency.Kind.GOVERNMENT).order_by("pk"):
        departments.setdefault(dep.parent_id, []).append(dep)
    columns = _links(AGENCY_COLUMNS, code="__code__")
    groups = []
    for gov in governments:
        agencies = [gov, *departments.get(gov.pk, [])]
        groups.append({"government": gov, "agencies": [
            {"agency": a, "columns": [{"label": c["label"], "url": c["url"].replace("__code__", a.code)}
                                      for c in columns]} for a in agencies]})
    others = departments.get(None, [])
    site_links = [{"label": "首页", "url": reverse("portal:home")}]
    site_links.append({"label": "信息检索", "url": reverse("catalog:search")})
    site_links += _links(SITE_LINKS)
    site_links.append({"label": "我为政府网站找错", "url": reverse("feedback:site_error")})
    return render(request, "portal/sitemap.html", {"groups": groups, "others": others,
                                                   "site_links": site_links})


@cache_control(public=True, max_age=7 * 24 * 3600)
def favicon(request):
    return HttpResponse(FAVICON.read_bytes(), content_type="image/x-icon")
