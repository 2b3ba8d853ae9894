from django.urls import path

from . import views

app_name = "annual_reports"
urlpatterns = [
    path("reports/report.css", views.report_css, name="css"),
    path("agencies/<slug:code>/reports/", views.report_list, name="list"),
    path("agencies/<slug:code>/reports/<int:year>/", views.report_detail, name="detail"),
    path("agencies/<slug:code>/reports/<int:year>/report.<str:fmt>", views.report_download, name="download"),
]
