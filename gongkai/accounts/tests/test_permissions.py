import pytest
from django.http import Http404

from gongkai.accounts.models import Membership, Role
from gongkai.accounts.permissions import get_staff_agency, has_role, is_admin, staff_agencies


def codes(qs):
    return sorted(qs.values_list("code", flat=True))


def test_it_gives_an_officer_only_their_agency(world):
    assert codes(staff_agencies(world.officer)) == ["dept-x"]


def test_it_gives_the_disclosure_office_every_agency_under_its_government(world):
    assert codes(staff_agencies(world.office)) == ["dept-x", "dept-y", "gov"]


def test_it_gives_an_admin_everything(world):
    assert is_admin(world.admin)
    assert codes(staff_agencies(world.admin)) == ["dept-x", "dept-y", "dept-z", "gov", "gov2"]


def test_it_gives_an_outsider_nothing(world):
    assert codes(staff_agencies(world.outsider)) == []
    with pytest.raises(Http404):
        get_staff_agency(world.outsider, "dept-x")


def test_it_separates_roles(world):
    assert has_role(world.head, world.agency, [Role.HEAD])
    assert not has_role(world.officer, world.agency, [Role.HEAD])
    with pytest.raises(Http404):
        get_staff_agency(world.officer, "dept-y")


def test_it_ignores_an_inactive_membership(world):
    Membership.objects.filter(user=world.officer).update(is_active=False)
    assert codes(staff_agencies(world.officer)) == []
