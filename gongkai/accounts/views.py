"""Public accounts: optional — an account lists one's applications; applying needs none."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from gongkai.portal import ratelimit
from gongkai.portal.staff_views import StaffAuthenticationForm

from .forms import PublicSignupForm


def signup(request):
    if request.user.is_authenticated:
        return redirect("portal:account")
    form = PublicSignupForm(request.POST or None)
    if request.method == "POST" and ratelimit.rate_limited(request, "signup"):
        form.is_valid()
        form.add_error(None, ratelimit.RATE_LIMIT_MESSAGE)
        return render(request, "accounts/signup.html", {"form": form}, status=429)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, "账号已创建。今后登录后在线提交的申请会列在“我的申请”中。")
        return redirect("portal:account")
    return render(request, "accounts/signup.html", {"form": form}, status=400 if form.errors else 200)


class PublicLoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = StaffAuthenticationForm
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        return "/account/"


@require_POST
def public_logout(request):
    logout(request)
    return redirect("portal:home")


@login_required(login_url="/account/login/")
def account(request):
    applications = []
    try:
        from gongkai.disclosure.models import Application

        applications = (Application.objects.filter(applicant=request.user).select_related("agency")
                        .order_by("-created_at")[:200])
    except ImportError:
        pass
    return render(request, "accounts/account.html", {"applications": applications})
