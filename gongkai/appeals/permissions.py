from django.http import Http404

from gongkai.accounts.models import Role
from gongkai.accounts.permissions import staff_agencies

from .models import Appeal

#: who may record and conclude cases (the disclosure office and admins oversee; they may too)
EDITORS = (Role.OFFICER, Role.HEAD, Role.DISCLOSURE_OFFICE, Role.ADMIN)


def visible_appeals(user):
    return Appeal.objects.filter(agency__in=staff_agencies(user)).select_related("agency")


def get_appeal_for_staff(user, pk: int) -> Appeal:
    appeal = visible_appeals(user).filter(pk=pk).first()
    if appeal is None:
        raise Http404("没有找到该案件。")
    return appeal
