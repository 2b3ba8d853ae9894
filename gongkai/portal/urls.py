from django.urls import path

from . import account_views, display, site_views, views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("agencies/<slug:code>/", views.agency, name="agency"),
    path("agencies/<slug:code>/guide/", views.guide, name="guide"),
    path("sitemap/", site_views.sitemap, name="sitemap"),
    path("favicon.ico", site_views.favicon, name="favicon"),
    path("agencies/<slug:code>/rules/", views.rules, name="rules"),
    path("healthz", views.healthz, name="healthz"),
    path("display/", display.switch, name="display"),
    path("account/signup/", account_views.signup, name="signup"),
    path("account/login/", account_views.PublicLoginView.as_view(), name="public_login"),
    path("account/logout/", account_views.public_logout, name="public_logout"),
]
