"""Who may see which application. Each view starts with one of these; everyone else gets 404.

* staff: officers and heads see their agency's applications; the disclosure office every agency
  under its government; an admin all (``accounts.permissions.staff_agencies``);
* an applicant: by number + query code, or through their account.

Identity numbers and contact details are shown in full only to the case officer
(:func:`sees_identity`); every other page, list, log and export gets the masked values.
"""

from __future__ import annotations

from django.http import Http404

from gongkai.accounts.models import Role
from gongkai.accounts.permissions import HEAD_OR_ADMIN, WORKING_ROLES, has_role, is_admin, staff_agencies

from .models import Application

NOT_FOUND = "没有找到该申请。"
CASE_ROLES = (Role.OFFICER, Role.HEAD)  # may be the case officer


def staff_applications(user):
    return Application.objects.for_agencies(staff_agencies(user))


def get_case(user, number: str) -> Application:
    """The application ``number`` if ``user`` works for its agency (any staff role); else 404."""
    app = staff_applications(user).select_related("agency", "officer").filter(number=number).first()
    if app is None:
        raise Http404(NOT_FOUND)
    return app


def get_for_applicant(number: str, query_code: str | None) -> Application:
    """The application if the query code matches (compared in constant time); else 404."""
    app = Application.objects.select_related("agency").filter(number=(number or "").strip()).first()
    if app is None or not app.check_query_code(query_code):
        raise Http404(NOT_FOUND)
    return app


def get_own(user, number: str) -> Application:
    if not user.is_authenticated:
        raise Http404(NOT_FOUND)
    app = Application.objects.select_related("agency").filter(number=number, applicant=user).first()
    if app is None:
        raise Http404(NOT_FOUND)
    return app


def sees_identity(user, app: Application) -> bool:
    """The case officer; while nobody is assigned, the agency's officers and heads (who register it)."""
    if not user.is_authenticated:
        return False
    if app.officer_id:
        return app.officer_id == user.pk
    return can_handle(user, app) and not is_admin(user)


def identity_log_agencies(user):
    """Whose identity-view audit log ``user`` may review: heads (their agency), the disclosure
    office (every agency under its government) and admins (all)."""
    return staff_agencies(user, (Role.HEAD, Role.DISCLOSURE_OFFICE, Role.ADMIN))


def registering_agencies(user):
    """The agencies whose applications ``user`` may register and handle."""
    return staff_agencies(user, WORKING_ROLES)


def can_register(user, agency) -> bool:
    return has_role(user, agency, WORKING_ROLES)


def can_act(user, app: Application) -> bool:
    """Take the steps of ``app`` (officers, heads and admins of its agency)."""
    return can_register(user, app.agency)


def can_approve(user, app: Application) -> bool:
    """Approve an extension, assign the case to someone else (heads and admins)."""
    return has_role(user, app.agency, HEAD_OR_ADMIN)


def can_handle(user, app: Application) -> bool:
    """Be the case officer of ``app``."""
    return has_role(user, app.agency, CASE_ROLES)
