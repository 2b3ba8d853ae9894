from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.functional import SimpleLazyObject


def _staff_links():
    """The registered staff links that resolve (an app whose pages are not installed is skipped)."""
    from .menu import STAFF_MENU

    links = []
    for link in STAFF_MENU:
        try:
            links.append({"label": link.label, "url": reverse(link.url_name)})
        except NoReverseMatch:
            continue
    return links


def _identity():
    from .models import SiteIdentity

    return SiteIdentity.current()


def site(request):
    from gongkai.accounts.permissions import is_staff_member

    user = getattr(request, "user", None)
    staff = bool(user and user.is_authenticated and is_staff_member(user))
    identity = SimpleLazyObject(_identity)
    try:
        report_error_url = reverse("feedback:site_error")
    except NoReverseMatch:
        report_error_url = ""
    return {
        "site_identity": identity,
        "report_error_url": report_error_url,
        "site_name": SimpleLazyObject(lambda: identity.site_name or settings.SITE_NAME),
        "staff_menu": _staff_links() if staff else [],
        "is_staff_member": staff,
    }
