import pytest

from gongkai.accounts.demo import credit_code, org_code_with_check
from gongkai.accounts.models import Agency, Membership, Role, User


def test_it_computes_the_organisation_code_check_character():
    # GB 11714 worked by hand for "D2143569": weights 3,7,9,10,5,8,4,2 over D=13,2,1,4,3,5,6,9
    # 39+14+9+40+15+40+24+18 = 199; 199 mod 11 = 1; 11−1 = 10 → "X"
    assert org_code_with_check("D2143569") == "D2143569X"


def test_it_makes_valid_credit_codes():
    from stdnum.cn import uscc

    assert uscc.is_valid(credit_code(org_code_with_check("01520112")))


@pytest.mark.django_db
def test_it_loads_the_demo_twice_without_duplicates():
    from gongkai.accounts import demo

    demo.load()
    counts = (Agency.objects.count(), User.objects.count(), Membership.objects.count())
    demo.load()
    assert (Agency.objects.count(), User.objects.count(), Membership.objects.count()) == counts
    zrj = Agency.objects.get(code="huzhu-zrj")
    assert zrj.name == "互助县自然资源局" and zrj.parent.name == "互助县人民政府"
    assert Agency.objects.filter(parent=zrj.parent).count() == 3
    roles = set(Membership.objects.values_list("role", flat=True))
    assert roles == {Role.OFFICER, Role.HEAD, Role.DISCLOSURE_OFFICE}
    assert User.objects.get(username="admin").is_superuser
