from django.urls import path

from . import site_views, staff_views

app_name = "staff"
urlpatterns = [
    path("", staff_views.dashboard, name="dashboard"),
    path("login/", staff_views.LoginView.as_view(), name="login"),
    path("site/", site_views.edit_identity, name="site_identity"),
    path("logout/", staff_views.logout_view, name="logout"),
]
