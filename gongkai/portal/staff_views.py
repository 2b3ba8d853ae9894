"""Staff back office: log-in, log-out and the dashboard every staff page links back to."""

from __future__ import annotations

from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from gongkai.accounts.models import Membership
from gongkai.accounts.permissions import is_admin, staff_agencies

from .menu import DASHBOARD_PANELS


def query_without_page(request) -> str:
    """The list's query string with its filters and without ``page``, for portal/staff/_pager.html."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


class StaffAuthenticationForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "用户名或密码不正确。注意区分大小写。",
        "inactive": "该账号已停用。",
    }


class LoginView(auth_views.LoginView):
    template_name = "portal/staff/login.html"
    authentication_form = StaffAuthenticationForm
    redirect_authenticated_user = True


@require_POST
def logout_view(request):
    logout(request)
    return redirect("portal:home")


@login_required
def dashboard(request):
    agencies = staff_agencies(request.user)
    if not agencies.exists():
        raise Http404("没有可办理的机关。")
    memberships = Membership.objects.active().filter(user=request.user).select_related("agency")
    panels = []
    for panel in DASHBOARD_PANELS:
        context = panel.context(request)
        if context is not None:
            panels.append({"template": panel.template, "context": context})
    return render(request, "portal/staff/dashboard.html", {
        "panels": panels,
        "agencies": agencies.select_related("parent").order_by("pk")[:50], "agency_count": agencies.count(),
        "memberships": memberships,
        "is_admin": is_admin(request.user),
    })
