"""Who may act for which agency: the one shared set of roles and the helpers every app builds on.

Each app names its own predicates (``can_edit``, ``can_approve`` …) in its ``permissions.py`` over
the tuples below; views start with one of that app's getters (others get 404) and every action
checks its ``actor`` with :func:`require`, so a page, an API route, a command and an admin action
cannot differ.
"""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404

from .errors import NotPermitted
from .models import Agency, Membership, Role

STAFF_ROLES = (Role.OFFICER, Role.HEAD, Role.DISCLOSURE_OFFICE, Role.ADMIN)  # may look
WORKING_ROLES = (Role.OFFICER, Role.HEAD, Role.ADMIN)  # may handle an agency's work
HEAD_OR_ADMIN = (Role.HEAD, Role.ADMIN)  # may approve, review, publish, assign


def is_admin(user) -> bool:
    return bool(user.is_authenticated and user.is_active and (
        user.is_superuser or Membership.objects.active().filter(user=user, role=Role.ADMIN).exists()))


def staff_agencies(user, roles=STAFF_ROLES):
    """The agencies this user may work for in one of ``roles``.

    A disclosure-office role on a government covers every agency under that government; an
    admin covers all agencies (and may do whatever a head may).
    """
    if not (user.is_authenticated and user.is_active):
        return Agency.objects.none()
    if is_admin(user):
        return Agency.objects.all()
    ids: set[int] = set()
    offices: list[Agency] = []
    for m in Membership.objects.active().filter(user=user, role__in=list(roles)).select_related("agency"):
        if m.role == Role.DISCLOSURE_OFFICE:
            offices.append(m.agency)
        else:
            ids.add(m.agency_id)
    condition = Q(pk__in=ids)
    for office in offices:
        condition |= Agency.objects.below(office)
    return Agency.objects.filter(condition)


def has_role(user, agency: Agency, roles) -> bool:
    return staff_agencies(user, roles).filter(pk=agency.pk).exists()


def require(allowed: bool, message: str) -> None:
    """The actor check at the top of an action: ``require(can_edit(actor, agency), "您无权…")``."""
    if not allowed:
        raise NotPermitted(message)


def is_staff_member(user) -> bool:
    return staff_agencies(user).exists()


def get_staff_agency(user, code: str, roles=STAFF_ROLES) -> Agency:
    """The agency with ``code`` if ``user`` may work for it in one of ``roles``; else 404."""
    agency = staff_agencies(user, roles).filter(code=code).first()
    if agency is None:
        raise Http404("没有找到该机关。")
    return agency
