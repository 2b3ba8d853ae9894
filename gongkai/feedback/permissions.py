"""Who may see and do what with feedback items and questionnaires. Views start with one of these."""

from __future__ import annotations

from django.http import Http404

from gongkai.accounts.models import Agency, Membership, Role, User
from gongkai.accounts.permissions import HEAD_OR_ADMIN, WORKING_ROLES, get_staff_agency, has_role, staff_agencies

from .models import Item, Survey


def staff_items(user):
    """Items of every agency the user works for (a disclosure office: every agency under it)."""
    return Item.objects.filter(agency__in=staff_agencies(user))


def get_staff_item(user, number: str, *, may=None) -> Item:
    """An item the user may see (and, with ``may``, e.g. ``can_assign``, act on); else 404."""
    item = staff_items(user).select_related("agency", "owner").filter(number=number).first()
    if item is None or (may is not None and not may(user, item)):
        raise Http404("没有找到该事项。")
    return item


def can_assign(user, item: Item) -> bool:
    """The head of the item's agency (or an administrator) assigns and reassigns."""
    return has_role(user, item.agency, HEAD_OR_ADMIN)


def can_reply(user, item: Item) -> bool:
    """The owner answers; the head (or an administrator) may answer any item of the agency."""
    return (item.owner_id == user.pk and has_role(user, item.agency, WORKING_ROLES)) or can_assign(user, item)


def can_register(user, agency: Agency) -> bool:
    return has_role(user, agency, WORKING_ROLES)


def can_manage(user, agency: Agency) -> bool:
    """Settings and routing rules: the agency's head or an administrator."""
    return has_role(user, agency, HEAD_OR_ADMIN)


def get_managed_agency(user, code: str) -> Agency:
    return get_staff_agency(user, code, HEAD_OR_ADMIN)


def working_agencies(user):
    return staff_agencies(user, WORKING_ROLES)


def _owners(agency: Agency):
    return (Membership.objects.active().filter(agency=agency, role__in=[Role.OFFICER, Role.HEAD], user__is_active=True)
            .values_list("user_id", flat=True))


def assignable_people(agency: Agency):
    """Officers and heads of the agency who may own an item."""
    return User.objects.filter(pk__in=list(_owners(agency))).order_by("username")


def can_own(user, agency: Agency) -> bool:
    """An item can be owned by an active officer or head of its agency (or a superuser)."""
    return user.is_active and (user.is_superuser or _owners(agency).filter(user_id=user.pk).exists())


def get_public_agency(code: str) -> Agency:
    agency = Agency.objects.active().filter(code=code).first()
    if agency is None:
        raise Http404("没有找到该机关。")
    return agency


def get_tracked_item(number: str, code: str) -> Item:
    """The submitter's own item, found by number and query code; 404 for anything else."""
    item = (Item.objects.select_related("agency").prefetch_related("replies__rating")
            .filter(number=(number or "").strip().upper()).first())
    if item is None or not item.check_query_code(code or ""):
        raise Http404("没有找到该事项，请核对编号和查询码。")
    return item


def staff_surveys(user):
    return Survey.objects.filter(agency__in=staff_agencies(user))


def can_build_survey(user, agency: Agency) -> bool:
    """Officers and heads build and run their agency's questionnaires; the disclosure office reads."""
    return has_role(user, agency, WORKING_ROLES)


def get_staff_survey(user, pk: int, *, build: bool = False) -> Survey:
    survey = staff_surveys(user).select_related("agency").filter(pk=pk).first()
    if survey is None or (build and not can_build_survey(user, survey.agency)):
        raise Http404("没有找到该问卷。")
    return survey


def get_public_survey(pk: int) -> Survey:
    """A launched questionnaire of an active agency; drafts are unreachable."""
    survey = Survey.objects.launched().select_related("agency").filter(pk=pk, agency__is_active=True).first()
    if survey is None:
        raise Http404("没有找到该问卷。")
    return survey


def get_public_results(pk: int) -> Survey:
    survey = get_public_survey(pk)
    if not survey.results_public:
        raise Http404("该问卷的结果未公开。")
    return survey

