"""Who may see and change catalogue items. Views start with one of these; others get 404.

Officers and heads of an agency (and admins) edit its drafts; only a head (or admin) reviews,
publishes, revises and withdraws. The government's disclosure office may look at every agency
under it (to watch the 第二十六条 list) but does not edit. The public sees published items only.
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from gongkai.accounts.models import Agency, Membership, Role
from gongkai.accounts.permissions import (HEAD_OR_ADMIN, WORKING_ROLES, get_staff_agency, has_role, is_admin,
                                          staff_agencies)

from .models import Attachment, Item


def can_edit(user, agency: Agency) -> bool:
    return has_role(user, agency, WORKING_ROLES)


def can_review(user, agency: Agency) -> bool:
    return has_role(user, agency, HEAD_OR_ADMIN)


def get_editing_agency(user, code: str) -> Agency:
    """An agency whose drafts, dictionary and figures ``user`` may edit, else 404."""
    return get_staff_agency(user, code, WORKING_ROLES)


def get_reviewing_agency(user, code: str) -> Agency:
    """An agency whose settings ``user`` may change (head or admin), else 404."""
    return get_staff_agency(user, code, HEAD_OR_ADMIN)


def can_see_site_searches(user) -> bool:
    """The counts of the site-wide search box (no agency chosen) are the disclosure office's (and
    admins'): they span every agency."""
    return is_admin(user) or Membership.objects.active().filter(user=user, role=Role.DISCLOSURE_OFFICE).exists()


def search_count_scopes(user) -> list[tuple[str, str]]:
    """Whose query counts ``user`` may read, as (agency code, label): the site-wide box ("") for
    the disclosure office, then each agency the user works for or oversees. Empty: none (404)."""
    scopes = [("", "站内检索（不限机关）")] if can_see_site_searches(user) else []
    agencies = staff_agencies(user).active().order_by("parent_id", "code")
    return scopes + [(a.code, a.name) for a in agencies.only("code", "name")]


def get_staff_item(user, pk: int) -> Item:
    """An item of an agency the user works for (any staff role), else 404."""
    return get_object_or_404(
        Item.objects.select_related("agency", "topic__parent").filter(agency__in=staff_agencies(user)), pk=pk)


def get_editable_item(user, pk: int) -> Item:
    item = get_staff_item(user, pk)
    if not can_edit(user, item.agency):
        raise Http404("没有找到该信息。")
    return item


def get_reviewable_item(user, pk: int) -> Item:
    item = get_staff_item(user, pk)
    if not can_review(user, item.agency):
        raise Http404("没有找到该信息。")
    return item


def get_public_agency(code: str) -> Agency:
    return get_object_or_404(Agency.objects.active().select_related("parent"), code=code)


def get_public_item(index_number: str) -> Item:
    """A published item whose 发布日期 has come; drafts, scheduled and withdrawn items are 404."""
    return get_object_or_404(
        Item.objects.public().select_related("agency", "topic__parent").filter(agency__is_active=True),
        index_number=index_number)


def get_public_attachment(index_number: str, pk: int) -> Attachment:
    item = get_public_item(index_number)
    return get_object_or_404(item.attachments.all(), pk=pk)


def get_staff_attachment(user, pk: int) -> Attachment:
    return get_object_or_404(Attachment.objects.select_related("item__agency")
                             .filter(item__agency__in=staff_agencies(user)), pk=pk)
