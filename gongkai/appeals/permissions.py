"""Who may see and record appeals: any staff role covering the agency (the disclosure office and
admins oversee the ledger and may record too). Views start with a getter here (others get 404);
the actions check their actor with :func:`can_record`."""

from django.http import Http404

from gongkai.accounts.models import Agency
from gongkai.accounts.permissions import STAFF_ROLES, has_role, staff_agencies

from .models import Appeal


def can_record(user, agency: Agency) -> bool:
    return has_role(user, agency, STAFF_ROLES)


def recording_agencies(user):
    return staff_agencies(user, STAFF_ROLES)


def visible_appeals(user):
    return Appeal.objects.filter(agency__in=recording_agencies(user)).select_related("agency")


def get_appeal_for_staff(user, pk: int) -> Appeal:
    appeal = visible_appeals(user).filter(pk=pk).first()
    if appeal is None:
        raise Http404("没有找到该案件。")
    return appeal
