"""Public accounts: optional — sign up, log in, log out. An account lists one's applications
(``disclosure.views.my_applications``); applying needs none."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from gongkai.accounts.forms import PublicSignupForm

from . import ratelimit
from .staff_views import StaffAuthenticationForm

MY_APPLICATIONS = "disclosure:my_applications"


def signup(request):
    if request.user.is_authenticated:
        return redirect(MY_APPLICATIONS)
    form = PublicSignupForm(request.POST or None)
    if request.method == "POST" and (wait := ratelimit.rate_limited(request, "signup")):
        form.is_valid()
        form.add_error(None, ratelimit.message(wait))
        return render(request, "portal/account/signup.html", {"form": form}, status=429)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, f"账号已创建。您的登录名是 {user.username}（在您填写的用户名后加了4位数字），"
                                  "今后请用它登录。登录后在线提交的申请会列在“我的申请”中。")
        return redirect(MY_APPLICATIONS)
    return render(request, "portal/account/signup.html", {"form": form}, status=400 if form.errors else 200)


class PublicLoginView(auth_views.LoginView):
    template_name = "portal/account/login.html"
    authentication_form = StaffAuthenticationForm
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        """Staff who sign in at the header's 登录 go to their workbench, not to “我的申请”."""
        from gongkai.accounts.permissions import is_staff_member

        user = self.request.user
        return "/staff/" if user.is_authenticated and is_staff_member(user) else "/account/"


@require_POST
def public_logout(request):
    logout(request)
    return redirect("portal:home")
