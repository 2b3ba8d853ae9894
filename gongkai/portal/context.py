from django.conf import settings


def site(request):
    from gongkai.accounts.permissions import is_staff_member

    user = getattr(request, "user", None)
    from .menu import STAFF_MENU

    return {
        "site_name": settings.SITE_NAME,
        "staff_menu": STAFF_MENU,
        "is_staff_member": bool(user and user.is_authenticated and is_staff_member(user)),
    }
