from django.conf import settings
from django.urls import reverse
from django.utils.functional import SimpleLazyObject


def _staff_links(user):
    """The staff links each app registered (``menu.register_staff_link``) that ``user`` may open."""
    from .menu import STAFF_MENU

    return [{"label": link.label, "url": reverse(link.url_name)} for link in STAFF_MENU
            if link.shown_to is None or link.shown_to(user)]


def _identity():
    from .models import SiteIdentity

    return SiteIdentity.current()


def site(request):
    from gongkai.accounts.permissions import is_staff_member

    from .display import preferences

    user = getattr(request, "user", None)
    staff = bool(user and user.is_authenticated and is_staff_member(user))
    identity = SimpleLazyObject(_identity)
    report_error_url = reverse("feedback:site_error")
    return {
        "site_identity": identity,
        "report_error_url": report_error_url,
        # this page for the national 找错 platform: the path only (a query string is not reflected)
        "page_url": SimpleLazyObject(lambda: request.build_absolute_uri(request.path)),
        "site_name": SimpleLazyObject(lambda: identity.site_name or settings.SITE_NAME),
        "staff_menu": _staff_links(user) if staff else [],
        "is_staff_member": staff,
        "display": preferences(request),
    }
