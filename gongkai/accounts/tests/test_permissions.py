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


def test_a_province_office_covers_every_level_without_listing_the_agencies(world):
    """Province → 3 cities → 4 counties each → 5 departments each: 76 agencies below the
    province. The office's scope is a condition on the tree, so a work list's query carries a
    handful of parameters, not one per agency (2,000 in a province made every query slow)."""
    from gongkai.accounts.models import Agency, User

    province = Agency.objects.create(code="prov", name="某省人民政府", kind="government")
    expected = {"prov"}
    for c in range(3):
        city = Agency.objects.create(code=f"c{c}", name=f"第{c}市人民政府", kind="government", parent=province)
        expected.add(city.code)
        for k in range(4):
            county = Agency.objects.create(code=f"c{c}k{k}", name=f"第{c}市第{k}县人民政府", kind="government",
                                           parent=city)
            expected.add(county.code)
            for d in range(5):
                expected.add(Agency.objects.create(code=f"c{c}k{k}d{d}", name=f"第{c}市第{k}县第{d}局",
                                                   parent=county).code)
    office = User.objects.create(username="prov-office")
    Membership.objects.create(user=office, agency=province, role=Role.DISCLOSURE_OFFICE)
    Membership.objects.create(user=office, agency=world.agency, role=Role.OFFICER)  # and one agency of its own
    scope = staff_agencies(office)
    assert set(codes(scope)) == expected | {"dept-x"} and len(expected) == 1 + 3 + 12 + 60
    sql, params = scope.query.sql_with_params()
    assert len(params) < 15, (len(params), sql)
    assert codes(staff_agencies(office, roles=[Role.OFFICER])) == ["dept-x"]
