"""Public URLs. Item pages are addressed by their permanent 索引号, which contains “/”; the route
accepts it plain or URL-encoded (%2F)."""

from django.urls import path

from . import views

app_name = "catalog"
urlpatterns = [
    path("agencies/<slug:code>/catalog/", views.agency_catalog, name="agency_catalog"),
    path("agencies/<slug:code>/catalog/export.csv", views.export_csv, name="export_csv"),
    path("agencies/<slug:code>/catalog/export.json", views.export_json, name="export_json"),
    path("agencies/<slug:code>/statutory/", views.statutory, name="statutory"),
    path("agencies/<slug:code>/feed.atom", views.agency_feed, name="agency_feed"),
    path("search/", views.search_view, name="search"),
    path("search/suggest", views.suggest_view, name="suggest"),
    path("catalog/feed.atom", views.site_feed, name="site_feed"),
    path("catalog/subscribe/", views.subscribe, name="subscribe"),
    path("catalog/subscribe/confirm/<str:token>/", views.subscription_confirm, name="subscription_confirm"),
    path("catalog/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("catalog/<path:index_number>/print/", views.item_print, name="item_print"),
    path("catalog/<path:index_number>/files/<int:pk>/", views.attachment_download, name="attachment"),
    path("catalog/<path:index_number>/", views.item_detail, name="item"),
]
