from django.urls import path

from . import inspection_views, staff_views

app_name = "reports"
urlpatterns = [
    path("reports/", staff_views.overview, name="overview"),
    path("reports/<slug:code>/start/", staff_views.start, name="start"),
    path("reports/<slug:code>/<int:year>/", staff_views.workspace, name="workspace"),
    path("reports/version/<int:pk>/step/", staff_views.step, name="step"),
    path("reports/version/<int:pk>/export.<str:fmt>", staff_views.export, name="export"),
    path("inspection/", inspection_views.inspection_page, name="inspection"),
    path("check/", staff_views.check_upload, name="check"),
    path("check/<int:pk>/", staff_views.check_batch_view, name="check_batch"),
    path("check/<int:pk>/results.xlsx", staff_views.check_xlsx, name="check_xlsx"),
    path("check/<int:pk>/files/<int:file_pk>/attach/", staff_views.check_attach, name="check_attach"),
]
