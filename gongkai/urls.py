"""URL layout (stable): public portal at /, staff back office at /staff/, admin at /admin/, API at /api/v1/.

Each app contributes ``gongkai/<app>/urls.py`` (public) and ``gongkai/<app>/staff_urls.py`` (staff)
when it has pages; both are picked up here.
"""

import importlib

from django.contrib import admin
from django.urls import include, path

from gongkai.api import api

APPS = ("documents", "disclosure", "catalog", "appeals", "feedback", "reports")

admin.site.site_header = "gongkai 系统管理"
admin.site.site_title = "gongkai 系统管理"
admin.site.index_title = "管理"


def _optional(module: str):
    try:
        importlib.import_module(module)
    except ModuleNotFoundError as e:
        if e.name != module:
            raise
        return None
    return include(module)


urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("staff/", include("gongkai.portal.staff_urls")),
]
for _app in APPS:
    _staff = _optional(f"gongkai.{_app}.staff_urls")
    if _staff:
        urlpatterns.append(path("staff/", _staff))
    _public = _optional(f"gongkai.{_app}.urls")
    if _public:
        urlpatterns.append(path("", _public))
urlpatterns.append(path("", include("gongkai.portal.urls")))

handler404 = "gongkai.portal.views.not_found"
handler500 = "gongkai.portal.views.server_error"
