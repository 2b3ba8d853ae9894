"""URL layout (stable): public portal at /, staff back office at /staff/, admin at /admin/, API at /api/v1/.

Every app's pages are listed here by name: its staff pages (``staff_urls``) under /staff/, its
public pages (``urls``) under /. The portal's own pages come last (the home page and the catch-alls).
"""

from django.contrib import admin
from django.urls import include, path
from django.utils.functional import lazy

from gongkai.api import api
from gongkai.documents import application_form



def _admin_title() -> str:
    """The site's own name (网站标识, read at each page), not the software's."""
    from gongkai.portal.models import SiteIdentity

    return f"{SiteIdentity.current().site_name} · 系统管理"


admin.site.site_header = admin.site.site_title = lazy(_admin_title, str)()
admin.site.index_title = "管理"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("staff/", include("gongkai.portal.staff_urls")),
    path("staff/", include("gongkai.documents.staff_urls")),
    path("staff/", include("gongkai.disclosure.staff_urls")),
    path("", include("gongkai.disclosure.urls")),
    path("staff/", include("gongkai.catalog.staff_urls")),
    path("", include("gongkai.catalog.urls")),
    path("staff/", include("gongkai.appeals.staff_urls")),
    path("staff/", include("gongkai.feedback.staff_urls")),
    path("", include("gongkai.feedback.urls")),
    path("staff/", include("gongkai.reports.staff_urls")),
    path("", include("gongkai.reports.urls")),
    path("agencies/<slug:code>/guide/application-form.<str:fmt>", application_form.download,
         name="application_form"),
    path("", include("gongkai.portal.urls")),
]

handler404 = "gongkai.portal.views.not_found"
handler500 = "gongkai.portal.views.server_error"
